"""The risk register tab: risks by score (``s`` re-sorts), the heat map whose cells filter them, and their keys."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Static

from supportpm_tui.core.vocabulary import RiskStatus
from supportpm_tui.services.risks import RiskRecord, close_risk, delete_risk, risk_to_issue
from supportpm_tui.ui.forms.risk import edit_risk_form, new_risk_form
from supportpm_tui.ui.modals.dialogs import ConfirmModal
from supportpm_tui.ui.widgets.heat_map import HeatMap
from supportpm_tui.ui.widgets.register_pane import RegisterPane, pane_bindings
from supportpm_tui.ui.wording import key_displays

if TYPE_CHECKING:
    from supportpm_tui.services.connection import Store
    from supportpm_tui.services.registers import RegisterData

# The orders ``s`` steps through: the register's own (score, then review date), then by review, project, owner.
SORTS: dict[str, Callable[[RiskRecord], tuple[Any, ...]] | None] = {
    "score": None,
    "review": lambda r: (r.review_date or "9999", -r.score),
    "project": lambda r: (r.project or "~", -r.score),
    "owner": lambda r: (r.owner or "~", -r.score),
}


class RiskRegister(RegisterPane[RiskRecord]):
    """Every risk with its score and band; the heat map counts the open and mitigating ones."""

    NAME = "risks"
    ENTITY = "risk"
    COLUMNS = ("Score", "Band", "Risk", "Project", "Owner", "L", "I", "Status", "Review", "Mitigation")
    BINDINGS = [
        *pane_bindings("risks"),
        Binding("c", "close", "Close risk", id="risks.close"),
        Binding("i", "to_issue", "To issue", id="risks.to_issue"),
        Binding("s", "sort", "Sort", show=False, id="risks.sort"),
    ]

    @dataclass
    class BecameIssue(Message):
        """A risk occurred: issue ``issue_id`` is the issue it became."""

        issue_id: int

    def __init__(self) -> None:
        super().__init__("Risk register", new_form=new_risk_form, edit_form=edit_risk_form, delete=delete_risk)
        self.cell: tuple[int, int] | None = None
        self.sort_by = "score"

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="heat-side"):
                yield HeatMap(id="heat")
                yield Static("", id="heat-note", markup=False)
            with Vertical():
                yield from super().compose()

    def rows_of(self, data: RegisterData) -> list[RiskRecord]:
        return data.risks

    def show(self, data: RegisterData) -> None:
        self.query_one(HeatMap).set_counts(data.heat)
        super().show(data)

    def visible_rows(self) -> list[RiskRecord]:
        """Return the risks of the chosen heat-map cell (or all), in the chosen order."""
        rows = [r for r in self.rows if self.cell is None or (r.likelihood, r.impact) == self.cell]
        order = SORTS[self.sort_by]
        return rows if order is None else sorted(rows, key=order)

    def redraw(self) -> None:
        super().redraw()
        note = f"sorted by {self.sort_by} (s)"
        if self.cell is not None:
            note = f"cell L{self.cell[0]} × I{self.cell[1]} (enter clears) · " + note
        self.query_one("#heat-note", Static).update(note)

    def cells(self, row: RiskRecord) -> list[Text]:
        style = f"bold {self.level(row.band)}"
        review = (row.review_date or "—") + (" !" if row.review_overdue else "")
        return [
            Text(f"{row.score:>2}", style=style),
            Text(row.band, style=style),
            Text(row.title),
            Text(row.project or ""),
            Text(row.owner or "no owner", style="" if row.owner else "italic"),
            Text(str(row.likelihood)),
            Text(str(row.impact)),
            Text(row.status),
            Text(review, style=f"bold {self.level('critical')}" if row.review_overdue else ""),
            Text(row.mitigation[:40]),
        ]

    def detail(self, row: RiskRecord) -> str:
        return (
            f"#{row.id} {row.title} — milestone: {row.milestone or '—'} · mitigation: {row.mitigation or '—'} · "
            f"contingency: {row.contingency or '—'} · trigger: {row.trigger or '—'}"
        )

    @on(HeatMap.CellChosen)
    def _cell_chosen(self, event: HeatMap.CellChosen) -> None:
        self.cell = event.cell
        if self.loaded:
            self.redraw()

    # --- keys ------------------------------------------------------------------------------

    def action_sort(self) -> None:
        """Order the register by score, review date, project or owner."""
        names = list(SORTS)
        self.sort_by = names[(names.index(self.sort_by) + 1) % len(names)]
        if self.loaded:
            self.redraw()

    def action_close(self) -> None:
        """Close the selected risk."""
        risk = self.selected()
        if risk is not None:
            self.pending = risk.id
            self.write(lambda store: close_risk(store, risk.id), success=f"risk #{risk.id} closed")

    def action_to_issue(self) -> None:
        """Ask, then mark the selected risk occurred, open its issue and show it."""
        risk = self.selected()
        if risk is None:
            return
        if risk.status == RiskStatus.occurred:
            self.convert(risk)  # the register says why not
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.convert(risk)

        details = (
            f"The risk becomes “occurred” (it is {risk.status} now) and a new issue is opened from it: "
            "the same title, description, project and owner, its contingency as the workaround, raised today.",
            f"Undo ({key_displays(self.app).get('app.undo', 'u')}) takes both back.",
        )
        question = f"Turn risk #{risk.id} “{risk.title}” into an issue?"
        self.app.push_screen(ConfirmModal(question, "To issue", details, variant="primary"), answered)

    def convert(self, risk: RiskRecord) -> None:
        """Mark ``risk`` occurred, open its issue and show it."""
        made: list[int] = []

        def convert(store: Store) -> object:
            issue = risk_to_issue(store, risk.id)
            made.append(issue.id or 0)
            return issue

        def shown() -> None:
            self.post_message(self.BecameIssue(made[0]))

        self.write(convert, done=shown, success=f"risk #{risk.id} became an issue")
