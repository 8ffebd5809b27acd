"""Run SupportPM's benchmark: ``python -m bench [--quick] [--runs N]``.

On the demo, the large and the history data set (generated on first use,
then reused; the history set is the large one after five years of use, see
:mod:`bench.history`) it measures, side by side in one run:

1. the time to the first screen with data in a real terminal (tmux, 160×48),
   beside a bare Textual app and kanban-tui's demo (the closest peer, see
   :mod:`bench.peer`) started the same way, and the ratios to the bare app;
2. the time from another process's commit to the change on screen;
3. opening each screen, moving a card, scrolling the Timeline, moving on
   Capacity (in-process, driving the app directly);
4. the dashboard's peak memory with every screen visited;
5. the time to recompute every rule for the whole database;
6. the dashboard's readers of the activity log: since the last standup, undo
   of the last change, the marks on what another process changed;
7. the history set's file size.
8. imports: a helpdesk export of 100,000 tickets for 200 people (``python -m bench.tickets``) and
   10,000 Jira rows (``python -m bench.imports``).

The same measures run on PostgreSQL too (rows ``demo·pg`` and ``large·pg``):
a server started with pgserver in ``bench/data/pg``, the data sets copied in
on first use (``--file-only`` leaves them out; ``--quick`` too, unless ``--team`` asks for them).

Each is repeated (3 times with ``--quick``, 10 by default); the median and the
worst are printed as a table and written to ``bench/results/latest.json``,
each with its target and whether it meets it where issue 23 sets one
(:mod:`bench.targets`).

With ``--quick`` the history set is measured for what its targets name and
the log's readers only (first screen, screens, card moves, scrolling, peak
memory, file size, since the last standup, undo, marks), its screens, card
moves and scrolling timed the first time and three times after a change; recomputing
all the rules, the leadership summary and another process's change are left
out there, so the whole quick run stays under three minutes. The PostgreSQL
rows copy the demo and the large set only.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import re
import shutil
import statistics
import time
from pathlib import Path
from typing import Any

from bench import peer, terminal
from bench.dashboard import dashboard_rows, live_times, timing_row
from bench.generate import generate_large
from bench.history import history_set
from bench.log_paths import log_path_rows
from bench.rules import (
    compute_only,
    leadership_summary,
    measure,
    measure_timed,
    recompute_after_a_move,
    recompute_all,
)
from bench.targets import judged, verdict
from bench.tickets import ticket_rows
from supportpm_tui.services.demo import generate as generate_demo
from supportpm_tui.storage.database import Store, open_store

HERE = Path(__file__).parent
DATA = HERE / "data"
RESULTS = HERE / "results"
QUICK_HISTORY_RUNS = 3  # the history set's screens, moves and scrolling with --quick: three times after a change


def data_sets() -> dict[str, Store]:
    """Return the demo and the large data set, generated on first use."""
    DATA.mkdir(exist_ok=True)
    sets = {}
    demo_path = DATA / "demo.db"
    if not demo_path.exists():
        generate_demo(open_store(demo_path))
    sets["demo"] = open_store(demo_path)
    large_path = DATA / "large.db"
    if large_path.exists() and not _holds_every_table(large_path):
        for stale in DATA.glob("large.db*"):  # made before the set grew: made again
            stale.unlink()
    sets["large"] = open_store(large_path) if large_path.exists() else generate_large(large_path)
    sets["history"] = history_set(DATA / "history.db")
    return sets


def _holds_every_table(path: Path) -> bool:
    """Return whether a large set on disk has the checklist items the set now holds."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return bool(conn.execute("SELECT COUNT(*) FROM checklist_item").fetchone()[0])
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def terminal_rows(runs: int, servers: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Time to the first screen with data in tmux, beside a bare Textual app and the peer; peak memory.

    The runs are interleaved (a bare start, the peer's, then each SupportPM
    start, then again), so a slow moment of the machine weighs on both sides
    of a ratio. A cold start has nothing kept from before; the start after it
    finds the Overview it kept, as a user's next start does when nothing has
    changed.
    """
    bare_shown = re.compile(re.escape(terminal.BARE_TEXT))
    paths: dict[str, Any] = {
        "demo": DATA / "demo.db",
        "large": DATA / "large.db",
        "history": DATA / "history.db",
        **(servers or {}),
    }
    terminal.first_screen(terminal.bare_command(), bare_shown)  # warm the disk cache
    peer_command = peer.peer_command()
    if peer_command is not None:
        terminal.first_screen(peer_command, peer.FIRST_SCREEN)  # the peer's disk cache too
    times: dict[str, list[float]] = {"bare": [], "peer": []}
    for _ in range(runs):
        times["bare"].append(terminal.first_screen(terminal.bare_command(), bare_shown) * 1000)
        if peer_command is not None:
            times["peer"].append(terminal.first_screen(peer_command, peer.FIRST_SCREEN) * 1000)
        for name, path in paths.items():
            command = terminal.supportpm_command(path)
            cache = DATA / f"{name}-cache"
            shutil.rmtree(cache, ignore_errors=True)  # nothing kept: a cold start
            cold = terminal.first_screen(command, terminal.FIRST_SCREEN, cache, linger=0.3)
            times.setdefault(f"{name} cold", []).append(cold * 1000)
            if name in (servers or {}):  # a server's Overview is not kept between starts
                continue
            warm = terminal.first_screen(command, terminal.FIRST_SCREEN, cache)
            times.setdefault(f"{name} warm", []).append(warm * 1000)
    bare = times["bare"]
    rows = [timing_row("—", "first screen: a bare Textual app, one line", bare)]
    if times["peer"]:
        row = timing_row("peer", f"first screen: kanban-tui {peer.peer_version()} demo (ktui demo)", times["peer"])
        row["ratio_to_bare"] = round(statistics.median(times["peer"]) / statistics.median(bare), 2)
        rows.append(row)
    for name in paths:
        for kind, label in (("cold", "cold start"), ("warm", "nothing changed since")):
            if f"{name} {kind}" not in times:
                continue
            values = times[f"{name} {kind}"]
            row = timing_row(name, f"first screen with data, {label}", values)
            row["ratio_to_bare"] = round(statistics.median(values) / statistics.median(bare), 2)
            rows.append(row)
    for name, path in paths.items():
        rows.append(timing_row(name, "peak memory (RSS), every screen visited", [terminal.peak_memory_mb(path)], "MB"))
    return rows


def team_sets(sets: dict[str, Store]) -> dict[str, Store]:
    """Return the same data sets on a PostgreSQL server (pgserver, kept in bench/data/pg), copied in on first use."""
    import pgserver

    from supportpm_tui.services.copying import copy_between, holds_data
    from supportpm_tui.storage.server import parse_address
    from supportpm_tui.storage.team import open_server_store

    server = pgserver.get_server(DATA / "pg", cleanup_mode="stop")
    socket = str(server.get_uri()).split("host=", 1)[1]
    team: dict[str, Store] = {}
    for name, store in sets.items():
        if name == "history":  # a million log entries: left to the file
            continue
        if name not in server.psql("SELECT datname FROM pg_database;").split():
            server.psql(f"CREATE DATABASE {name};")
        pg = open_server_store(parse_address(f"postgresql://postgres@/{name}?host={socket}", "bench"))
        with pg.read() as session:
            empty = holds_data(session) == 0
        if empty:
            copy_between(store, pg)
        team[f"{name}·pg"] = pg
    return team


def command_line_rows(runs: int) -> list[dict[str, Any]]:
    """The command line's starts on the demo and the large set beside a bare ``import sqlite3, typer`` (bench.cli)."""
    from bench.cli import cli_rows

    return cli_rows({"demo": DATA / "demo.db", "large": DATA / "large.db"}, runs)


def compile_package() -> None:
    """Compile SupportPM's modules to bytecode first, as an installed package has them.

    An editable install (or ``PYTHONDONTWRITEBYTECODE``) would otherwise compile
    every module from source at each start, which a user's install never does;
    Textual, the yardstick's only import, comes compiled from its wheel.
    """
    import compileall

    import supportpm_tui

    compileall.compile_dir(str(Path(supportpm_tui.__file__).parent), quiet=1)


def rules_rows(name: str, store: Store, runs: int) -> list[dict[str, Any]]:
    """Return the rules' timings on ``store``: everything recomputed, the rules alone, the summary, after a move."""
    rows = []
    for label, fn in (
        ("recompute all rules (load + R1–R7)", lambda s=store: recompute_all(s)),
        ("rules only (data in memory)", compute_only(store)),
        ("leadership summary (plan built afresh)", lambda s=store: leadership_summary(s)),
    ):
        rows.append({"data": name, "measure": label, **measure(fn, runs)})
    moved = recompute_after_a_move(store)
    label = "recompute after a card moves (reuses the rest)"
    rows.append({"data": name, "measure": label, **measure_timed(moved, runs)})
    return rows


def print_table(rows: list[dict[str, Any]]) -> None:
    """Print the rows as a table: the median, the worst, the target and whether it is met."""
    print(f"{'data':7}  {'measure':52}  {'median':>10}  {'worst':>10}  {'target':31}  {'':4}")
    for row in rows:
        unit = "MB" if "median_mb" in row else "ms"
        median, worst = row[f"median_{unit.lower()}"], row[f"worst_{unit.lower()}"]
        extra = f"  ({row['ratio_to_bare']}× the bare app)" if "ratio_to_bare" in row else ""
        target = row.get("target", "")
        print(
            f"{row['data']:7}  {row['measure']:52}  {median:>7.1f} {unit}  {worst:>7.1f} {unit}"
            f"  {target:31}  {verdict(row):4}{extra}"
        )


def machine() -> str:
    """Return the machine the figures come from: its processor and how many cores it has."""
    model = platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{model}, {os.cpu_count()} cores, {platform.system()}"


def main() -> None:
    """Run the measurements and print a table."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="Fewer runs, less on the history set, no PostgreSQL (under three minutes)."
    )
    parser.add_argument("--runs", type=int, default=None, help="Runs per measurement (default 10, quick 3).")
    parser.add_argument("--team", action="store_true", help="With --quick: measure PostgreSQL too.")
    parser.add_argument("--file-only", action="store_true", help="Leave out the PostgreSQL measurements.")
    args = parser.parse_args()
    runs = args.runs or (3 if args.quick else 10)
    results: dict[str, Any] = {"python": platform.python_version(), "machine": machine(), "rows": []}
    sets = data_sets()
    compile_package()
    if not args.file_only and (args.team or not args.quick):
        sets.update(team_sets(sets))
    began = time.perf_counter()
    if terminal.available():
        results["rows"].extend(terminal_rows(runs, {n: s.address.text for n, s in sets.items() if s.address}))
    else:
        print("tmux is not installed: the terminal measurements are left out")
    print(f"terminal: measured in {time.perf_counter() - began:.0f} s", flush=True)
    for name, store in sets.items():
        began = time.perf_counter()
        lighter = args.quick and name == "history"
        if not lighter:
            results["rows"].extend(rules_rows(name, store, runs))
        results["rows"].extend(dashboard_rows(name, store, QUICK_HISTORY_RUNS if lighter else runs))
        if not lighter:
            live = asyncio.run(live_times(store, runs))
            results["rows"].append(timing_row(name, "another process's commit shown on the Board", live))
        if name == "history":
            results["rows"].extend(log_path_rows(name, store, runs))
            size = Path(store.path).stat().st_size / 1024 / 1024
            results["rows"].append(timing_row(name, "database file size", [size], "MB"))
        print(f"{name}: measured in {time.perf_counter() - began:.0f} s", flush=True)
    results["rows"].extend(command_line_rows(runs))
    results["rows"].extend(ticket_rows(min(runs, 3)))  # a few seconds each: three runs say enough
    from bench.imports import import_row

    results["rows"].append(import_row(runs=1 if args.quick else 3))
    for row in results["rows"]:
        judged(row)
    print_table(results["rows"])
    print(f"machine: {results['machine']}, Python {results['python']}")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "latest.json"
    out.write_text(json.dumps(results, indent=2))
    print(f"results written to {out}")


if __name__ == "__main__":
    main()
