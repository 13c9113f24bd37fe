"""Open the store at its URL, bring its schema up to date, and hand out transactions."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from importlib import resources
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from harness.errors import ParcoursError

ENV_VAR = "PARCOURS_DATABASE_URL"
DEFAULT_PATH = Path("runs") / "parcours.db"
# The newest migration (migrations/versions/): a store already there opens without loading Alembic, a
# fifth of a second of every panel command. tests/store/test_store.py holds it to Alembic's own head.
HEAD = "0008"
BUSY_TIMEOUT_S = 30  # how long a writer waits for another one to finish (SQLite)


def database_url(given: str | None = None) -> str:
    """A URL from the option, else $PARCOURS_DATABASE_URL, else runs/parcours.db.
    A plain path means an SQLite file."""
    value = given or os.environ.get(ENV_VAR) or str(DEFAULT_PATH)
    if "://" in value:
        return value
    path = Path(value)
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


class Store:
    """The database behind the panel. Writes go through `transaction()`: all or nothing."""

    def __init__(self, url: str) -> None:
        self.url = url
        sqlite = url.startswith("sqlite")
        self.engine: Engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S} if sqlite else {})
        # SQLite takes one writer at a time: this process's writers queue here instead of busy-waiting
        # on the file lock (other processes still wait their turn through the busy timeout).
        self._writers = threading.Lock() if sqlite else nullcontext()
        if sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
            # Transactions take the write lock when they begin, so that a second
            # writer waits its turn (busy timeout) instead of failing half-way.
            event.listen(self.engine, "begin", lambda connection: connection.exec_driver_sql("BEGIN IMMEDIATE"))

    def upgrade(self, revision: str = "head") -> None:
        """Apply every migration not yet applied; recorded data is kept."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(resources.files("harness.store") / "migrations"))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)

    def revision(self) -> str | None:
        with self.engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """All or nothing; a store busy past the timeout, or changed under our feet, is a clear error."""
        try:
            with self._writers, Session(self.engine, expire_on_commit=False) as session, session.begin():
                yield session
        except OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise ParcoursError("store_busy", {}, hint="store_retry") from None
            raise
        except IntegrityError:
            raise ParcoursError("store_conflict", {}, hint="store_retry") from None

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with Session(self.engine) as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str | None = None) -> Store:
    store = Store(database_url(url))
    if store.revision() != HEAD:
        store.upgrade()
    return store


def _sqlite_pragmas(connection, _record) -> None:  # noqa: ANN001
    connection.isolation_level = None  # transactions are begun by the "begin" listener
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")  # SQLite leaves them off by default
    # Write-ahead log: readers never wait for a writer (the app reads an account and a session on every
    # save). Each commit is still synced to disk (synchronous FULL): a killed server or a power cut
    # loses no saved screen.
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()
