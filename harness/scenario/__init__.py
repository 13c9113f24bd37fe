"""Scenarios: one version of one procedure, walked screen by screen."""
