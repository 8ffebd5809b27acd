"""The forms for a card: new, edit, the reason it is blocked, and the hours left when it comes back from done."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from supportpm_tui.core.unset import UNSET, Unset
from supportpm_tui.core.vocabulary import Priority, TaskKind
from supportpm_tui.services import tasks
from supportpm_tui.services.records import TaskRecord
from supportpm_tui.ui.forms import KeepSelected, Write, changes_only, save_with, shown_values
from supportpm_tui.ui.modals.dialogs import TextPromptModal
from supportpm_tui.ui.modals.form import FormField, FormModal, in_order

if TYPE_CHECKING:
    from supportpm_tui.services.connection import Store

PRIORITIES = [p.value for p in Priority]
KINDS = [k.value for k in TaskKind]


def task_fields(
    projects: Sequence[str], people: Sequence[str], card: TaskRecord | None = None, project: str = ""
) -> list[FormField]:
    """Return the fields of a card: filled in from ``card`` to edit it, else empty but for ``project``.

    The project, milestone (of the project chosen), assignee, priority and kind
    are chosen from lists; an edit also shows why the card is blocked and the
    cards it waits for.
    """
    shown = {"project": project}
    if card is not None:
        shown = shown_values(card) | {"tags": " ".join(card.tags)}

    def text(name: str) -> str:
        return shown.get(name, "")

    fields = [
        FormField("title", "Title", text("title"), required=True),
        FormField(
            "project", "Project", text("project"), kind="choice", required=True, choices=projects, source="project"
        ),
        FormField(
            "milestone",
            "Milestone (of the project)",
            text("milestone"),
            kind="choice",
            source="milestone",
            follows="project",
        ),
        FormField(
            "assignee",
            "Assignee",
            text("assignee"),
            kind="choice",
            choices=people,
            source="person",
            ranked_by=("title", "tags"),
        ),
        FormField("start", "Start", text("start"), kind="date", placeholder="2026-12-01, today, fri, +3d"),
        FormField("due", "Due", text("due"), kind="date", placeholder="empty: the milestone's date", ask_if_past=True),
        FormField("estimate", "Estimate (hours)", text("estimate"), kind="number", low=0, high=10_000),
        FormField(
            "remaining",
            "Remaining (hours)",
            text("remaining"),
            kind="number",
            low=0,
            high=10_000,
            placeholder="empty: the estimate",
        ),
        FormField(
            "priority", "Priority", text("priority") or "normal", kind="choice", required=True, choices=PRIORITIES
        ),
        FormField("kind", "Kind", text("kind") or "task", kind="choice", required=True, choices=KINDS),
        FormField("tags", "Tags", text("tags"), placeholder="space or comma separated"),
        FormField("description", "Description", text("description")),
    ]
    if card is not None:
        blocked = card.column == "blocked"
        fields += [
            FormField(
                "blocked_reason",
                "Blocked because",
                card.blocked_reason,
                required=blocked,
                disabled=not blocked and not card.blocked_reason,
                placeholder="waiting for …" if blocked else "only for a blocked card",
                aliases=("reason",),
            ),
            FormField(
                "blockers",
                "Waits for (cards)",
                ", ".join(f"#{b}" for b in card.blockers),
                kind="choices",
                source="card",
                scope=str(card.id),
                placeholder="#12, #14 — type a number or a title",
                aliases=("blocked by",),
            ),
        ]
    return fields


def task_values(values: dict[str, Any]) -> tasks.TaskValues:
    """Return what a card's form holds as the card's values: an empty field clears (a new card keeps the default).

    An empty estimate is none (0 hours); empty remaining hours are the estimate, as the field says.
    """
    blockers = values.get("blockers", UNSET)
    reason = values.get("blocked_reason", UNSET)
    return tasks.TaskValues(
        title=values["title"],
        project=values["project"],
        milestone=values["milestone"],
        assignee=values["assignee"],
        start=values["start"],
        due=values["due"],
        estimate=values["estimate"] or 0.0,  # empty: none estimated
        remaining=values["remaining"] if values["remaining"] is not None else values["estimate"] or 0.0,
        priority=values["priority"],
        kind=values["kind"],
        tags=(values["tags"] or "").replace(",", " ").split(),
        description=values["description"],
        blocked_reason=reason,
        blockers=blockers if isinstance(blockers, Unset) else [int(ref.lstrip("#")) for ref in blockers or []],
    )


def new_task_form(
    write: Write,
    column: str,
    column_title: str,
    project: str,
    projects: Sequence[str],
    people: Sequence[str],
    select: KeepSelected,
) -> FormModal:
    """Return the New card form for ``column``; a valid one adds the card (a blocked one to the backlog)."""
    target = column if column != "blocked" else "backlog"

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        new = task_values(values)

        def add(store: Store) -> object:
            card = tasks.add_task_from(store, new, target)
            select(card.id or 0)
            return card

        save_with(write, add, form, "card added")

    fields = task_fields(projects, people, project=project)
    return FormModal(f"New card in {column_title}", fields, submit, rules=[in_order("start", "due")])


def edit_task_form(
    write: Write, card: TaskRecord, projects: Sequence[str], people: Sequence[str], select: KeepSelected
) -> FormModal:
    """Return the form editing ``card``; an emptied field clears what it held."""

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        changes = changes_only(form, task_values, values)
        select(card.id)
        version = form.version
        save_with(write, lambda store: tasks.edit_task(store, card.id, changes, version), form, f"#{card.id} saved")

    return FormModal(
        f"Edit card #{card.id}",
        task_fields(projects, people, card),
        submit,
        rules=[in_order("start", "due")],
        version=card.version,
        what=f"Card #{card.id}",
    )


def block_reason_prompt(card_id: int) -> TextPromptModal:
    """Return the question why card ``card_id`` is blocked; an answer is needed."""
    return TextPromptModal(f"Why is #{card_id} blocked?", placeholder="waiting for …", required=True)


def remaining_hours_form(write: Write, card_id: int, column: str, column_title: str, select: KeepSelected) -> FormModal:
    """Return the form moving done card ``card_id`` back to ``column``: it asks the hours still remaining."""

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        select(card_id)
        save_with(
            write,
            lambda store: tasks.move_task(store, card_id, column, remaining=values["remaining"]),
            form,
            f"#{card_id} moved to {column_title.lower()}",
        )

    fields = [
        FormField(
            "remaining", "Hours still remaining", kind="number", required=True, low=0, high=10_000, placeholder="e.g. 4"
        )
    ]
    return FormModal(f"#{card_id} was done — how many hours remain?", fields, submit)
