"""Small hand-built run records and panels for analysis tests."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from harness.analysis.panel_data import PanelData
from harness.runs.reader import StoredRun
from harness.runs.record import (
    ActionRecord,
    AxeNode,
    AxeResult,
    Effort,
    ElementFacts,
    FormField,
    Outcome,
    RunRecord,
    ScenarioRef,
    StepRecord,
    StepStatus,
    Versions,
)
from harness.scenario.models import LocatorKind

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def field(label: str, name: str, required: bool = True, marked: bool = True, described: bool = False, invalid: bool = False) -> FormField:
    return FormField(tag="input", type="text", name=name, accessible_name=label, has_label=True, required=required,
                     required_marked=required and marked, autocomplete=None, invalid=invalid, described=described)


def violation(rule: str, impact: str, rgaa: list[str], targets: list[str], elements: list[ElementFacts] | None = None) -> AxeResult:
    facts = elements or [None] * len(targets)
    return AxeResult(id=rule, impact=impact, help=f"help for {rule}", description="", help_url="", tags=[f"RGAA-{r}" for r in rgaa],
                     wcag=[], rgaa=rgaa, nodes=[AxeNode(target=[t], html=f"<x {t}>", element=e) for t, e in zip(targets, facts)])


def element(role: str | None, name: str | None = None, place: str = "main > p", field: str | None = None) -> ElementFacts:
    """An element as describe.js reports it; `place` is "landmark › heading › path", parts optional."""
    *around, path = place.split(" › ")
    landmark, heading = (around + [None, None])[:2] if len(around) != 1 else (around[0], None)
    return ElementFacts(role=role, name=name, landmark=landmark, heading=heading, path=path, field=field, box=[10, 10, 100, 20])


def step(index: int, name: str, text: str, fields: list[FormField] = (), violations: list[AxeResult] = (),  # type: ignore[assignment]
         headings: list[str] = (), actions: list[ActionRecord] = (), scroll: bool = False, summary_links: int = 0,  # type: ignore[assignment]
         lang: str | None = "fr", inventory: list[ElementFacts] = ()) -> StepRecord:  # type: ignore[assignment]
    return StepRecord(
        index=index, name=name, slug=name.lower(), status=StepStatus.PASSED, url=f"http://h/{index}", title=name,
        screenshot=f"screens/{index + 1:02d}.png", duration_s=1.0,
        effort=Effort(actions=len(actions), fields=len(fields), required_fields=sum(f.required for f in fields), words=len(text.split())),
        viewport_width=320 if scroll else 1280, page_width=980 if scroll else 1280, horizontal_scroll=scroll,
        headings=list(headings) or [name], fields=list(fields), error_summary_links=summary_links, text=text,
        violations=list(violations), actions=list(actions), lang=lang,
        inventory=list(inventory) or [e for v in violations for n in v.nodes if (e := n.element)],
    )


def run(tmp_path: Path, version: str, steps: list[StepRecord], profile: str = "desktop",
        waivers: dict[str, str] | None = None, replaces: dict[str, list[str]] | None = None,
        outcome: Outcome = Outcome.PASSED) -> StoredRun:
    record = RunRecord(
        campaign="essai",
        scenario=ScenarioRef(id=f"proc-{version}", title="Procédure", procedure="proc", version=version, owner=None, path="x",
                             sha256="0", waivers=waivers or {}, replaces=replaces or {}),
        profile=profile, base_url=None, allowed_hosts=["h"], irreversible_allowed=True, started_at=NOW, finished_at=NOW,
        outcome=outcome, versions=Versions(parcours="0", python="3", playwright="1", browser="1", axe_core="4"), steps=steps,
    )
    folder = tmp_path / f"{version}-{profile}"
    (folder / "screens").mkdir(parents=True, exist_ok=True)
    for s in steps:
        if s.screenshot:
            (folder / s.screenshot).write_bytes(b"\x89PNG")
    return StoredRun(record, folder)


def css_action(target: str) -> ActionRecord:
    return ActionRecord(kind="fill", target=f'css "{target}"', locator_kind=LocatorKind.CSS, duration_s=0.1)


def panel(version: str, rows: list[tuple[str, str, str, str, int | None]], sus: dict[str, list[int]] | None = None,
          observations: list[tuple[str, str, str, str]] = ()) -> PanelData:  # type: ignore[assignment]
    """rows: (tester, segment, step, outcome, seq); one session per tester."""
    testers = sorted({r[0] for r in rows})
    sessions = pd.DataFrame([
        {"session_id": i + 1, "session": f"S-{i + 1}", "campaign": "essai", "tester": t,
         "segment": next(r[1] for r in rows if r[0] == t), "age_band": "75+", "territory": "rural", "digital_comfort": 3,
         "assistive_tech": "none", "facilitator": "MED-1", "procedure": "proc", "version": version, "date": "2026-11-23",
         "device": "computer", "satisfaction": 5, "clarity": None, "contact": None, "help_quality": None}
        for i, t in enumerate(testers)
    ])
    ids = dict(zip(testers, sessions["session_id"]))
    steps = pd.DataFrame([
        {"session_id": ids[t], "position": p, "step": s, "outcome": o, "seconds": 30.0, "errors": 0, "help_requests": int(o == "assisted"), "seq": q}
        for p, (t, _, s, o, q) in enumerate(rows)
    ]).merge(sessions, on="session_id")
    sus_rows = pd.DataFrame([{"session_id": ids[t], "item": i + 1, "value": v} for t, answers in (sus or {}).items() for i, v in enumerate(answers)],
                            columns=["session_id", "item", "value"])
    obs = pd.DataFrame([{"session_id": ids[t], "step": s, "severity": sev, "text": text, "tags": tag} for t, s, sev, text, tag in
                        [(o[0], o[1], "high", o[2], o[3]) for o in observations]], columns=["session_id", "step", "severity", "text", "tags"])
    return PanelData(sessions=sessions, steps=steps, sus=sus_rows, scores=pd.DataFrame(columns=["session_id", "criterion", "value"]), observations=obs)
