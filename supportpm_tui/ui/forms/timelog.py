"""The form logging time on a card: hours, day, whose time, a note, and whether the remaining hours go down."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from supportpm_tui.core import clock
from supportpm_tui.ui.forms import KeepSelected, Write, save_with
from supportpm_tui.ui.modals.form import FormField, FormModal

if TYPE_CHECKING:
    from supportpm_tui.services.board import CardView
    from supportpm_tui.services.connection import Store

YES_NO = ["no", "yes"]


def log_time_fields(card: CardView) -> list[FormField]:
    """Return the fields logging time on ``card``: today, its assignee's, the remaining hours left as they are."""
    return [
        FormField("hours", "Hours", kind="number", required=True, low=0.01, high=24, placeholder="e.g. 1.5"),
        FormField(
            "day",
            "Day",
            clock.today().isoformat(),
            kind="date",
            required=True,
            placeholder="today, mon, -2d",
            aliases=("date",),
        ),
        FormField(
            "person",
            "Whose time",
            card.assignee or "",
            kind="choice",
            required=True,
            source="person",
            placeholder="the card has no assignee: choose who",
        ),
        FormField("note", "Note"),
        FormField(
            "reduce",
            f"Lower the remaining hours ({card.remaining:g} h) by as much?",
            "no",
            kind="choice",
            required=True,
            choices=YES_NO,
        ),
    ]


def log_time_form(write: Write, card: CardView, select: KeepSelected) -> FormModal:
    """Return the form logging time on ``card``; a valid one logs it through ``write`` (undoable)."""
    from supportpm_tui.services import timelog

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        hours, day, person, note = values["hours"], values["day"], values["person"], values["note"] or ""
        reduce = values["reduce"] == "yes"

        def log(store: Store) -> object:
            entry = timelog.log_time(store, card.id, hours, person=person, day=day, note=note, reduce_remaining=reduce)
            select(card.id)
            return entry

        save_with(write, log, form, f"{hours:g} h logged on #{card.id}")

    return FormModal(f"Log time on #{card.id} {card.title}", log_time_fields(card), submit, what=f"Card #{card.id}")
