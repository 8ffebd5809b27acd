"""Bringing a plan in from other tools: Jira, Redmine, Taskwarrior, MS Project and calendars.

``FORMATS`` names each format and the module whose
``parse(text: str, *, zone: str | None = None, person: str = "") -> ImportedPlan`` reads it (``zone``: the
time zone to read times in, the computer's when None; ``person``: whose leave a calendar holds, for ``ics``).
Parsers never touch the database; :func:`plan.decode` and :func:`plan.read_csv` read the files.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from supportpm_tui.core.errors import UserError

if TYPE_CHECKING:
    from supportpm_tui.services.imports.plan import ImportedPlan

FORMATS: dict[str, str] = {
    "jira": "supportpm_tui.services.imports.jira",
    "redmine": "supportpm_tui.services.imports.redmine",
    "taskwarrior": "supportpm_tui.services.imports.taskwarrior",
    "mspdi": "supportpm_tui.services.imports.mspdi",
    "ics": "supportpm_tui.services.imports.ics",
}
"""Each import format and the module that reads it."""


def load_plan(format: str, path: Path, *, zone: str | None = None, person: str = "") -> ImportedPlan:
    """Return what ``path`` holds, read as ``format``; raise a UserError naming the formats for an unknown one."""
    import importlib

    from supportpm_tui.services.imports.plan import read_file

    name = format.strip().lower()
    if name not in FORMATS:
        raise UserError(f"no import format {format!r}: use one of {', '.join(FORMATS)}")
    if zone is not None:
        check_zone(zone)
    module = importlib.import_module(FORMATS[name])
    plan: ImportedPlan = module.parse(read_file(path), zone=zone, person=person)
    return plan


def check_zone(zone: str) -> None:
    """Raise a UserError when ``zone`` names no IANA time zone (such as Europe/Berlin)."""
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(zone.strip())
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise UserError(f"--zone {zone!r} is not a time zone (use a name such as Europe/Berlin or UTC)") from None
