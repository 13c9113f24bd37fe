"""Statistics for small usability samples: every estimate comes with its interval and its n.

Intervals stay inside their scale: completion by the adjusted-Wald interval (clipped to 0–100 %);
the mean of a rating or a count (SUS, SEQ, satisfaction, criteria scores, help requests) by a BCa
bootstrap of the mean, whose ends are means of resamples and so never leave the answers' range;
time on task by a t interval on the logarithms (always above 0). Below MIN_N values, or when every
value is the same, no interval is given and `Estimate.withheld` says why.

Before/after tests take the tester as the unit: when the same testers tried both versions, paired
tests on their pairs (McNemar's exact test for completion, the paired t test for means, on the
logarithms for times); otherwise tests for independent groups.

References: Sauro J. & Lewis J. R., *Quantifying the User Experience* (2nd ed., 2016);
Brooke J., *SUS: a quick and dirty usability scale* (1996); Nielsen J. & Landauer T.,
*A mathematical model of the finding of usability problems* (1993); Efron B., *Better bootstrap
confidence intervals* (1987); McNemar Q. (1947).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from statistics import NormalDist
from types import ModuleType

import numpy as np
import pandas as pd

# Below this many values an interval says little and the methods above are unreliable: it is withheld.
MIN_N = 5
BOOTSTRAP_RESAMPLES = 9_999
BOOTSTRAP_SEED = 2026  # the same answers give the same interval in every report


@dataclass(frozen=True)
class Estimate:
    """A point estimate, its confidence interval and the sample size behind it.

    `withheld`: why there is no interval (low and high are NaN): "small_n" (fewer than MIN_N values)
    or "no_spread" (every value the same: nothing to estimate a spread from)."""

    value: float
    low: float
    high: float
    n: int
    confidence: float = 0.95
    withheld: str | None = None

    @property
    def has_interval(self) -> bool:
        return self.withheld is None and not math.isnan(self.low)


@cache
def _scipy() -> ModuleType:
    """scipy.stats, imported on first use: it takes a second or two, and most commands never need it."""
    from scipy import stats

    return stats


def _withheld(value: float, n: int, reason: str, confidence: float) -> Estimate:
    return Estimate(value, math.nan, math.nan, n, confidence, reason)


@cache
def _z(confidence: float) -> float:
    return NormalDist().inv_cdf(1 - (1 - confidence) / 2)  # the standard library's: scipy is not needed for it


@cache
def _t(confidence: float, degrees: int) -> float:
    return float(_scipy().t.ppf(1 - (1 - confidence) / 2, degrees))


def sus_score(answers: Sequence[int]) -> float:
    """Brooke's rule: odd items score (answer − 1), even items (5 − answer); the sum × 2.5."""
    if len(answers) != 10 or any(not 1 <= a <= 5 for a in answers):
        raise ValueError("SUS needs ten answers from 1 to 5")
    odd = sum(a - 1 for a in answers[0::2])
    even = sum(5 - a for a in answers[1::2])
    return (odd + even) * 2.5


def sus_scores(sus: pd.DataFrame) -> pd.Series:
    """SUS score per session from a long table (session_id, item, value); incomplete sessions dropped."""
    wide = sus.pivot(index="session_id", columns="item", values="value").reindex(columns=range(1, 11))
    wide = wide.dropna()
    odd = (wide[[1, 3, 5, 7, 9]] - 1).sum(axis=1)
    even = (5 - wide[[2, 4, 6, 8, 10]]).sum(axis=1)
    return ((odd + even) * 2.5).rename("sus")


def completion_rate(successes: int, n: int, confidence: float = 0.95) -> Estimate:
    """Adjusted-Wald interval (Agresti & Coull), recommended for small samples.

    The point estimate is the plain proportion; the interval is centred on the
    adjusted one, (x + z²/2) / (n + z²), and clipped to [0, 1].
    """
    if n <= 0:
        raise ValueError("a completion rate needs at least one attempt")
    if n < MIN_N:
        return _withheld(successes / n, n, "small_n", confidence)
    z = _z(confidence)
    n_adj = n + z**2
    p_adj = (successes + z**2 / 2) / n_adj
    margin = z * math.sqrt(p_adj * (1 - p_adj) / n_adj)
    return Estimate(successes / n, float(max(0.0, p_adj - margin)), float(min(1.0, p_adj + margin)), n, confidence)


def mean_if_any(values: pd.Series) -> Estimate | None:
    """`mean_interval` of the answers given; None when nobody answered."""
    return mean_interval(values) if values.notna().any() else None


def success_rate(sessions: pd.DataFrame) -> Estimate:
    """The share of rows (testers' sessions or screens) passed alone: `outcome` is "success"."""
    return completion_rate(int((sessions["outcome"] == "success").sum()), len(sessions))


def mean_interval(values: Sequence[float] | pd.Series, confidence: float = 0.95) -> Estimate:
    """Mean of ratings or counts with a BCa bootstrap interval: its ends are means of resamples of the
    answers, so it stays between the lowest and the highest answer, hence inside the scale.
    Withheld below MIN_N answers or when they are all the same."""
    data = np.asarray(pd.Series(values).dropna(), dtype=float)
    n = len(data)
    if n == 0:
        raise ValueError("a mean needs at least one value")
    mean = float(data.mean())
    if n < MIN_N:
        return _withheld(mean, n, "small_n", confidence)
    if np.ptp(data) == 0:
        return _withheld(mean, n, "no_spread", confidence)
    low, high = _bootstrap(tuple(data.tolist()), confidence)
    return Estimate(mean, low, high, n, confidence)


@cache
def _bootstrap(data: tuple[float, ...], confidence: float) -> tuple[float, float]:
    sample = np.asarray(data)
    with warnings.catch_warnings():  # BCa on few distinct values may warn; the percentile ends still hold
        warnings.simplefilter("ignore")
        result = _scipy().bootstrap(
            (sample,), np.mean, confidence_level=confidence, n_resamples=BOOTSTRAP_RESAMPLES, method="BCa",
            rng=np.random.default_rng(BOOTSTRAP_SEED),
        )
        low, high = float(result.confidence_interval.low), float(result.confidence_interval.high)
        if math.isnan(low) or math.isnan(high):  # BCa undefined (a degenerate jackknife): plain percentiles
            low, high = (float(q) for q in np.quantile(result.bootstrap_distribution, [(1 - confidence) / 2, (1 + confidence) / 2]))
    # a resample's mean lies between the sample's extremes; guard against rounding at the ends
    return max(low, float(sample.min())), min(high, float(sample.max()))


def t_interval(values: np.ndarray, confidence: float = 0.95) -> tuple[float, float]:
    """The mean's t interval (n − 1 degrees of freedom), for an unbounded quantity such as a log time."""
    mean, n = float(values.mean()), len(values)
    margin = _t(confidence, n - 1) * float(values.std(ddof=1)) / math.sqrt(n)
    return mean - margin, mean + margin


def geometric_mean_time(seconds: Sequence[float] | pd.Series, confidence: float = 0.95) -> Estimate:
    """Time on task: task times are skewed, so average their logarithms and take the
    exponential back (geometric mean), with the t interval computed on the logs (always above 0)."""
    data = np.asarray(pd.Series(seconds).dropna(), dtype=float)
    if len(data) == 0 or (data <= 0).any():
        raise ValueError("times must be positive")
    logs = np.log(data)
    value = math.exp(float(logs.mean()))
    if len(data) < MIN_N:
        return _withheld(value, len(data), "small_n", confidence)
    if np.ptp(logs) == 0:
        return _withheld(value, len(data), "no_spread", confidence)
    low, high = t_interval(logs, confidence)
    return Estimate(value, math.exp(low), math.exp(high), len(data), confidence)


def discovery(p: float, n: int) -> float:
    """Chance that n testers reveal a problem that affects a share p of users: 1 − (1 − p)^n."""
    if not 0 <= p <= 1 or n < 0:
        raise ValueError("p must be in [0, 1] and n ≥ 0")
    return 1 - (1 - p) ** n


def discovery_by_segment(hits: pd.DataFrame) -> pd.DataFrame:
    """Per segment: testers n, mean problem frequency p̂ and 1 − (1 − p̂)^n.

    `hits` has one row per (segment, tester, problem) with `hit` 0/1, every tester
    of the segment listed for every problem observed in that segment.
    """
    rows = []
    for segment, group in hits.groupby("segment"):
        n = group["tester"].nunique()
        p = group.groupby("problem")["hit"].mean().mean()
        rows.append({"segment": segment, "n": n, "p": p, "discovery": discovery(p, n)})
    return pd.DataFrame(rows, columns=["segment", "n", "p", "discovery"])


@dataclass(frozen=True)
class TestResult:
    """A before/after test, which one and why: `design` is "paired" (the same testers, `pairs` of them)
    or "independent" (different testers, or too few in both versions to pair)."""

    test: str  # "mcnemar exact", "paired t", "paired t (log)", "fisher", "n-1 chi-square", "welch t", "welch t (log)"
    statistic: float
    p: float
    design: str = "independent"
    pairs: int = 0


def compare_proportions(x1: int, n1: int, x2: int, n2: int) -> TestResult:
    """Two completion rates of different testers. The N−1 chi-square test when every expected count
    is at least 1, else Fisher's exact test (Campbell 2007, as advised by Sauro & Lewis)."""
    table = [[x1, n1 - x1], [x2, n2 - x2]]
    total = n1 + n2
    successes, failures = x1 + x2, total - x1 - x2
    expected = [n * k / total for n in (n1, n2) for k in (successes, failures)]
    if min(expected) < 1 or successes == 0 or failures == 0:
        statistic, p = _scipy().fisher_exact(table)
        return TestResult("fisher", float(statistic), float(p))
    chi2 = (x1 * (n2 - x2) - x2 * (n1 - x1)) ** 2 * (total - 1) / (n1 * n2 * successes * failures)
    return TestResult("n-1 chi-square", float(chi2), float(_scipy().chi2.sf(chi2, 1)))


def welch(before: Sequence[float] | pd.Series, after: Sequence[float] | pd.Series, log: bool = False) -> TestResult:
    """Welch's t test on two means of different testers (on the logarithms for task times)."""
    a = np.asarray(pd.Series(before).dropna(), dtype=float)
    b = np.asarray(pd.Series(after).dropna(), dtype=float)
    if log:
        a, b = np.log(a), np.log(b)
    name = "welch t (log)" if log else "welch t"
    if len(a) < 2 or len(b) < 2:
        return TestResult(name, math.nan, math.nan)
    result = _scipy().ttest_ind(a, b, equal_var=False)
    return TestResult(name, float(result.statistic), float(result.pvalue))


def mcnemar(before: Sequence[bool], after: Sequence[bool]) -> TestResult:
    """Completion of the same testers on both versions: McNemar's exact test. Only the testers whose
    result changed count: b succeeded before only, c after only; p is the two-sided binomial
    probability of a split at least as uneven as b against c, at 1/2."""
    if len(before) != len(after):
        raise ValueError("paired results need one pair per tester")
    b = sum(1 for x, y in zip(before, after) if x and not y)
    c = sum(1 for x, y in zip(before, after) if y and not x)
    p = 1.0 if b + c == 0 else float(_scipy().binomtest(b, b + c, 0.5).pvalue)
    return TestResult("mcnemar exact", float(c - b), p, "paired", len(before))


def paired_t(before: Sequence[float], after: Sequence[float], log: bool = False) -> TestResult:
    """Means of the same testers on both versions: the t test on each tester's difference
    (on the logarithms for task times). No test when the differences are all the same."""
    a, b = np.asarray(before, dtype=float), np.asarray(after, dtype=float)
    if len(a) != len(b):
        raise ValueError("paired values need one pair per tester")
    if log:
        a, b = np.log(a), np.log(b)
    name = "paired t (log)" if log else "paired t"
    differences = b - a
    if len(differences) < 2 or np.ptp(differences) == 0:
        return TestResult(name, math.nan, math.nan, "paired", len(a))
    result = _scipy().ttest_rel(a, b)
    return TestResult(name, float(result.statistic), float(result.pvalue), "paired", len(a))
