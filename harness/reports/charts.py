"""Charts as SVG (matplotlib), each with a sentence and its data table as text alternative."""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from functools import cache
from types import ModuleType

# Colour-blind safe (Okabe–Ito), and bars carry their labels: colour is never the only cue.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")


@cache
def _pyplot() -> ModuleType:
    """matplotlib, loaded when a first chart is drawn: it takes most of a second, and most commands draw none."""
    import matplotlib

    matplotlib.use("Agg")  # no screen: draw to files only
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.fonttype": "none", "font.size": 11, "axes.spines.top": False, "axes.spines.right": False})
    return plt


def interval_bars(
    labels: Sequence[str], series: dict[str, Sequence[tuple[float, float, float]]], axis_label: str,
    limits: tuple[float, float], fmt: Callable[[float], str], empty: str = "",
) -> bytes:
    """Horizontal bars (one group per label, one bar per series) with their confidence intervals.

    A NaN value is a group with nobody in it: no bar, the `empty` words instead (never a 0 bar).
    A NaN interval (withheld) draws the bar without error bars. `fmt` writes values and ticks as the
    report's tables do (formatting.percent in French reads "33 %"): one number style everywhere."""
    plt = _pyplot()
    from matplotlib.ticker import FuncFormatter

    count = len(series)
    height = 0.8 / max(count, 1)
    figure, axes = plt.subplots(figsize=(7, 0.6 + 0.45 * len(labels) * count))
    for offset, (name, values) in enumerate(series.items()):
        positions = [i + offset * height for i in range(len(labels))]
        drawn = [(p, v) for p, v in zip(positions, values) if not math.isnan(v[0])]
        errors = [[0 if math.isnan(lo) else max(v - lo, 0) for _, (v, lo, _) in drawn],
                  [0 if math.isnan(hi) else max(hi - v, 0) for _, (v, _, hi) in drawn]]
        axes.barh([p for p, _ in drawn], [v for _, (v, _, _) in drawn], height=height * 0.9,
                  color=COLOURS[offset % len(COLOURS)], label=name,
                  xerr=errors, capsize=3, error_kw={"ecolor": "#222222", "elinewidth": 1})
        for position, (point, _, high) in zip(positions, values):
            if math.isnan(point):
                axes.text(limits[0], position, empty, va="center", ha="left", color="#161616", fontsize=9, style="italic")
                continue
            text = fmt(point)
            end = point if math.isnan(high) else high
            # after the interval's end, in dark text: readable whatever the bar's length
            axes.text(end + (limits[1] - limits[0]) * 0.015, position, text, va="center", ha="left", color="#161616", fontsize=9)
    axes.set_yticks([i + height * (count - 1) / 2 for i in range(len(labels))], labels)
    axes.invert_yaxis()
    axes.set_xlim(limits[0], limits[1] + (limits[1] - limits[0]) * 0.12)
    axes.set_xlabel(axis_label)
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: fmt(value)))
    if count > 1:
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=count, frameon=False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg")
    plt.close(figure)
    return buffer.getvalue()
