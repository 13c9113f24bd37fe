"""How many sign-ins may fail, per login and per address, before the app pauses them.

An attempt is reserved before its password is checked (argon2 takes a fifth of a second), so that
twenty tries sent at once for one login are twenty attempts, not one each. Failures are counted per
login, whatever the address (an attacker rotating addresses, or headers claiming to be other
addresses), and per address, whatever the login. The memory is bounded: at most MAX_KEYS logins and
addresses are remembered, the stalest forgotten first.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass, field

WINDOW_S = 300.0
PER_LOGIN = 5  # failed sign-ins for one login, from anywhere, in the window
PER_ADDRESS = 20  # failed sign-ins from one address, for any logins, in the window
MAX_KEYS = 10_000


@dataclass
class SignInLimits:
    window_s: float = WINDOW_S
    per_login: int = PER_LOGIN
    per_address: int = PER_ADDRESS
    _counts: OrderedDict[str, deque[float]] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def reserve(self, address: str, login: str) -> bool:
        """Count this attempt as a failure now, unless a limit is reached (then False: refuse it unchecked)."""
        now = time.monotonic()
        keys = ((f"login:{login}", self.per_login), (f"addr:{address}", self.per_address))
        with self._lock:
            if any(len(self._recent(key, now)) >= limit for key, limit in keys):
                return False
            for key, _ in keys:
                self._recent(key, now).append(now)
            return True

    def succeeded(self, address: str, login: str) -> None:
        """The password was right: the reserved attempt was no failure."""
        with self._lock:
            for key in (f"login:{login}", f"addr:{address}"):
                attempts = self._counts.get(key)
                if attempts:
                    attempts.pop()

    def _recent(self, key: str, now: float) -> deque[float]:
        attempts = self._counts.get(key)
        if attempts is None:
            attempts = self._counts[key] = deque()
            while len(self._counts) > MAX_KEYS:
                self._counts.popitem(last=False)
        self._counts.move_to_end(key)
        while attempts and attempts[0] < now - self.window_s:
            attempts.popleft()
        return attempts
