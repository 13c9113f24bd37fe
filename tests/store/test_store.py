"""The store on SQLite and PostgreSQL: migrated schema, transactions, pseudonymous by design."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select

from harness.store.db import HEAD, Store, database_url, open_store
from harness.store import tables
from harness.store.tables import Base, Campaign


def test_migrations_build_exactly_the_models_schema(store: Store) -> None:
    from importlib import resources

    from alembic.script import ScriptDirectory

    # HEAD, which lets a migrated store open without Alembic, is the newest migration
    assert HEAD == ScriptDirectory(str(resources.files("harness.store") / "migrations")).get_current_head()
    assert store.revision() == HEAD
    with store.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_opening_again_keeps_recorded_data(store: Store) -> None:
    with store.transaction() as db:
        db.add(Campaign(code="essai", title="Essai"))
    again = open_store(store.url)
    with again.reading() as db:
        assert [c.code for c in db.scalars(select(Campaign))] == ["essai"]
    again.close()


def test_a_failing_write_leaves_nothing_behind(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction() as db:
        db.add(Campaign(code="a", title="A"))
        db.flush()
        raise RuntimeError("interrupted")
    with store.reading() as db:
        assert db.scalars(select(Campaign)).all() == []


def test_no_column_can_hold_a_name_or_contact_data(store: Store) -> None:
    forbidden = {"name", "first_name", "last_name", "email", "phone", "address", "birth_date"}
    with store.engine.connect() as connection:
        inspector = inspect(connection)
        columns = {c["name"] for table in inspector.get_table_names() for c in inspector.get_columns(table)}
    assert not columns & forbidden
    assert {c.name for c in tables.Tester.__table__.columns} == {
        "id", "code", "segment", "age_band", "territory", "digital_comfort", "assistive_tech", "device", "consent_on", "created_at",
    }


def test_database_url_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # noqa: ANN001
    monkeypatch.delenv("PARCOURS_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    assert database_url() == "sqlite:///runs/parcours.db"
    assert database_url("x/panel.db") == "sqlite:///x/panel.db"
    monkeypatch.setenv("PARCOURS_DATABASE_URL", "postgresql+psycopg://h/db")
    assert database_url() == "postgresql+psycopg://h/db"
