"""Files read and written safely: regular files only, read within a bound, written whole or not at all.

Every file Parcours reads from outside (scenarios, shared steps, CSVs, run records) may be a
symlink to `/dev/zero` or a FIFO that never ends: only regular files are read, and never more
than the caller's limit, whatever the file says of its size. Every file it writes (reports,
exports, PDFs, templates, schemas, baselines) goes to a temporary file beside its final name
and is renamed over it once complete, so a killed command leaves the previous good file or the
new one, never an empty or truncated one.
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from harness.errors import InputError, Location


def read_regular(path: Path, limit: int, limit_text: str, hint: str | None = None) -> bytes:
    """The bytes of `path` if it is a regular file (symlinks followed) of at most `limit` bytes;
    an InputError naming it otherwise. A device, FIFO or socket is refused before it is opened."""
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise InputError("file_not_found", {"path": str(path)}, Location(path=path)) from None
    except OSError as exc:
        raise InputError("file_unreadable", {"path": str(path), "detail": exc.strerror or str(exc)},
                         Location(path=path)) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("file_not_found", {"path": str(path)}, Location(path=path))
    if not stat.S_ISREG(info.st_mode):
        raise InputError("not_regular_file", {"path": str(path)}, Location(path=path), "regular_file")
    if info.st_size > limit:
        raise InputError("file_too_large", {"limit": limit_text}, Location(path=path), hint)
    try:
        # O_NONBLOCK: a file swapped for a FIFO between the look and the open does not hang the read
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                raise InputError("not_regular_file", {"path": str(path)}, Location(path=path), "regular_file")
            data = f.read(limit + 1)
    except OSError as exc:
        raise InputError("file_unreadable", {"path": str(path), "detail": exc.strerror or str(exc)},
                         Location(path=path)) from None
    if len(data) > limit:  # it grew since it was looked at
        raise InputError("file_too_large", {"limit": limit_text}, Location(path=path), hint)
    return data


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside `path` to write to; renamed over `path` when the block ends
    without an exception, removed otherwise."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(descriptor)
    temporary = Path(name)
    try:
        yield temporary
        with open(temporary, "rb+") as f:  # on disk before the rename makes it the file
            os.fsync(f.fileno())
        os.chmod(temporary, 0o644 & ~UMASK)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def clean_leftovers(folder: Path, older_than_s: float = 600) -> None:
    """Remove the temporary files a killed writer left in `folder` (not those of a write under way)."""
    cutoff = time.time() - older_than_s
    for leftover in folder.glob(".*.tmp"):
        try:
            if leftover.is_file() and leftover.stat().st_mtime < cutoff:
                leftover.unlink()
        except OSError:
            pass


def write_atomic(path: Path, data: bytes | str, encoding: str = "utf-8") -> None:
    """Write `data` to `path` whole or not at all."""
    with atomic_path(path) as temporary:
        if isinstance(data, str):
            temporary.write_text(data, encoding=encoding, newline="")
        else:
            temporary.write_bytes(data)


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


UMASK = _read_umask()  # read once, at import: os.umask can only be read by setting it
