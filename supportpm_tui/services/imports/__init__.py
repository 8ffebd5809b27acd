"""Bringing a plan in from other tools: Jira, Redmine, Taskwarrior, MS Project and calendars.

``FORMATS`` names each format and the module whose
``parse(text: str, *, zone: str | None = None, person: str = "") -> ImportedPlan`` reads it (``zone``: the
time zone to read times in, the computer's when None; ``person``: whose leave a calendar holds, for ``ics``).
Parsers never touch the database; :func:`plan.decode` and :func:`plan.read_csv` read the files.
"""

from __future__ import annotations

FORMATS: dict[str, str] = {
    "jira": "supportpm_tui.services.imports.jira",
    "redmine": "supportpm_tui.services.imports.redmine",
    "taskwarrior": "supportpm_tui.services.imports.taskwarrior",
    "mspdi": "supportpm_tui.services.imports.mspdi",
    "ics": "supportpm_tui.services.imports.ics",
}
"""Each import format and the module that reads it."""
