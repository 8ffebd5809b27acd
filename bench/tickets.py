"""Importing a helpdesk export: 100,000 ticket rows for 200 people, counted per person and ISO week.

``python -m bench.tickets [--runs N]`` times ``supportpm tickets import`` on a generated ``;``-separated export
(one row per ticket over a year, some unassigned, some with quoted summaries holding the separator) into a
database of 200 people that has no ticket load yet; each run starts from a fresh copy. It must take under
10 s; the run fails (exit 1) when the median does not.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROWS = 100_000
PEOPLE = 200
LIMIT_S = 10.0
DATA = Path(__file__).parent / "data"
MEASURE = f"ticket import: {ROWS:,} helpdesk rows, {PEOPLE} people"


def people_names() -> list[str]:
    """Return the 200 people's names."""
    return [f"Agent {n:03d}" for n in range(1, PEOPLE + 1)]


def make_team(path: Path) -> Path:
    """Write a database of 200 people and no ticket load at ``path`` (kept for later runs); return it."""
    from supportpm_tui.services.people import add_person
    from supportpm_tui.storage.database import open_store

    if not path.exists():
        partial = path.with_suffix(".partial")
        for stale in path.parent.glob(partial.name + "*"):
            stale.unlink()
        store = open_store(partial)
        for name in people_names():
            add_person(store, name, hours=40)
        store.close()
        partial.rename(path)
    return path


def make_export(path: Path, rows: int = ROWS, seed: int = 11) -> Path:
    """Write a helpdesk export of ``rows`` tickets at ``path`` (kept for later runs); return it.

    About 2 % of the tickets are unassigned and one in ten has a quoted summary holding the separator; dates
    run over 2026 in ISO form with a time, or as ``dd.mm.yyyy``.
    """
    if path.exists():
        return path
    rng = random.Random(seed)
    names = people_names()
    start = dt.datetime(2026, 1, 1, 8, 0)
    lines = ["\ufeffTicket;Summary;Assignee;Created;Status"]
    for n in range(rows):
        when = start + dt.timedelta(minutes=rng.randrange(365 * 24 * 60))
        created = when.strftime("%Y-%m-%d %H:%M") if n % 2 else when.strftime("%d.%m.%Y")
        who = "" if rng.random() < 0.02 else rng.choice(names)
        summary = f'"Printer; tray {n % 7}"' if n % 10 == 0 else f"Password reset {n}"
        lines.append(f"INC{n:06d};{summary};{who};{created};Resolved")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def import_once(team: Path, export: Path, work: Path) -> float:
    """Import ``export`` into a fresh copy of ``team``; return the seconds the import took."""
    from supportpm_tui.services.ticket_import import import_ticket_load
    from supportpm_tui.storage.database import open_store

    target = work / "team.db"
    for old in work.glob("team.db*"):
        old.unlink()
    shutil.copy2(team, target)
    store = open_store(target)
    try:
        begin = time.perf_counter()
        done = import_ticket_load(store, export)
        seconds = time.perf_counter() - begin
    finally:
        store.close()
    assert done.written and done.rows + done.unassigned == ROWS, done.rows
    return seconds


def ticket_rows(runs: int) -> list[dict[str, Any]]:
    """Return the benchmark's row for the ticket import: the median and worst of ``runs`` imports."""
    DATA.mkdir(exist_ok=True)
    team = make_team(DATA / "tickets-team.db")
    export = make_export(DATA / "tickets-export.csv")
    with tempfile.TemporaryDirectory(prefix="supportpm-bench-") as work:
        times = [import_once(team, export, Path(work)) * 1000 for _ in range(runs)]
    return [
        {
            "data": "—",
            "measure": MEASURE,
            "median_ms": round(statistics.median(times), 2),
            "worst_ms": round(max(times), 2),
            "runs": runs,
            "limit_ms": 10_000.0,
        }
    ]


def main() -> None:
    """Time the import, print it, and exit 1 when the median is not under the limit."""
    parser = argparse.ArgumentParser(prog="python -m bench.tickets", description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="Imports to time (default 3).")
    args = parser.parse_args()
    (row,) = ticket_rows(max(1, args.runs))
    median_s, worst_s = row["median_ms"] / 1000, row["worst_ms"] / 1000
    print(f"{MEASURE}: median {median_s:.2f} s, worst {worst_s:.2f} s over {row['runs']} run(s)")
    if median_s >= LIMIT_S:
        print(f"slower than the {LIMIT_S:g} s allowed", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
