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
    assert completion_rate(4, 4).withheld == "small_n"  # below five testers: no interval
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


def test_a_mean_s_bootstrap_interval_holds_the_mean_and_stays_within_the_answers() -> None:
    estimate = mean_interval([1, 2, 3, 4, 5])
    assert estimate.value == 3 and estimate.n == 5 and estimate.withheld is None
    assert 1 <= estimate.low < 3 < estimate.high <= 5
    # narrower than the t interval, which runs past the answers: 3 ± 2.776 × 1.5811 / √5 = 1.04 to 4.96
    assert estimate.high - estimate.low < 2 * 2.776 * 1.5811 / math.sqrt(5)
    assert mean_interval([1, 2, 3, 4, 5]) == estimate  # the same answers, the same interval, in every report


def test_worked_example_sus_of_two_testers_gives_no_interval_and_says_why() -> None:
    # A t interval would run from −55.7 to 103.2 here, outside the 0–100 scale.
    estimate = mean_interval([sus_score([4, 2] * 5), sus_score([2, 4] * 5)])
    assert estimate.value == 50 and estimate.n == 2
    assert estimate.withheld == "small_n" and math.isnan(estimate.low) and math.isnan(estimate.high)
    assert completion_rate(1, 2).withheld == "small_n"  # a rate too
    assert geometric_mean_time([3, 40]).withheld == "small_n"  # and a time (was "0 s – 19 857 035 s")


@pytest.mark.parametrize("answers", [[7, 7, 7, 6, 7, 7], [1, 1, 2, 1, 1], [1, 7, 7, 1, 4, 7, 1]])
def test_worked_example_seq_at_the_scale_s_ends_stays_inside_1_to_7(answers: list[int]) -> None:
    estimate = mean_interval(answers)
    assert estimate.withheld is None
    assert 1 <= min(answers) <= estimate.low <= estimate.value <= estimate.high <= max(answers) <= 7


def test_identical_answers_give_no_interval_and_say_why() -> None:
    estimate = mean_interval([7] * 8)
    assert estimate.value == 7 and estimate.withheld == "no_spread" and math.isnan(estimate.low)
    assert geometric_mean_time([60] * 6).withheld == "no_spread"


def test_geometric_mean_of_task_times() -> None:
    # Geometric mean of 10, 100, 1000, 100, 100 is 100; its t interval is computed on the logs.
    estimate = geometric_mean_time([10, 100, 1000, 100, 100])
    assert estimate.value == pytest.approx(100)
    assert 0 < estimate.low < 100 < estimate.high
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


def test_mcnemar_exact_counts_only_the_testers_whose_result_changed() -> None:
    from harness.analysis.stats import mcnemar

    # 10 testers: 1 succeeded before only, 7 after only, 2 unchanged. By hand: two-sided binomial
    # at 1/2 of a split at least as uneven as 1 against 7: 2 × (C(8,0) + C(8,1)) / 2⁸ = 18 / 256.
    before = [True, False, False, False, False, False, False, False, True, False]
    after = [False, True, True, True, True, True, True, True, True, False]
    result = mcnemar(before, after)
    assert result.test == "mcnemar exact" and result.design == "paired" and result.pairs == 10
    assert result.p == pytest.approx(2 * (math.comb(8, 0) + math.comb(8, 1)) / 2**8)
    assert mcnemar([True, False], [True, False]).p == 1.0  # nobody changed: nothing to test


def test_paired_t_works_on_each_tester_s_difference() -> None:
    from scipy import stats

    from harness.analysis.stats import paired_t

    before, after = [40, 55, 35, 60, 45, 50], [70, 60, 55, 75, 50, 80]
    differences = [b - a for a, b in zip(before, after)]
    mean = sum(differences) / len(differences)
    sd = math.sqrt(sum((d - mean) ** 2 for d in differences) / (len(differences) - 1))
    statistic = mean / (sd / math.sqrt(len(differences)))
    result = paired_t(before, after)
    assert result.test == "paired t" and result.pairs == 6
    assert abs(result.statistic) == pytest.approx(statistic)
    assert result.p == pytest.approx(2 * stats.t.sf(statistic, len(differences) - 1))
    assert math.isnan(paired_t([3, 4, 5], [4, 5, 6]).p)  # every tester moved by exactly 1: no spread to test
