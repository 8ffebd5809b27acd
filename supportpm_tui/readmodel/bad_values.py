"""Stored values the rules cannot compute with: dates outside the window, unreadable text, numbers out of bounds.

SupportPM never writes such a value, but a database written by an older
version or by another program may hold one. The readers treat it as missing
(or clamp it to the window) and these findings name the item so it can be fixed.
Plain SQL and the standard library only, like the plan.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from supportpm_tui.core.parsing import DATE_MAX, DATE_MIN, NUMBER_MAX, WINDOW, read_date, read_number

__all__ = ["BadValue", "find_bad_values", "read_date", "read_number"]

# Per table: the item as people name it, the command that edits it, and its dated and numeric columns
# as (column, option of that command).
_DATES: dict[str, tuple[str, str, tuple[tuple[str, str], ...]]] = {
    "task": ("task", "task edit {id}", (("start", "--start"), ("due", "--due"))),
    "milestone": (
        "milestone",
        "milestone edit {id}",
        (("baseline_date", ""), ("due_date", "--due"), ("done_date", "")),
    ),
    "project": ("project", "project edit {ref}", (("start", "--start"), ("target", "--target"))),
    "commitment": ("leave", "leave edit {id}", (("start", "--start"), ("end", "--end"))),
    "ticket_load": ("ticket load", "tickets edit {id}", (("week", ""),)),
    "risk": ("risk", "risk edit {id}", (("review_date", "--review"),)),
    "issue": ("issue", "issue edit {id}", (("raised", ""), ("resolved", ""))),
    "change_request": ("change request", "change edit {id}", (("requested", ""), ("decided", ""))),
    "checklist_item": ("checklist item", "checklist edit {id}", (("due", "--due"), ("done_date", ""))),
    "time_entry": ("time entry", "", (("day", ""),)),
    "metric_reading": ("metric reading", "", (("day", ""),)),
    "project_review": ("review", "", (("day", ""),)),
}
_NUMBERS: dict[str, tuple[str, str, tuple[tuple[str, str], ...]]] = {
    "task": ("task", "task edit {id}", (("estimate", "--estimate"), ("remaining", "--remaining"))),
    "person": ("person", "person edit {ref}", (("hours", "--hours"), ("reserve_pct", "--reserve"))),
    "commitment": ("leave", "leave edit {id}", (("hours_per_day", "--hours-per-day"),)),
    "ticket_load": ("ticket load", "tickets edit {id}", (("tickets", "--tickets"), ("hours", "--hours"))),
    "project": (
        "project",
        "project edit {ref}",
        (("budget", "--budget"), ("spent", "--spent"), ("hourly_rate", "--hourly-rate")),
    ),
    "time_entry": ("time entry", "", (("hours", ""),)),
    "metric": ("metric", "metric edit {id}", (("baseline", "--baseline"), ("target", "--target"))),
    "metric_reading": ("metric reading", "", (("value", ""),)),
    "change_request": ("change request", "change edit {id}", (("schedule_days", "--days"), ("cost_impact", "--cost"))),
    "milestone": ("milestone", "milestone edit {id}", (("buffer_days", "--buffer"),)),
    "settings": (
        "settings",
        "settings edit",
        (
            ("hours_per_day", "--hours-per-day"),
            ("overload_threshold", "--overload"),
            ("strain_threshold", "--strain"),
            ("default_reserve_pct", "--reserve"),
            ("ticket_minutes", "--ticket-minutes"),
        ),
    ),
}


# How the edit command names an item, where it is not by its id.
_REF = {"project": "key", "person": "name"}


def _ref(table: str) -> str:
    column = _REF.get(table)
    return f'"{column}"' if column else "id"


@dataclass(frozen=True)
class BadValue:
    """One stored value out of range: which item, which field, what it holds, how to fix it."""

    entity: str
    item_id: int
    field: str
    value: str
    fix: str
    limits: str = WINDOW

    @property
    def line(self) -> str:
        """Return the one line that names the item and says how to fix it."""
        what = self.entity if self.entity == "settings" else f"{self.entity} {self.item_id}"
        how = f"fix it with 'supportpm {self.fix} …'" if self.fix else "delete it and add it again to fix it"
        return f"{what}: {self.field} {self.value} is out of range ({self.limits}); {how}"


def _readable(value: object) -> bool:
    """Return whether ``value`` is a stored date in the window (the SQL filter lets a few through)."""
    day = read_date(value)
    return isinstance(value, str) and day is not None and day.isoformat() == value[:10]


def _quoted(ref: object) -> str:
    text = "".join(c if c.isprintable() else "?" for c in str(ref))[:60]
    return text if text.isalnum() else '"' + text.replace('"', "") + '"'


def _shown(value: object) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return "".join(c if c.isprintable() else "?" for c in text)[:40]


def find_bad_values(conn: sqlite3.Connection) -> list[BadValue]:
    """Return every stored date outside the window or unreadable, and every number out of bounds."""
    server = getattr(conn, "dialect", "sqlite") == "postgresql"  # types are kept by the server: ranges only
    listing = (
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        if server
        else "SELECT name FROM sqlite_master WHERE type = 'table'"
    )
    tables = {row[0] for row in conn.execute(listing)}
    found: list[BadValue] = []
    for table, (entity, fix, columns) in _DATES.items():
        if table not in tables:
            continue
        for column, option in columns:
            sql = (
                f'SELECT id, {_ref(table)}, "{column}" FROM "{table}" WHERE "{column}" < ? OR "{column}" > ?'
                if server
                else f'SELECT id, {_ref(table)}, "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL'
                f" AND (typeof(\"{column}\") != 'text'"
                f' OR substr("{column}", 1, 10) < ? OR substr("{column}", 1, 10) > ?'
                f' OR date(substr("{column}", 1, 10)) IS NOT substr("{column}", 1, 10)'
                f" OR substr(\"{column}\", 9, 2) > '28')"
            )
            for oid, ref, value in conn.execute(sql, (DATE_MIN.isoformat(), DATE_MAX.isoformat())):
                if not server and _readable(value):
                    continue
                field = column.replace("_", " ")
                how = (
                    f"{fix.format(id=oid, ref=_quoted(ref))} {option}".strip() if option or entity == "settings" else ""
                )
                found.append(BadValue(entity, oid, field, _shown(value), how))
    numbers = f"a finite number, at most {NUMBER_MAX:g}"
    for table, (entity, fix, columns) in _NUMBERS.items():
        if table not in tables:
            continue
        for column, option in columns:
            sql = (
                f'SELECT id, {_ref(table)}, "{column}" FROM "{table}" WHERE NOT (abs("{column}") <= ?)'
                if server  # NaN and infinity are not at most any bound
                else f'SELECT id, {_ref(table)}, "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL'
                f" AND (typeof(\"{column}\") NOT IN ('integer', 'real') OR abs(\"{column}\") > ?)"
            )
            for oid, ref, value in conn.execute(sql, (NUMBER_MAX,)):
                field = column.replace("_", " ")
                how = (
                    f"{fix.format(id=oid, ref=_quoted(ref))} {option}".strip() if option or entity == "settings" else ""
                )
                found.append(BadValue(entity, oid, field, _shown(value), how, numbers))
    return found
