"""The breakdown of Capacity's selected cell: R1's sum, R3's utilisation and state, and the tasks behind the demand."""

from __future__ import annotations

import datetime as dt
import textwrap

from rich.text import Text
from textual.widgets import Static

from supportpm_tui.services.capacity import DEMAND_AND_FORECAST, CapacityData, Cell, PersonLoad, explain
from supportpm_tui.services.timelog import TimeRecord
from supportpm_tui.ui.themes import text_colours
from supportpm_tui.ui.widgets.capacity_grid import OVER_WIP, STATE_GLYPH, hours

NOTE_WIDTH = 46
NOTE_INDENT = "      "


def _note(note: str, width: int) -> str:
    """Return a figure's note under it, indented, its wrapped lines indented alike."""
    lines = textwrap.wrap(note, max(20, width - len(NOTE_INDENT)))
    return "".join(f"{NOTE_INDENT}{line}\n" for line in lines)


class CellBreakdown(Static):
    """The selected person's week, explained line by line (docs/rules.md, R1–R3)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)

    def show(self, data: CapacityData | None, person: PersonLoad | None, cell: Cell | None) -> None:
        """Explain ``person``'s ``cell`` of ``data`` (the view's sort and threshold first)."""
        width = self.content_size.width or NOTE_WIDTH
        self.update(breakdown_text(data, person, cell, text_colours(self.app), width))


def breakdown_text(
    data: CapacityData | None,
    person: PersonLoad | None,
    cell: Cell | None,
    colours: dict[str, str],
    width: int = NOTE_WIDTH,
) -> Text:
    """Return the breakdown of ``person``'s ``cell`` in the theme's ``colours``, notes wrapped to ``width``."""
    text = Text()
    if data is None:
        return text
    view = f"Sorted by {'peak utilisation' if data.sort == 'peak' else 'name'}"
    if data.threshold is not None:
        view += f" · only peaks ≥ {data.threshold:g} % ({data.hidden} hidden)"
    text.append(view + "\n\n", style="italic")
    if person is None or cell is None:
        text.append("Nobody to show." if not data.empty_database else "")
        return text
    level = {"overloaded": colours["error"], "strained": colours["warning"], "ok": colours["success"]}
    iso = cell.week.isocalendar()
    end = cell.week + dt.timedelta(days=6)
    text.append(person.name, style="bold")
    text.append(f" · {', '.join(person.skills)}\n" if person.skills else "\n", style="italic")
    text.append(f"Week {iso[1]} · {cell.week:%d %b} – {end:%d %b %Y}\n\n")
    for line in explain(cell, person.reserve_pct):
        figure = f"{line.sign or ' '} {line.label:<12}{line.value:>8}"
        if line.label == "Utilisation":
            text.append(figure + "  ")
            text.append(f"{STATE_GLYPH[cell.state]} {cell.state}\n", style=f"bold {level[cell.state]}")
            text.append(_note(line.note, width), style="italic")
            continue
        text.append(figure + "\n")
        if line.note:
            text.append(_note(line.note, width), style="italic")
    text.append(f"\n{DEMAND_AND_FORECAST}\n", style="italic")
    wip = f"{person.in_progress} card(s) in progress, WIP limit {person.wip_limit}"
    text.append(
        f"\n{OVER_WIP + ' ' if person.over_wip else ''}{wip}\n",
        style=level["overloaded"] if person.over_wip else "",
    )
    text.append("\nTasks that week", style="bold")
    if not cell.tasks:
        text.append("\n  none\n")
    else:
        text.append(" (enter opens one on the Board)\n")
    for tid, task_hours in cell.tasks:
        info = data.tasks.get(tid)
        title = info.title if info else "?"
        where = f"{info.project} · {info.column.replace('_', ' ')}" if info else ""
        text.append(f"{hours(task_hours):>5} h  #{tid} {title}\n")
        text.append(f"          {where}\n", style="italic")
    text.append(logged_text(data.logged.get((person.name, cell.week), [])))
    return text


def logged_text(entries: list[TimeRecord]) -> Text:
    """Return the time a person logged in a week: the total, then the hours of each card (most first)."""
    text = Text()
    total = sum(e.hours for e in entries)
    text.append("\nTime logged that week", style="bold")
    if not entries:
        text.append("\n  none (t on the Board logs time on a card)\n")
        return text
    text.append(f"  {hours(total)} h\n")
    per_card: dict[int, float] = {}
    titles: dict[int, str] = {}
    for entry in entries:
        per_card[entry.task] = per_card.get(entry.task, 0.0) + entry.hours
        titles[entry.task] = entry.title
    for tid, logged in sorted(per_card.items(), key=lambda kv: (-kv[1], kv[0])):
        text.append(f"{hours(logged):>5} h  #{tid} {titles[tid]}\n")
    return text
