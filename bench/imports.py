"""How long importing a large Jira export takes: ``python -m bench.imports [--rows N]``.

A Jira issue-navigator CSV of ``rows`` issues (repeated Labels columns, links, estimates in seconds, Jira's
``12/Mar/24 9:41 AM`` dates) is generated once into ``bench/data``, then imported into a fresh copy of the
demo database: read, checked and written in one transaction. The issue's bar: 10,000 rows in under 10 s.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
DATA = HERE / "data"
LIMIT_S = 10.0
PEOPLE = ["Aisha Khan", "Daniel Osei", "Jamal Reed", "Lena Fischer", "Marek Nowak", "Tom Becker"]
STATUSES = ["To Do", "Selected for Development", "In Progress", "In Review", "Done", "Blocked"]
PRIORITIES = ["Highest", "High", "Medium", "Low", "Lowest"]


def jira_file(rows: int) -> Path:
    """Return a Jira CSV export of ``rows`` issues, written on first use."""
    DATA.mkdir(exist_ok=True)
    path = DATA / f"jira-{rows}.csv"
    if path.exists():
        return path
    rng = random.Random(rows)
    header = [
        "Summary", "Issue key", "Issue id", "Issue Type", "Status", "Priority", "Assignee", "Reporter",
        "Created", "Updated", "Resolved", "Due Date", "Labels", "Labels", "Labels",
        "Original Estimate", "Remaining Estimate", "Fix Version/s", "Inward issue link (Blocks)", "Description",
    ]  # fmt: skip
    start = dt.datetime(2026, 9, 1, 9, 0)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for n in range(1, rows + 1):
            created = start + dt.timedelta(hours=rng.randrange(0, 24 * 60))
            status = rng.choice(STATUSES)
            estimate = rng.choice([3600, 7200, 14400, 28800, 57600])
            resolved = _jira_time(created + dt.timedelta(days=3)) if status == "Done" else ""
            blocker = f"BIG-{rng.randrange(1, n)}" if n > 1 and rng.random() < 0.1 else ""
            writer.writerow(
                [
                    f"Work item {n}: replace device batch {n % 97}",
                    f"BIG-{n}",
                    str(10_000 + n),
                    "Task",
                    status,
                    rng.choice(PRIORITIES),
                    rng.choice(PEOPLE),
                    "Tom Becker",
                    _jira_time(created),
                    _jira_time(created),
                    resolved,
                    (created + dt.timedelta(days=rng.randrange(5, 60))).strftime("%d/%b/%y"),
                    "rollout",
                    f"site-{n % 7}",
                    "",
                    str(estimate),
                    str(0 if status == "Done" else estimate // 2),
                    f"Wave {n % 5 + 1}",
                    blocker,
                    f"Batch {n}, see the asset list",
                ]
            )
    return path


def _jira_time(when: dt.datetime) -> str:
    """Return a time as Jira's export writes it: ``12/Mar/24 9:41 AM``."""
    return f"{when:%d/%b/%y} {when.hour % 12 or 12}:{when:%M} {'AM' if when.hour < 12 else 'PM'}"


def import_once(path: Path, demo: Path) -> float:
    """Import ``path`` into a fresh copy of ``demo``; return the seconds it took (read, check, write)."""
    from supportpm_tui.services.imports import load_plan
    from supportpm_tui.services.imports.apply import import_plan
    from supportpm_tui.storage.database import open_store

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "import.db"
        with sqlite3.connect(demo) as source, sqlite3.connect(target) as copy:
            source.backup(copy)  # the committed pages, whatever is still in the write-ahead log
        store = open_store(target)
        started = time.perf_counter()
        plan = load_plan("jira", path, zone="UTC")
        import_plan(store, plan, "LAP")
        took = time.perf_counter() - started
        store.engine.dispose()
    return took


def demo_file() -> Path:
    """Return the benchmark's demo database, generated on first use."""
    from supportpm_tui.services.demo import generate
    from supportpm_tui.storage.database import open_store

    DATA.mkdir(exist_ok=True)
    path = DATA / "demo.db"
    if not path.exists():
        generate(open_store(path))
    return path


def import_row(rows: int = 10_000, runs: int = 3) -> dict[str, Any]:
    """Return the benchmark row for importing ``rows`` Jira issues (median and worst of ``runs``)."""
    path, demo = jira_file(rows), demo_file()
    times = [import_once(path, demo) * 1000 for _ in range(runs)]
    return {
        "data": "jira",
        "measure": f"import {rows:,} Jira rows (read, check, write)",
        "median_ms": round(statistics.median(times), 2),
        "worst_ms": round(max(times), 2),
        "runs": runs,
        "limit_ms": LIMIT_S * 1000,
    }


def main() -> None:
    """Print how long the import takes."""
    parser = argparse.ArgumentParser(prog="python -m bench.imports", description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    row = import_row(args.rows, args.runs)
    verdict = "pass" if row["worst_ms"] < row["limit_ms"] else "FAIL"
    print(f"{row['measure']}: median {row['median_ms'] / 1000:.2f} s, worst {row['worst_ms'] / 1000:.2f} s ({verdict})")


if __name__ == "__main__":
    main()
