"""R7 project health (RAG) with the reasons behind it (docs/rules.md)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class PersonWeek:
    """One person's load in a week as R3 states it: name, state, the whole % shown (``None`` is ∞), hours."""

    name: str
    state: str
    percent: int | None
    demand: float
    available: float

    @property
    def shown(self) -> str:
        """Return the utilisation as shown: ``250 %`` or ``∞``."""
        return "∞" if self.percent is None else f"{self.percent} %"


def hours_text(value: float) -> str:
    """Return hours to the tenth without a trailing zero: ``6``, ``4.5``."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Health:
    """A project's RAG and why; ``overridden`` when a manual override set it."""

    rag: str
    reasons: tuple[str, ...]
    overridden: bool = False


def project_health(
    milestone_statuses: Iterable[tuple[str, str]],
    active_risk_bands: Iterable[tuple[str, str]],
    people: Iterable[tuple[PersonWeek, float, float]],
    override: str | None = None,
    override_note: str = "",
) -> Health:
    """Return R7's RAG (docs/rules.md) and its reasons; an override wins.

    It reads (name, status) of milestones, (title, band) of open risks, and,
    for each person with work on the project this week, (their week, hours
    of this project's work, half their working day). An overloaded or
    strained person counts only with at least half a day of this project's
    work that week: a project is not red for overload it does not cause.
    """
    if override:
        note = override_note or "set by hand"
        return Health(override, (f"override: {note}",), True)
    red: list[str] = []
    amber: list[str] = []
    for name, status in milestone_statuses:
        if status in ("late", "slipping"):
            red.append(f"milestone {name} is {status}")
        elif status == "at_risk":
            amber.append(f"milestone {name} is at risk")
    for title, band in active_risk_bands:
        if band == "critical":
            red.append(f"critical risk: {title}")
        elif band == "high":
            amber.append(f"high risk: {title}")
    for week, hours, half_day in people:
        if week.state == "ok" or hours < half_day - 1e-9 or hours <= 0:
            continue
        reason = f"{week.name} is {week.state} ({week.shown}) with {hours_text(hours)} h of this project this week"
        (red if week.state == "overloaded" else amber).append(reason)
    if red:
        return Health("red", tuple(red + amber))
    if amber:
        return Health("amber", tuple(amber))
    return Health("green", ())
