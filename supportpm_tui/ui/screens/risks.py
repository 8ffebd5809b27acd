"""Risks (key 4): the risk register with its heat map, the issue log and change requests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from supportpm_tui.core.errors import UserError
from supportpm_tui.services import change_requests, issues, risks
from supportpm_tui.services.change_requests import ChangeRequestRecord, MilestoneMove
from supportpm_tui.services.issues import IssueRecord
from supportpm_tui.services.registers import RegisterData, load_registers
from supportpm_tui.services.risks import RiskRecord
from supportpm_tui.ui import messages
from supportpm_tui.ui.forms import Write
from supportpm_tui.ui.forms.change import edit_change_form, new_change_form
from supportpm_tui.ui.forms.issue import edit_issue_form, new_issue_form
from supportpm_tui.ui.forms.risk import edit_risk_form, new_risk_form
from supportpm_tui.ui.modals.dialogs import ConfirmModal, TextPromptModal
from supportpm_tui.ui.screens.base import BaseScreen
from supportpm_tui.ui.widgets.heat_map import HeatMap

TABS = ("tab-risks", "tab-issues", "tab-changes")
SORTS = ("score", "review", "project", "owner")
BAND_LEVEL = {"low": "success", "medium": "secondary", "high": "warning", "critical": "error"}
TAB_ACTIONS = {
    "close": "tab-risks",
    "to_issue": "tab-risks",
    "sort": "tab-risks",
    "approve": "tab-changes",
    "reject": "tab-changes",
    "defer": "tab-changes",
}


class RisksScreen(BaseScreen[RegisterData]):
    """Risks, issues and change requests, each a tab; decisions are made here."""

    SCREEN_NAME = "Risks"
    LEGEND = (
        "score = likelihood × impact: low 1–4 · medium 5–9 · high 10–14 · critical 15–25; "
        "! review overdue; the heat map counts open and mitigating risks",
    )
    BINDINGS = [
        Binding("g", "next_tab", "Next tab"),
        Binding("n", "new", "New"),
        Binding("e,enter", "edit", "Edit"),
        Binding("d", "delete", "Delete"),
        Binding("c", "close", "Close risk"),
        Binding("i", "to_issue", "To issue"),
        Binding("s", "sort", "Sort", show=False),
        Binding("a", "approve", "Approve"),
        Binding("r", "reject", "Reject"),
        Binding("f", "defer", "Defer"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: RegisterData | None = None
        self.cell: tuple[int, int] | None = None
        self.sort_by = "score"
        self.pending: tuple[str, int] | None = None
        self.pending_tab: str | None = None

    def compose_body(self) -> ComposeResult:
        with TabbedContent(id="registers"):
            with TabPane("Risk register", id="tab-risks"), Horizontal():
                with Vertical(id="heat-side"):
                    yield HeatMap(id="heat")
                    yield Static("", id="heat-note", markup=False)
                with Vertical():
                    yield DataTable(id="risks-table", cursor_type="row", zebra_stripes=True)
                    yield Static("", id="risk-detail", classes="register-detail", markup=False)
            with TabPane("Issue log", id="tab-issues"):
                yield DataTable(id="issues-table", cursor_type="row", zebra_stripes=True)
                yield Static("", id="issue-detail", classes="register-detail", markup=False)
            with TabPane("Change requests", id="tab-changes"):
                yield DataTable(id="changes-table", cursor_type="row", zebra_stripes=True)
                yield Static("", id="change-detail", classes="register-detail", markup=False)

    def on_mount(self) -> None:
        self.table("risks").add_columns(
            "Score", "Band", "Risk", "Project", "Owner", "L", "I", "Status", "Review", "Mitigation"
        )
        self.table("issues").add_columns(
            "#", "Issue", "Project", "Owner", "Status", "Raised", "From risk", "Workaround"
        )
        self.table("changes").add_columns(
            "#", "Change request", "Project", "Days", "Milestones", "Status", "Requested", "Decided"
        )
        super().on_mount()

    def table(self, name: str) -> DataTable[Any]:
        """Return the table of ``risks``, ``issues`` or ``changes``."""
        return self.query_one(f"#{name}-table", DataTable)

    @property
    def tab(self) -> str:
        """Return the id of the active tab."""
        return self.query_one(TabbedContent).active or TABS[0]

    def load_data(self) -> RegisterData:
        return load_registers(self.session.store, self.session.filter)

    def show_data(self, data: RegisterData) -> None:
        self.data = data
        self.query_one(HeatMap).set_counts(data.heat)
        self._fill_risks()
        self._fill(
            self.table("issues"), "issues", [self._issue_cells(i) for i in data.issues], [i.id for i in data.issues]
        )
        self._fill(
            self.table("changes"),
            "changes",
            [self._change_cells(c) for c in data.changes],
            [c.id for c in data.changes],
        )
        self.pending = None
        if self.pending_tab is not None:
            self.show_tab(self.pending_tab)
            self.pending_tab = None
        self._show_detail()

    # --- tables ----------------------------------------------------------------------

    def visible_risks(self) -> list[RiskRecord]:
        """Return the risks the table shows: the heat-map cell, then the chosen order."""
        assert self.data is not None
        rows = [r for r in self.data.risks if self.cell is None or (r.likelihood, r.impact) == self.cell]
        if self.sort_by == "review":
            rows = sorted(rows, key=lambda r: (r.review_date or dt.date.max, -r.score))
        elif self.sort_by == "project":
            rows = sorted(rows, key=lambda r: (r.project or "~", -r.score))
        elif self.sort_by == "owner":
            rows = sorted(rows, key=lambda r: (r.owner or "~", -r.score))
        return rows

    def _fill_risks(self) -> None:
        rows = self.visible_risks()
        self._fill(self.table("risks"), "risks", [self._risk_cells(r) for r in rows], [r.id for r in rows])
        note = f"sorted by {self.sort_by} (s)"
        if self.cell is not None:
            note = f"cell L{self.cell[0]} × I{self.cell[1]} (enter clears) · " + note
        self.query_one("#heat-note", Static).update(note)

    def _fill(self, table: DataTable[Any], kind: str, rows: list[list[Text]], ids: list[int]) -> None:
        keep = None
        if self.pending is not None and self.pending[0] == kind:
            keep = self.pending[1]
        elif table.row_count and table.cursor_row < table.row_count:
            keep = int(table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value or 0)
        table.clear()
        entity = {"risks": "risk", "issues": "issue", "changes": "change_request"}[kind]
        accent = f"bold {self.app.theme_variables.get('accent', '')}"
        for oid, cells in zip(ids, rows, strict=True):
            if self.is_marked(entity, oid):  # changed a moment ago, here or elsewhere
                cells = [Text.assemble(("✱ ", accent), cells[0]), *cells[1:]]
            table.add_row(*cells, key=str(oid))
        if keep is not None and keep in ids:
            table.move_cursor(row=ids.index(keep))

    def _level(self, band: str) -> str:
        return self.app.theme_variables.get(BAND_LEVEL.get(band, ""), "")

    def _risk_cells(self, r: RiskRecord) -> list[Text]:
        style = f"bold {self._level(r.band)}"
        review = (r.review_date.isoformat() if r.review_date else "—") + (" !" if r.review_overdue else "")
        return [
            Text(f"{r.score:>2}", style=style),
            Text(r.band, style=style),
            Text(r.title),
            Text(r.project or ""),
            Text(r.owner or "no owner", style="" if r.owner else "italic"),
            Text(str(r.likelihood)),
            Text(str(r.impact)),
            Text(r.status),
            Text(review, style=f"bold {self._level('critical')}" if r.review_overdue else ""),
            Text(r.mitigation[:40]),
        ]

    def _issue_cells(self, i: IssueRecord) -> list[Text]:
        return [
            Text(str(i.id)),
            Text(i.title),
            Text(i.project or ""),
            Text(i.owner or "no owner"),
            Text(i.status.replace("_", " ")),
            Text(i.raised.isoformat()),
            Text(str(i.risk_id) if i.risk_id else "—"),
            Text(i.workaround[:40]),
        ]

    def _change_cells(self, c: ChangeRequestRecord) -> list[Text]:
        return [
            Text(str(c.id)),
            Text(c.title),
            Text(c.project or ""),
            Text(f"{c.schedule_days:+d}"),
            Text(", ".join(c.milestones) or "—"),
            Text(c.status, style=f"bold {self._level('high')}" if c.undecided else ""),
            Text(c.requested.isoformat()),
            Text(c.decided.isoformat() if c.decided else "—"),
        ]

    def selected(self, kind: str) -> Any:
        """Return the selected row of ``risks``, ``issues`` or ``changes``."""
        table = self.table(kind)
        if self.data is None or not table.row_count:
            return None
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        tables: dict[str, list[Any]] = {
            "risks": self.data.risks,
            "issues": self.data.issues,
            "changes": self.data.changes,
        }
        rows = tables[kind]
        return next((r for r in rows if str(r.id) == key), None)

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        risk = self.selected("risks")
        self.query_one("#risk-detail", Static).update(
            ""
            if risk is None
            else f"#{risk.id} {risk.title} — milestone: {risk.milestone or '—'} · mitigation: "
            f"{risk.mitigation or '—'} · contingency: {risk.contingency or '—'} · trigger: "
            f"{risk.trigger or '—'}"
        )
        issue = self.selected("issues")
        self.query_one("#issue-detail", Static).update(
            ""
            if issue is None
            else f"#{issue.id} {issue.title} — root cause: {issue.root_cause or '—'} · decision: "
            f"{issue.decision or '—'} · resolved: {issue.resolved or '—'}"
        )
        change = self.selected("changes")
        self.query_one("#change-detail", Static).update(
            ""
            if change is None
            else f"#{change.id} {change.title} — {change.description or 'no description'} · requested by "
            f"{change.requested_by or '—'} · cost {_money(change.cost_impact)}"
            + (f" · decision: {change.decision_note}" if change.decision_note else "")
        )

    @on(HeatMap.CellChosen)
    def _cell_chosen(self, event: HeatMap.CellChosen) -> None:
        self.cell = event.cell
        if self.data is not None:
            self._fill_risks()
            self._show_detail()

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.refresh_bindings()
        self._focus_table()

    def _focus_table(self) -> None:
        name = {"tab-risks": "risks", "tab-issues": "issues", "tab-changes": "changes"}[self.tab]
        self.table(name).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer tab-specific actions only on their tab."""
        wanted = TAB_ACTIONS.get(action)
        return wanted is None or not self.query(TabbedContent) or self.tab == wanted

    # --- actions ----------------------------------------------------------------------

    def action_next_tab(self) -> None:
        """Show the next tab."""
        self.query_one(TabbedContent).active = TABS[(TABS.index(self.tab) + 1) % len(TABS)]

    def show_tab(self, tab: str) -> None:
        """Show tab ``tab`` (``tab-risks``, ``tab-issues`` or ``tab-changes``)."""
        self.query_one(TabbedContent).active = tab

    @on(messages.ShowEntry)
    def _show_entry(self, event: messages.ShowEntry) -> None:
        self.select({"risk": "risks", "issue": "issues"}.get(event.kind, "changes"), event.ident)

    def select(self, kind: str, item_id: int) -> None:
        """Show ``kind`` (``risks``, ``issues`` or ``changes``) with item ``item_id`` selected."""
        self.pending = (kind, item_id)
        self.pending_tab = f"tab-{kind}"
        if self.query(TabbedContent):
            self.show_tab(self.pending_tab)
            if self.data is not None:
                self.show_data(self.data)

    def action_sort(self) -> None:
        """Order the register by score, review date, project or owner."""
        self.sort_by = SORTS[(SORTS.index(self.sort_by) + 1) % len(SORTS)]
        if self.data is not None:
            self._fill_risks()

    def action_new(self) -> None:
        """Add a risk, an issue or a change request (on the active tab)."""
        project = self.session.filter.project or ""
        projects = self.data.projects if self.data else []
        if self.tab == "tab-risks":
            self.app.push_screen(new_risk_form(self._writer("risks"), project, projects))
        elif self.tab == "tab-issues":
            self.app.push_screen(new_issue_form(self._writer("issues"), project, projects))
        else:
            self.app.push_screen(new_change_form(self._writer("changes"), project, projects))

    def _writer(self, kind: str) -> Write:
        def write(action: Any, **options: Any) -> None:
            def run(store: Any) -> Any:
                made = action(store)
                if getattr(made, "id", None) is not None:
                    self.pending = (kind, made.id)
                return made

            self.write(run, **options)

        return write

    def action_edit(self) -> None:
        """Edit the selected risk, issue or change request."""
        if self.tab == "tab-risks":
            risk = self.selected("risks")
            if risk is not None:
                self.app.push_screen(edit_risk_form(self._writer("risks"), risk))
        elif self.tab == "tab-issues":
            issue = self.selected("issues")
            if issue is not None:
                self.app.push_screen(edit_issue_form(self._writer("issues"), issue))
        else:
            change = self.selected("changes")
            if change is not None:
                self.app.push_screen(edit_change_form(self._writer("changes"), change))

    def action_delete(self) -> None:
        """Delete the selected item after confirming."""
        kind = {"tab-risks": "risks", "tab-issues": "issues", "tab-changes": "changes"}[self.tab]
        row = self.selected(kind)
        if row is None:
            return
        delete: Any = {
            "risks": risks.delete_risk,
            "issues": issues.delete_issue,
            "changes": change_requests.delete_change,
        }[kind]
        label = {"risks": "risk", "issues": "issue", "changes": "change request"}[kind]

        def answered(yes: bool | None) -> None:
            if yes:
                self.write(lambda s: delete(s, row.id), success=f"{label} #{row.id} deleted")

        self.app.push_screen(ConfirmModal(f"Delete {label} #{row.id} “{row.title}”?"), answered)

    def action_close(self) -> None:
        """Close the selected risk."""
        risk = self.selected("risks")
        if risk is not None:
            self.pending = ("risks", risk.id)
            self.write(lambda s: risks.close_risk(s, risk.id), success=f"risk #{risk.id} closed")

    def action_to_issue(self) -> None:
        """Mark the selected risk occurred, open its issue and show it."""
        risk = self.selected("risks")
        if risk is None:
            return

        def convert(store: Any) -> Any:
            issue = risks.risk_to_issue(store, risk.id)
            self.pending = ("issues", issue.id or 0)
            return issue

        def shown() -> None:
            self.show_tab("tab-issues")

        self.write(convert, done=shown, success=f"risk #{risk.id} became an issue")

    def action_approve(self) -> None:
        """Show which milestones move, then approve the selected change request."""
        change = self.selected("changes")
        if change is None:
            return
        self.run_worker(lambda: self._preview(change), thread=True, group="preview", exit_on_error=False)

    def _preview(self, change: ChangeRequestRecord) -> None:
        try:
            moves = change_requests.approval_preview(self.session.store, change.id)
        except UserError as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._confirm_approval, change, moves)

    def _confirm_approval(self, change: ChangeRequestRecord, moves: list[MilestoneMove]) -> None:
        if not change.undecided:
            self.app.notify(f"change request #{change.id} is already {change.status}", severity="error")
            return
        lines = [f"  {m.milestone}: due {m.old_due} → {m.new_due}" for m in moves] or ["  no milestones move"]
        question = (
            f"Approve change request #{change.id} “{change.title}”?\n"
            f"It moves these due dates by {change.schedule_days:+d} working days "
            f"(baselines stay):\n" + "\n".join(lines)
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.pending = ("changes", change.id)
                self.write(
                    lambda s: change_requests.approve_change(s, change.id),
                    success=f"change request #{change.id} approved",
                )

        self.app.push_screen(ConfirmModal(question, confirm_label="Approve"), answered)

    def action_reject(self) -> None:
        """Reject the selected change request, asking why."""
        self._decide("rejected")

    def action_defer(self) -> None:
        """Defer the selected change request, asking why."""
        self._decide("deferred")

    def _decide(self, status: str) -> None:
        change = self.selected("changes")
        if change is None:
            return
        verb = "rejected" if status == "rejected" else "deferred"

        def answered(reason: str | None) -> None:
            if reason:
                self.pending = ("changes", change.id)
                self.write(
                    lambda s: change_requests.decide_change(s, change.id, status, reason),
                    success=f"change request #{change.id} {verb}",
                )

        self.app.push_screen(TextPromptModal(f"Why is change request #{change.id} {verb}?", required=True), answered)


def _money(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"
