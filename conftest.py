"""Makes `pytest scenarios/` replay each scenario file as a test item."""

pytest_plugins = ["harness.pytest_plugin"]
