"""Figures, their targets, and the plain-text table they are printed in."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

Stat = Literal["median", "p95"]


def percentile(samples: Sequence[float], fraction: float) -> float:
    """The ``fraction`` percentile by linear interpolation between closest ranks."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    position = (len(ordered) - 1) * fraction
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Target:
    """What a figure should stay within, e.g. ``Target(10, "p95")``: p95 <= 10."""

    limit: float
    stat: Stat = "p95"

    def met(self, row: Row) -> bool:
        value = row.median if self.stat == "median" else row.p95
        return value <= self.limit

    def describe(self, unit: str) -> str:
        return f"{self.stat} <= {format_value(self.limit, unit)}"


class Row(Protocol):
    """One line of the table."""

    @property
    def name(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def median(self) -> float: ...
    @property
    def p95(self) -> float: ...
    @property
    def n(self) -> int: ...
    @property
    def target(self) -> Target | None: ...


@dataclass(frozen=True)
class Figure:
    """A measured distribution: ``samples`` are in ``unit`` (e.g. milliseconds)."""

    name: str
    samples: Sequence[float]
    unit: str = "ms"
    target: Target | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else math.nan

    @property
    def p95(self) -> float:
        return percentile(self.samples, 0.95)

    @property
    def n(self) -> int:
        return len(self.samples)


@dataclass(frozen=True)
class Ratio:
    """One figure over another: the ratio of their medians and of their p95s."""

    name: str
    numerator: Figure
    denominator: Figure
    target: Target | None = None
    unit: str = "x"

    @property
    def median(self) -> float:
        return self.numerator.median / self.denominator.median

    @property
    def p95(self) -> float:
        return self.numerator.p95 / self.denominator.p95

    @property
    def n(self) -> int:
        return min(self.numerator.n, self.denominator.n)


def format_value(value: float, unit: str) -> str:
    if math.isnan(value):
        return "-"
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"
    return f"{value:.3g} {unit}"


HEADERS = ("figure", "median", "p95", "n", "target", "met")


def table(rows: Sequence[Row]) -> str:
    """The rows as a plain-text table with aligned columns."""
    lines = [HEADERS]
    for row in rows:
        target = row.target
        lines.append(
            (
                row.name,
                format_value(row.median, row.unit),
                format_value(row.p95, row.unit),
                str(row.n),
                target.describe(row.unit) if target else "",
                ("yes" if target.met(row) else "NO") if target else "",
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADERS))]
    left = {0, 4, 5}  # text columns; numbers are right-aligned

    def render(cells: Sequence[str]) -> str:
        padded = [
            cell.ljust(width) if i in left else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return " | ".join(padded).rstrip()

    rule = "-+-".join("-" * width for width in widths)
    return "\n".join([render(lines[0]), rule, *(render(line) for line in lines[1:])])
