"""axe-core in every frame of a page: violations and "needs review" kept apart."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Error, Page

from harness.runs.record import AxeNode, AxeResult

# axe talks to the copies in child frames by postMessage; they must accept it
# from any origin, as a procedure may embed a frame from another allowed host.
_INJECT = (
    "(() => { if (!window.axe) {\n" + AXE_SCRIPT + "\n}\n"
    "window.axe.configure({ allowedOrigins: ['<unsafe_all_origins>'] });\n"
    "return window.axe.version; })()"
)
_RUN = """async (options) => {
  const r = await window.axe.run(document, options);
  const keep = (list) => list.map((rule) => ({
    id: rule.id, impact: rule.impact, help: rule.help, description: rule.description,
    help_url: rule.helpUrl, tags: rule.tags,
    nodes: rule.nodes.map((n) => ({ target: n.target, html: n.html, failure_summary: n.failureSummary })),
  }));
  return { violations: keep(r.violations), incomplete: keep(r.incomplete) };
}"""
_OPTIONS = {"resultTypes": ["violations", "incomplete"], "iframes": True}
_WCAG_TAG = re.compile(r"^wcag(\d)(\d)(\d+)$")
_RGAA_TAG = re.compile(r"^RGAA-(\d+\.\d+\.\d+)$")


@dataclass(frozen=True)
class Audit:
    violations: list[AxeResult]
    needs_review: list[AxeResult]
    axe_version: str


def audit(page: Page) -> Audit:
    """Inject axe-core into every frame, then run it from the top document."""
    version = ""
    for frame in page.frames:
        try:
            injected = frame.evaluate(_INJECT)
        except Error:  # a frame that went away meanwhile has nothing left to audit
            continue
        if frame is page.main_frame:
            version = injected
    raw = page.evaluate(_RUN, _OPTIONS)
    return Audit(
        violations=[_result(r) for r in raw["violations"]],
        needs_review=[_result(r) for r in raw["incomplete"]],
        axe_version=version,
    )


def _result(raw: dict[str, Any]) -> AxeResult:
    tags = raw["tags"]
    wcag = [".".join(m.groups()) for t in tags if (m := _WCAG_TAG.match(t))]
    rgaa = [m.group(1) for t in tags if (m := _RGAA_TAG.match(t))]
    nodes = [
        AxeNode(target=[_selector(t) for t in n["target"]], html=n["html"], failure_summary=n["failure_summary"])
        for n in raw["nodes"]
    ]
    return AxeResult(
        id=raw["id"], impact=raw["impact"], help=raw["help"], description=raw["description"],
        help_url=raw["help_url"], tags=tags, wcag=wcag, rgaa=rgaa, nodes=nodes,
    )


def _selector(target: Any) -> str:
    # shadow DOM targets come as nested lists of selectors
    return " >>> ".join(map(str, target)) if isinstance(target, list) else str(target)
