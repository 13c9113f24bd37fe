"""The technical committee: its decisions on recommendations."""
