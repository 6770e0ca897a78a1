"""Pure-Python helpers shared by the Rasa server (bot/) and the action server (actions/)."""
