"""The panel store: testers, sessions and scores in SQLite or PostgreSQL, schema managed by Alembic."""
