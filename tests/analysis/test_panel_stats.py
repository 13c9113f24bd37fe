"""Before/after figures a committee can defend: the tester as the unit, paired tests when the same
testers tried both versions, checked against a hand computation from the demo's own rows."""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest
from scipy import stats

from harness.analysis.comparison import panel_deltas, paired_testers
from harness.analysis.panel_data import PanelData, load_panel
from harness.analysis.stats import sus_score


def _split(panel: PanelData, version: str) -> PanelData:
    ids = set(panel.sessions.loc[panel.sessions["version"] == version, "session_id"])
    return PanelData(*(getattr(panel, name)[getattr(panel, name)["session_id"].isin(ids)]
                       for name in ("sessions", "steps", "sus", "scores", "observations")))


@pytest.fixture(scope="module")
def demo_panel(tmp_path_factory, catalogue):  # noqa: ANN001, ANN201
    from harness.demo.panel import load_demo_panel
    from harness.store.db import open_store

    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('panel') / 'panel.db'}")
    load_demo_panel(store, catalogue)
    panel = load_panel(store, "demo")
    store.close()
    return panel


def _by_hand() -> dict[str, dict[str, dict[str, float]]]:
    """Per version and tester, from the rows a facilitator would have written: success alone on every
    screen, SUS by Brooke's rule, SEQ averaged over the tester's screens."""
    from harness.demo.panel import panel_rows

    rows = panel_rows()
    figures: dict[str, dict[str, dict[str, float]]] = defaultdict(dict)
    for version in ("avant", "après"):
        for tester in sorted({r["tester"] for r in rows}):
            mine = [r for r in rows if r["tester"] == tester and r["version"] == version]
            seq = [r["seq"] for r in mine]
            figures[version][tester] = {
                "success": all(r["outcome"] == "success" for r in mine),
                "sus": sus_score([mine[0][f"sus_{i}"] for i in range(1, 11)]),
                "seq": sum(seq) / len(seq),
            }
    return figures


def _paired_t_by_hand(before: list[float], after: list[float]) -> float:
    differences = [a - b for b, a in zip(before, after)]
    n = len(differences)
    mean = sum(differences) / n
    sd = math.sqrt(sum((d - mean) ** 2 for d in differences) / (n - 1))
    return 2 * stats.t.sf(abs(mean / (sd / math.sqrt(n))), n - 1)


def test_the_demo_s_before_after_pairs_its_twelve_testers_and_matches_a_hand_computation(demo_panel) -> None:  # noqa: ANN001
    deltas = {d.measure: d for d in panel_deltas(_split(demo_panel, "avant"), _split(demo_panel, "après"))}
    hand = _by_hand()
    testers = sorted(hand["avant"])
    assert len(testers) == 12
    # completion: McNemar's exact test on the testers whose result changed
    b = sum(1 for x in testers if hand["avant"][x]["success"] and not hand["après"][x]["success"])
    c = sum(1 for x in testers if hand["après"][x]["success"] and not hand["avant"][x]["success"])
    p = min(1.0, 2 * sum(math.comb(b + c, k) for k in range(min(b, c) + 1)) / 2 ** (b + c))
    completion = deltas["completion"]
    assert (completion.test.test, completion.test.design, completion.test.pairs) == ("mcnemar exact", "paired", 12)
    assert completion.test.p == pytest.approx(p)
    # SUS and SEQ: the paired t test on each tester's difference; SEQ answers first averaged per tester
    for measure in ("sus", "seq"):
        delta = deltas[measure]
        assert delta.test.test == "paired t" and delta.test.pairs == 12
        before, after = [hand["avant"][x][measure] for x in testers], [hand["après"][x][measure] for x in testers]
        assert delta.test.p == pytest.approx(_paired_t_by_hand(before, after))
        assert delta.before.n == delta.after.n == 12  # testers, not screens' answers (49 against 80 before)
        assert delta.before.value == pytest.approx(sum(before) / 12)
    # every interval inside its scale
    for delta, (low, high) in ((deltas["sus"], (0, 100)), (deltas["seq"], (1, 7)), (deltas["completion"], (0, 1))):
        for estimate in (delta.before, delta.after):
            assert low <= estimate.low <= estimate.value <= estimate.high <= high


def test_different_testers_on_each_version_are_compared_as_independent_groups(demo_panel) -> None:  # noqa: ANN001
    before, after = _split(demo_panel, "avant"), _split(demo_panel, "après")
    # the after sessions as if walked by other people: same answers, other codes
    renamed = PanelData(after.sessions.assign(tester=after.sessions["tester"] + "-B"),
                        after.steps.assign(tester=after.steps["tester"] + "-B"), after.sus, after.scores, after.observations)
    deltas = {d.measure: d for d in panel_deltas(before, renamed)}
    assert deltas["completion"].test.design == "independent" and deltas["completion"].test.test in ("fisher", "n-1 chi-square")
    assert deltas["sus"].test.test == "welch t" and deltas["sus"].test.pairs == 0


def test_testers_are_paired_only_when_most_of_them_tried_both_versions() -> None:
    def frame(codes: str) -> pd.DataFrame:
        return pd.DataFrame({"tester": list(codes)})

    assert paired_testers(frame("ABCDEF"), frame("ABCDEF")) == list("ABCDEF")
    assert paired_testers(frame("ABCDEF"), frame("ABCXYZ")) == list("ABC")  # half of each: paired on those three
    assert paired_testers(frame("ABCDEF"), frame("AUVWXY")) == []  # one in six: independent groups


def test_a_tester_s_repeat_session_is_not_counted_as_another_person(tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    from harness.analysis.panel_summary import tester_outcomes

    sessions = pd.DataFrame({
        "session_id": [1, 2, 3], "session": ["S-1", "S-2", "S-3"], "tester": ["T-01", "T-01", "T-02"],
        "segment": ["senior"] * 3, "procedure": ["p"] * 3, "version": ["v1"] * 3,
        "date": ["2026-11-02", "2026-11-09", "2026-11-02"], "satisfaction": [4, 9, 6],
    })
    steps = pd.DataFrame({
        "session_id": [1, 1, 2, 2, 3, 3], "step": ["A", "B"] * 3, "outcome": ["failure", "success", "success", "success", "success", "success"],
        "seconds": [30, 20, 10, 10, 40, 40], "errors": [1, 0, 0, 0, 0, 0], "help_requests": [0] * 6, "seq": [2, 4, 7, 7, 5, 5],
        "tester": ["T-01"] * 4 + ["T-02"] * 2, "segment": ["senior"] * 6,
    })
    empty = pd.DataFrame(columns=["session_id", "item", "value"])
    outcomes = tester_outcomes(PanelData(sessions, steps, empty, empty.rename(columns={"item": "criterion"}), pd.DataFrame()))
    assert outcomes["session"].tolist() == ["S-1", "S-3"]  # T-01's first try, learnt from, is the one counted
    assert outcomes.set_index("session").loc["S-1", "seq"] == 3  # the mean of that session's screens


def test_worked_example_a_public_with_no_tester_is_shown_as_none_never_as_0_percent() -> None:
    from harness.i18n import t
    from harness.reports.common import completion_chart, summary_table_views
    from harness.reports.views import Withheld

    codes = {"v1": ["T-1", "T-2", "T-3"], "v2": ["T-1", "T-2"]}  # T-3, the one young tester, missed v2
    sessions = pd.DataFrame([
        {"session_id": i, "session": f"S-{i}", "tester": code, "segment": "young" if code == "T-3" else "senior",
         "procedure": "p", "version": version, "date": "2026-11-20", "satisfaction": None}
        for i, (version, code) in enumerate((v, c) for v, cs in codes.items() for c in cs)
    ])
    steps = sessions[["session_id", "tester", "segment", "procedure", "version"]].assign(step="A", outcome="success", seconds=30, errors=0,
                                                                  help_requests=0, seq=6)
    empty = pd.DataFrame(columns=["session_id", "item", "value"])
    panel = PanelData(sessions, steps, empty, empty.rename(columns={"item": "criterion"}), pd.DataFrame())
    chart = completion_chart(panel, "p", ["v1", "v2"], "fr", "graphique")
    rows = {(r[0], r[1]): r for r in chart.table.rows}
    young = rows[("v2", t("segments.young", "fr"))]
    assert young[2] == Withheld("aucun testeur") and young[4] == 0  # never 0 %
    assert "aucun testeur" in chart.svg.decode()
    # two or three testers: the value, and in place of its interval, why there is none
    table = summary_table_views(panel, "p", "v1", "fr")[0]
    for row in table.rows:
        assert row[2] == Withheld(f"intervalle non calculé : moins de 5 testeurs (n = {row[3]})")
