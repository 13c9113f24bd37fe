"""Statistics for small usability samples: every estimate comes with its interval and its n.

References: Sauro J. & Lewis J. R., *Quantifying the User Experience* (2nd ed., 2016);
Brooke J., *SUS: a quick and dirty usability scale* (1996); Nielsen J. & Landauer T.,
*A mathematical model of the finding of usability problems* (1993).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
from scipy import stats


@dataclass(frozen=True)
class Estimate:
    """A point estimate, its confidence interval and the sample size behind it."""

    value: float
    low: float
    high: float
    n: int
    confidence: float = 0.95


@cache
def _z(confidence: float) -> float:
    return float(stats.norm.ppf(1 - (1 - confidence) / 2))


@cache
def _t(confidence: float, degrees: int) -> float:
    return float(stats.t.ppf(1 - (1 - confidence) / 2, degrees))


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
    z = _z(confidence)
    n_adj = n + z**2
    p_adj = (successes + z**2 / 2) / n_adj
    margin = z * math.sqrt(p_adj * (1 - p_adj) / n_adj)
    return Estimate(successes / n, float(max(0.0, p_adj - margin)), float(min(1.0, p_adj + margin)), n, confidence)


def mean_interval(values: Sequence[float] | pd.Series, confidence: float = 0.95) -> Estimate:
    """Mean with a t interval (n − 1 degrees of freedom); a single value has no interval."""
    data = np.asarray(pd.Series(values).dropna(), dtype=float)
    n = len(data)
    if n == 0:
        raise ValueError("a mean needs at least one value")
    mean = float(data.mean())
    if n == 1:
        return Estimate(mean, math.nan, math.nan, 1, confidence)
    margin = _t(confidence, n - 1) * data.std(ddof=1) / math.sqrt(n)
    return Estimate(mean, float(mean - margin), float(mean + margin), n, confidence)


def geometric_mean_time(seconds: Sequence[float] | pd.Series, confidence: float = 0.95) -> Estimate:
    """Time on task: task times are skewed, so average their logarithms and take the
    exponential back (geometric mean), with the t interval computed on the logs."""
    data = np.asarray(pd.Series(seconds).dropna(), dtype=float)
    if len(data) == 0 or (data <= 0).any():
        raise ValueError("times must be positive")
    logs = mean_interval(np.log(data), confidence)
    return Estimate(math.exp(logs.value), math.exp(logs.low), math.exp(logs.high), logs.n, confidence)


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
    test: str  # "fisher", "n-1 chi-square", "welch t", "welch t (log)"
    statistic: float
    p: float


def compare_proportions(x1: int, n1: int, x2: int, n2: int) -> TestResult:
    """Two completion rates. The N−1 chi-square test when every expected count is at
    least 1, else Fisher's exact test (Campbell 2007, as advised by Sauro & Lewis)."""
    table = [[x1, n1 - x1], [x2, n2 - x2]]
    total = n1 + n2
    successes, failures = x1 + x2, total - x1 - x2
    expected = [n * k / total for n in (n1, n2) for k in (successes, failures)]
    if min(expected) < 1 or successes == 0 or failures == 0:
        statistic, p = stats.fisher_exact(table)
        return TestResult("fisher", float(statistic), float(p))
    chi2 = (x1 * (n2 - x2) - x2 * (n1 - x1)) ** 2 * (total - 1) / (n1 * n2 * successes * failures)
    return TestResult("n-1 chi-square", float(chi2), float(stats.chi2.sf(chi2, 1)))


def welch(before: Sequence[float] | pd.Series, after: Sequence[float] | pd.Series, log: bool = False) -> TestResult:
    """Welch's t test on two means (on the logarithms for task times)."""
    a = np.asarray(pd.Series(before).dropna(), dtype=float)
    b = np.asarray(pd.Series(after).dropna(), dtype=float)
    if log:
        a, b = np.log(a), np.log(b)
    if len(a) < 2 or len(b) < 2:
        return TestResult("welch t (log)" if log else "welch t", math.nan, math.nan)
    result = stats.ttest_ind(a, b, equal_var=False)
    return TestResult("welch t (log)" if log else "welch t", float(result.statistic), float(result.pvalue))
