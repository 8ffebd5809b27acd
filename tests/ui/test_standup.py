"""Standup mode: key 0 walks the headline, each person and the decisions, page by page, and stays live."""

from __future__ import annotations

import json

import pytest

from supportpm_tui.cli import main
from supportpm_tui.services import tasks
from supportpm_tui.storage.database import Store
from supportpm_tui.ui.app import SupportPMApp, make_app
from supportpm_tui.ui.screens.standup import StandupScreen
from tests.ui.conftest import settle


def _json(capsys: pytest.CaptureFixture[str], store: Store, *args: str) -> list[dict[str, object]]:
    capsys.readouterr()
    with pytest.raises(SystemExit) as done:
        main(["--db", str(store.path), *args, "--json"])
    assert done.value.code in (0, None)
    return json.loads(capsys.readouterr().out)


def _page(screen: StandupScreen) -> str:
    title, body = screen.pages[screen.page]
    return f"{title}\n{body.plain}"


async def test_the_standup_walks_every_page_with_the_facts_of_the_other_screens(
    demo_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    projects = _json(capsys, demo_store, "project", "list")
    milestones = _json(capsys, demo_store, "milestone", "list")
    capacity = _json(capsys, demo_store, "capacity", "--weeks", "2")
    people = sorted({str(row["person"]) for row in capacity}, key=str.lower)
    app = make_app(demo_store, theme="textual-dark", prepare_screens=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("3", "0")  # from the Timeline
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StandupScreen)
        assert len(screen.pages) == 3 + len(people) + 1
        headline = "\n".join(f"{title.upper()}\n{body.plain}" for title, body in screen.pages[:3])
        for project in projects:
            shown = f"{str(project['rag']).upper()} {project['key']} · {project['name']}" in headline
            assert shown == (project["rag"] in ("red", "amber")), project["key"]
        late = screen.pages[1][1].plain
        for milestone in milestones:
            assert (f"· {milestone['name']}\n" in late) == (milestone["status"] in ("late", "slipping"))
        overloaded = {(str(r["person"]), r["week"]) for r in capacity if r["state"] == "overloaded"}
        assert overloaded and headline.count("⚠ overloaded") == len(overloaded)
        for person, _ in overloaded:
            assert person in headline
        top = str(screen.query_one("#standup-top").render())
        assert f"page 1 of {len(screen.pages)}" in top
        await pilot.press("space", "space")
        for number, person in enumerate(people, start=4):
            await pilot.press("space")
            page = _page(screen)
            assert page.startswith(person) and f"page {number} of" in str(screen.query_one("#standup-top").render())
            this_week = next(r for r in capacity if r["person"] == person)
            assert f"{this_week['utilisation_pct']} %" in page
            this_line = page.split("This week: ")[1].split("\n")[0]
            assert this_line.startswith({"overloaded": "⚠", "strained": "▲", "ok": "●"}[str(this_week["state"])])
            if person == "Marek Nowak":
                assert "⊘ Validate backups before wave 2" in page
                assert "blocked: Waiting for the backup vendor's restore test" in page
            if person == "Aisha Khan":
                assert "✔ Choose MFA vendor" in page  # done since the last standup
        await pilot.press("right")
        assert _page(screen).startswith("Decisions needed") and "Extend enrolment wave 1 by a week" in _page(screen)
        await pilot.press("space")  # the last page stays
        assert screen.page == len(screen.pages) - 1
        await pilot.press("backspace", "left")
        assert screen.page == len(screen.pages) - 3

        await pilot.press("home", "end")  # end: straight to the decisions
        assert _page(screen).startswith("Decisions needed")

        # Live: a card blocked elsewhere shows on its person's page, which stays in view.
        await pilot.press("home")
        while not _page(screen).startswith("Tom Becker"):
            await pilot.press("space")
        with demo_store.read() as session:
            from supportpm_tui.storage.database import dbapi

            (card,) = dbapi(session).execute("SELECT id FROM task WHERE title = 'Image pilot laptops'").fetchone()
        tasks.move_task(demo_store, card, "blocked", reason="Imaging server is down")
        app.data_changed()
        await settle(pilot)
        assert _page(screen).startswith("Tom Becker")
        assert "blocked: Imaging server is down" in _page(screen)

        await pilot.press("escape")
        await settle(pilot)
        assert app.current_mode == "timeline"


async def test_key_0_and_the_palette_open_the_standup(app: SupportPMApp) -> None:
    from supportpm_tui.ui.commands import SupportPMCommands

    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        provider = SupportPMCommands(app.screen)
        names = [name for name, _, _ in provider._commands()]
        assert any(name.startswith("Standup mode") for name in names)
        assert "0 Standup" not in str(app.screen.query_one("KeyBar").render())  # no clutter on the key bar
        await pilot.press("0")
        await settle(pilot)
        assert isinstance(app.screen, StandupScreen) and app.screen.pages
        assert not app.screen.query("KeyBar")
        assert "esc leave" in str(app.screen.query_one("#standup-keys").render())
