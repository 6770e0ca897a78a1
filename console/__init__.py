"""The centre's staff console: hand-off requests, dashboard, not-understood messages."""
