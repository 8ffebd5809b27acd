"""The in-process timings: each screen opened, a card moved, scrolling, and another process's commit shown."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from supportpm_tui.storage.database import Store

HERE = Path(__file__).parent
POLL = 0.0005


async def _until(done: Callable[[], bool], limit: float = 60.0) -> None:
    """Let the app run until ``done()`` holds."""
    deadline = time.perf_counter() + limit
    while not done():
        if time.perf_counter() > deadline:
            raise TimeoutError("the dashboard did not reach the expected state")
        await asyncio.sleep(POLL)


async def _longest_pause(done: Callable[[], bool], limit: float = 60.0) -> float:
    """Let the app run until ``done()`` holds; return the longest time, in ms, it kept the event loop to itself.

    That is how long a key pressed meanwhile would have waited before the dashboard could take it.
    """
    deadline = time.perf_counter() + limit
    last = time.perf_counter()
    longest = 0.0
    while not done():
        if time.perf_counter() > deadline:
            raise TimeoutError("the dashboard did not reach the expected state")
        await asyncio.sleep(POLL)
        now = time.perf_counter()
        longest = max(longest, now - last)
        last = now
    return longest * 1000


class PaintClock:
    """Records when each screen's frame last went to the terminal, when each Board column last painted, and when
    the Board last drew new data.

    A screen prepared in the background has its lines drawn already: its first
    show only puts them together, so it is timed by its frame, not by its lines.
    """

    def __init__(self) -> None:
        from supportpm_tui.ui.app import SupportPMApp
        from supportpm_tui.ui.screens.board import BoardScreen
        from supportpm_tui.ui.widgets.board_column import BoardColumn
        from supportpm_tui.ui.widgets.capacity_grid import CapacityGrid
        from supportpm_tui.ui.widgets.timeline_chart import TimelineChart

        self.painted: dict[str, float] = {}
        self.shown: dict[str, float] = {}
        self.applied = 0.0
        clock = self
        display = SupportPMApp._display

        def frame(app: SupportPMApp, screen: Any, update: Any) -> None:
            if update is not None:  # a frame for the terminal (headless: where it would be written)
                clock.shown[type(screen).__name__] = time.perf_counter()
            display(app, screen, update)

        SupportPMApp._display = frame  # type: ignore[method-assign]
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
        from textual.widgets import DataTable

        table_paint = DataTable.render_line

        def table_line(table: DataTable[Any], y: int) -> Any:
            if table.id == "projects-table":
                clock.painted["projects"] = time.perf_counter()
            return table_paint(table, y)

        DataTable.render_line = table_line  # type: ignore[method-assign]

        def render_line(column: BoardColumn, y: int) -> Any:
            clock.painted[column.column] = time.perf_counter()
            return paint(column, y)

        def show_data(screen: BoardScreen, data: Any) -> None:
            show(screen, data)
            clock.applied = time.perf_counter()

        BoardColumn.render_line = render_line  # type: ignore[method-assign]
        BoardScreen.show_data = show_data  # type: ignore[method-assign]

    def shown_since(self, screen: str, moment: float) -> bool:
        """Return whether a frame of ``screen`` (its class's name) went to the terminal after ``moment``."""
        return self.shown.get(screen, 0.0) > moment

    def all_painted_since(self, moment: float) -> bool:
        """Return whether every Board column painted after ``moment``."""
        columns = [v for k, v in self.painted.items() if k not in ("timeline", "capacity", "projects")]
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
        "projects_open_first",
        "projects_open",
        "pause_while_preparing",
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
            else:  # shown: its first frame (drawn in the background, its lines are put together)
                await _until(lambda s=start: paint.shown_since("BoardScreen", s))
                times["board_open_first"].append(elapsed(start))
                await _refreshed(board)  # that repaint done before the card move is timed
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
            times["pause_while_preparing"].append(await _longest_pause(app.screens_ready))
            await _until(overview_ready)
        for attempt in range(runs + 1):
            await _until(app.screens_ready)
            start = time.perf_counter()
            app.switch_mode("capacity")
            await _until(lambda: app.screen.__class__.__name__ == "CapacityScreen")
            capacity = app.screen
            if attempt == 0:
                await _until(lambda s=start: paint.shown_since("CapacityScreen", s))
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
            times["pause_while_preparing"].append(await _longest_pause(app.screens_ready))
            await _until(overview_ready)
        for attempt in range(runs + 1):
            await _until(app.screens_ready)
            start = time.perf_counter()
            app.switch_mode("projects")
            await _until(lambda: app.screen.__class__.__name__ == "ProjectsScreen")
            projects = app.screen
            await _until(lambda p=projects: p.loaded_version == app.session.data_version)  # type: ignore[attr-defined]
            if attempt == 0:  # as Capacity: until the table is drawn with the data
                await _until(lambda s=start: paint.shown_since("ProjectsScreen", s))
            else:  # drawn before, in the background: the screen shows once it has refreshed
                await _refreshed(projects)
            times["projects_open_first" if attempt == 0 else "projects_open"].append(elapsed(start))
            app.switch_mode("overview")
            await _until(overview_ready)
            app.data_changed()
            times["pause_while_preparing"].append(await _longest_pause(app.screens_ready))
            await _until(overview_ready)
    return times


WRITER = """
import sys, time
from supportpm_tui.services.connection import open_target
from supportpm_tui.settings.paths import named_database
from supportpm_tui.services import tasks
store, _ = open_target(named_database(sys.argv[1], "db").target)
print("ready", flush=True)
for line in sys.stdin:
    card, column = line.split()
    tasks.move_task(store, int(card), column)
    print(time.time(), flush=True)
"""


async def live_times(store: Store, runs: int) -> list[float]:
    """Time, in ms, from another process's commit (a card moved) to the Board showing it."""
    import subprocess
    import sys

    from supportpm_tui.ui.app import make_app
    from supportpm_tui.ui.screens.board import BoardScreen

    paint = PaintClock()
    app = make_app(store, theme="textual-dark")
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, store.address.text if store.address else str(store.path)],
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
        and paint.shown_since("TimelineScreen", since)
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
        "projects_open_first": "open Projects (first time)",
        "projects_open": "open Projects again after a change",
        "pause_while_preparing": "longest pause for keys while the screens behind reload after a change",
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


def timing_row(data: str, measure: str, values: list[float], unit: str = "ms") -> dict[str, Any]:
    key = "mb" if unit == "MB" else "ms"
    return {
        "data": data,
        "measure": measure,
        f"median_{key}": round(statistics.median(values), 2),
        f"worst_{key}": round(max(values), 2),
        "runs": len(values),
    }
