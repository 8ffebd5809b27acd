"""The targets the benchmark's rows are held to (issue 23), and whether each row meets its target.

A row gets a ``target`` (words such as "≤ 2× bare", "< 100 ms", "< 300 MB")
and a ``pass`` boolean only where a target is set; the other rows are
figures to read. A time target holds for the median unless it names the
worst too. A row may carry its own ``limit_ms`` (the import and command-line
rows do): its target is then "< N s" (or "< N ms"), met by its median.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Row = dict[str, Any]


@dataclass(frozen=True)
class Target:
    """A target for the rows of ``data`` whose measure ``applies``: its words and its check."""

    data: str
    applies: Callable[[str], bool]
    words: str
    met: Callable[[Row], bool]


def _ratio_at_most(limit: float) -> Callable[[Row], bool]:
    return lambda row: row.get("ratio_to_bare") is not None and row["ratio_to_bare"] <= limit


def _median_below(limit: float, key: str = "median_ms") -> Callable[[Row], bool]:
    return lambda row: row.get(key) is not None and row[key] < limit


def _median_at_most(limit: float) -> Callable[[Row], bool]:
    return lambda row: row.get("median_ms") is not None and row["median_ms"] <= limit


def _median_and_worst(median: float, worst: float) -> Callable[[Row], bool]:
    return lambda row: row.get("median_ms", median + 1) <= median and row.get("worst_ms", worst + 1) <= worst


def _first_screen(measure: str) -> bool:
    return measure.startswith("first screen with data")


def _interaction(measure: str) -> bool:
    """A screen switch, a card move or a scroll: what a user waits for after a key."""
    return measure.startswith(("open ", "move a card", "Timeline: scroll", "Capacity: move"))


TARGETS = [
    Target("demo", _first_screen, "≤ 1.5× bare", _ratio_at_most(1.5)),
    Target("history", _first_screen, "≤ 2× bare", _ratio_at_most(2.0)),
    Target("history", _interaction, "< 100 ms", _median_below(100)),
    Target("history", lambda m: m.startswith("peak memory"), "< 300 MB", _median_below(300, "median_mb")),
    Target(
        "large",
        lambda m: m == "move a card: saved and redrawn",
        "≤ 150 ms median, ≤ 300 ms worst",
        _median_and_worst(150, 300),
    ),
    Target("large", lambda m: m == "open the Board right after a change: redrawn", "≤ 150 ms", _median_at_most(150)),
    Target(
        "large",
        lambda m: m == "another process's commit shown on the Board",
        "≤ 500 ms median, ≤ 1 s worst",
        _median_and_worst(500, 1000),
    ),
]


def judged(row: Row) -> Row:
    """Return ``row`` with its ``target`` and ``pass`` when one is set for it (the row is changed in place)."""
    if row.get("limit_ms") is not None:
        limit = float(row["limit_ms"])
        row["target"] = f"< {limit / 1000:g} s" if limit >= 1000 else f"< {limit:g} ms"
        row["pass"] = _median_below(limit)(row)
        return row
    for target in TARGETS:
        if row.get("data") == target.data and target.applies(str(row.get("measure", ""))):
            row["target"] = target.words
            row["pass"] = bool(target.met(row))
            return row
    return row


def verdict(row: Row) -> str:
    """Return the pass/fail column's text for ``row``: "pass", "FAIL", or "" when it has no target."""
    if row.get("pass") is None:
        return ""
    return "pass" if row["pass"] else "FAIL"
