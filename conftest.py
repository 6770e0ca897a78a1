"""Root pytest configuration: loads the plugin that keeps tests from vanishing."""

pytest_plugins = ["tests.support.no_vanishing"]
