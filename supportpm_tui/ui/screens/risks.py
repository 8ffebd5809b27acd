"""Risks (key 4): the risk register with its heat map, the issue log and change requests, each a tab.

The screen loads the three registers and hands each tab its part; the tabs
(``ui/widgets/risk_register.py``, ``issue_log.py``, ``change_requests.py``)
own their keys and actions. The screen switches tabs, opens an entry on its
tab, and reads what approving a change request would move.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, TabbedContent, Tabs

from supportpm_tui.core.errors import UserError
from supportpm_tui.services.change_requests import ChangeRequestRecord, approval_preview
from supportpm_tui.services.issues import IssueRecord
from supportpm_tui.services.registers import RegisterData, load_registers
from supportpm_tui.services.risks import RiskRecord
from supportpm_tui.ui import messages
from supportpm_tui.ui.screens.base import BaseScreen
from supportpm_tui.ui.widgets.change_requests import ChangeRequests
from supportpm_tui.ui.widgets.issue_log import IssueLog
from supportpm_tui.ui.widgets.register_pane import RegisterPane
from supportpm_tui.ui.widgets.risk_register import RiskRegister


class RisksScreen(BaseScreen[RegisterData]):
    """Risks, issues and change requests, each a tab; decisions are made here."""

    SCREEN_NAME = "Risks"
    LEGEND = (
        "score = likelihood × impact: low 1–4 · medium 5–9 · high 10–14 · critical 15–25; "
        "! review overdue; the heat map counts open and mitigating risks",
    )

    def __init__(self) -> None:
        super().__init__()
        self.data: RegisterData | None = None
        self.risk_register = RiskRegister()
        self.issue_log = IssueLog()
        self.change_requests = ChangeRequests()
        self.panes: tuple[RegisterPane[Any], ...] = (self.risk_register, self.issue_log, self.change_requests)
        self.wanted: tuple[RegisterPane[Any], int] | None = None  # an entry to show once the tabs are there

    def compose_body(self) -> ComposeResult:
        with TabbedContent(id="registers"):
            yield from self.panes

    def on_mount(self) -> None:
        # The tabs' keys work while a tab has the focus; the strip of tab names never takes it (g moves).
        self.query_one(TabbedContent).query_one(Tabs).can_focus = False

    def load_data(self) -> RegisterData:
        return load_registers(self.session.store, self.session.filter)

    def show_data(self, data: RegisterData) -> None:
        self.data = data
        for pane in self.panes:
            pane.show(data)
        if self.wanted is not None:
            self._show_wanted()

    # --- tabs ------------------------------------------------------------------------------

    @property
    def tab(self) -> str:
        """Return the id of the active tab."""
        return self.query_one(TabbedContent).active or self.panes[0].id or ""

    @property
    def active_pane(self) -> RegisterPane[Any]:
        """Return the tab shown."""
        return next((pane for pane in self.panes if pane.id == self.tab), self.panes[0])

    def show_tab(self, tab: str) -> None:
        """Show tab ``tab`` (``tab-risks``, ``tab-issues`` or ``tab-changes``)."""
        self.query_one(TabbedContent).active = tab

    @on(RegisterPane.NextTab)
    def _next_tab(self) -> None:
        index = self.panes.index(self.active_pane)
        self.show_tab(self.panes[(index + 1) % len(self.panes)].id or "")

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.refresh_bindings()
        self.active_pane.focus_table()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer the actions of a tab's keys only while that tab shows (the screen's and app's always)."""
        owners = [pane for pane in self.panes if pane.runs(action)]
        return not owners or not self.query(TabbedContent) or self.active_pane in owners

    # --- entries ---------------------------------------------------------------------------

    @on(messages.ShowEntry)
    def _show_entry(self, event: messages.ShowEntry) -> None:
        pane = next((pane for pane in self.panes if pane.shows(event.kind)), None)
        if pane is not None:
            self.wanted = (pane, event.ident)
            if self.query(TabbedContent):
                self._show_wanted()

    def _show_wanted(self) -> None:
        assert self.wanted is not None
        pane, ident = self.wanted
        self.wanted = None
        self.show_tab(pane.id or "")
        pane.select(ident)

    @on(RiskRegister.BecameIssue)
    def _became_issue(self, event: RiskRegister.BecameIssue) -> None:
        self.issue_log.select_when_shown(event.issue_id)
        self.show_tab(self.issue_log.id or "")

    @on(ChangeRequests.ApprovalAsked)
    def _approval_asked(self, event: ChangeRequests.ApprovalAsked) -> None:
        change = event.change
        self.run_worker(lambda: self._preview(change), thread=True, group="preview", exit_on_error=False)

    def _preview(self, change: ChangeRequestRecord) -> None:
        try:
            moves = approval_preview(self.session.store, change.id)
        except UserError as exc:
            self.app.call_from_thread(self.report, exc)
            return
        self.app.call_from_thread(self.change_requests.confirm_approval, change, moves)

    # --- the tabs' state, read from outside --------------------------------------------------

    def table(self, name: str) -> DataTable[Any]:
        """Return the table of ``risks``, ``issues`` or ``changes``."""
        return self.query_one(f"#{name}-table", DataTable)

    def selected(self, name: str) -> RiskRecord | IssueRecord | ChangeRequestRecord | None:
        """Return the selected row of ``risks``, ``issues`` or ``changes``."""
        return next(pane for pane in self.panes if name == pane.NAME).selected()

    @property
    def cell(self) -> tuple[int, int] | None:
        """Return the heat-map cell the register shows (``None``: every cell)."""
        return self.risk_register.cell

    @property
    def sort_by(self) -> str:
        """Return the order of the register: score, review, project or owner."""
        return self.risk_register.sort_by

    def visible_risks(self) -> list[RiskRecord]:
        """Return the risks the register shows: the heat-map cell, then the chosen order."""
        return self.risk_register.visible_rows()
