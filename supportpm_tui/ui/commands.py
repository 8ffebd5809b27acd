"""The command palette: every screen, every SupportPM action of the current screen, every theme.

Only SupportPM's own commands: the bindings with an id (so a keymap can name them), never Textual's
generic ones ("Scroll Up", "Move cursor left") or its system commands.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from supportpm_tui.ui.modes import MODES
from supportpm_tui.ui.themes import THEME_CHOICES


class SupportPMCommands(Provider):
    """Commands built from the app's screens, the screen's bindings and the themes."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app = self.app
        commands: list[tuple[str, Callable[[], object], str]] = []
        for mode in MODES:
            commands.append((f"Go to {mode.title}", partial(app.switch_mode, mode.name), f"key {mode.key}"))
        screen = app.screen
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if (
                not binding.id  # Textual's own (scroll, cursor, focus): not SupportPM's actions
                or not binding.description
                or binding.action in seen
                or binding.action.startswith("switch_mode")
            ):
                continue
            seen.add(binding.action)
            key = app.get_key_display(binding)
            run = partial(app.run_action, binding.action, active.node)  # in the namespace of the binding's owner
            commands.append((binding.description, run, f"key {key}"))
        commands.append(("New person…", partial(app.run_action, "new_person"), "add someone to the team"))
        commands.append(("New project…", partial(app.run_action, "new_project"), "add a project"))
        commands.append(
            ("Team public holidays…", partial(app.run_action, "team_holidays"), "country and subdivision, e.g. DE-BY")
        )
        commands.append(
            (
                "Import…",
                partial(app.run_action, "import_plan"),
                "from Jira, Redmine, Taskwarrior, MS Project, a calendar",
            )
        )
        if "prioritise" not in seen:
            commands.append(
                ("Prioritise projects", partial(app.run_action, "prioritise"), "impact × effort, urgency × importance")
            )
        if "leadership_summary" not in seen:
            commands.append(
                ("Leadership summary", partial(app.run_action, "leadership_summary"), "one page across projects")
            )
        commands.append(("Export…", partial(app.run_action, "export"), "the calendar, or a list as csv, json, md"))
        for theme in THEME_CHOICES:
            commands.append(
                (f"Theme: {theme}", partial(app.run_action, f"set_theme('{theme}')"), "remembered for next time")
            )
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
