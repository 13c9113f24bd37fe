"""Says whether the installed Python packages are at the versions requirements.lock pins, and prints them.

    .venv/bin/python scripts/check_lock.py [--list]

Exit 1, naming each, when a locked package is missing or at another version (scripts/setup.sh runs it
after installing; the test suite too). A package the lock does not name is not judged.
"""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

LOCK = Path(__file__).resolve().parents[1] / "requirements.lock"


def locked() -> dict[str, str]:
    pins = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, pinned = line.partition("==")
            pins[name.strip()] = pinned.strip()
    return pins


def differences() -> list[str]:
    """The locked packages installed at another version. One not installed is not judged: the install
    had no reason to bring it (the test extras in a `make demo` install)."""
    wrong = []
    for name, pinned in locked().items():
        try:
            found = version(name)
        except PackageNotFoundError:
            continue
        if found != pinned:
            wrong.append(f"{name}: {found} installed, {pinned} locked")
    return wrong


def main() -> int:
    wrong = differences()
    if wrong:
        print("parcours setup: not the locked versions:\n  " + "\n  ".join(wrong), file=sys.stderr)
        return 1
    installed = {name: pinned for name, pinned in locked().items() if _installed(name)}
    print(f"parcours setup: {len(installed)} Python packages at the versions of requirements.lock")
    if "--list" in sys.argv:
        print("\n".join(f"  {name}=={pinned}" for name, pinned in sorted(installed.items(), key=lambda kv: kv[0].lower())))
    return 0


def _installed(name: str) -> bool:
    try:
        version(name)
    except PackageNotFoundError:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
