"""Screens prepared ahead of time: each screen built and loaded in the background, one at a time.

Once the first screen shows, the screens not opened yet are built (composed
and styled without showing) and loaded; after a change, those that show old
data reload. Each step starts when the previous one has drawn, so at most one
screen loads behind the one in view and switching to any screen shows it at
once with current data. Garbage is collected in the idle moment after.
Right after a change the screens behind wait a moment (:data:`QUIET_SECONDS`),
so the screen in view, and the next key, have the machine to themselves.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

from textual.app import App, ScreenStackError
from textual.screen import Screen

from supportpm_tui.ui import textual_adapter
from supportpm_tui.ui.modes import MODES
from supportpm_tui.ui.screens.base import BaseScreen
from supportpm_tui.ui.session import DashboardSession

QUIET_SECONDS = 0.3
"""How long after a change the screens behind wait before they reload."""
HELD_FULL_COLLECTIONS = 1000
"""While the dashboard runs, Python's own full collection waits for this many young ones (its default: 10).

A full collection walks every object not set aside since the last collection
in an idle moment: on the large sets tens of milliseconds to a few hundred,
taken in the middle of whatever runs then, most often drawing a moved card.
:meth:`ScreenPreparation.collect_garbage` makes that collection while idle
instead; the young generations are still collected as usual, and the held
threshold still bounds what waits when the dashboard is never idle.
"""
HELD_MIDDLE_COLLECTIONS = 1000
"""Right after a change, Python's middle collection waits for this many young ones (its default: 10).

A change and its redraw make tens of thousands of objects that live on (the
new plan, the new cards); each middle collection walks those made since the
last, 2–6 ms four or five times a change, in the middle of drawing the
moved card. Held, the work is left to the idle collection that follows the
reload; a held threshold that no reload follows is given back after
:data:`MIDDLE_HELD_SECONDS`.
"""
MIDDLE_HELD_SECONDS = 5.0
GROWTH_FOR_ALL = 1.25
"""An idle collection walks every object again once those set aside have grown by a quarter since it last did.

Objects set aside that are freed as usual leave the count; what grows it is
new data kept and cyclic garbage set aside with it, which only a walk of
everything frees.
"""


class SetAside:
    """The objects this process has set aside from garbage collection (``gc.freeze``), and when to walk them all.

    Python counts the objects set aside only by walking them all
    (``gc.get_freeze_count``: about 0.1 s a million here); an idle collection
    counts the survivors it sets aside instead (only those made since the
    last). That tally never counts objects set aside that were freed as
    usual since, so it overstates; Python's own count is read when
    the tally says a quarter more than at the last walk of everything, to
    know whether it truly is.
    """

    def __init__(self) -> None:
        self.count = 0  # about how many objects are set aside (never many fewer than truly are)
        self.walked = 0  # how many were set aside after the last collection that walked every object

    def collect(self) -> None:
        """Collect garbage and set the survivors aside; every object is walked once those set aside have grown."""
        if self.count > self.walked * GROWTH_FOR_ALL:
            self.count = gc.get_freeze_count()
        if self.count > self.walked * GROWTH_FOR_ALL:
            gc.unfreeze()
            gc.collect()
            self.count = self.walked = self._set_aside()
            return
        walks_all = self.count == 0  # nothing set aside: this collection walks every object
        gc.collect()
        self.count += self._set_aside()
        if walks_all:
            self.walked = self.count

    @staticmethod
    def _set_aside() -> int:
        """Set aside every object tracked (the survivors of the collection just made); return about how many."""
        survivors = len(gc.get_objects())
        gc.freeze()
        return survivors


SET_ASIDE = SetAside()
"""One for the process: what is set aside is the process's, whichever dashboard set it aside."""


class ScreenPreparation:
    """Prepares the dashboard's screens in the background, and collects garbage while idle."""

    def __init__(
        self,
        app: App[Any],
        session: DashboardSession,
        enabled: bool = True,
        when_all_built: Callable[[list[BaseScreen[Any]]], None] | None = None,
    ) -> None:
        self.app = app
        self.session = session
        self.enabled = enabled
        self.garbage_due = False
        self.when_all_built = when_all_built  # called once, the first time every screen is built
        self.quiet_until = 0.0
        self._thresholds: tuple[int, int, int] | None = None
        self._middle_held_until = 0.0

    def hold_full_collections(self) -> None:
        """Leave full garbage collections to the idle moments (see :data:`HELD_FULL_COLLECTIONS`)."""
        if self._thresholds is None:
            self._thresholds = gc.get_threshold()
            young, middle, _ = self._thresholds
            gc.set_threshold(young, middle, HELD_FULL_COLLECTIONS)

    def release_full_collections(self) -> None:
        """Give Python back its own full collections (the dashboard has ended)."""
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None

    def hold(self) -> None:
        """The data just changed: prepare nothing behind the screen in view for a moment.

        Middle garbage collections wait for the idle collection after the
        reload too (see :data:`HELD_MIDDLE_COLLECTIONS`).
        """
        self.quiet_until = time.monotonic() + QUIET_SECONDS
        if self._thresholds is not None:
            young, _, _ = self._thresholds
            gc.set_threshold(young, HELD_MIDDLE_COLLECTIONS, HELD_FULL_COLLECTIONS)
            self._middle_held_until = time.monotonic() + MIDDLE_HELD_SECONDS
            self.app.set_timer(MIDDLE_HELD_SECONDS + 0.1, self._give_back_middle)

    def _give_back_middle(self, force: bool = False) -> None:
        """Let middle collections run as usual again (when no later change holds them still)."""
        if self._thresholds is not None and (force or time.monotonic() >= self._middle_held_until):
            young, middle, _ = self._thresholds
            gc.set_threshold(young, middle, HELD_FULL_COLLECTIONS)

    def screen_loaded(self) -> None:
        """A screen drew fresh data: use the idle moment to prepare the next screen."""
        self.garbage_due = True
        if self.enabled and self.session.ready:
            self.app.call_after_refresh(self.prepare_next)
        else:
            self.app.call_after_refresh(self.collect_garbage)

    def prepare_next(self) -> None:
        """Build one screen not opened yet, or reload one that shows old data, in the background."""
        if not self.app.is_running:
            return  # closing down: Textual is going through the screens
        wait = self.quiet_until - time.monotonic()
        if wait > 0:
            self.app.set_timer(wait, self.prepare_next)
            return
        prepared = self.prepared_screens()
        if any(s.loading_version > s.loaded_version for s in prepared):
            return  # one step at a time: the screen loading now says when it is done
        current = self.current_screen()
        for screen in prepared:
            if screen is not current and _to_draw(screen):  # loaded out of sight, and settled since: drawn now
                screen.drawn_version = screen.loaded_version
                textual_adapter.render_hidden(screen)
                self.app.call_after_refresh(self.prepare_next)
                return
        for mode in MODES:
            if not self.is_prepared(mode.name):
                textual_adapter.prepare_mode(self.app, mode.name)
                return
        if current is None:
            return  # closing down
        if self.when_all_built is not None:
            announce, self.when_all_built = self.when_all_built, None
            announce(prepared)
        for screen in prepared:
            if screen is not current and screen.loaded_version != self.session.data_version:
                screen.reload()
                return
        self.collect_garbage()

    def collect_garbage(self) -> None:
        """Collect garbage now, while idle, and set the survivors aside.

        Each load replaces thousands of objects; left to itself Python's full
        collection would run at a random moment, often in the middle of
        drawing a screen. Collecting here and freezing what survives keeps
        later automatic collections small.

        Most times only what was made since the last time is looked at: what
        was set aside before stays aside (on the history set walking all of it
        takes most of a second). Once what is set aside has grown by
        :data:`GROWTH_FOR_ALL` since it was last walked whole, everything is.
        """
        if not self.garbage_due:
            return
        self.garbage_due = False
        SET_ASIDE.collect()
        self._give_back_middle(force=True)

    def all_ready(self) -> bool:
        """Return whether every screen is built, shows the current data, and the app is idle."""
        screens = self.prepared_screens()
        current = self.current_screen()
        return (
            not self.garbage_due
            and len(screens) == len(MODES)
            and all(s.loaded_version == self.session.data_version for s in screens)
            and not any(_to_draw(s) for s in screens if s is not current)
        )

    def is_prepared(self, mode: str) -> bool:
        """Return whether ``mode``'s screen is built."""
        try:
            return bool(self.app.get_screen_stack(mode))
        except KeyError:
            return False

    def screen_of(self, mode: str) -> BaseScreen[Any]:
        """Return ``mode``'s screen, building it when it is not yet."""
        if not self.is_prepared(mode):
            textual_adapter.prepare_mode(self.app, mode)
        screen = self.app.get_screen_stack(mode)[0]
        assert isinstance(screen, BaseScreen)
        return screen

    def prepared_screens(self) -> list[BaseScreen[Any]]:
        """Return the screens built so far, in the order of their keys."""
        screens = []
        for mode in MODES:
            if self.is_prepared(mode.name):
                screen = self.app.get_screen_stack(mode.name)[0]
                if isinstance(screen, BaseScreen):
                    screens.append(screen)
        return screens

    def current_screen(self) -> Screen[Any] | None:
        """Return the screen in view, or ``None`` once the app is closing (timers may still fire)."""
        try:
            return self.app.screen
        except ScreenStackError:
            return None

    def base_screen(self) -> BaseScreen[Any] | None:
        """Return the dashboard screen in view, under any dialog open over it."""
        if self.current_screen() is None:
            return None
        return next((s for s in reversed(self.app.screen_stack) if isinstance(s, BaseScreen)), None)


def _to_draw(screen: BaseScreen[Any]) -> bool:
    """Return whether ``screen`` is to be drawn out of sight: loaded since it was last drawn, and drawn ahead."""
    return screen.DRAWN_AHEAD and screen.loaded_version >= 0 and screen.drawn_version != screen.loaded_version
