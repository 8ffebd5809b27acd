"""What the Projects screen draws: a project's row, its page (health, scope, readiness, budget), its checklist.

The screen loads the data; these functions only word it, in the theme's colours.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from supportpm_tui.services.checklists import ChecklistRecord
from supportpm_tui.services.project_page import Budget, ProjectPage, ProjectSummary
from supportpm_tui.ui.widgets.lists import Table

COLUMNS = (
    "Key", "Name", "Status", "RAG", "Owner", "Sponsor", "Start", "Target",
    "Progress (h left)", "Budget", "Impact/effort", "Urg/imp", "Ready",
)  # fmt: skip
CHECKLIST_COLUMNS = ("", "Item", "Owner", "Due", "Gates", "Note")
SCOPE = (
    ("goal", "Goal"),
    ("in_scope", "In scope"),
    ("out_of_scope", "Out of scope"),
    ("assumptions", "Assumptions"),
    ("stakeholders", "Stakeholders"),
    ("success_criteria", "Success criteria"),
    ("approval_path", "Approval path"),
)
RAG_LEVEL = {"red": "error", "amber": "warning", "green": "success"}
MILESTONE_GLYPH = {
    "done": "✔", "late": "✖", "slipping": "✖", "at_risk": "▲", "on_track": "●",
    "on_hold": "‖", "cancelled": "⊘", "closed": "■",
}  # fmt: skip


def words(value: str | None) -> str:
    """Return a stored word as said (``on_hold`` → ``on hold``), or ``—``."""
    return value.replace("_", " ") if value else "—"


def money(value: float | None) -> str:
    """Return an amount of money, grouped by thousands, without cents unless there are some."""
    if value is None:
        return "—"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def hours(value: float) -> str:
    """Return hours as ``31`` or ``4.5``."""
    return f"{value:g}"


def rag_text(rag: str, colours: Mapping[str, str], overridden: bool = False) -> Text:
    """Return a RAG word in its colour (``AMBER``), marked ``*`` when set by hand."""
    colour = colours.get(RAG_LEVEL.get(rag, ""), "")
    return Text(rag.upper() + ("*" if overridden else ""), style=f"bold {colour}")


def progress_text(row: ProjectSummary) -> str:
    """Return a project's progress in a cell: ``2/4 ms · 31 h`` (milestones done of all, hours left, whole)."""
    p = row.progress
    return f"{p.milestones_done}/{p.milestones} ms · {p.remaining_hours:.0f} h"


def budget_cell(budget: Budget) -> str:
    """Return how much of the budget is used (``95 %``), or ``—`` without a budget."""
    return "—" if budget.used_pct is None else f"{budget.used_pct} %"


def project_cells(row: ProjectSummary, colours: Mapping[str, str]) -> list[Text]:
    """Return the cells of a project's row in the table."""
    p = row.project
    used = row.budget.used_pct
    budget_style = ""
    if used is not None and used > 100:
        budget_style = colours.get("error", "")
    elif used is not None and used > 90:
        budget_style = colours.get("warning", "")
    ready = Text("ready", style=colours.get("success", "")) if row.ready else Text("not ready", style="")
    return [
        Text(p.key, style="bold"),
        Text(p.name),
        Text(words(p.status)),
        rag_text(row.rag, colours, row.rag_overridden),
        Text(p.owner or "—"),
        Text(p.sponsor or "—"),
        Text(p.start or "—"),
        Text(p.target or "—"),
        Text(progress_text(row)),
        Text(budget_cell(row.budget), style=budget_style),
        Text(words(p.impact_effort)),
        Text(words(p.urgency_importance)),
        ready,
    ]


def readiness_line(row: ProjectSummary) -> str:
    """Return the READINESS line: ``Ready to start`` or ``Not ready: no success criteria; no stakeholders``."""
    return "Ready to start" if row.ready else "Not ready: " + "; ".join(row.scope_gaps)


def budget_lines(budget: Budget) -> list[str]:
    """Return the budget in two lines: budget, spent and how, used; change costs and what remains."""
    spent = f"spent {money(budget.spent)}"
    if budget.logged_hours and budget.hourly_rate:
        spent += (
            f" (entered {money(budget.spent_entered)} + {hours(budget.logged_hours)} h logged"
            f" × {money(budget.hourly_rate)})"
        )
    elif budget.logged_hours:
        spent += f" ({hours(budget.logged_hours)} h logged, no hourly rate)"
    used = "" if budget.used_pct is None else f" · {budget.used_pct} % used"
    first = f"Budget {money(budget.budget)} · {spent}{used}"
    second = (
        f"Changes: approved {money(budget.approved_changes)} · pending {money(budget.pending_changes)}"
        f" · remaining {money(budget.remaining)}"
    )
    return [first, second]


def page_text(page: ProjectPage, colours: Mapping[str, str], registers_key: str = "o") -> Text:
    """Return a project's page: health and why, readiness, scope, budget, progress, milestones, registers."""
    row = page.summary
    p = row.project
    muted = "dim"
    text = Text()
    rag = rag_text(row.rag, colours, row.rag_overridden)
    text.append(f"{p.key} · {p.name}   ", style="bold")
    text.append(rag.plain, style=rag.style)
    text.append(f" · {words(p.status)}")
    if row.rag_reasons:
        text.append("\nHealth: " + "; ".join(row.rag_reasons))
    elif row.rag == "green":
        text.append("\nHealth: on track")
    if row.rag_overridden and p.rag_note:
        text.append(f" (set by hand: {p.rag_note})")
    text.append(
        f"\nOwner {p.owner or '—'} · Sponsor {p.sponsor or '—'} · Start {p.start or '—'} · Target {p.target or '—'}"
    )
    ready_colour = colours.get("success" if row.ready else "warning", "")
    text.append("\nREADINESS: ", style="bold")
    text.append(readiness_line(row), style=f"bold {ready_colour}")
    text.append("\n")
    for name, label in SCOPE:
        value: str = getattr(p, name) or ""
        text.append(f"\n{label}: ", style="bold")
        if not value.strip():
            text.append("—", style=muted)
            continue
        lines = value.splitlines()
        text.append(lines[0])
        for line in lines[1:]:
            text.append(f"\n  {line}")
    text.append("\n")
    for line in budget_lines(row.budget):
        text.append(f"\n{line}")
    prog = row.progress
    text.append(
        f"\nProgress: {prog.milestones_done} of {prog.milestones} milestones done · "
        f"{prog.open_tasks} open cards · {hours(prog.remaining_hours)} h left"
    )
    if page.spent and page.spent[0].logged:
        whole, *milestones = page.spent
        logged = [f"{m.name} {hours(m.logged)}/{hours(m.estimate)} h" for m in milestones if m.logged]
        text.append(f"\nTime logged: {hours(whole.logged)} of {hours(whole.estimate)} h estimated")
        if logged:
            text.append(" · " + " · ".join(logged), style=muted)
    text.append("\n\nMilestones:", style="bold")
    if not page.milestones:
        text.append(" none yet", style=muted)
    for m in page.milestones:
        glyph = MILESTONE_GLYPH.get(m.status, "·")
        line = f"\n  {glyph} {m.name} · due {m.due}"
        if m.forecast and m.status != "done":
            line += f" · forecast {m.forecast}"
        line += f" · {words(m.status)}"
        if m.slip_days > 0 and m.status != "done":
            line += f" {m.slip_days} d"
        text.append(line)
        if m.gates_open:
            gates = "1 gate open" if m.gates_open == 1 else f"{m.gates_open} gates open"
            text.append(f" · {gates}", style=colours.get("warning", ""))
    text.append(
        f"\n\nOpen: {_count(page.open_risks, 'risk')} · {_count(page.open_issues, 'issue')} · "
        f"{_count(page.undecided_changes, 'change request')} to decide"
    )
    text.append(f"   ({registers_key}: show them on Risks)", style=muted)
    streams = " · ".join(f"{i}. {name}" for i, name in enumerate(p.workstreams, 1)) or "none"
    text.append(f"\nWorkstreams: {streams}")
    return text


def checklist_cells(item: ChecklistRecord, colours: Mapping[str, str]) -> list[Text]:
    """Return the cells of a checklist item: done box, title, owner, due (overdue marked), milestone, note."""
    muted = "dim"
    due = Text(item.due or "—")
    if item.overdue:
        due = Text(f"{item.due} overdue", style=f"bold {colours.get('error', '')}")
    return [
        Text("[x]" if item.done else "[ ]", style=colours.get("success", "") if item.done else ""),
        Text(item.title, style=muted if item.done else ""),
        Text(item.owner or "—"),
        due,
        Text(item.milestone or "—"),
        Text(item.note.replace("\n", " ") if item.note else ""),
    ]


class ChecklistTable(Table[Text]):
    """The selected project's rollout checklist; its keys work while it has the focus."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e,enter", "screen.edit_item", "Edit item", id="projects.checklist_edit"),
        Binding("x,space", "screen.toggle_item", "Done / not done", id="projects.checklist_done"),
        Binding("left_square_bracket,shift+up", "screen.move_item(-1)", "Move item up", id="projects.checklist_up"),
        Binding(
            "right_square_bracket,shift+down", "screen.move_item(1)", "Move item down", id="projects.checklist_down"
        ),
        Binding("d", "screen.delete_item", "Delete item", id="projects.checklist_delete"),
    ]


def _count(n: int, noun: str) -> str:
    """Return ``1 risk`` or ``2 risks``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"
