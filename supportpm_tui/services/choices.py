"""What a form offers to choose from: people, project keys, each project's milestones, the cards."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlmodel import select

from supportpm_tui.services.base import split_tags
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import Milestone, Person, Project, Task


@dataclass(frozen=True)
class Choices:
    """The names a form's choice fields list, each sorted as a person would look for it.

    ``people`` puts the active people first, then the inactive ones (named in
    ``inactive``); ``skills`` maps a person to their skills; ``milestones`` maps
    a project key to its milestones by due date; ``cards`` are (id, title) by id.
    """

    people: list[str] = field(default_factory=list)
    inactive: set[str] = field(default_factory=set)
    skills: dict[str, list[str]] = field(default_factory=dict)
    projects: list[str] = field(default_factory=list)
    milestones: dict[str, list[str]] = field(default_factory=dict)
    cards: list[tuple[int, str]] = field(default_factory=list)


def form_choices(store: Store) -> Choices:
    """Return everything a form may offer to choose from, in one read."""
    with store.read() as session:
        people = session.exec(select(Person)).all()
        projects = session.exec(select(Project)).all()
        milestones = session.exec(select(Milestone)).all()
        cards = session.exec(select(Task.id, Task.title)).all()
    keys = {p.id: p.key for p in projects}
    by_project: dict[str, list[Milestone]] = {key: [] for key in keys.values()}
    for m in milestones:
        by_project.setdefault(keys.get(m.project_id, ""), []).append(m)
    ordered = sorted(people, key=lambda p: (not p.active, p.name.lower()))
    return Choices(
        people=[p.name for p in ordered],
        inactive={p.name for p in people if not p.active},
        skills={p.name: split_tags(p.skills) for p in people},
        projects=sorted(keys.values()),
        milestones={key: [m.name for m in sorted(ms, key=_by_due)] for key, ms in by_project.items()},
        cards=sorted((int(tid), title) for tid, title in cards if tid is not None),
    )


def words_of(*texts: str) -> set[str]:
    """Return the lower-case words of ``texts`` (tags and titles), split on anything but letters and digits."""
    return {w for text in texts for w in re.split(r"[^\w]+", text.lower()) if w}


def matching_skills(skills: Sequence[str], words: set[str]) -> list[str]:
    """Return those of ``skills`` that name one of ``words`` (a skill of several words needs all of them)."""
    return [s for s in skills if words_of(s) and words_of(s) <= words]


def rank_by_skill(people: Sequence[str], skills: Mapping[str, Sequence[str]], words: set[str]) -> list[str]:
    """Return ``people`` with those whose skills match ``words`` first, most matches first; else as they were."""
    order = {name: i for i, name in enumerate(people)}
    return sorted(people, key=lambda n: (-len(matching_skills(skills.get(n, ()), words)), order[n]))


def _by_due(milestone: Milestone) -> tuple[dt.date, str]:
    return milestone.due_date, milestone.name.lower()
