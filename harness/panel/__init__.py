"""The tester panel: who tests, and what facilitators record of their sessions."""
