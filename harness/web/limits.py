"""How many sign-ins may fail, per login and per address, before the app pauses them.

An attempt is reserved before its password is checked (argon2 takes a fifth of a second), so that
twenty tries sent at once for one login are twenty attempts, not one each. Failures are counted per
login, whatever the address (an attacker rotating addresses, or headers claiming to be other
addresses), and per address, whatever the login.

The counts live in the store, so that the limit holds across the app's processes (`parcours serve
--workers N`) and restarts: a reservation locks the rows of its two keys (PostgreSQL: FOR UPDATE; SQLite
writes one at a time), counts the window's attempts, and adds its own. Keys are hashed (an address is
personal data; a login typed by mistake may be someone's name), and attempts older than the window are
deleted as reservations go, with the keys left without attempts: the tables stay the size of one window.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from harness.store.db import Store
from harness.store.tables import SignInAttempt, SignInKey

WINDOW_S = 300.0
PER_LOGIN = 5  # failed sign-ins for one login, from anywhere, in the window
PER_ADDRESS = 20  # failed sign-ins from one address, for any logins, in the window


@dataclass
class SignInLimits:
    store: Store
    window_s: float = WINDOW_S
    per_login: int = PER_LOGIN
    per_address: int = PER_ADDRESS

    def reserve(self, address: str, login: str) -> tuple[int, ...] | None:
        """Count this attempt as a failure now, unless a limit is reached (then None: refuse it unchecked).
        What `succeeded` takes back if the password is right."""
        keys = {_key("login", login): self.per_login, _key("addr", address): self.per_address}
        now = datetime.now(UTC)
        with self.store.transaction() as db:
            insert = pg_insert if db.bind.dialect.name == "postgresql" else sqlite_insert  # type: ignore[union-attr]
            db.execute(insert(SignInKey).values([{"key": k} for k in sorted(keys)]).on_conflict_do_nothing())
            db.execute(select(SignInKey.key).where(SignInKey.key.in_(keys)).order_by(SignInKey.key).with_for_update())
            db.execute(delete(SignInAttempt).where(SignInAttempt.at < now - timedelta(seconds=self.window_s)))
            counted = db.execute(select(SignInAttempt.key, func.count()).where(SignInAttempt.key.in_(keys))
                                 .group_by(SignInAttempt.key))
            counts = {str(key): int(count) for key, count in counted}
            if any(counts.get(key, 0) >= limit for key, limit in keys.items()):
                return None
            attempts = [SignInAttempt(key=key, at=now) for key in keys]
            db.add_all(attempts)
            db.flush()
            db.execute(delete(SignInKey).where(SignInKey.key.not_in(keys),
                                               SignInKey.key.not_in(select(SignInAttempt.key).distinct())))
            return tuple(a.id for a in attempts)

    def succeeded(self, reserved: tuple[int, ...]) -> None:
        """The password was right (or not checked): the reserved attempt was no failure."""
        with self.store.transaction() as db:
            db.execute(delete(SignInAttempt).where(SignInAttempt.id.in_(reserved)))


def _key(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()
