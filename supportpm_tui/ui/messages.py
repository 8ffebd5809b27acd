"""Messages between the app and its screens: neither calls the other's methods.

Screens post requests (write this, open that entry, set this filter, I have
loaded); the app posts news to screens (the data changed, marks expired, show
this entry). Each is a small dataclass.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from textual.message import Message

from supportpm_tui.core.errors import UserError
from supportpm_tui.core.filtering import Filter
from supportpm_tui.readmodel.overview_entries import OverviewData

if TYPE_CHECKING:
    from supportpm_tui.services.connection import Store


# --- screens to the app ---------------------------------------------------------------------


class WriteOptions(TypedDict, total=False):
    """What to do once a write is through: ``done`` on success, ``failed`` with the error, ``success`` said."""

    done: Callable[[], None] | None
    failed: Callable[[UserError], None] | None
    success: str | None


@dataclass
class WriteRequested(Message):
    """Run ``action`` (a service write) off the UI thread; then ``done`` or ``failed``, and say ``success``."""

    action: Callable[[Store], Any]
    done: Callable[[], None] | None = None
    failed: Callable[[UserError], None] | None = None
    success: str | None = None


@dataclass
class OpenEntry(Message):
    """Open ``kind:id`` (a project, person, milestone, task, risk, issue or change request) where it lives."""

    ref: str


@dataclass
class FilterRequested(Message):
    """Apply ``filter`` to every screen, then show the screen of mode ``show`` (if given)."""

    filter: Filter
    show: str | None = None


@dataclass
class ScreenLoaded(Message):
    """A screen drew fresh data: a moment to prepare the next screen in the background."""


# --- the app to a screen --------------------------------------------------------------------


@dataclass
class DataChanged(Message, bubble=False):
    """The data or the filter changed (now at ``version``): reload and redraw the header."""

    version: int


@dataclass
class MarksExpired(Message, bubble=False):
    """Marks of changes made elsewhere have aged: redraw without them."""


@dataclass
class DayTurned(Message, bubble=False):
    """A new day began: the header's date and every late or overdue state move on."""


@dataclass
class EarlyOverview(Message, bubble=False):
    """The first Overview, computed before the database opened: show it until fresh data comes."""

    data: OverviewData


@dataclass
class ShowEntry(Message, bubble=False):
    """Select ``kind`` ``ident`` (a card, a milestone, a risk, an issue or a change request) on this screen."""

    kind: str
    ident: int
