"""Who works on a project: what an export for one project keeps of the team's capacity, leave and duty."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from supportpm_tui.storage.database import Store


def people_on_project(store: Store, key: str) -> set[str]:
    """Return the names of the people who work on project ``key``: its owner, its milestones' owners and the
    assignees of its cards not yet done."""
    from sqlmodel import col, select

    from supportpm_tui.services import base
    from supportpm_tui.storage.models import Milestone, Person, Task

    with store.read() as session:
        project = base.find_project(session, key)
        ids = {project.owner_id}
        ids |= set(session.exec(select(Milestone.owner_id).where(Milestone.project_id == project.id)).all())
        tasks = select(Task.assignee_id).where(Task.project_id == project.id, col(Task.column) != "done")
        ids |= set(session.exec(tasks).all())
        ids.discard(None)
        if not ids:
            return set()
        return set(session.exec(select(Person.name).where(col(Person.id).in_(ids))).all())
