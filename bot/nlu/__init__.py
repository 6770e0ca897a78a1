"""Custom Rasa 3 graph components for Vietnamese."""
