"""The filters shared by every screen: a project, and text with ``@person``, ``#tag``, ``key:ABC``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from supportpm_tui.core.text import clean_line, name_key


@dataclass(frozen=True)
class Filter:
    """What the user narrowed the dashboard to; empty matches everything."""

    project: str | None = None
    people: tuple[str, ...] = ()
    milestone: str | None = None
    tags: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    words: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        """Return whether anything is filtered."""
        return bool(self.project or self.people or self.tags or self.keys or self.words or self.milestone)

    @property
    def text(self) -> str:
        """Return the text part as the user would type it."""
        parts = [f"@{p}" for p in self.people] + [f"#{t}" for t in self.tags]
        parts += [f"key:{k}" for k in self.keys] + list(self.words)
        return " ".join(parts)

    def describe(self) -> str:
        """Return a short label for the header, e.g. ``project MFA · @ana #pilot``."""
        parts = []
        if self.project:
            parts.append(f"project {self.project}")
        if self.milestone:
            parts.append(f"milestone {self.milestone}")
        if self.text:
            parts.append(self.text)
        return " · ".join(parts)

    def with_text(self, text: str) -> Filter:
        """Return this filter with its text part replaced by ``text``."""
        parsed = parse_filter(text)
        return replace(self, people=parsed.people, tags=parsed.tags, keys=parsed.keys, words=parsed.words)

    def with_project(self, key: str | None) -> Filter:
        """Return this filter with the project part replaced."""
        return replace(self, project=key)

    def with_milestone(self, name: str | None) -> Filter:
        """Return this filter showing only the cards of milestone ``name``."""
        return replace(self, milestone=name)

    def wants_milestone(self, name: str | None) -> bool:
        """Return whether a card of milestone ``name`` passes the milestone part."""
        return self.milestone is None or name_key(name or "") == name_key(self.milestone)

    def wants_project(self, key: str | None) -> bool:
        """Return whether a thing of project ``key`` passes the project parts."""
        if self.project and (key or "").upper() != self.project:
            return False
        return not self.keys or (key or "").upper() in self.keys

    def wants_person(self, name: str | None) -> bool:
        """Return whether a thing of person ``name`` passes the ``@person`` part."""
        return not self.people or any(p in name_key(name or "") for p in self.people)

    def wants_tags(self, tags: Iterable[str]) -> bool:
        """Return whether a thing with ``tags`` passes the ``#tag`` part."""
        have = {name_key(t) for t in tags}
        return all(t in have for t in self.tags)

    def wants_words(self, *texts: str | None) -> bool:
        """Return whether every free word occurs in one of ``texts``."""
        if not self.words:
            return True
        haystack = name_key(" ".join(t for t in texts if t))
        return all(w in haystack for w in self.words)


def parse_filter(text: str) -> Filter:
    """Return the filter the text names: ``@ana #pilot key:MFA laptop`` (case-insensitive).

    A multi-word person is written with underscores or dots: ``@ana_silva``.
    """
    people: list[str] = []
    tags: list[str] = []
    keys: list[str] = []
    words: list[str] = []
    for token in clean_line(text).split():
        folded = name_key(token)  # every script folds as ASCII does
        if token.startswith("@") and len(token) > 1:
            people.append(name_key(token[1:].replace("_", " ").replace(".", " ")))
        elif token.startswith("#") and len(token) > 1:
            tags.append(folded[1:])
        elif token.lower().startswith("key:") and len(token) > 4:
            keys.append(token[4:].upper())
        else:
            words.append(folded)
    return Filter(None, tuple(people), None, tuple(tags), tuple(keys), tuple(words))
