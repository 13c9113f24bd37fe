"""Files read only when regular and within their bound; files written whole or not at all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from harness.errors import InputError
from harness.files import read_regular, write_atomic

WRITER = """
import sys
from pathlib import Path
from harness.files import write_atomic
write_atomic(Path(sys.argv[1]), b"new " * (64 * 1024 * 1024))  # 256 MB: long enough to be killed mid-way
"""


def test_a_write_killed_half_way_leaves_the_previous_file_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "comite.pdf"
    target.write_bytes(b"%PDF-1.7 the previous good report %%EOF")
    process = subprocess.Popen([sys.executable, "-c", WRITER, str(target)])
    deadline = time.monotonic() + 30
    while not [p for p in tmp_path.iterdir() if p.name.startswith(".comite.pdf.") and p.stat().st_size > 1_000_000]:
        assert time.monotonic() < deadline and process.poll() is None, "the writer never started writing"
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert target.read_bytes() == b"%PDF-1.7 the previous good report %%EOF"


def test_a_finished_write_replaces_the_file_with_the_usual_permissions(tmp_path: Path) -> None:
    target = tmp_path / "tables" / "priorites.csv"
    write_atomic(target, "a;b\n1;2\n")
    assert target.read_text() == "a;b\n1;2\n"
    assert target.stat().st_mode & 0o777 == 0o644 & ~_umask()
    assert [p.name for p in target.parent.iterdir()] == ["priorites.csv"]  # no temporary left


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_only_regular_files_within_their_bound_are_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "tube")
    os.symlink("/dev/zero", tmp_path / "zero")
    (tmp_path / "big").write_bytes(b"x" * 2048)
    (tmp_path / "ok").write_bytes(b"fine")
    for name, code in (("tube", "not_regular_file"), ("zero", "not_regular_file"), ("big", "file_too_large"),
                       ("missing", "file_not_found")):
        with pytest.raises(InputError) as caught:
            read_regular(tmp_path / name, 1024, "1 Kio")
        assert caught.value.code == code, name
    assert read_regular(tmp_path / "ok", 1024, "1 Kio") == b"fine"
