"""A conflict names a stored field; every edit form finds the field of its own that edits it."""

from __future__ import annotations

import datetime as dt

import pytest

from supportpm_tui.services import availability, change_requests, issues, records, risks, timeline
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import ENTITY_MODELS
from supportpm_tui.ui.forms.change import change_fields
from supportpm_tui.ui.forms.commitment import commitment_fields
from supportpm_tui.ui.forms.issue import issue_fields
from supportpm_tui.ui.forms.milestone import milestone_fields
from supportpm_tui.ui.forms.risk import risk_fields
from supportpm_tui.ui.forms.task import task_fields
from supportpm_tui.ui.modals.form import FormField, FormModal

# What a form does not edit: bookkeeping, or what other keys and screens change.
NOT_IN_FORM = {
    "id", "version", "created_at", "updated_at", "done_at", "position", "column", "project_id", "baseline_date",
    "done_date", "workstream_id", "status", "raised", "resolved", "risk_id", "requested", "requested_by",
    "decided", "decided_by", "decision_note", "person_id", "go_live", "source", "source_id",
}  # fmt: skip

ENTITIES = ["task", "milestone", "risk", "issue", "change_request", "commitment"]


def edit_fields(store: Store, entity: str) -> list[FormField]:
    """Return the fields of the form that edits the first ``entity`` of the demo."""
    if entity == "task":
        return task_fields([], [], records.task_records(store)[0])
    if entity == "milestone":
        story = timeline.milestone_story(store, records.milestone_records(store)[0].id)
        return milestone_fields([], story)
    if entity == "risk":
        return risk_fields(risks.list_risks(store)[0])
    if entity == "issue":
        return issue_fields(issues.list_issues(store)[0])
    if entity == "change_request":
        return change_fields(change_requests.list_changes(store)[0])
    return commitment_fields(dt.date(2026, 11, 16), False, availability.list_commitments(store)[0])


@pytest.mark.parametrize("entity", ENTITIES)
def test_every_stored_field_a_form_edits_is_found_from_a_conflict(demo_store: Store, entity: str) -> None:
    form = FormModal("edit", edit_fields(demo_store, entity), lambda form, values: None)
    columns = [c.key for c in ENTITY_MODELS[entity].__table__.columns]  # type: ignore[attr-defined]
    links = {"task": ["blockers"], "milestone": ["predecessors"], "change_request": ["milestones"]}.get(entity, [])
    missing = [name for name in [*columns, *links] if name not in NOT_IN_FORM and form._field_stored_as(name) is None]
    assert missing == []
