"""A page gets 1 GiB of memory at most: its renderer is watched while a run goes on, and stopped past it.

V8's heap limit (`--max-old-space-size`) does not hold array buffers, which live outside the heap:
six 512 MiB `Uint8Array`s took 3 GiB. So the real memory of every renderer process this process
started (through Playwright's driver and Chromium) is read from /proc a few times a second, and a
renderer whose private memory passes the limit is killed: its tab crashes, and the run ends at its
step saying why. Linux only (where /proc exists); elsewhere the heap limit alone applies.
"""

from __future__ import annotations

import os
import re
import signal
import threading
from dataclasses import dataclass, field
from pathlib import Path

LIMIT_MIB = 1024
POLL_S = 0.2
PROC = Path("/proc")
_RSS_ANON = re.compile(rb"RssAnon:\s+(\d+) kB")


@dataclass
class MemoryWatch:
    """Started when a run begins, stopped when it ends; `killed` says whether it stopped a renderer."""

    limit_mib: int = LIMIT_MIB
    killed: bool = False
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> MemoryWatch:
        if PROC.joinpath("self", "status").exists():
            self._thread = threading.Thread(target=self._watch, name="parcours-memory", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _watch(self) -> None:
        root = os.getpid()
        while not self._stop.wait(POLL_S):
            for pid in renderers(root):
                if private_mib(pid) > self.limit_mib:
                    try:
                        os.kill(pid, signal.SIGKILL)
                        self.killed = True
                    except OSError:
                        pass  # gone already


def renderers(root: int) -> list[int]:
    """Chromium renderer processes below `root` (children, grandchildren…)."""
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_bytes()
        except OSError:
            continue
        # "pid (name) state ppid …": the name may hold spaces and parentheses, so read after the last ")"
        ppid = int(stat[stat.rfind(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], list(children.get(root, []))
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            if b"--type=renderer" in (PROC / str(pid) / "cmdline").read_bytes():
                found.append(pid)
        except OSError:
            continue
    return found


def private_mib(pid: int) -> int:
    """The process's anonymous resident memory (what a page's buffers and heap take), in MiB; 0 if gone."""
    try:
        match = _RSS_ANON.search((PROC / str(pid) / "status").read_bytes())
    except OSError:
        return 0
    return int(match.group(1)) // 1024 if match else 0
