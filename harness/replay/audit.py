"""axe-core in every frame of a page: violations and "needs review" kept apart."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from pathlib import Path

from playwright.sync_api import Error, Page
from playwright.sync_api import TimeoutError as PwTimeout

from harness.replay.reading import read
from harness.runs.record import AxeNode, AxeResult, ElementFacts

# The axe-core that audits: the one harness/axe/package-lock.json pins (scripts/setup.sh installs it with
# npm ci), else the one axe-playwright-python bundles (an install without npm). Every run records which
# version audited it (run.json: versions.axe_core) and reports name it.
PINNED_AXE = Path(__file__).resolve().parents[1] / "axe" / "node_modules" / "axe-core" / "axe.min.js"


def _axe_script() -> str:
    if PINNED_AXE.is_file():
        return PINNED_AXE.read_text(encoding="utf-8")
    from axe_playwright_python.base import AXE_SCRIPT

    return str(AXE_SCRIPT)


AXE_SCRIPT = _axe_script()

# axe talks to the copies in child frames by postMessage; they must accept it
# from any origin, as a procedure may embed a frame from another allowed host.
_CONFIGURE = "window.axe.configure({ allowedOrigins: ['<unsafe_all_origins>'] });\nreturn window.axe.version;"
_INJECT = "() => { if (!window.axe) {\n" + AXE_SCRIPT + "\n}\n" + _CONFIGURE + " }"
# A replay gives every document axe-core before the page's own scripts, as a function not yet
# run (only parsed): an audit calls it, rather than sending its 570 kB through the browser's
# pipe at every screen. Hidden from the page's enumeration of `window`; a page where it is
# missing (a context made elsewhere, a document that refused it) is sent the whole script.
_PRELOADED = "__parcoursAxe"
PRELOAD = (
    f"try {{ Object.defineProperty(window, '{_PRELOADED}', {{ enumerable: false, value: () => {{\n"
    + AXE_SCRIPT + "\n} }); } catch (e) {}"
)
_FROM_PRELOAD = (
    f"() => {{ if (!window.axe && window.{_PRELOADED}) window.{_PRELOADED}();\n"
    "if (!window.axe) return null;\n" + _CONFIGURE + " }"
)
# Run with a deadline on both sides: `read` gives up on a page whose own script
# hangs, the race on an audit that never ends.
# Frames from a host the replay may not reach are never audited: the browser
# shows its own error page in them, which would yield false results.
_RUN = """async (root, [options, ms, hosts]) => {
  const late = new Promise((_, reject) => setTimeout(() => reject(new Error("axe deadline")), ms));
  const blocked = [];
  for (const frame of hosts ? document.querySelectorAll("iframe[src], frame[src]") : []) {
    let host = null;
    try { host = new URL(frame.getAttribute("src"), location.href).hostname; } catch (e) { continue; }
    if (host && !hosts.includes(host.toLowerCase())) {
      frame.setAttribute("data-parcours-not-audited", "");
      blocked.push(new URL(frame.getAttribute("src"), location.href).href);
    }
  }
  const context = blocked.length ? { exclude: [["[data-parcours-not-audited]"]] } : document;
  const r = await Promise.race([window.axe.run(context, options), late]);
  const describe = DESCRIBE;
  const memo = new Map();  // each landmark's headings, looked up once
  const described = (target) => {  // elements of the top document only (a frame's own are out of reach here)
    if (target.length !== 1 || typeof target[0] !== "string") return null;
    try { const el = document.querySelector(target[0]); return el ? describe(el, memo) : null; } catch (e) { return null; }
  };
  // A native slider's target is its thumb, which the browser draws and axe does not measure (it measures
  // the input's box): target-size is not judged on one.
  const slider = (n) => { try { return n.target.length === 1 && !!document.querySelector(n.target[0])?.matches("input[type=range]"); }
                          catch (e) { return false; } };
  const measured = (rule) => rule.id === "target-size" ? { ...rule, nodes: rule.nodes.filter((n) => !slider(n)) } : rule;
  const keep = (list) => list.map(measured).filter((rule) => rule.nodes.length).map((rule) => ({
    id: rule.id, impact: rule.impact, help: rule.help, description: rule.description,
    help_url: rule.helpUrl, tags: rule.tags,
    nodes: rule.nodes.map((n, i) => ({ target: n.target, html: n.html, failure_summary: n.failureSummary,
                                       element: i < 50 ? described(n.target) : null })),
  }));
  // What the screen holds, each element once by identity: a later version's
  // comparison tells a barrier mended (its element still there) from one gone.
  const inventory = new Map();
  const all = document.body ? document.body.getElementsByTagName("*") : [];
  for (let i = -1; i < Math.min(all.length, 4 * LIMIT) && inventory.size < LIMIT; i++) {
    const el = i < 0 ? document.documentElement : all[i];
    const text = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    const root = el === document.documentElement;  // the page itself: its title, its language
    if (!root && (!text && !el.matches(NAMED) || !el.getClientRects().length)) continue;
    const facts = describe(el, memo);
    const id = [facts.role, facts.name, facts.landmark, facts.heading, facts.path].join("\u0000");
    if (!inventory.has(id)) inventory.set(id, facts);
  }
  return { violations: keep(r.violations), incomplete: keep(r.incomplete), not_audited: blocked,
           inventory: Array.from(inventory.values()) };
}"""
# Elements a finding can be about: the named kinds, and any element with text of its own.
_NAMED = ("a[href], button, input:not([type=hidden]), select, textarea, img, svg[role], [role], h1, h2, h3, h4, h5, h6, "
          "header, nav, main, footer, aside, form, section, fieldset, table, iframe, summary")
INVENTORY_LIMIT = 1500  # distinct elements kept per screen (4× as many looked at): a larger page is compared on its first part
_RUN = (_RUN.replace("DESCRIBE", resources.files("harness.replay").joinpath("describe.js").read_text("utf-8").strip())
        .replace("NAMED", json.dumps(_NAMED)).replace("LIMIT", str(INVENTORY_LIMIT)))
# Rules axe ships disabled that map to WCAG A/AA success criteria, switched on
# after checking they raise nothing on the fixed fixtures, the demo's après and the
# design systems' corpus (target-size: WCAG 2.2's 2.5.8). Left off: the experimental
# label-content-name-mismatch, which the corpus showed wrong on GOV.UK's accordion and
# file upload (a comma between the visible words in the name is read as a mismatch).
EXTRA_RULES = ("css-orientation-lock", "target-size")
_OPTIONS = {
    "resultTypes": ["violations", "incomplete"], "iframes": True,
    "rules": {rule: {"enabled": True} for rule in EXTRA_RULES},
}
_DEFAULT_OPTIONS = {"resultTypes": ["violations", "incomplete"], "iframes": True}
_WCAG_TAG = re.compile(r"^wcag(\d)(\d)(\d+)$")
_RGAA_TAG = re.compile(r"^RGAA-(\d+\.\d+\.\d+)$")


@dataclass(frozen=True)
class Audit:
    violations: list[AxeResult]
    needs_review: list[AxeResult]
    axe_version: str
    not_audited: list[str]  # frames of hosts the replay may not reach
    inventory: list[ElementFacts]  # the screen's elements, each once by identity (top document)


def audit(page: Page, timeout_ms: float, hosts: list[str] | None = None, extra_rules: bool = True) -> Audit:
    """Inject axe-core into every frame, then run it from the top document (with EXTRA_RULES unless told not to).
    Raises Playwright's TimeoutError past `timeout_ms`."""
    version = ""
    for frame in page.frames:
        if frame.url.startswith("chrome-error:"):
            continue  # the browser's error page in a frame it could not load
        try:
            injected = read(frame, _FROM_PRELOAD, timeout=timeout_ms)
            if injected is None:
                injected = read(frame, _INJECT, timeout=timeout_ms)
        except PwTimeout:
            if frame is page.main_frame:
                raise
            continue  # a child frame that hangs is left out; the top one is audited
        except Error:  # a frame that went away meanwhile has nothing left to audit
            continue
        if frame is page.main_frame:
            version = injected
    try:
        allowed = [h.strip("[]").lower() for h in hosts] if hosts is not None else None
        raw = read(page, _RUN, [_OPTIONS if extra_rules else _DEFAULT_OPTIONS, timeout_ms, allowed], timeout=timeout_ms)
    except Error as exc:
        if "axe deadline" in str(exc):
            raise PwTimeout(str(exc)) from None
        raise
    return Audit(
        violations=[_result(r) for r in raw["violations"]],
        needs_review=[_result(r) for r in raw["incomplete"]],
        axe_version=version,
        not_audited=raw["not_audited"],
        inventory=[ElementFacts(**facts) for facts in raw["inventory"]],
    )


def _result(raw: dict[str, Any]) -> AxeResult:
    tags = raw["tags"]
    wcag = [".".join(m.groups()) for t in tags if (m := _WCAG_TAG.match(t))]
    rgaa = [m.group(1) for t in tags if (m := _RGAA_TAG.match(t))]
    nodes = [
        AxeNode(target=[_selector(t) for t in n["target"]], html=n["html"], failure_summary=n["failure_summary"],
                element=ElementFacts(**n["element"]) if n.get("element") else None)
        for n in raw["nodes"]
    ]
    return AxeResult(
        id=raw["id"], impact=raw["impact"], help=raw["help"], description=raw["description"],
        help_url=raw["help_url"], tags=tags, wcag=wcag, rgaa=rgaa, nodes=nodes,
    )


def _selector(target: Any) -> str:
    # shadow DOM targets come as nested lists of selectors
    return " >>> ".join(map(str, target)) if isinstance(target, list) else str(target)
