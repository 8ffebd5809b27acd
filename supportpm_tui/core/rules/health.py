"""R7 project health (RAG) with the reasons behind it (docs/rules.md)."""

from __future__ import annotations

import math
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


def money(value: float) -> str:
    """Return an amount as shown: ``12,000`` or ``9,500.50``."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def project_health(
    milestone_statuses: Iterable[tuple[str, str] | tuple[str, str, str]],
    active_risk_bands: Iterable[tuple[str, str] | tuple[str, str, int]],
    people: Iterable[tuple[PersonWeek, float, float]],
    override: str | None = None,
    override_note: str = "",
    budget: float | None = None,
    spent: float | None = None,
) -> Health:
    """Return R7's RAG (docs/rules.md) and its reasons; an override wins.

    It reads (name, status[, why]) of milestones, (title, band[, score]) of
    open risks, and, for each person with work on the project this week,
    (their week, hours of this project's work, half their working day). An
    overloaded or strained person counts only with at least half a day of
    this project's work that week: a project is not red for overload it does
    not cause. Spent over the budget is red, over 90 % of it amber.
    """
    if override:
        note = override_note or "set by hand"
        return Health(override, (f"override: {note}",), True)
    red: list[str] = []
    amber: list[str] = []
    for name, status, *why in milestone_statuses:
        detail = f" ({why[0]})" if why and why[0] else ""
        if status in ("late", "slipping"):
            red.append(f"milestone {name} is {status}{detail}")
        elif status == "at_risk":
            amber.append(f"milestone {name} is at risk{detail}")
    for title, band, *score in active_risk_bands:
        scored = f" ({score[0]})" if score else ""
        if band == "critical":
            red.append(f"critical risk{scored}: {title}")
        elif band == "high":
            amber.append(f"high risk{scored}: {title}")
    if budget is not None and spent is not None and spent > 0:
        used = "" if budget <= 0 else f" ({math.floor(spent / budget * 100 + 0.5)} %)"
        said = f"spent {money(spent)} of a {money(budget)} budget{used}"
        if spent > budget:
            red.append(f"over budget: {said}")
        elif spent > 0.9 * budget:
            amber.append(f"over 90 % of budget: {said}")
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
