"""Run SupportPM's benchmark: ``python -m bench [--quick] [--runs N]``.

On the demo and the large data set (generated on first use, then reused) it
measures, side by side in one run:

1. the time to the first screen with data in a real terminal (tmux, 160×48),
   beside a bare Textual app started the same way, and their ratio;
2. the time from another process's commit to the change on screen;
3. opening each screen, moving a card, scrolling the Timeline, moving on
   Capacity (in-process, driving the app directly);
4. the dashboard's peak memory with every screen visited;
5. the time to recompute every rule for the whole database.

Each is repeated (5 times with ``--quick``, 10 by default); the median and the
worst are printed as a table and written to ``bench/results/latest.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import re
import shutil
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from bench import terminal
from bench.generate import generate_large
from supportpm_tui.services.current_plan import compute, load_plan
from supportpm_tui.services.demo import generate as generate_demo
from supportpm_tui.storage.database import Store, open_store

HERE = Path(__file__).parent
POLL = 0.0005
DATA = HERE / "data"
RESULTS = HERE / "results"


def data_sets() -> dict[str, Store]:
    """Return the demo and the large data set, generated on first use."""
    DATA.mkdir(exist_ok=True)
    sets = {}
    demo_path = DATA / "demo.db"
    if not demo_path.exists():
        generate_demo(open_store(demo_path))
    sets["demo"] = open_store(demo_path)
    large_path = DATA / "large.db"
    sets["large"] = open_store(large_path) if large_path.exists() else generate_large(large_path)
    return sets


def measure(fn: Callable[[], Any], runs: int) -> dict[str, float]:
    """Return the median and worst wall time of ``runs`` calls, in milliseconds."""
    fn()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return {"median_ms": round(statistics.median(times), 2), "worst_ms": round(max(times), 2), "runs": runs}


def recompute_all(store: Store) -> None:
    """Load everything and apply every rule: capacity for 8 weeks, forecasts, health."""
    from supportpm_tui.core.clock import today

    with store.read() as session:
        plan = load_plan(session, today())
    compute(plan)
    plan.capacity(8)
    for project_id in plan.projects:
        plan.health(project_id)


def recompute_after_a_move(store: Store) -> Callable[[], None]:
    """Return a function that moves one card, then times the shared plan's recompute.

    The move itself is not timed; the plan reuses what the move did not touch.
    """
    from supportpm_tui.services import tasks
    from supportpm_tui.services.current_plan import current_plan

    with store.read() as session:
        card = (
            session.connection()
            .exec_driver_sql("SELECT id FROM task WHERE \"column\" = 'ready' AND assignee_id IS NOT NULL LIMIT 1")
            .scalar()
        )
    current_plan(store)

    def run() -> None:
        tasks.move_task(store, card, "in_progress")
        start = time.perf_counter()
        current_plan(store)
        run.timed = time.perf_counter() - start  # type: ignore[attr-defined]
        tasks.move_task(store, card, "ready")  # put it back, untimed
        current_plan(store)

    return run


def measure_timed(fn: Callable[[], Any], runs: int) -> dict[str, float]:
    """Like :func:`measure`, for a function that records its own ``timed`` part."""
    fn()
    times = []
    for _ in range(runs):
        fn()
        times.append(fn.timed * 1000)  # type: ignore[attr-defined]
    return {"median_ms": round(statistics.median(times), 2), "worst_ms": round(max(times), 2), "runs": runs}


def compute_only(store: Store) -> Callable[[], None]:
    """Return a function that applies the rules to data already loaded."""
    from supportpm_tui.core.clock import today

    with store.read() as session:
        loaded = load_plan(session, today())

    def run() -> None:
        plan = type(loaded)(
            **{
                f: getattr(loaded, f)
                for f in loaded.__dataclass_fields__
                if not f.startswith("_") and f not in ("finishes", "forecasts", "demand")
            }
        )
        compute(plan)
        plan.capacity(8)
        for project_id in plan.projects:
            plan.health(project_id)

    return run


async def _until(done: Callable[[], bool], limit: float = 60.0) -> None:
    """Let the app run until ``done()`` holds."""
    deadline = time.perf_counter() + limit
    while not done():
        if time.perf_counter() > deadline:
            raise TimeoutError("the dashboard did not reach the expected state")
        await asyncio.sleep(POLL)


class PaintClock:
    """Records when each Board column last painted and when the Board last drew new data."""

    def __init__(self) -> None:
        from supportpm_tui.ui.screens.board import BoardScreen
        from supportpm_tui.ui.widgets.board_column import BoardColumn
        from supportpm_tui.ui.widgets.capacity_grid import CapacityGrid
        from supportpm_tui.ui.widgets.timeline_chart import TimelineChart

        self.painted: dict[str, float] = {}
        self.applied = 0.0
        clock = self
        paint, show = BoardColumn.render_line, BoardScreen.show_data
        chart_paint = TimelineChart.render_line

        def chart_line(chart: TimelineChart, y: int) -> Any:
            clock.painted["timeline"] = time.perf_counter()
            return chart_paint(chart, y)

        TimelineChart.render_line = chart_line  # type: ignore[method-assign]
        grid_paint = CapacityGrid.render_line

        def grid_line(grid: CapacityGrid, y: int) -> Any:
            clock.painted["capacity"] = time.perf_counter()
            return grid_paint(grid, y)

        CapacityGrid.render_line = grid_line  # type: ignore[method-assign]

        def render_line(column: BoardColumn, y: int) -> Any:
            clock.painted[column.column] = time.perf_counter()
            return paint(column, y)

        def show_data(screen: BoardScreen, data: Any) -> None:
            show(screen, data)
            clock.applied = time.perf_counter()

        BoardColumn.render_line = render_line  # type: ignore[method-assign]
        BoardScreen.show_data = show_data  # type: ignore[method-assign]

    def all_painted_since(self, moment: float) -> bool:
        """Return whether every Board column painted after ``moment``."""
        columns = [v for k, v in self.painted.items() if k not in ("timeline", "capacity")]
        return len(columns) == 6 and min(columns) > moment


async def _dashboard_times(store: Store, runs: int) -> dict[str, list[float]]:
    """Time opening the Board and moving a card, from the key press to the columns painted."""
    from supportpm_tui.ui.app import make_app
    from supportpm_tui.ui.screens.board import BoardScreen
    from supportpm_tui.ui.screens.overview import OverviewScreen
    from supportpm_tui.ui.screens.timeline import TimelineScreen

    paint = PaintClock()
    keys = (
        "board_open_first",
        "board_open_shown",
        "board_open",
        "card_move_shown",
        "card_move_saved",
        "timeline_open_first",
        "timeline_open",
        "timeline_scroll_time",
        "timeline_scroll_rows",
        "capacity_open_first",
        "capacity_open",
        "capacity_move",
    )
    times: dict[str, list[float]] = {key: [] for key in keys}
    app = make_app(store, theme="textual-dark")

    def elapsed(since: float) -> float:
        return (time.perf_counter() - since) * 1000

    async with app.run_test(size=(160, 48)):

        def overview_ready() -> bool:
            return isinstance(app.screen, OverviewScreen) and app.screen.loaded_version == app.session.data_version

        await _until(overview_ready)
        await _until(app.screens_ready)  # the other screens are prepared while the first one shows
        for attempt in range(runs + 1):
            if attempt:
                app.data_changed()  # as if another terminal had changed something
            start = time.perf_counter()
            app.switch_mode("board")
            await _until(lambda: isinstance(app.screen, BoardScreen))
            board = app.screen
            assert isinstance(board, BoardScreen)
            if attempt:  # the last known cards show at once; the fresh ones follow
                await _refreshed(board)
                times["board_open_shown"].append(elapsed(start))
                await _fresh_on_screen(board, app, paint, start)
                times["board_open"].append(elapsed(start))
            else:
                await _until(lambda s=start: paint.all_painted_since(s))
                times["board_open_first"].append(elapsed(start))
            board.active_column = 0 if board.columns()[0].cards else 1
            card, source = board.card, board.current.column
            assert card is not None
            target = board.columns()[board.active_column + 1]
            version = app.session.data_version
            start = time.perf_counter()
            board.action_move(1)
            await _until(partial(_moved, target, card.id, source, paint, start))
            times["card_move_shown"].append(elapsed(start))
            await _fresh_on_screen(board, app, paint, start, version)
            times["card_move_saved"].append(elapsed(start))
            board.action_move(-1)  # put it back, so every run moves the same card the same way
            await _fresh_on_screen(board, app, paint, time.perf_counter(), version + 1)
            app.switch_mode("overview")
            await _until(overview_ready)
        for attempt in range(runs + 1):
            await _until(app.screens_ready)  # after a change, screens not in view reload in the background
            start = time.perf_counter()
            app.switch_mode("timeline")
            await _until(lambda: isinstance(app.screen, TimelineScreen))
            timeline = app.screen
            assert isinstance(timeline, TimelineScreen)
            await _until(partial(_timeline_drawn, timeline, app, paint, start))
            times["timeline_open_first" if attempt == 0 else "timeline_open"].append(elapsed(start))
            for step in (4, -4, 10, -10):
                start = time.perf_counter()
                timeline.action_scroll_time(step)
                await _until(lambda s=start: paint.painted.get("timeline", 0) > s)
                times["timeline_scroll_time"].append(elapsed(start))
                start = time.perf_counter()
                timeline.action_cursor(step * 5)
                await _until(lambda s=start: paint.painted.get("timeline", 0) > s)
                times["timeline_scroll_rows"].append(elapsed(start))
            app.switch_mode("overview")
            await _until(overview_ready)
            app.data_changed()
            await _until(overview_ready)
        for attempt in range(runs + 1):
            await _until(app.screens_ready)
            start = time.perf_counter()
            app.switch_mode("capacity")
            await _until(lambda: app.screen.__class__.__name__ == "CapacityScreen")
            capacity = app.screen
            if attempt == 0:
                await _until(lambda s=start: paint.painted.get("capacity", 0) > s)
            else:  # drawn before, in the background: the screen shows once it has refreshed
                await _refreshed(capacity)
            times["capacity_open_first" if attempt == 0 else "capacity_open"].append(elapsed(start))
            capacity.grid.row = capacity.grid.column = 0  # type: ignore[attr-defined]
            await _refreshed(capacity)
            for rows, columns in ((1, 0), (0, 1), (5, 0), (0, -1)):
                start = time.perf_counter()
                capacity.action_move(rows, columns)  # type: ignore[attr-defined]
                await _until(lambda s=start: paint.painted.get("capacity", 0) > s)
                times["capacity_move"].append(elapsed(start))
            app.switch_mode("overview")
            await _until(overview_ready)
            app.data_changed()
            await _until(overview_ready)
    return times


WRITER = """
import sys, time
from supportpm_tui.storage.database import open_store
from supportpm_tui.services import tasks
store = open_store(sys.argv[1])
print("ready", flush=True)
for line in sys.stdin:
    card, column = line.split()
    tasks.move_task(store, int(card), column)
    print(time.time(), flush=True)
"""


async def _live_times(store: Store, runs: int) -> list[float]:
    """Time, in ms, from another process's commit (a card moved) to the Board showing it."""
    import subprocess
    import sys

    from supportpm_tui.ui.app import make_app
    from supportpm_tui.ui.screens.board import BoardScreen

    paint = PaintClock()
    app = make_app(store, theme="textual-dark")
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(store.path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=HERE.parent,
    )
    assert writer.stdin is not None and writer.stdout is not None
    times: list[float] = []
    try:
        assert writer.stdout.readline().strip() == "ready"
        async with app.run_test(size=(160, 48)):
            await _until(app.screens_ready)
            app.switch_mode("board")
            await _until(lambda: isinstance(app.screen, BoardScreen))
            board = app.screen
            assert isinstance(board, BoardScreen)
            await _until(app.screens_ready)
            card = board.columns()[1].cards[0].id  # the first card of Ready
            for attempt in range(runs + 1):
                target, source = ("in_progress", 1) if attempt % 2 == 0 else ("ready", 2)
                applied = paint.applied
                writer.stdin.write(f"{card} {target}\n")
                writer.stdin.flush()
                line = await asyncio.get_running_loop().run_in_executor(None, writer.stdout.readline)
                committed = float(line)
                column = board.columns()[source]

                def shown(column: Any = column, applied: float = applied) -> bool:
                    return (
                        paint.applied > applied
                        and all(c.id != card for c in column.cards)
                        and paint.painted.get(column.column, 0) > paint.applied
                    )

                await _until(shown)
                times.append((time.time() - committed) * 1000)
                await _until(app.screens_ready)  # settle before the next change
    finally:
        writer.stdin.close()
        writer.wait(timeout=30)
    return times[1:]  # the first run warms up


def _timeline_drawn(screen: Any, app: Any, paint: PaintClock, since: float) -> bool:
    """Return whether the Timeline shows the current data, painted after ``since``."""
    return (
        screen.data is not None
        and screen.loaded_version == app.session.data_version
        and paint.painted.get("timeline", 0) > since
    )


async def _refreshed(widget: Any) -> None:
    """Wait until the screen holding ``widget`` has refreshed (painted) once more."""
    painted = asyncio.Event()
    widget.call_after_refresh(painted.set)
    await asyncio.wait_for(painted.wait(), timeout=60)


def _fresh(board: Any, app: Any, paint: PaintClock, since: float, version: int = -1) -> bool:
    """Return whether the Board holds the current data (newer than ``version``), applied after ``since``."""
    return (
        app.session.data_version > version
        and board.loaded_version == app.session.data_version
        and paint.applied > since
    )


async def _fresh_on_screen(board: Any, app: Any, paint: PaintClock, since: float, version: int = -1) -> None:
    """Wait until the Board has applied current data and drawn it (only the columns it changed redraw)."""
    await _until(partial(_fresh, board, app, paint, since, version))
    await _refreshed(board)


def _moved(target: Any, card_id: int, source: str, paint: PaintClock, since: float) -> bool:
    """Return whether the card shows in ``target`` and both columns painted after ``since``."""
    return (
        any(c.id == card_id for c in target.cards)
        and paint.painted.get(target.column, 0) > since
        and paint.painted.get(source, 0) > since
    )


def dashboard_rows(name: str, store: Store, runs: int) -> list[dict[str, Any]]:
    """Return the Board measurements as result rows."""
    labels = {
        "board_open_first": "open the Board (first time)",
        "board_open_shown": "open the Board right after a change: last cards shown",
        "board_open": "open the Board right after a change: redrawn",
        "card_move_shown": "move a card: shown in its new column",
        "card_move_saved": "move a card: saved and redrawn",
        "timeline_open_first": "open the Timeline (first time)",
        "timeline_open": "open the Timeline again after a change",
        "timeline_scroll_time": "Timeline: scroll through time",
        "timeline_scroll_rows": "Timeline: scroll through milestones",
        "capacity_open_first": "open Capacity (first time)",
        "capacity_open": "open Capacity again after a change",
        "capacity_move": "Capacity: move the selected cell",
    }
    times = asyncio.run(_dashboard_times(store, runs))
    rows = []
    for key, label in labels.items():
        values = times[key]
        rows.append(
            {
                "data": name,
                "measure": label,
                "median_ms": round(statistics.median(values), 2),
                "worst_ms": round(max(values), 2),
                "runs": len(values),
            }
        )
    return rows


def _row(data: str, measure: str, values: list[float], unit: str = "ms") -> dict[str, Any]:
    key = "mb" if unit == "MB" else "ms"
    return {
        "data": data,
        "measure": measure,
        f"median_{key}": round(statistics.median(values), 2),
        f"worst_{key}": round(max(values), 2),
        "runs": len(values),
    }


def terminal_rows(runs: int) -> list[dict[str, Any]]:
    """Time to the first screen with data in tmux, beside a bare Textual app; peak memory.

    The runs are interleaved (a bare start, then each SupportPM start, then
    again), so a slow moment of the machine weighs on both sides of a ratio.
    A cold start has nothing kept from before; the start after it finds the
    Overview it kept, as a user's next start does when nothing has changed.
    """
    bare_shown = re.compile(re.escape(terminal.BARE_TEXT))
    paths = {"demo": DATA / "demo.db", "large": DATA / "large.db"}
    terminal.first_screen(terminal.bare_command(), bare_shown)  # warm the disk cache
    times: dict[str, list[float]] = {"bare": []}
    for _ in range(runs):
        times["bare"].append(terminal.first_screen(terminal.bare_command(), bare_shown) * 1000)
        for name, path in paths.items():
            command = terminal.supportpm_command(path)
            cache = DATA / f"{name}-cache"
            shutil.rmtree(cache, ignore_errors=True)  # nothing kept: a cold start
            cold = terminal.first_screen(command, terminal.FIRST_SCREEN, cache, linger=0.3)
            times.setdefault(f"{name} cold", []).append(cold * 1000)
            warm = terminal.first_screen(command, terminal.FIRST_SCREEN, cache)
            times.setdefault(f"{name} warm", []).append(warm * 1000)
    bare = times["bare"]
    rows = [_row("—", "first screen: a bare Textual app, one line", bare)]
    for name in paths:
        for kind, label in (("cold", "cold start"), ("warm", "nothing changed since")):
            values = times[f"{name} {kind}"]
            row = _row(name, f"first screen with data, {label}", values)
            row["ratio_to_bare"] = round(statistics.median(values) / statistics.median(bare), 2)
            rows.append(row)
    for name, path in paths.items():
        rows.append(_row(name, "peak memory (RSS), every screen visited", [terminal.peak_memory_mb(path)], "MB"))
    return rows


def compile_package() -> None:
    """Compile SupportPM's modules to bytecode first, as an installed package has them.

    An editable install (or ``PYTHONDONTWRITEBYTECODE``) would otherwise compile
    every module from source at each start, which a user's install never does;
    Textual, the yardstick's only import, comes compiled from its wheel.
    """
    import compileall

    import supportpm_tui

    compileall.compile_dir(str(Path(supportpm_tui.__file__).parent), quiet=1)


def main() -> None:
    """Run the measurements and print a table."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="Fewer runs (finishes in well under 2 minutes).")
    parser.add_argument("--runs", type=int, default=None, help="Runs per measurement (default 10, quick 5).")
    args = parser.parse_args()
    runs = args.runs or (5 if args.quick else 10)
    results: dict[str, Any] = {"python": platform.python_version(), "machine": platform.machine(), "rows": []}
    sets = data_sets()
    compile_package()
    if terminal.available():
        results["rows"].extend(terminal_rows(runs))
    else:
        print("tmux is not installed: the terminal measurements are left out")
    for name, store in sets.items():
        for label, fn in (
            ("recompute all rules (load + R1–R7)", lambda s=store: recompute_all(s)),
            ("rules only (data in memory)", compute_only(store)),
        ):
            row = {"data": name, "measure": label, **measure(fn, runs)}
            results["rows"].append(row)
        moved = recompute_after_a_move(store)
        label = "recompute after a card moves (reuses the rest)"
        results["rows"].append({"data": name, "measure": label, **measure_timed(moved, runs)})
        results["rows"].extend(dashboard_rows(name, store, runs))
        live = asyncio.run(_live_times(store, runs))
        results["rows"].append(
            {
                "data": name,
                "measure": "another process's commit shown on the Board",
                "median_ms": round(statistics.median(live), 2),
                "worst_ms": round(max(live), 2),
                "runs": len(live),
            }
        )
    print(f"{'data':6}  {'measure':48}  {'median':>10}  {'worst':>10}")
    for row in results["rows"]:
        unit = "MB" if "median_mb" in row else "ms"
        median, worst = row[f"median_{unit.lower()}"], row[f"worst_{unit.lower()}"]
        extra = f"  ({row['ratio_to_bare']}× the bare app)" if "ratio_to_bare" in row else ""
        print(f"{row['data']:6}  {row['measure']:48}  {median:>7.1f} {unit}  {worst:>7.1f} {unit}{extra}")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "latest.json"
    out.write_text(json.dumps(results, indent=2))
    print(f"results written to {out}")


if __name__ == "__main__":
    main()
