"""HTTP routes of the console, one module per area."""
