"""The domain nouns as SQLModel tables (SPEC section 1), with database-enforced rules.

One module per part of the domain; every table is imported here, so
``from supportpm_tui.storage.models import Task`` works and importing this
package registers every table (the migrations and ``create_all`` rely on it).
"""

from __future__ import annotations

from sqlmodel import SQLModel

# In the order the tables are registered, and so created: the team, projects, work, governance, the log.
# isort: off
from supportpm_tui.storage.models.team import Commitment, Person, Settings, TicketLoad
from supportpm_tui.storage.models.projects import (
    ChecklistItem,
    Milestone,
    MilestoneLink,
    Project,
    StatusUpdate,
    Workstream,
)
from supportpm_tui.storage.models.work import Task, TaskBlocker, TimeEntry
from supportpm_tui.storage.models.governance import ChangeMilestone, ChangeRequest, Issue, Risk
from supportpm_tui.storage.models.reports import LeadershipSummary, Metric, MetricReading, ProjectReview
from supportpm_tui.storage.models.log import Event
# isort: on

__all__ = [
    "ENTITY_MODELS",
    "ChangeMilestone",
    "ChangeRequest",
    "ChecklistItem",
    "Commitment",
    "Event",
    "Issue",
    "LeadershipSummary",
    "Metric",
    "MetricReading",
    "Milestone",
    "MilestoneLink",
    "Person",
    "Project",
    "ProjectReview",
    "Risk",
    "Settings",
    "StatusUpdate",
    "Task",
    "TaskBlocker",
    "TicketLoad",
    "TimeEntry",
    "Workstream",
]

ENTITY_MODELS: dict[str, type[SQLModel]] = {
    "settings": Settings,
    "person": Person,
    "commitment": Commitment,
    "ticket_load": TicketLoad,
    "project": Project,
    "workstream": Workstream,
    "milestone": Milestone,
    "task": Task,
    "risk": Risk,
    "issue": Issue,
    "change_request": ChangeRequest,
    "checklist_item": ChecklistItem,
    "time_entry": TimeEntry,
    "status_update": StatusUpdate,
    "metric": Metric,
    "metric_reading": MetricReading,
    "project_review": ProjectReview,
    "leadership_summary": LeadershipSummary,
}
