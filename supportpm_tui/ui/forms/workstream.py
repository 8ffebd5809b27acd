"""The small forms for a project's workstreams: add, rename, and move to another place in the order."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from supportpm_tui.ui.forms import Write, save_with
from supportpm_tui.ui.modals.form import FormField, FormModal

if TYPE_CHECKING:
    from supportpm_tui.services.connection import Store


def new_workstream_form(write: Write, project: str) -> FormModal:
    """Return the New workstream form; a valid one adds it at the end of the project's workstreams."""
    from supportpm_tui.services import projects

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        name = values["name"]
        save_with(write, lambda store: projects.add_workstream(store, project, name), form, f"workstream {name} added")

    fields = [FormField("name", "Name (a phase, site or device group)", required=True, placeholder="Wave 1")]
    return FormModal(f"New workstream · {project}", fields, submit)


def rename_workstream_form(write: Write, project: str, name: str) -> FormModal:
    """Return the form that renames workstream ``name`` of ``project``."""
    from supportpm_tui.services import projects

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        new = values["name"]
        save_with(
            write,
            lambda store: projects.edit_workstream(store, project, name, new_name=new),
            form,
            f"workstream {name} renamed {new}",
        )

    return FormModal(f"Rename workstream {name} · {project}", [FormField("name", "Name", name, required=True)], submit)


def reorder(store: Store, project: str, names: Sequence[str], name: str, place: int) -> None:
    """Put workstream ``name`` at ``place`` (1 is first) among ``names``, in one change."""
    from supportpm_tui.services import projects

    order = [n for n in names if n != name]
    order.insert(place - 1, name)
    with store.write():
        for position, each in enumerate(order):
            projects.edit_workstream(store, project, each, position=position)


def move_workstream_form(write: Write, project: str, names: Sequence[str], name: str) -> FormModal:
    """Return the form that moves workstream ``name`` to another place among ``names``."""
    place = list(names).index(name) + 1

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        to = int(values["place"])
        save_with(
            write, lambda store: reorder(store, project, names, name, to), form, f"workstream {name} moved to {to}"
        )

    fields = [
        FormField(
            "place",
            f"Place (1–{len(names)}; 1 is first)",
            str(place),
            kind="integer",
            required=True,
            low=1,
            high=len(names),
            aliases=("order", "position"),
        )
    ]
    return FormModal(f"Move workstream {name} · {project}", fields, submit)
