"""The statistics core against published worked examples."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from harness.analysis.stats import (
    completion_rate,
    discovery,
    discovery_by_segment,
    geometric_mean_time,
    mean_interval,
    sus_score,
    sus_scores,
)


def test_completion_rate_adjusted_wald_four_of_five() -> None:
    # Sauro & Lewis (2016), ch. 3: 4 of 5 users complete -> 95 % CI about 36 % to 98 %.
    estimate = completion_rate(4, 5)
    assert estimate.value == 0.8 and estimate.n == 5
    assert round(estimate.low, 2) == 0.36 and round(estimate.high, 2) == 0.98


def test_completion_rate_bounds_stay_in_zero_one() -> None:
    assert completion_rate(5, 5).high == 1.0
    assert completion_rate(0, 5).low == 0.0
    with pytest.raises(ValueError):
        completion_rate(0, 0)


def test_sus_scoring_rule() -> None:
    # Brooke (1996): odd items contribute answer - 1, even items 5 - answer, sum x 2.5.
    assert sus_score([5, 1] * 5) == 100
    assert sus_score([1, 5] * 5) == 0
    assert sus_score([3] * 10) == 50
    assert sus_score([4, 2, 4, 2, 4, 2, 4, 2, 4, 2]) == 75
    assert sus_score([4, 1, 5, 2, 4, 2, 5, 1, 4, 3]) == 82.5
    with pytest.raises(ValueError):
        sus_score([3] * 9)


def test_sus_scores_from_long_table_drop_incomplete_sessions() -> None:
    rows = [(1, item, 5 if item % 2 else 1) for item in range(1, 11)] + [(2, 1, 3)]
    scores = sus_scores(pd.DataFrame(rows, columns=["session_id", "item", "value"]))
    assert scores.to_dict() == {1: 100.0}


def test_mean_t_interval_uses_n_minus_one_degrees_of_freedom() -> None:
    # t(0.975, 4) = 2.776 (Student's table); sd of 1..5 is 1.5811.
    estimate = mean_interval([1, 2, 3, 4, 5])
    assert estimate.value == 3 and estimate.n == 5
    assert estimate.high - 3 == pytest.approx(2.776 * 1.5811 / math.sqrt(5), abs=1e-3)
    single = mean_interval([4])
    assert single.n == 1 and math.isnan(single.low)


def test_geometric_mean_of_task_times() -> None:
    # Geometric mean of 10, 100, 1000 is 100; its interval is computed on the logs.
    estimate = geometric_mean_time([10, 100, 1000])
    assert estimate.value == pytest.approx(100)
    assert estimate.low < 100 < estimate.high
    assert estimate.low * estimate.high == pytest.approx(100 * 100)  # symmetric on the log scale
    with pytest.raises(ValueError):
        geometric_mean_time([0, 10])


def test_problem_discovery_nielsen_landauer() -> None:
    # Nielsen & Landauer (1993): with p = 0.31, five users find about 85 % of problems.
    assert discovery(0.31, 5) == pytest.approx(0.84, abs=0.01)
    assert discovery(0.31, 15) > 0.99
    assert discovery(0.1, 0) == 0


def test_discovery_by_segment() -> None:
    hits = pd.DataFrame(
        [("senior", t, "p1", int(t in ("A", "B"))) for t in "ABCD"] + [("senior", t, "p2", 1) for t in "ABCD"]
        + [("young", t, "p1", 0) for t in "XY"] + [("young", t, "p2", 1) for t in "XY"],
        columns=["segment", "tester", "problem", "hit"],
    )
    table = discovery_by_segment(hits).set_index("segment")
    assert table.loc["senior", "n"] == 4 and table.loc["senior", "p"] == 0.75
    assert table.loc["senior", "discovery"] == pytest.approx(1 - 0.25**4)
    assert table.loc["young", "p"] == 0.5


def test_compare_proportions_picks_its_test() -> None:
    from harness.analysis.stats import compare_proportions

    small = compare_proportions(0, 2, 4, 4)  # expected failures in the first group: 2 × 2 / 6 < 1
    assert small.test == "fisher"
    assert small.p == pytest.approx(1 / 15)  # two-sided Fisher for [[0, 2], [4, 0]]
    # 11 of 12 vs 5 of 12: (ad − bc)² (N − 1) / (m n r s) = 72² × 23 / (12 × 12 × 16 × 8)
    large = compare_proportions(11, 12, 5, 12)
    assert large.test == "n-1 chi-square"
    assert large.statistic == pytest.approx(72**2 * 23 / (12 * 12 * 16 * 8))
    assert large.p == pytest.approx(0.011, abs=0.001)


def test_welch_t_on_means_and_on_log_times() -> None:
    from scipy import stats

    from harness.analysis.stats import welch

    a, b = [45, 50, 55, 40, 52], [78, 80, 85, 70, 75]
    result = welch(a, b)
    assert result.test == "welch t" and result.p < 0.001
    assert result.p == pytest.approx(stats.ttest_ind(a, b, equal_var=False).pvalue)
    assert welch([100, 200, 400], [50, 100, 200], log=True).test == "welch t (log)"
