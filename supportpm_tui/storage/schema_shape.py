"""The tables and columns of the current schema, for checking a file before use without the database layer.

The models (:mod:`supportpm_tui.storage.models`) are the truth; this copy lets a
read on the command line check a file without loading them. A test keeps the two the
same: after a change to the models, update this copy.
"""

from __future__ import annotations

HEAD_SCHEMA: dict[str, frozenset[str]] = {
    "change_milestone": frozenset({"change_id", "milestone_id"}),
    "change_request": frozenset(
        {
            "cost_impact",
            "decided",
            "decided_by",
            "decision_note",
            "description",
            "id",
            "project_id",
            "requested",
            "requested_by",
            "risk_note",
            "schedule_days",
            "status",
            "title",
            "version",
        }
    ),
    "checklist_item": frozenset(
        {"done_date", "due", "id", "milestone_id", "note", "owner_id", "position", "project_id", "title", "version"}
    ),
    "commitment": frozenset(
        {"end", "hours_per_day", "id", "kind", "note", "person_id", "source", "source_id", "start", "version"}
    ),
    "event": frozenset(
        {
            "action",
            "actor",
            "batch",
            "changes",
            "db_user",
            "entity",
            "entity_id",
            "id",
            "origin",
            "session",
            "step",
            "time",
            "undo_of",
            "version",
        }
    ),
    "issue": frozenset(
        {
            "decision",
            "description",
            "id",
            "owner_id",
            "project_id",
            "raised",
            "resolved",
            "risk_id",
            "root_cause",
            "status",
            "title",
            "version",
            "workaround",
        }
    ),
    "leadership_summary": frozenset({"day", "id", "month", "state", "text", "version"}),
    "metric": frozenset({"baseline", "direction", "id", "name", "position", "project_id", "target", "unit", "version"}),
    "metric_reading": frozenset({"day", "id", "metric_id", "note", "value", "version"}),
    "milestone": frozenset(
        {
            "baseline_date",
            "buffer_days",
            "deliverable",
            "done_date",
            "due_date",
            "go_live",
            "id",
            "name",
            "owner_id",
            "project_id",
            "source",
            "source_id",
            "version",
            "workstream_id",
        }
    ),
    "milestone_link": frozenset({"milestone_id", "predecessor_id"}),
    "person": frozenset(
        {
            "active",
            "holiday_region",
            "hours",
            "id",
            "name",
            "reserve_pct",
            "role",
            "skills",
            "source",
            "source_id",
            "version",
            "wip_limit",
            "working_days",
        }
    ),
    "project": frozenset(
        {
            "approval_path",
            "assumptions",
            "budget",
            "effort",
            "goal",
            "hourly_rate",
            "id",
            "impact",
            "importance",
            "in_scope",
            "key",
            "name",
            "out_of_scope",
            "owner_id",
            "rag_note",
            "rag_override",
            "sla_aligned",
            "spent",
            "sponsor",
            "stakeholders",
            "start",
            "status",
            "success_criteria",
            "target",
            "urgency",
            "version",
        }
    ),
    "project_review": frozenset({"change_next", "day", "id", "project_id", "version", "went_badly", "went_well"}),
    "risk": frozenset(
        {
            "contingency",
            "description",
            "id",
            "impact",
            "likelihood",
            "milestone_id",
            "mitigation",
            "owner_id",
            "project_id",
            "review_date",
            "status",
            "title",
            "trigger",
            "version",
        }
    ),
    "settings": frozenset(
        {
            "column_wip",
            "default_reserve_pct",
            "default_wip",
            "holiday_region",
            "horizon_weeks",
            "hours_per_day",
            "id",
            "overload_threshold",
            "strain_threshold",
            "ticket_minutes",
            "version",
            "working_days",
        }
    ),
    "status_update": frozenset({"day", "id", "project_id", "status", "text", "version"}),
    "task": frozenset(
        {
            "assignee_id",
            "blocked_reason",
            "column",
            "created_at",
            "description",
            "done_at",
            "due",
            "estimate",
            "id",
            "kind",
            "milestone_id",
            "position",
            "priority",
            "project_id",
            "remaining",
            "source",
            "source_id",
            "start",
            "tags",
            "title",
            "updated_at",
            "version",
        }
    ),
    "task_blocker": frozenset({"blocker_id", "task_id"}),
    "ticket_load": frozenset({"hours", "id", "person_id", "source", "tickets", "version", "week"}),
    "time_entry": frozenset({"day", "hours", "id", "note", "person_id", "task_id", "version"}),
    "workstream": frozenset({"id", "name", "position", "project_id", "version"}),
}
"""Each table at :data:`~supportpm_tui.storage.file_check.HEAD_REVISION`, with its columns."""
