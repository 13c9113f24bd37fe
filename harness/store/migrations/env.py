"""Alembic environment: Parcours runs migrations itself, on the connection it passes in."""

from alembic import context

from harness.store.tables import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
