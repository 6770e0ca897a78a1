"""Runtime parts of the Rasa server: custom NLU components and the web channel."""
