"""The command palette: every screen, every action of the current screen, every theme."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from supportpm_tui.ui.app import SupportPMApp


class SupportPMCommands(Provider):
    """Commands built from the app's screens, the screen's bindings and the themes."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app: SupportPMApp = self.app  # type: ignore[assignment]
        commands: list[tuple[str, Callable[[], object], str]] = []
        for number, (mode, title) in enumerate(app.SCREENS_IN_ORDER, start=1):
            commands.append((f"Go to {title}", partial(app.switch_mode, mode), f"key {number}"))
        screen = app.screen
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.action in seen or binding.action.startswith("switch_mode"):
                continue
            seen.add(binding.action)
            key = app.get_key_display(binding)
            commands.append((binding.description, partial(screen.run_action, binding.action), f"key {key}"))
        commands.append(("New person…", app.action_new_person, "add someone to the team"))
        commands.append(("New project…", app.action_new_project, "add a project"))
        for theme in app.THEME_CHOICES:
            commands.append((f"Theme: {theme}", partial(app.set_theme, theme), "remembered for next time"))
        return commands

    async def discover(self) -> Hits:
        for name, command, help_text in self._commands():
            yield DiscoveryHit(name, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, command, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), command, help=help_text)
