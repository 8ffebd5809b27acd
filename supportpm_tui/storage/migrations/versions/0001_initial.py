"""initial schema

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-21 21:29:22.234243
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("time", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("batch", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("entity", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("changes", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("undo_of", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.CheckConstraint("action IN ('create', 'update', 'delete', 'move')", name="ck_event_action"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index("ix_event_actor_batch", ["actor", "batch"], unique=False)
        batch_op.create_index("ix_event_entity", ["entity", "entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_time"), ["time"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_undo_of"), ["undo_of"], unique=False)

    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("hours", sa.Float(), nullable=True),
        sa.Column("reserve_pct", sa.Float(), nullable=True),
        sa.Column("wip_limit", sa.Integer(), nullable=True),
        sa.Column("skills", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint("hours IS NULL OR hours <= 168", name="ck_person_hours_week"),
        sa.CheckConstraint("hours IS NULL OR hours >= 0", name="ck_hours_not_negative"),
        sa.CheckConstraint("length(trim(name)) > 0", name="ck_person_name"),
        sa.CheckConstraint("reserve_pct IS NULL OR reserve_pct BETWEEN 0 AND 100", name="ck_person_reserve"),
        sa.CheckConstraint("wip_limit IS NULL OR wip_limit >= 0", name="ck_wip_limit_not_negative"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("working_days", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("hours_per_day", sa.Float(), nullable=False),
        sa.Column("overload_threshold", sa.Float(), nullable=False),
        sa.Column("strain_threshold", sa.Float(), nullable=False),
        sa.Column("default_reserve_pct", sa.Float(), nullable=False),
        sa.Column("default_wip", sa.Integer(), nullable=False),
        sa.Column("column_wip", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("horizon_weeks", sa.Integer(), nullable=False),
        sa.Column("ticket_minutes", sa.Float(), nullable=False),
        sa.CheckConstraint("default_reserve_pct BETWEEN 0 AND 100", name="ck_default_reserve"),
        sa.CheckConstraint("default_wip IS NULL OR default_wip >= 0", name="ck_default_wip_not_negative"),
        sa.CheckConstraint("horizon_weeks >= 1", name="ck_horizon_weeks"),
        sa.CheckConstraint("hours_per_day > 0 AND hours_per_day <= 24", name="ck_hours_per_day"),
        sa.CheckConstraint("id = 1", name="ck_settings_single_row"),
        sa.CheckConstraint("strain_threshold > 0 AND strain_threshold <= overload_threshold", name="ck_thresholds"),
        sa.CheckConstraint("ticket_minutes > 0", name="ck_ticket_minutes"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "commitment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("hours_per_day", sa.Float(), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('pto', 'sick', 'training', 'holiday', 'on_call', 'maintenance', 'other')",
            name="ck_kind_allowed",
        ),
        sa.CheckConstraint("hours_per_day IS NULL OR hours_per_day <= 24", name="ck_commitment_day"),
        sa.CheckConstraint("hours_per_day IS NULL OR hours_per_day >= 0", name="ck_hours_per_day_not_negative"),
        sa.CheckConstraint("start IS NULL OR end IS NULL OR end >= start", name="ck_end_after_start"),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.create_index("ix_commitment_person_dates", ["person_id", "start", "end"], unique=False)

    op.create_table(
        "project",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("sponsor", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("target", sa.Date(), nullable=True),
        sa.Column("budget", sa.Float(), nullable=True),
        sa.Column("spent", sa.Float(), nullable=True),
        sa.Column("goal", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("in_scope", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("out_of_scope", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("assumptions", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("stakeholders", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("success_criteria", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("impact", sa.Integer(), nullable=False),
        sa.Column("effort", sa.Integer(), nullable=False),
        sa.Column("urgency", sa.Integer(), nullable=False),
        sa.Column("importance", sa.Integer(), nullable=False),
        sa.Column("sla_aligned", sa.Boolean(), nullable=False),
        sa.Column("rag_override", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("rag_note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.CheckConstraint(
            "rag_override IS NULL OR rag_override IN ('red', 'amber', 'green')",
            name="ck_rag_override_allowed",
        ),
        sa.CheckConstraint(
            "status IN ('proposed', 'active', 'on_hold', 'done', 'cancelled')",
            name="ck_status_allowed",
        ),
        sa.CheckConstraint("budget IS NULL OR budget >= 0", name="ck_budget_not_negative"),
        sa.CheckConstraint("effort BETWEEN 1 AND 5", name="ck_effort_1_5"),
        sa.CheckConstraint("impact BETWEEN 1 AND 5", name="ck_impact_1_5"),
        sa.CheckConstraint("importance BETWEEN 1 AND 5", name="ck_importance_1_5"),
        sa.CheckConstraint("length(trim(key)) > 0", name="ck_project_key"),
        sa.CheckConstraint("spent IS NULL OR spent >= 0", name="ck_spent_not_negative"),
        sa.CheckConstraint("start IS NULL OR target IS NULL OR target >= start", name="ck_target_after_start"),
        sa.CheckConstraint("urgency BETWEEN 1 AND 5", name="ck_urgency_1_5"),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_table(
        "ticket_load",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("tickets", sa.Integer(), nullable=True),
        sa.Column("hours", sa.Float(), nullable=True),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.CheckConstraint("hours IS NULL OR hours >= 0", name="ck_hours_not_negative"),
        sa.CheckConstraint("tickets IS NOT NULL OR hours IS NOT NULL", name="ck_ticket_load_value"),
        sa.CheckConstraint("tickets IS NULL OR tickets >= 0", name="ck_tickets_not_negative"),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_id", "week", "source", name="uq_ticket_load_week_source"),
    )
    with op.batch_alter_table("ticket_load", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ticket_load_person_id"), ["person_id"], unique=False)

    op.create_table(
        "change_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("requested_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("requested", sa.Date(), nullable=False),
        sa.Column("schedule_days", sa.Integer(), nullable=False),
        sa.Column("cost_impact", sa.Float(), nullable=True),
        sa.Column("risk_note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("decided_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("decided", sa.Date(), nullable=True),
        sa.Column("decision_note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.CheckConstraint("status IN ('proposed', 'approved', 'rejected', 'deferred')", name="ck_status_allowed"),
        sa.CheckConstraint("schedule_days BETWEEN -365 AND 365", name="ck_change_schedule_days"),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("change_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_change_request_project_id"), ["project_id"], unique=False)

    op.create_table(
        "workstream",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("project_id", "name", name="uq_workstream_name"),
    )
    with op.batch_alter_table("workstream", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workstream_project_id"), ["project_id"], unique=False)

    op.create_table(
        "milestone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("workstream_id", sa.Integer(), nullable=True),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("deliverable", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("baseline_date", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("done_date", sa.Date(), nullable=True),
        sa.Column("buffer_days", sa.Integer(), nullable=False),
        sa.CheckConstraint("buffer_days IS NULL OR buffer_days >= 0", name="ck_buffer_days_not_negative"),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
        ),
        sa.ForeignKeyConstraint(
            ["workstream_id"],
            ["workstream.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("project_id", "name", name="uq_milestone_name"),
    )
    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_milestone_project_id"), ["project_id"], unique=False)

    op.create_table(
        "change_milestone",
        sa.Column("change_id", sa.Integer(), nullable=False),
        sa.Column("milestone_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["change_id"],
            ["change_request.id"],
        ),
        sa.ForeignKeyConstraint(
            ["milestone_id"],
            ["milestone.id"],
        ),
        sa.PrimaryKeyConstraint("change_id", "milestone_id"),
    )
    with op.batch_alter_table("change_milestone", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_change_milestone_milestone_id"), ["milestone_id"], unique=False)

    op.create_table(
        "milestone_link",
        sa.Column("milestone_id", sa.Integer(), nullable=False),
        sa.Column("predecessor_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("milestone_id <> predecessor_id", name="ck_milestone_link_self"),
        sa.ForeignKeyConstraint(
            ["milestone_id"],
            ["milestone.id"],
        ),
        sa.ForeignKeyConstraint(
            ["predecessor_id"],
            ["milestone.id"],
        ),
        sa.PrimaryKeyConstraint("milestone_id", "predecessor_id"),
    )
    with op.batch_alter_table("milestone_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_milestone_link_predecessor_id"), ["predecessor_id"], unique=False)

    op.create_table(
        "risk",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("milestone_id", sa.Integer(), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("likelihood", sa.Integer(), nullable=False),
        sa.Column("impact", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("mitigation", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("contingency", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("trigger", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("review_date", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "status IN ('open', 'mitigating', 'accepted', 'closed', 'occurred')",
            name="ck_status_allowed",
        ),
        sa.CheckConstraint("impact BETWEEN 1 AND 5", name="ck_impact_1_5"),
        sa.CheckConstraint("likelihood BETWEEN 1 AND 5", name="ck_likelihood_1_5"),
        sa.ForeignKeyConstraint(
            ["milestone_id"],
            ["milestone.id"],
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("risk", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_risk_milestone_id"), ["milestone_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_risk_project_id"), ["project_id"], unique=False)

    op.create_table(
        "task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("milestone_id", sa.Integer(), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("column", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("estimate", sa.Float(), nullable=False),
        sa.Column("remaining", sa.Float(), nullable=False),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("priority", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("tags", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("blocked_reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("done_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "column IN ('backlog', 'ready', 'in_progress', 'blocked', 'testing', 'done')",
            name="ck_column_allowed",
        ),
        sa.CheckConstraint(
            "kind IN ('task', 'test', 'rollback', 'comms', 'docs', 'training')",
            name="ck_kind_allowed",
        ),
        sa.CheckConstraint("priority IN ('low', 'normal', 'high', 'urgent')", name="ck_priority_allowed"),
        sa.CheckConstraint("estimate IS NULL OR estimate >= 0", name="ck_estimate_not_negative"),
        sa.CheckConstraint("remaining IS NULL OR remaining >= 0", name="ck_remaining_not_negative"),
        sa.CheckConstraint("start IS NULL OR due IS NULL OR due >= start", name="ck_due_after_start"),
        sa.ForeignKeyConstraint(
            ["assignee_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["milestone_id"],
            ["milestone.id"],
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_assignee_id"), ["assignee_id"], unique=False)
        batch_op.create_index("ix_task_column_position", ["column", "position"], unique=False)
        batch_op.create_index(batch_op.f("ix_task_milestone_id"), ["milestone_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_task_project_id"), ["project_id"], unique=False)

    op.create_table(
        "issue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("risk_id", sa.Integer(), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("root_cause", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("workaround", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("decision", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("raised", sa.Date(), nullable=False),
        sa.Column("resolved", sa.Date(), nullable=True),
        sa.CheckConstraint("status IN ('open', 'in_progress', 'resolved')", name="ck_status_allowed"),
        sa.CheckConstraint(
            "raised IS NULL OR resolved IS NULL OR resolved >= raised",
            name="ck_resolved_after_raised",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
        ),
        sa.ForeignKeyConstraint(
            ["risk_id"],
            ["risk.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("issue", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_issue_project_id"), ["project_id"], unique=False)

    op.create_table(
        "task_blocker",
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("blocker_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("task_id <> blocker_id", name="ck_task_blocker_self"),
        sa.ForeignKeyConstraint(
            ["blocker_id"],
            ["task.id"],
        ),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["task.id"],
        ),
        sa.PrimaryKeyConstraint("task_id", "blocker_id"),
    )
    with op.batch_alter_table("task_blocker", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_blocker_blocker_id"), ["blocker_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("task_blocker", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_blocker_blocker_id"))

    op.drop_table("task_blocker")
    with op.batch_alter_table("issue", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issue_project_id"))

    op.drop_table("issue")
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_project_id"))
        batch_op.drop_index(batch_op.f("ix_task_milestone_id"))
        batch_op.drop_index("ix_task_column_position")
        batch_op.drop_index(batch_op.f("ix_task_assignee_id"))

    op.drop_table("task")
    with op.batch_alter_table("risk", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_risk_project_id"))
        batch_op.drop_index(batch_op.f("ix_risk_milestone_id"))

    op.drop_table("risk")
    with op.batch_alter_table("milestone_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_milestone_link_predecessor_id"))

    op.drop_table("milestone_link")
    with op.batch_alter_table("change_milestone", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_milestone_milestone_id"))

    op.drop_table("change_milestone")
    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_milestone_project_id"))

    op.drop_table("milestone")
    with op.batch_alter_table("workstream", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workstream_project_id"))

    op.drop_table("workstream")
    with op.batch_alter_table("change_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_request_project_id"))

    op.drop_table("change_request")
    with op.batch_alter_table("ticket_load", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ticket_load_person_id"))

    op.drop_table("ticket_load")
    op.drop_table("project")
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.drop_index("ix_commitment_person_dates")

    op.drop_table("commitment")
    op.drop_table("settings")
    op.drop_table("person")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_undo_of"))
        batch_op.drop_index(batch_op.f("ix_event_time"))
        batch_op.drop_index("ix_event_entity")
        batch_op.drop_index("ix_event_actor_batch")

    op.drop_table("event")
