"""The unit of a benchmark report: a row (one measured metric, with its target if it has one),
and the arithmetic every comparison shares (median, ratio, log-log slope).

>>> round(loglog_slope([1_000, 10_000, 100_000], [0.01, 0.1, 1.0]), 6)
1.0
>>> judged("x", 2.0, "s", "at most 3 s", met=2.0 <= 3.0, ratio=2.0 / 3.0).status
'met'
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Row:
    """One measured metric. ``met`` is None when the row has no target; ``ratio`` is the
    measured value over the target's bound (or over the competitor's value)."""

    metric: str
    value: float | None
    unit: str
    target: str = ""
    met: bool | None = None
    ratio: float | None = None
    note: str = ""

    @property
    def status(self) -> str:
        if self.met is None:
            return ""
        return "met" if self.met else "missed"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Row:
        return cls(**data)


@dataclass
class Section:
    """One comparison's result in the report: its rows, or the error that stopped it, and
    profiles of what missed its target."""

    title: str
    rows: list[Row] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    profiles: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def measured(metric: str, value: float | None, unit: str, note: str = "") -> Row:
    """A row without a target."""
    return Row(metric, value, unit, note=note)


def judged(
    metric: str, value: float | None, unit: str, target: str, *, met: bool, ratio: float | None
) -> Row:
    """A row against a target."""
    return Row(metric, value, unit, target, met, ratio)


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (``share`` in 0..1) of ``values``."""
    ordered = sorted(values)
    index = max(0, math.ceil(share * len(ordered)) - 1)
    return ordered[index]


def ratio(value: float | None, reference: float | None) -> float | None:
    if value is None or not reference:
        return None
    return value / reference


def loglog_slope(sizes: Sequence[float], times: Sequence[float]) -> float:
    """The least-squares slope of log(time) against log(size): 1 is linear, 2 quadratic."""
    if len(sizes) != len(times) or len(sizes) < 2:
        raise ValueError("a slope needs at least two (size, time) points")
    xs = [math.log(s) for s in sizes]
    ys = [math.log(t) for t in times]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
