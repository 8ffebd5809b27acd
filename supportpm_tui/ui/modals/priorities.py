"""Prioritise projects: R8's two matrices, impact × effort and urgency × importance, each project in its cell.

Each matrix has its first score across (low left, high right) and its second
up (high top, low bottom); a score of 3 or more is high. Moving a project to
the next cell edits one of its 1–5 scores by 2, at least across the line
between 2 and 3 (1 → 3, 2 → 4, 4 → 2, 5 → 2); every move is one change that
``u`` undoes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from supportpm_tui.core.errors import UserError
from supportpm_tui.services import projects
from supportpm_tui.services.projects import ProjectRecord, list_projects
from supportpm_tui.ui import messages
from supportpm_tui.ui.session import session_of

if TYPE_CHECKING:
    from supportpm_tui.services.connection import Store

HIGH = 3  # a score of 3 or more is high (R8)
LEFT_OUT = ("done", "cancelled")


@dataclass(frozen=True)
class Matrix:
    """One of R8's matrices: the score across, the score up, and its four cells by (across high, up high)."""

    name: str
    title: str
    across: str  # the score that grows to the right
    up: str  # the score that grows upwards
    cells: dict[tuple[bool, bool], tuple[str, str]]  # (across high, up high) → (quadrant, what the cell says)

    def cell_of(self, project: ProjectRecord) -> tuple[bool, bool]:
        """Return the cell ``project`` is placed in: whether its score across, and its score up, are high."""
        return getattr(project, self.across) >= HIGH, getattr(project, self.up) >= HIGH


MATRICES = (
    Matrix(
        "impact_effort",
        "Impact × effort",
        "effort",
        "impact",
        {
            (False, True): ("quick_win", "Quick wins"),
            (True, True): ("major_project", "Major projects"),
            (False, False): ("fill_in", "Fill-ins"),
            (True, False): ("thankless", "Thankless"),
        },
    ),
    Matrix(
        "urgency_importance",
        "Urgency × importance",
        "urgency",
        "importance",
        {
            (False, True): ("schedule", "Schedule"),
            (True, True): ("do_now", "Do now"),
            (False, False): ("drop", "Drop"),
            (True, False): ("delegate", "Delegate"),
        },
    ),
)

# The cells in reading order: top left, top right, bottom left, bottom right.
READING = ((False, True), (True, True), (False, False), (True, False))


def edit_score(store: Store, key: str, score: str, value: int) -> object:
    """Set one of project ``key``'s R8 scores (impact, effort, urgency or importance) to ``value``: one change."""
    if score == "impact":
        return projects.edit_project(store, key, impact=value)
    if score == "effort":
        return projects.edit_project(store, key, effort=value)
    if score == "urgency":
        return projects.edit_project(store, key, urgency=value)
    return projects.edit_project(store, key, importance=value)


def moved_score(score: int, higher: bool) -> int:
    """Return ``score`` moved by 2 towards high (or low), at least across the line between 2 and 3, within 1–5."""
    if higher:
        return min(5, max(score + 2, HIGH))
    return max(1, min(score - 2, HIGH - 1))


class PrioritiesModal(ModalScreen[None]):
    """R8's two matrices with every open project (not done or cancelled) placed by its scores.

    ``PrioritiesModal(project=None, matrix="impact_effort")``: ``project`` is
    the key of the project selected first (else the first one); ``matrix`` the
    one shown first, ``impact_effort`` or ``urgency_importance``. j/k (or the
    arrows) select a project, shift+arrows (or H/J/K/L) move it to the next cell
    by editing its scores, u undoes a move, tab shows the other matrix, escape closes.
    """

    DEFAULT_CSS = """
    PrioritiesModal #priorities { width: 110; max-width: 98%; }
    PrioritiesModal #priorities-grid {
        grid-size: 2 2; grid-gutter: 0 1; height: auto; min-height: 12;
    }
    PrioritiesModal .priority-cell {
        border: round $primary-darken-1; padding: 0 1; height: auto; min-height: 6;
    }
    PrioritiesModal .priority-cell.selected { border: round $accent; }
    PrioritiesModal .priorities-axis { color: $text-muted; }
    """

    BINDINGS = [
        Binding("down,j", "cursor(1)", "Next project", id="priorities.next"),
        Binding("up,k", "cursor(-1)", "Previous project", id="priorities.previous"),
        Binding("shift+right,L", "shift(True, 1)", "Higher across", id="priorities.move_right"),
        Binding("shift+left,H", "shift(True, -1)", "Lower across", id="priorities.move_left"),
        Binding("shift+up,K", "shift(False, 1)", "Higher up", id="priorities.move_up"),
        Binding("shift+down,J", "shift(False, -1)", "Lower up", id="priorities.move_down"),
        Binding("tab", "switch", "Other matrix", id="priorities.switch"),
        Binding("u", "undo", "Undo", id="priorities.undo"),
        Binding("ctrl+r,U", "redo", "Redo", id="priorities.redo"),
        Binding("escape,q", "close", "Close", id="priorities.close"),
    ]

    def __init__(self, project: str | None = None, matrix: str = "impact_effort") -> None:
        super().__init__()
        self.wanted = project.upper() if project else None
        self.matrix = next((m for m in MATRICES if m.name == matrix), MATRICES[0])
        self.projects: list[ProjectRecord] = []
        self.cursor = 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="priorities"):
            yield Static("", classes="dialog-title", id="priorities-title", markup=False)
            yield Static("", classes="priorities-axis", id="priorities-up", markup=False)
            with Grid(id="priorities-grid"):
                for across, up in READING:
                    yield Static("", classes="priority-cell", id=f"cell-{int(across)}{int(up)}", markup=False)
            yield Static("", classes="priorities-axis", id="priorities-across", markup=False)
            yield Static("", id="priorities-selected", markup=False)
            yield Static("", classes="field-hint", id="priorities-keys", markup=False)

    def on_mount(self) -> None:
        self.reload()

    # --- data -------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="priorities", exit_on_error=False)
    def reload(self) -> None:
        """Read the projects again and redraw (after each move, and when opened)."""
        try:
            records = list_projects(session_of(self.app).store)
        except UserError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._loaded, [p for p in records if p.status not in LEFT_OUT])

    def _loaded(self, records: list[ProjectRecord]) -> None:
        selected = self.wanted or (self.selected.key if self.selected is not None else None)
        self.projects = records
        self._order(selected)
        self.wanted = None
        self.show()

    def _order(self, selected: str | None) -> None:
        """Put the projects in reading order of the matrix shown (cell by cell, by key), keeping ``selected``."""
        place = {cell: i for i, cell in enumerate(READING)}
        self.projects.sort(key=lambda p: (place[self.matrix.cell_of(p)], p.key))
        keys = [p.key for p in self.projects]
        if selected in keys:
            self.cursor = keys.index(selected)
        self.cursor = max(0, min(self.cursor, len(self.projects) - 1))

    @property
    def selected(self) -> ProjectRecord | None:
        """Return the selected project."""
        return self.projects[self.cursor] if 0 <= self.cursor < len(self.projects) else None

    def cell_keys(self, quadrant: str) -> list[str]:
        """Return the keys of the projects in ``quadrant`` of the matrix shown, as they are listed."""
        cells = {q: cell for cell, (q, _) in self.matrix.cells.items()}
        return [p.key for p in self.projects if self.matrix.cell_of(p) == cells[quadrant]]

    # --- drawing ----------------------------------------------------------------------------

    def show(self) -> None:
        """Draw the matrix shown, the selected project and the keys."""
        matrix, selected = self.matrix, self.selected
        other = next(m for m in MATRICES if m is not matrix)
        self.query_one("#priorities-title", Static).update(
            f"Prioritise projects — {matrix.title}   (tab: {other.title.lower()})"
        )
        self.query_one("#priorities-up", Static).update(f"↑ {matrix.up} (high: 3–5, top)")
        self.query_one("#priorities-across", Static).update(f"{matrix.across} → (low 1–2 left, high 3–5 right)")
        for cell, (_, label) in matrix.cells.items():
            text = Text(label, style="bold")
            shown = [p for p in self.projects if matrix.cell_of(p) == cell]
            text.append(f"  {len(shown)}\n")
            for project in shown:
                scores = (
                    f"{matrix.up[0]}{getattr(project, matrix.up)} {matrix.across[0]}{getattr(project, matrix.across)}"
                )
                line = f"{project.key:<8} {scores}  {project.name}"
                text.append(line[:48] + "\n", style="reverse" if project is selected else "")
            if not shown:
                text.append("none\n", style="italic")
            widget = self.query_one(f"#cell-{int(cell[0])}{int(cell[1])}", Static)
            widget.update(text)
            widget.set_class(selected is not None and matrix.cell_of(selected) == cell, "selected")
        if selected is None:
            about = "No open projects to prioritise."
        else:
            about = (
                f"{selected.key} {selected.name}: impact {selected.impact}, effort {selected.effort}, "
                f"urgency {selected.urgency}, importance {selected.importance}"
            )
        self.query_one("#priorities-selected", Static).update(about)
        self.query_one("#priorities-keys", Static).update(
            f"j/k or ↑/↓ select · shift+→/← (L/H) {matrix.across} higher/lower · "
            f"shift+↑/↓ (K/J) {matrix.up} higher/lower · each move changes a score by 2, across 2|3 · "
            "u undoes a move, ctrl+r redoes · tab other matrix · escape closes"
        )

    # --- keys -------------------------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        """Select the next or the previous project (reading the cells left to right, top to bottom)."""
        if self.projects:
            self.cursor = (self.cursor + step) % len(self.projects)
            self.show()

    def action_switch(self) -> None:
        """Show the other matrix, the same project selected."""
        selected = self.selected
        self.matrix = next(m for m in MATRICES if m is not self.matrix)
        self._order(selected.key if selected is not None else None)
        self.show()

    def action_shift(self, across: bool, step: int) -> None:
        """Move the selected project to the next cell: its score across (or up) higher or lower, one change."""
        project = self.selected
        if project is None:
            return
        score_name = self.matrix.across if across else self.matrix.up
        score = int(getattr(project, score_name))
        higher = step > 0
        if (score >= HIGH) == higher:
            where = "high" if higher else "low"
            self.notify(f"{project.key}'s {score_name} ({score}) is {where} already.", timeout=3)
            return
        new = moved_score(score, higher)
        key = project.key

        def move(store: Store) -> object:
            return edit_score(store, key, score_name, new)

        self.app.post_message(
            messages.WriteRequested(move, done=self._moved, success=f"{key}: {score_name} {score} → {new}")
        )

    def _moved(self) -> None:
        self.reload()

    @on(messages.DataChanged)
    def _data_changed(self) -> None:
        self.reload()

    async def action_undo(self) -> None:
        """Undo the dashboard's last change (a move here, or what was done before)."""
        await self.app.run_action("undo")

    async def action_redo(self) -> None:
        """Redo what was last undone."""
        await self.app.run_action("redo")

    def action_close(self) -> None:
        """Close the matrices."""
        self.dismiss(None)
