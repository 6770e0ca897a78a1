"""Custom actions of Trợ lý Dịch vụ công (rasa_sdk), one module per capability.

Importing the package checks the settings (actions/settings.py): the action server
imports it at start-up, so a bad variable stops it with a message naming the variable.
"""

from actions.settings import SettingsError, load_settings

try:
    load_settings()
except SettingsError as exc:
    raise SystemExit(f"error: {exc}") from None
