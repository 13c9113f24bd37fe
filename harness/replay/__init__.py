"""Replaying scenarios in a real Chromium through Playwright."""
