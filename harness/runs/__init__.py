"""Run records: what a replay leaves behind, written atomically and never overwritten."""
