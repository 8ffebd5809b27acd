"""A user keymap in the config file remaps the dashboard's keys; help, the key bar and the palette show them."""

from __future__ import annotations

import json

import pytest
from textual.widgets import DataTable

from supportpm_tui.settings.config import config_path
from supportpm_tui.storage.database import Store
from supportpm_tui.ui.app import make_app
from supportpm_tui.ui.keymap import load_keymap
from supportpm_tui.ui.modals.dialogs import HelpModal
from supportpm_tui.ui.widgets.key_bar import KeyBar
from tests.ui.conftest import SIZE, settle


def write_config(data: object) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


def help_rows(modal: HelpModal) -> list[tuple[str, str, str]]:
    table = modal.query_one(DataTable)
    return [tuple(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]  # type: ignore[misc]


async def test_a_remapped_key_works_the_old_one_does_not_and_help_shows_it(demo_store: Store) -> None:
    write_config({"keymap": {"app.timeline": "f3", "app.undo": "ctrl+z"}})
    app = make_app(demo_store, theme="textual-dark", prepare_screens=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert app.current_mode == "overview"
        await pilot.press("f3")
        await settle(pilot)
        assert app.current_mode == "timeline"
        bar = str(app.screen.query_one(KeyBar).render())
        assert "F3" in bar or "f3" in bar
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpModal)
        rows = {row[2]: row for row in help_rows(app.screen)}
        assert rows["app.timeline"][0].lower() == "f3"
        assert rows["app.undo"][0].lower() in ("ctrl+z", "^z")  # as Textual writes ctrl keys
        assert rows["app.filter"][0] == "/"  # keys not in the keymap keep theirs
        assert "q" in rows["app.quit"][0].split(" / ")


@pytest.mark.prepared
async def test_unknown_ids_and_bad_keys_are_said_once_and_left_out(demo_store: Store) -> None:
    write_config({"keymap": {"board.fly_away": "x", "app.undo": 3, "app.quit": "ctrl+q"}})
    app = make_app(demo_store, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(100):
            await settle(pilot)
            if app.screens_ready():
                break
        messages = [n.message for n in app._notifications]
        assert any("'board.fly_away'" in m and "no binding" in m for m in messages)
        assert any("'app.undo'" in m for m in messages)
        await pilot.press("u")  # the bad entry left undo on its own key
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


@pytest.mark.parametrize("raw", [[], "ctrl+x", {"app.undo": ""}, {"app.undo": "a,,b"}])
def test_a_keymap_that_is_not_id_to_key_is_refused_with_a_reason(raw: object) -> None:
    write_config({"keymap": raw})
    keymap, problems = load_keymap()
    assert keymap == {} and len(problems) == 1 and problems[0].startswith("keymap:")


async def test_a_config_file_with_a_typo_is_said_and_survives_a_theme_change(demo_store: Store) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    typo = '{"keymap": {"app.undo": "ctrl+z",}}'
    path.write_text(typo, encoding="utf-8")
    app = make_app(demo_store, theme="textual-dark", prepare_screens=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("keymap not read" in m and "not valid JSON" in m for m in messages)
        app.set_theme("textual-light")
        await settle(pilot)
        assert any("not remembered" in n.message for n in app._notifications)
    assert path.read_text(encoding="utf-8") == typo


def test_every_binding_of_the_dashboard_has_an_id_for_the_keymap() -> None:
    import importlib
    import pkgutil

    from textual.binding import Binding

    import supportpm_tui.ui as ui_package

    missing: list[str] = []
    for info in pkgutil.walk_packages(ui_package.__path__, prefix="supportpm_tui.ui."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, type) and value.__module__ == info.name:
                for item in vars(value).get("BINDINGS", ()):
                    if isinstance(item, Binding) and not item.id:
                        missing.append(f"{info.name}.{name}: {item.key} → {item.action}")
    assert missing == []
