"""R7 project health (RAG) with the reasons behind it (docs/rules.md)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Health:
    """A project's RAG and why; ``overridden`` when a manual override set it."""

    rag: str
    reasons: tuple[str, ...]
    overridden: bool = False


def project_health(
    milestone_statuses: Iterable[tuple[str, str]],
    active_risk_bands: Iterable[tuple[str, str]],
    people_states: Iterable[tuple[str, str]],
    override: str | None = None,
    override_note: str = "",
) -> Health:
    """Return R7's RAG (docs/rules.md) from (name, status) of milestones, (title, band) of open risks,
    and (name, state) this week of people working on the project; an override wins.
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
    for name, state in people_states:
        if state == "overloaded":
            red.append(f"{name} is overloaded")
        elif state == "strained":
            amber.append(f"{name} is strained")
    if red:
        return Health("red", tuple(red + amber))
    if amber:
        return Health("amber", tuple(amber))
    return Health("green", ())
