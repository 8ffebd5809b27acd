"""How quick the command line is beside a shell tool's floor: ``python -m bench.cli [--runs N]``.

Each command runs as a user runs it: a new process, ``python -m supportpm_tui
--db FILE …``, its output thrown away. Beside each run of SupportPM's commands
the bare ``python -c "import sqlite3, typer"`` runs too (interleaved, so a slow
moment of the machine weighs on both sides of a ratio). Each row gives the
median and worst of the runs, the ratio of its median to the bare one's, the
target (issue 23) and whether it was met.

The data sets are copied into a temporary folder first: the writes (``task
add``, ``task move``) change the copy, and the day's backup a first command
takes lands beside the copy (one run before the measured ones takes it).
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BARE = [sys.executable, "-c", "import sqlite3, typer"]
READS = (
    ("task list --json", ["task", "list", "--json"]),
    ("capacity --json", ["capacity", "--json"]),
    ("milestone list --json", ["milestone", "list", "--json"]),
)
# (what is measured, its arguments, the ratio to the bare start it should stay within) on the demo.
DEMO_TARGETS = {"--help": 2.5, **{label: 4.0 for label, _ in READS}, "task add": 5.0, "task move": 5.0}
LARGE_READ_TARGET = 8.0
MOVE_COLUMNS = ("ready", "backlog")  # a card moved back and forth


def _time(command: list[str]) -> float:
    """Return how long ``command`` took to finish, in milliseconds; raise when it failed."""
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    elapsed = (time.perf_counter() - start) * 1000
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()}")
    return elapsed


def _supportpm(path: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "supportpm_tui", "--db", str(path), *args]


def _copy(source: Path, folder: Path) -> Path:
    """Return a consistent copy of the database ``source`` in ``folder``."""
    dest = folder / source.name
    src, dst = sqlite3.connect(source), sqlite3.connect(dest)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return dest


def _commands(name: str, path: Path) -> dict[str, list[str]]:
    """Return the commands measured on one data set, by label (``task add`` only on the demo)."""
    commands = {label: _supportpm(path, *args) for label, args in READS}
    if name == "demo":
        commands = {"--help": _supportpm(path, "--help"), **commands}
        commands["task add"] = _supportpm(path, "task", "add", "Benchmark card", "--project", _a_project(path))
    return commands


def _a_project(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("SELECT key FROM project ORDER BY id LIMIT 1").fetchone()[0])
    finally:
        conn.close()


def _row(name: str, label: str, values: list[float], bare: float, target: float | None) -> dict[str, Any]:
    median = statistics.median(values)
    ratio = round(median / bare, 2)
    return {
        "data": name,
        "measure": f"command line: {label}",
        "median_ms": round(median, 2),
        "worst_ms": round(max(values), 2),
        "runs": len(values),
        "ratio_to_bare": ratio,
        "target": None if target is None else f"≤ {target:g}× bare",
        "pass": None if target is None else ratio <= target,
    }


def cli_rows(sets: dict[str, Path], runs: int) -> list[dict[str, Any]]:
    """Return the command line's rows for each data set: bare ``import sqlite3, typer``, then every command.

    ``sets`` maps a data set's name (``demo``, ``large``) to its file; each is copied first.
    """
    with tempfile.TemporaryDirectory(prefix="supportpm-bench-cli-") as folder:
        copies = {name: _copy(path, Path(folder)) for name, path in sets.items()}
        card = None
        if "demo" in copies:  # the card the moves move: one of the demo's own, added now
            out = subprocess.run(
                _supportpm(copies["demo"], "task", "add", "Card to move", "--project", _a_project(copies["demo"])),
                capture_output=True,
                text=True,
                check=True,
            )
            card = int(out.stdout.strip())
        commands = {name: _commands(name, path) for name, path in copies.items()}
        for labelled in commands.values():  # warm the disk cache; the day's backup is taken here
            for command in labelled.values():
                _time(command)
        _time(BARE)
        times: dict[tuple[str, str], list[float]] = {}
        bare: list[float] = []
        for run in range(runs):
            bare.append(_time(BARE))
            for name, labelled in commands.items():
                for label, command in labelled.items():
                    times.setdefault((name, label), []).append(_time(command))
                if card is not None and name == "demo":
                    move = _supportpm(copies[name], "task", "move", str(card), MOVE_COLUMNS[run % 2])
                    times.setdefault((name, "task move"), []).append(_time(move))
        shutil.rmtree(folder, ignore_errors=True)
    base = statistics.median(bare)
    rows = [
        {
            "data": "—",
            "measure": 'command line: bare python -c "import sqlite3, typer"',
            "median_ms": round(base, 2),
            "worst_ms": round(max(bare), 2),
            "runs": len(bare),
        }
    ]
    for (name, label), values in times.items():
        target = DEMO_TARGETS.get(label) if name == "demo" else LARGE_READ_TARGET
        rows.append(_row(name, label, values, base, target))
    return rows


def print_rows(rows: list[dict[str, Any]]) -> None:
    """Print the rows as a table: median, worst, ratio to the bare start, target and whether it was met."""
    print(f"{'data':6}  {'measure':48}  {'median':>10}  {'worst':>10}  {'ratio':>6}  {'target':14}  pass")
    for row in rows:
        ratio = f"{row['ratio_to_bare']:.2f}×" if "ratio_to_bare" in row else ""
        passed = {True: "yes", False: "NO", None: ""}[row.get("pass")]
        print(
            f"{row['data']:6}  {row['measure']:48}  {row['median_ms']:>7.1f} ms  {row['worst_ms']:>7.1f} ms"
            f"  {ratio:>6}  {row.get('target') or '':14}  {passed}"
        )


def main() -> None:
    """Measure the command line on the benchmark's data sets and print the table."""
    parser = argparse.ArgumentParser(prog="python -m bench.cli", description=__doc__)
    parser.add_argument("--runs", type=int, default=10, help="Runs per command (default 10).")
    parser.add_argument("--demo-only", action="store_true", help="Leave out the large data set.")
    args = parser.parse_args()
    from bench.__main__ import DATA, data_sets

    names = ("demo",) if args.demo_only else ("demo", "large")
    for store in data_sets().values():
        store.close()
    print_rows(cli_rows({name: DATA / f"{name}.db" for name in names}, args.runs))


if __name__ == "__main__":
    main()
