"""Figures from a histogram on any scale the survey defines: n, mean with a 95% interval, median."""

import math
from dataclasses import dataclass, field
from typing import Any

# Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom; 1.96 beyond.
T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042]


@dataclass(frozen=True)
class Points:
    """A survey's scale, low..high. Count lists are indexed by score, don't know at 0 (scales
    start at 1 or above), so a list has `width` places and its histogram starts at `low`."""

    low: int
    high: int

    @classmethod
    def of(cls, scale: Any) -> "Points":
        """The points of a survey definition's scale."""
        return cls(scale.min, scale.max)

    @classmethod
    def fitting(cls, counts: dict[str, list[int]]) -> "Points":
        """The points counted in a cell (scores from 1), when the survey is not at hand."""
        return cls(1, max((len(c) - 1 for c in counts.values()), default=1))

    @property
    def width(self) -> int:
        return self.high + 1

    @property
    def scores(self) -> range:
        return range(self.low, self.high + 1)

    def zeros(self) -> list[int]:
        """An empty count list."""
        return [0] * self.width

    def histogram(self, counts: list[int]) -> list[int]:
        """The scores' counts, lowest first (a shorter list counts 0 for the rest)."""
        return [counts[s] if s < len(counts) else 0 for s in self.scores]


@dataclass
class ThemeStat:
    """One theme's figures; `hidden` means too few answers to show any of them."""

    theme: str
    n: int
    dont_know: int
    mean: float | None
    ci95: tuple[float, float] | None
    median: float | None
    histogram: list[int] = field(default_factory=list)
    hidden: bool = False

    def as_dict(self) -> dict:
        """The JSON shape of the summary API."""
        return {"theme": self.theme, "n": self.n, "dont_know": self.dont_know, "mean": self.mean,
                "ci95": list(self.ci95) if self.ci95 else None, "median": self.median,
                "histogram": self.histogram, "hidden": self.hidden}


def t_quantile(df: int) -> float:
    """The t multiplier of a 95% interval."""
    return T975[df - 1] if df <= len(T975) else 1.96


def median_of(histogram: list[int], low: int = 1) -> float | None:
    """The median score of a histogram from `low` (the mean of the two middle scores when n is even)."""
    n = sum(histogram)
    if n == 0:
        return None

    def nth(k: int) -> int:  # the k-th smallest score, 0-based
        seen = 0
        for score, c in enumerate(histogram, start=low):
            seen += c
            if k < seen:
                return score
        raise AssertionError("k beyond n")

    return (nth((n - 1) // 2) + nth(n // 2)) / 2


def stat(theme: str, histogram: list[int], dont_know: int, low: int = 1) -> ThemeStat:
    """All figures of one theme from its counts of the scores low, low + 1, ... in order."""
    n = sum(histogram)
    if n == 0:
        return ThemeStat(theme, 0, dont_know, None, None, None, list(histogram))
    scores = range(low, low + len(histogram))
    total = sum(s * c for s, c in zip(scores, histogram, strict=True))
    mean = total / n
    ci = None
    if n > 1:
        var = sum(c * (s - mean) ** 2 for s, c in zip(scores, histogram, strict=True)) / (n - 1)
        half = t_quantile(n - 1) * math.sqrt(var / n)
        ci = (round(max(float(scores[0]), mean - half), 2), round(min(float(scores[-1]), mean + half), 2))
    return ThemeStat(theme, n, dont_know, round(mean, 2), ci, median_of(histogram, low), list(histogram))


def of_counts(theme: str, counts: list[int] | None, points: Points) -> ThemeStat:
    """The figures of one theme's count list (don't know at 0, then by score)."""
    counts = counts or points.zeros()
    return stat(theme, points.histogram(counts), counts[0], points.low)


def hidden(theme: str, points: Points | None = None) -> ThemeStat:
    """A cell with too few answers: no figures at all, not even its n."""
    size = len(points.scores) if points else 0
    return ThemeStat(theme, 0, 0, None, None, None, [0] * size, hidden=True)
