"""The forms for a milestone: new, edit (the due date moves, the baseline stays), and mark done."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from supportpm_tui.core.unset import UNSET
from supportpm_tui.services import milestones
from supportpm_tui.services.timeline import TimelineStory
from supportpm_tui.ui.forms import KeepSelected, Write, changes_only, save_with, shown_values
from supportpm_tui.ui.modals.form import FormField, FormModal

if TYPE_CHECKING:
    from supportpm_tui.services.connection import Store


def milestone_fields(owners: Sequence[str], story: TimelineStory | None = None) -> list[FormField]:
    """Return the fields of a milestone, filled in from ``story`` to edit it; ``owners`` are suggested."""
    shown = shown_values(story) if story is not None else {}

    def text(name: str) -> str:
        return shown.get(name, "")

    return [
        FormField("name", "Name", text("name"), required=True),
        FormField(
            "due",
            "Due (moves the due date; the baseline stays)",
            text("due"),
            kind="date",
            required=True,
            placeholder="2026-12-01, fri, +2w",
            ask_if_past=True,
        ),
        FormField("owner", "Owner", text("owner"), kind="choice", choices=owners, source="person"),
        FormField("deliverable", "Deliverable", text("deliverable")),
        FormField("workstream", "Workstream", text("workstream"), placeholder="empty: none"),
        FormField("buffer", "Buffer (working days)", text("buffer_days"), kind="number", low=0, high=100),
        FormField(
            "after",
            "After (the milestones it follows)",
            text("predecessors"),
            kind="choices",
            source="milestone",
            follows="" if story is not None else "project",
            scope=(story.project or "") if story is not None else "",
            placeholder="type to choose; several, comma separated",
        ),
    ]


def milestone_values(values: dict[str, Any]) -> milestones.MilestoneValues:
    """Return what a milestone's form holds as its values: an empty field clears (a new one keeps the default)."""
    buffer = values["buffer"]
    return milestones.MilestoneValues(
        name=values["name"],
        due=values["due"],
        owner=values["owner"],
        deliverable=values["deliverable"],
        workstream=values["workstream"],
        buffer=UNSET if buffer is None else int(buffer),
        after=list(values["after"] or []),
    )


def new_milestone_form(write: Write, project: str, owners: Sequence[str], select: KeepSelected) -> FormModal:
    """Return the New milestone form, its project filled in with ``project``; a valid one adds the milestone."""
    fields = [
        FormField("project", "Project", project, kind="choice", required=True, source="project"),
        *milestone_fields(owners),
    ]

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        project, new = values["project"], milestone_values(values)

        def add(store: Store) -> object:
            created = milestones.add_milestone_from(store, project, new)
            select(created.id or 0)
            return created

        save_with(write, add, form, f"milestone {values['name']} added")

    return FormModal("New milestone", fields, submit)


def edit_milestone_form(write: Write, story: TimelineStory, owners: Sequence[str], select: KeepSelected) -> FormModal:
    """Return the form editing the milestone of ``story``; an emptied field clears what it held."""

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        changes, version = changes_only(form, milestone_values, values), form.version
        select(story.id)
        save_with(
            write,
            lambda store: milestones.edit_milestone(store, str(story.id), changes, if_version=version),
            form,
            "milestone saved",
        )

    return FormModal(
        f"Edit milestone {story.name}",
        milestone_fields(owners, story),
        submit,
        version=story.version,
        what=f"Milestone “{story.name}”",
    )


def milestone_done_form(write: Write, milestone_id: int, label: str, select: KeepSelected) -> FormModal:
    """Return the form marking milestone ``milestone_id`` done, on the day it asks (today unless changed)."""

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        select(milestone_id)
        save_with(
            write,
            lambda store: milestones.mark_done(store, str(milestone_id), day=values["date"]),
            form,
            f"{label} marked done",
        )

    fields = [FormField("date", "Done on", "today", kind="date", required=True)]
    return FormModal(f"Mark “{label}” done", fields, submit)
