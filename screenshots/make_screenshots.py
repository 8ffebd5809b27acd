"""Make the current pictures of every screen: ``python screenshots/make_screenshots.py``.

Runs the real dashboard on a demo database with the clock frozen, so the
pictures only change when the screens do. Writes SVG files here, and PNG
copies when ``rsvg-convert`` is installed.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from supportpm_tui.core import clock  # noqa: E402
from supportpm_tui.services.demo import generate  # noqa: E402
from supportpm_tui.storage.database import open_store  # noqa: E402
from supportpm_tui.ui.app import make_app  # noqa: E402

DAY = dt.date(2026, 11, 18)
SIZE = (160, 48)
SHOTS = [
    ("overview", ("1",)),
    ("board", ("2",)),
    ("timeline", ("3", "j", "j", "j")),
    ("timeline-months", ("3", "minus", "j", "j", "j")),
    ("risks", ("4",)),
    ("risks-issues", ("4", "g")),
    ("risks-changes", ("4", "g", "g")),
    ("capacity", ("5", "l")),
    ("capacity-this-week", ("5",)),
    ("status-update", ("6", "j", "r")),
    ("leadership-summary", ("L",)),
    ("burndown", ("6", "j", "g")),
    ("burndown-numbers", ("6", "j", "g", "n")),
    ("metrics", ("6", "j", "g", "right_square_bracket")),
    ("projects", ("6",)),
    ("board-help", ("2", "question_mark")),
    ("card-form", ("2", "e", "tab", "tab", "tab", "a")),
    ("standup", ("0",)),
    ("standup-person", ("0", "space", "space", "space")),
    ("standup-decisions", ("0", "end")),
]
THEMES = ["textual-dark", "textual-light"]
NARROW = [
    ("overview-80x24", (80, 24), ("1",)),
    ("board-80x24", (80, 24), ("2",)),
    ("board-80x24-blocked", (80, 24), ("2", "right", "right", "right")),
    ("timeline-80x24", (80, 24), ("3",)),
    ("risks-80x24", (80, 24), ("4",)),
    ("capacity-80x24", (80, 24), ("5",)),
    ("projects-80x24", (80, 24), ("6",)),
    ("board-help-80x24", (80, 24), ("2", "question_mark")),
    ("overview-120x35", (120, 35), ("1",)),
    ("board-120x35", (120, 35), ("2",)),
    ("capacity-120x35", (120, 35), ("5",)),
    ("standup-80x24", (80, 24), ("0",)),
    ("standup-person-80x24", (80, 24), ("0", "space", "space", "space")),
]
"""The narrow layouts (a shared half screen, a projector), in the dark theme."""


async def shoot(db: Path, theme: str, name: str, keys: tuple[str, ...], size: tuple[int, int] = SIZE) -> Path:
    """Open the dashboard ``size`` cells large, press ``keys``, and save an SVG of the screen."""
    store = open_store(db)
    app = make_app(store, theme=theme)
    out = HERE / f"{name}-{theme.removeprefix('textual-')}.svg"
    async with app.run_test(size=size) as pilot:
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.press(*keys)
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.pause()
        app.save_screenshot(str(out))
    store.close()
    return out


async def shoot_dialog(
    db: Path, theme: str, name: str, command: str, fields: dict[str, object], size: tuple[int, int] = SIZE
) -> Path:
    """Open the palette's ``command`` dialog, set its ``fields`` (by widget id), and save an SVG of it."""
    store = open_store(db)
    app = make_app(store, theme=theme)
    out = HERE / f"{name}-{theme.removeprefix('textual-')}.svg"

    async def settle() -> None:
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()

    async with app.run_test(size=size) as pilot:
        await settle()
        await pilot.press("ctrl+p")
        await settle()
        await pilot.press(*command, "enter")
        await settle()
        for ident, value in fields.items():
            app.screen.query_one(f"#{ident}").value = value  # type: ignore[attr-defined]
            await settle()
        await pilot.pause()
        app.save_screenshot(str(out))
    store.close()
    return out


SAMPLES = HERE.parent / "tests" / "data" / "imports"
DIALOGS = [
    (
        "import",
        "Import",
        {"import-project": "LAP", "import-file": str(SAMPLES / "jira-issues.csv"), "import-create-people": True},
    ),
    ("export", "Export", {}),
]
"""The palette's dialogs: name, the command typed, the fields set."""


async def shoot_conflict(db: Path, theme: str) -> Path:
    """Open a card's form, let a colleague change its estimate meanwhile, change it too, and save: the conflict."""
    import os

    from supportpm_tui.services import tasks
    from supportpm_tui.ui.modals.form import FormModal

    store = open_store(db)
    app = make_app(store, theme=theme)
    out = HERE / f"conflict-{theme.removeprefix('textual-')}.svg"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("2", "e")
        await pilot.pause()
        await app.workers.wait_for_complete()
        form = app.screen
        assert isinstance(form, FormModal)
        card = int(form.what.rsplit("#", 1)[1])
        colleague = open_store(db)
        os.environ["SUPPORTPM_ACTOR"] = "jamal"
        tasks.edit_task(colleague, card, tasks.TaskValues(estimate=14.0, description="vendor quote attached"))
        os.environ.pop("SUPPORTPM_ACTOR")
        colleague.close()
        form.query_one("#field-estimate").value = "6"  # type: ignore[attr-defined]
        form.query_one("#field-description").value = "approved by finance"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.press("down")
        await pilot.pause()
        app.save_screenshot(str(out))
    store.close()
    return out


async def shoot_team(db: Path, theme: str, server: object, socket: str) -> Path:
    """The Board of a team database on PostgreSQL, opened by the standup screen's read-only user, after ``n``."""
    from supportpm_tui.services.copying import copy_between
    from supportpm_tui.storage.server import parse_address
    from supportpm_tui.storage.team import open_server_store

    name = f"team_{theme.removeprefix('textual-')}"
    server.psql(f"CREATE DATABASE {name};")  # type: ignore[attr-defined]
    owner = open_server_store(parse_address(f"postgresql://postgres@/{name}?host={socket}", "--db"))
    source = open_store(db)
    copy_between(source, owner)
    source.close()
    owner.close()
    server.psql(f"\\c {name}\nGRANT SELECT ON ALL TABLES IN SCHEMA public TO standup;")  # type: ignore[attr-defined]
    viewer = open_server_store(parse_address(f"postgresql://standup@/{name}?host={socket}", "--db"))
    app = make_app(viewer, theme=theme)
    out = HERE / f"team-read-only-{theme.removeprefix('textual-')}.svg"
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.press("2")
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.press("n")
        await pilot.pause(0.5)  # the toast that answers n
        app.save_screenshot(str(out))
    viewer.close()
    return out


def to_png(svg: Path, png: Path) -> None:
    """Draw ``svg`` as ``png``, keeping runs of spaces (rsvg-convert drops a text run's leading spaces otherwise)."""
    text = svg.read_text(encoding="utf-8").replace("<svg ", '<svg xml:space="preserve" ', 1)
    with tempfile.NamedTemporaryFile("w", suffix=".svg", encoding="utf-8", delete=False) as kept:
        kept.write(text)
    try:
        subprocess.run(["rsvg-convert", "-o", str(png), kept.name], check=True)
    finally:
        Path(kept.name).unlink()


def main() -> None:
    """Write every screen in every theme."""
    import pgserver

    clock.freeze(DAY)
    with tempfile.TemporaryDirectory() as tmp:
        server = pgserver.get_server(Path(tmp) / "pg", cleanup_mode="stop")
        socket = str(server.get_uri()).split("host=", 1)[1]
        server.psql("CREATE ROLE standup LOGIN;")
        db = Path(tmp) / "demo.db"
        generate(open_store(db))
        for theme in THEMES:
            svgs = [asyncio.run(shoot(db, theme, name, keys)) for name, keys in SHOTS]
            fresh = Path(tmp) / f"conflict-{theme}.db"
            generate(open_store(fresh))
            svgs.append(asyncio.run(shoot_conflict(fresh, theme)))
            svgs.append(asyncio.run(shoot_team(db, theme, server, socket)))
            svgs += [asyncio.run(shoot_dialog(db, theme, *dialog)) for dialog in DIALOGS]
            if theme == "textual-dark":
                svgs += [asyncio.run(shoot(db, theme, name, keys, size)) for name, size, keys in NARROW]
                name, command, fields = DIALOGS[0]
                svgs.append(asyncio.run(shoot_dialog(db, theme, f"{name}-80x24", command, fields, (80, 24))))
            for svg in svgs:
                print(svg.relative_to(HERE.parent))
                if shutil.which("rsvg-convert"):
                    png = svg.with_suffix(".png")
                    to_png(svg, png)
                    print(png.relative_to(HERE.parent))
        server.cleanup()


if __name__ == "__main__":
    main()
