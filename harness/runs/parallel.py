"""Parallel replays: worker processes, each with its own Chromium and gate, sharing a campaign's pairs.

Each worker takes the next scenario × profile pair from a queue, replays it and writes its run
folder itself, as `parcours run` does; the main process only shows progress and gathers results.
A worker that dies (Chromium out of memory, a crash) fails the run it held, and another worker is
started for the pairs still waiting. Ctrl-C or SIGTERM reaches every worker: each abandons the run
in progress (its temporary folder removed), closes its browser, and the campaign stops with what
was finished kept."""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from queue import Empty
from typing import Any

from harness.errors import ReplayError
from harness.replay.campaign import BrowserSession, Pair, RunSkipped, Settings, run_campaign
from harness.replay.events import (
    Event,
    RunFinished,
    RunStarted,
    ScreenCaptured,
    StepFinished,
    StepStarted,
)
from harness.replay.profiles import get_profile
from harness.runs.record import RunRecord
from harness.runs.writer import RunWriter, clean_stale
from harness.scenario.loader import load_scenario

STOP_GRACE_S = 30.0  # how long a worker has to clean up after Ctrl-C before it is killed


@dataclass(frozen=True)
class Job:
    index: int
    path: str  # the scenario file: each worker loads it itself
    scenario_id: str
    profile: str


def interrupt(signum: int, frame: object) -> None:
    """A SIGTERM handler: stop as Ctrl-C does, cleaning up on the way out."""
    raise KeyboardInterrupt


def _worker(number: int, jobs: Any, events: Any, settings: Settings, runs_dir: str) -> None:
    """Replay jobs until the queue says stop; every event goes back to the main process."""
    signal.signal(signal.SIGTERM, interrupt)  # stopped like Ctrl-C: clean up, then leave
    session = BrowserSession(settings.headed)
    writer = RunWriter(Path(runs_dir), settings.campaign)
    forward = _Forward(number, events)
    try:
        while (job := jobs.get()) is not None:
            events.put(("take", number, job.index))
            forward.key = (job.scenario_id, job.profile)
            loaded = load_scenario(Path(job.path))
            written = len(writer.written)
            run_campaign([], [], settings, [writer, forward], session, pairs=[(loaded, get_profile(job.profile))])
            events.put(("done", number, job.index, [str(f) for f in writer.written[written:]]))
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the cleaning short
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        writer.abandon()
    finally:
        session.close()
        own, below = (resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
        events.put(("exit", number, own, below))  # peak memory (KiB): the worker, its largest child (driver, Chromium)


class _Forward:
    """Sends a worker's events to the main process, without the screenshots (written by the worker)."""

    def __init__(self, number: int, events: Any) -> None:
        self.number, self.events = number, events
        self.key: tuple[str, str] = ("", "")

    def handle(self, event: Event | RunSkipped) -> None:
        if isinstance(event, ScreenCaptured):
            return
        if isinstance(event, RunSkipped):  # errors travel as their code and parameters
            error = event.error
            self.events.put(("skipped", self.number, event.scenario_id, event.profile, error.code, error.params, error.hint))
            return
        self.events.put(("event", self.number, self.key, event))


def run_parallel(
    pairs: Sequence[Pair], settings: Settings, runs_dir: Path, workers: int, handlers: Iterable[Any] = (),
    memory: dict[int, tuple[int, int]] | None = None,
) -> tuple[list[RunRecord], list[Path]]:
    """Replay `pairs` in `workers` processes; the records of finished runs and their folders, in pair order.
    `memory`, when given, receives each worker's peak memory in KiB: its own, and its largest child's."""
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: no Playwright state inherited
    jobs, events = context.Queue(), context.Queue()
    queued = [Job(i, str(loaded.path), loaded.scenario.id, profile.name) for i, (loaded, profile) in enumerate(pairs)]
    handlers = list(handlers)
    count = max(1, min(workers, len(queued)))
    processes: dict[int, Any] = {}
    # Jobs go into the queue a few at a time, as workers take them: a campaign of a thousand runs never
    # sits in the queue's pipe, whose feeder thread would then keep an interrupted process from exiting.
    waiting = deque(queued)
    ahead = 0  # jobs in the queue, not yet taken
    stops = 0  # stop marks sent, one per worker started, once no job is left

    def feed() -> None:
        nonlocal ahead, stops
        while waiting and ahead < count + 1:
            jobs.put(waiting.popleft())
            ahead += 1
        while not waiting and stops < len(processes):
            jobs.put(None)
            stops += 1

    def start(number: int) -> None:
        process = context.Process(target=_worker, args=(number, jobs, events, settings, str(runs_dir)), daemon=False)
        process.start()
        processes[number] = process
        feed()

    for number in range(1, count + 1):
        start(number)
    holding: dict[int, int] = {}  # worker -> index of the job it replays
    finished: set[int] = set()
    records: dict[int, RunRecord] = {}
    folders: dict[int, list[Path]] = {}
    try:
        while len(finished) < len(processes):
            try:
                message = events.get(timeout=0.5)
            except Empty:
                for number, process in list(processes.items()):
                    if number not in finished and not process.is_alive():
                        _crashed(number, process, holding, queued, handlers, finished)
                        if len(processes) < count + len(queued):  # another takes its place for the pairs left
                            start(max(processes) + 1)
                continue
            kind, number = message[0], message[1]
            if kind == "take":
                holding[number] = message[2]
                ahead -= 1
                feed()
            elif kind == "done":
                holding.pop(number, None)
                folders[message[2]] = [Path(f) for f in message[3]]
            elif kind == "exit":
                finished.add(number)
                if memory is not None:
                    memory[number] = (message[2], message[3])
            elif kind == "skipped":
                _, _, scenario_id, profile, code, params, hint = message
                error = ReplayError(code, params, hint=hint)
                _dispatch(handlers, (scenario_id, profile), number, RunSkipped(scenario_id, profile, error))
            else:
                _, _, key, event = message
                if isinstance(event, RunFinished) and number in holding:
                    records[holding[number]] = event.record
                _dispatch(handlers, key, number, event)
    except KeyboardInterrupt:
        for queue in (jobs, events):
            queue.cancel_join_thread()  # what is left in them is dropped: exiting never waits on it
        _stop(processes)
        raise
    finally:
        for process in processes.values():
            process.join(timeout=STOP_GRACE_S)
        clean_stale(runs_dir, settings.campaign)  # what a dead worker's run left half-written
    ordered = sorted(records)
    return [records[i] for i in ordered], [f for i in sorted(folders) for f in folders[i]]


def _crashed(number: int, process: Any, holding: dict[int, int], queued: list[Job], handlers: list[Any],
             finished: set[int]) -> None:
    """A worker gone without saying so: the run it held fails, the campaign goes on."""
    finished.add(number)
    index = holding.pop(number, None)
    if index is not None:
        job = queued[index]
        error = ReplayError("worker_crashed", {"code": str(process.exitcode)})
        _dispatch(handlers, (job.scenario_id, job.profile), number, RunSkipped(job.scenario_id, job.profile, error))


def _stop(processes: dict[int, Any]) -> None:
    """Ctrl-C reached the main process: make sure every worker hears it, give them time to clean up. The
    workers are told with SIGTERM, whose handler they install themselves: a process started in the
    background of a script inherits SIGINT ignored, and a worker would not hear Ctrl-C's own signal."""
    for process in processes.values():
        if process.is_alive() and process.pid:
            try:
                os.kill(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    for process in processes.values():
        process.join(timeout=STOP_GRACE_S)
        if process.is_alive():
            process.kill()


def _dispatch(handlers: list[Any], key: tuple[str, str], worker: int, event: Event | RunSkipped) -> None:
    for handler in handlers:
        if hasattr(handler, "handle_run"):
            handler.handle_run(key, worker, event)
        elif not isinstance(event, (StepStarted, StepFinished, RunStarted)):
            handler.handle(event)
