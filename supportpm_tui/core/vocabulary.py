"""The words of the domain, once: enumerations and the constants that go with them (SPEC section 1).

Standard library only: the rules, the read model, the storage layer, the
services and both interfaces take their vocabulary from here.
"""

from __future__ import annotations

from enum import StrEnum


class Weekday(StrEnum):
    """Names of weekdays as stored in the settings (Monday first)."""

    mon = "mon"
    tue = "tue"
    wed = "wed"
    thu = "thu"
    fri = "fri"
    sat = "sat"
    sun = "sun"


WEEKDAY_NAMES = tuple(day.value for day in Weekday)
"""Short weekday names, Monday first."""


class CommitmentKind(StrEnum):
    """Kinds of time that is not project time."""

    pto = "pto"
    sick = "sick"
    training = "training"
    holiday = "holiday"
    on_call = "on_call"
    maintenance = "maintenance"
    other = "other"


DUTY_KINDS = (CommitmentKind.on_call.value, CommitmentKind.maintenance.value)
"""Kinds of time spent on support duty rather than away."""


class ProjectStatus(StrEnum):
    """Life-cycle of a project."""

    proposed = "proposed"
    active = "active"
    on_hold = "on_hold"
    done = "done"
    cancelled = "cancelled"


OPEN_PROJECT_STATUSES = (ProjectStatus.active.value, ProjectStatus.on_hold.value)
"""Project statuses the Overview reports on: under way, or paused but not closed."""

PLANNED_PROJECT_STATUSES = frozenset({ProjectStatus.active.value, ProjectStatus.proposed.value})
"""Project statuses whose work makes demand and is forecast (R2); on hold, done and cancelled make none."""


class Column(StrEnum):
    """The six Kanban columns, in board order."""

    backlog = "backlog"
    ready = "ready"
    in_progress = "in_progress"
    blocked = "blocked"
    testing = "testing"
    done = "done"


COLUMN_ORDER = list(Column)
"""The Board's columns, left to right."""


class Priority(StrEnum):
    """Task priority, lowest first."""

    low = "low"
    normal = "normal"
    high = "high"
    urgent = "urgent"


PRIORITY_RANK = {p.value: i for i, p in enumerate(Priority)}
"""Priority as a number, lowest first (low = 0)."""


class TaskKind(StrEnum):
    """What sort of work a card is."""

    task = "task"
    test = "test"
    rollback = "rollback"
    comms = "comms"
    docs = "docs"
    training = "training"


class RiskStatus(StrEnum):
    """Life-cycle of a risk."""

    open = "open"
    mitigating = "mitigating"
    accepted = "accepted"
    closed = "closed"
    occurred = "occurred"


class IssueStatus(StrEnum):
    """Life-cycle of an issue."""

    open = "open"
    in_progress = "in_progress"
    resolved = "resolved"


class ChangeStatus(StrEnum):
    """Life-cycle of a change request."""

    proposed = "proposed"
    approved = "approved"
    rejected = "rejected"
    deferred = "deferred"


class Rag(StrEnum):
    """Red / amber / green health."""

    red = "red"
    amber = "amber"
    green = "green"


class MetricDirection(StrEnum):
    """Which way an outcome metric gets better."""

    higher_better = "higher"
    lower_better = "lower"


LEAVE_KINDS = tuple(
    k.value for k in (CommitmentKind.pto, CommitmentKind.sick, CommitmentKind.training, CommitmentKind.other)
)
"""The kinds of leave a person can take (public holidays come from the calendar)."""

ACTIVE_RISK_STATUSES = frozenset({RiskStatus.open.value, RiskStatus.mitigating.value})
"""Risk statuses that still count: scored, reviewed and shown as open."""

UNDECIDED_CHANGE_STATUSES = frozenset({ChangeStatus.proposed.value, ChangeStatus.deferred.value})
"""Change request statuses still awaiting a decision: they may be edited, approved, rejected or deferred."""


STANDARD_CHECKLIST = (
    "Pilot with a small representative group",
    "Rollback validated",
    "Support scripts and knowledge articles ready",
    "Deployment window chosen around business impact",
    "Service desk briefed",
    "Feedback collected in the first days after release",
)
"""The rollout checklist a new project starts with (SPEC 1.8b)."""
