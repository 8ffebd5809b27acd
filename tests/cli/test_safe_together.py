"""Safe together: no silent overwrite, undo reaches only one's own changes, history stays with its item.

Every case runs through real processes: the command line as subprocesses,
the dashboard through Pilot over its own connection to the same file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from supportpm_tui.storage.database import open_store
from supportpm_tui.ui.app import make_app
from tests.cli.conftest import Runner
from tests.ui.conftest import SIZE, settle


@pytest.fixture
def db(tmp_path: Path, cli: Runner) -> Path:
    path = tmp_path / "team.db"
    assert cli("demo", "--db", path).code == 0
    return path


def show(person: Runner, db: Path, noun: str, ident: object) -> dict:  # type: ignore[type-arg]
    result = person("--db", db, noun, "show", ident, "--json")
    assert result.code == 0, result.err
    return result.json()  # type: ignore[no-any-return]


# --- no silent overwrite ------------------------------------------------------------------------


def test_an_edit_from_an_old_version_merges_other_fields_and_refuses_the_same_field(person: Runner, db: Path) -> None:
    before = show(person, db, "task", 5)
    seen = before["version"]
    bob = person(
        "--db", db, "task", "edit", 5, "--estimate", 12, "--assignee", "Jamal Reed", env={"SUPPORTPM_ACTOR": "bob"}
    )
    assert bob.code == 0, bob.err
    # A change to another field is merged without asking: bob's estimate and assignee stay.
    mine = person("--db", db, "task", "edit", 5, "--title", "Approve laptop order v5.2", "--if-version", seen)
    assert mine.code == 0, mine.err
    after = show(person, db, "task", 5)
    assert (after["title"], after["estimate"], after["assignee"]) == ("Approve laptop order v5.2", 12.0, "Jamal Reed")
    # The same field: refused in one line, exit 2, nothing saved, the newer version named.
    clash = person("--db", db, "task", "edit", 5, "--estimate", 3, "--title", "X", "--if-version", seen)
    assert clash.code == 2
    assert clash.err.count("\n") == 1 and "Traceback" not in clash.err
    assert "bob" in clash.err and "estimate is 12 there, 3 here" in clash.err
    assert f"--if-version {after['version']}" in clash.err
    assert show(person, db, "task", 5)["title"] == "Approve laptop order v5.2"
    # With the version just read, it is written.
    assert person("--db", db, "task", "edit", 5, "--estimate", 3, "--if-version", after["version"]).code == 0
    assert show(person, db, "task", 5)["estimate"] == 3.0


@pytest.mark.parametrize(
    ("noun", "ident", "option", "value"),
    [
        ("milestone", 3, "--name", "Renamed"),
        ("risk", 1, "--title", "Renamed"),
        ("issue", 1, "--title", "Renamed"),
        ("change", 2, "--title", "Renamed"),
        ("project", "MFA", "--name", "Renamed"),
        ("person", "Priya Shah", "--role", "Lead"),
    ],
)
def test_every_edit_command_refuses_a_conflict_the_same_way(
    person: Runner, db: Path, noun: str, ident: object, option: str, value: str
) -> None:
    first = person("--db", db, noun, "edit", ident, option, f"{value} 1", env={"SUPPORTPM_ACTOR": "bob"})
    assert first.code == 0, first.err
    clash = person("--db", db, noun, "edit", ident, option, f"{value} 2", "--if-version", 1)
    assert clash.code == 2, clash.out
    assert "nothing saved" in clash.err and "bob" in clash.err and "Traceback" not in clash.err


def test_editing_or_moving_a_deleted_card_says_who_deleted_it(person: Runner, db: Path) -> None:
    assert person("--db", db, "task", "delete", 7, env={"SUPPORTPM_ACTOR": "bob"}).code == 0
    for args in (("task", "edit", 7, "--title", "x"), ("task", "move", 7, "done")):
        result = person("--db", db, *args)
        assert result.code == 2
        assert "task 7 was deleted by bob" in result.err


# --- undo is yours alone ----------------------------------------------------------------------


async def test_a_dashboard_undoes_only_its_own_changes_and_redoes_them(proc: Runner, db: Path) -> None:
    assert proc("--db", db, "task", "move", 20, "testing").code == 0  # made from the command line
    store = open_store(db)
    app = make_app(store, theme="textual-dark")
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("u")
            await settle(pilot)
            assert any("nothing to undo" in str(n.message) for n in app._notifications)
            assert show(proc, db, "task", 20)["column"] == "testing"
            # Two changes of this dashboard's own, then undo, undo, redo.
            from supportpm_tui.services import tasks

            app.write(lambda s: tasks.edit_task(s, 3, tasks.TaskValues(title="first change")))
            await settle(pilot)
            app.write(lambda s: tasks.edit_task(s, 3, tasks.TaskValues(title="second change")))
            await settle(pilot)
            await pilot.press("u")
            await settle(pilot)
            assert show(proc, db, "task", 3)["title"] == "first change"
            await pilot.press("u")
            await settle(pilot)
            assert show(proc, db, "task", 3)["title"] != "first change"
            await pilot.press("ctrl+r")
            await settle(pilot)
            assert show(proc, db, "task", 3)["title"] == "first change"
    finally:
        store.close()
    assert show(proc, db, "task", 20)["column"] == "testing"
    log = proc("--db", db, "log", "--limit", 4, "--json").json()
    assert [e["step"] for e in log[:3]] == ["redo", "undo", "undo"]
    assert {e["origin"] for e in log[:3]} == {"dashboard"}


def test_the_command_line_undoes_its_users_last_command_line_change(person: Runner, db: Path) -> None:
    assert person("--db", db, "task", "edit", 3, "--title", "mine").code == 0
    assert person("--db", db, "task", "edit", 4, "--title", "bobs", env={"SUPPORTPM_ACTOR": "bob"}).code == 0
    undone = person("--db", db, "undo")
    assert undone.code == 0 and "card #3 changed (title)" in undone.out
    assert show(person, db, "task", 4)["title"] == "bobs"
    assert person("--db", db, "redo").code == 0
    assert show(person, db, "task", 3)["title"] == "mine"
    log = person("--db", db, "log", "--limit", 2).out
    assert "redo (update)" in log and "undo (update)" in log


def test_undo_of_a_given_event_is_refused_when_someone_changed_the_field_since(person: Runner, db: Path) -> None:
    assert person("--db", db, "task", "edit", 3, "--estimate", 9).code == 0
    event = person("--db", db, "log", "--limit", 1, "--json").json()[0]["id"]
    assert person("--db", db, "task", "edit", 3, "--estimate", 11, env={"SUPPORTPM_ACTOR": "bob"}).code == 0
    refused = person("--db", db, "undo", event)
    assert refused.code == 2
    assert "estimate of task 3 was changed since by bob" in refused.err
    assert show(person, db, "task", 3)["estimate"] == 11.0
    # bob's own change can be undone by id, once.
    bobs = person("--db", db, "log", "--limit", 1, "--json").json()[0]["id"]
    assert person("--db", db, "undo", bobs).code == 0
    again = person("--db", db, "undo", bobs)
    assert again.code == 2 and "already undone" in again.err


# --- ids never reused, history stays with its item ---------------------------------------------


def test_a_new_milestone_never_inherits_a_deleted_ones_id_or_story(person: Runner, db: Path) -> None:
    milestones = person("--db", db, "milestone", "list", "--json").json()
    last = max(milestones, key=lambda m: m["id"])
    assert person("--db", db, "milestone", "edit", last["id"], "--due", "2027-03-01").code == 0
    for task in person("--db", db, "task", "list", "--json").json():
        if task["milestone"] == last["name"]:
            assert person("--db", db, "task", "delete", task["id"]).code == 0
    deleted = person("--db", db, "milestone", "delete", last["id"])
    assert deleted.code == 0, deleted.err
    added = person("--db", db, "milestone", "add", last["project"], "Fresh start", "--due", "2027-02-01")
    assert added.code == 0, added.err
    new_id = int(added.out.strip())
    assert new_id > last["id"]
    detail = show(person, db, "milestone", new_id)
    assert detail["due_history"] == []
    assert "None" not in person("--db", db, "milestone", "show", new_id).out


def test_ids_are_never_reused_after_upgrading_an_older_database(tmp_path: Path) -> None:
    from alembic import command

    from supportpm_tui.storage.database import APPLICATION_ID, alembic_config

    path = tmp_path / "old.db"
    command.upgrade(alembic_config(path), "0001_initial")
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
    conn.execute("INSERT INTO person (id, name, role, skills, active) VALUES (1, 'Ann', '', '', 1)")
    # Person 2 was deleted before the upgrade: only the log remembers it.
    conn.execute(
        "INSERT INTO event (time, actor, batch, entity, entity_id, action, changes) "
        "VALUES ('2026-11-01 10:00:00', 'ann', 'b1', 'person', 2, 'delete', '{}')"
    )
    conn.commit()
    conn.close()
    store = open_store(path)
    try:
        from supportpm_tui.services import people

        assert people.add_person(store, "Bo").id == 3
        people.delete_person(store, "Bo")
        assert people.add_person(store, "Cy").id == 4
    finally:
        store.close()


def test_values_are_shown_in_words_not_python() -> None:
    from supportpm_tui.core.text import shown_value

    assert [shown_value(v) for v in (None, True, False, [], 4.50, [1, 2])] == [
        "none",
        "yes",
        "no",
        "none",
        "4.5",
        "1, 2",
    ]


# --- the dashboard's forms ---------------------------------------------------------------------


async def _edit_card_form(pilot, app, card_id: int):  # type: ignore[no-untyped-def]
    from supportpm_tui.ui.modals.form import FormModal
    from supportpm_tui.ui.screens.board import BoardScreen

    await pilot.press("2")
    await settle(pilot)
    board = app.screen
    assert isinstance(board, BoardScreen)
    board.select_card(card_id)
    await settle(pilot)
    assert board.card is not None and board.card.id == card_id
    await pilot.press("e")
    await settle(pilot)
    form = app.screen
    assert isinstance(form, FormModal)
    return form


async def test_a_form_saves_only_what_was_changed_and_keeps_anothers_change(proc: Runner, db: Path) -> None:
    from textual.widgets import Input

    store = open_store(db)
    app = make_app(store, theme="textual-dark")
    try:
        async with app.run_test(size=SIZE) as pilot:
            form = await _edit_card_form(pilot, app, 5)
            title = form.query_one("#field-title", Input).value
            bob = proc(
                "--db", db, "task", "edit", 5, "--estimate", 12, "--assignee", "Jamal Reed",
                env={"SUPPORTPM_ACTOR": "bob"},
            )  # fmt: skip
            assert bob.code == 0, bob.err
            form.query_one("#field-title", Input).value = f"{title} v5.2"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is not form
    finally:
        store.close()
    after = show(proc, db, "task", 5)
    assert (after["title"], after["estimate"], after["assignee"]) == (f"{title} v5.2", 12.0, "Jamal Reed")


@pytest.mark.parametrize(("answer", "estimate"), [("m", 7.0), ("t", 12.0)])
async def test_a_form_shows_a_conflict_side_by_side_and_saves_the_choice(
    proc: Runner, db: Path, answer: str, estimate: float
) -> None:
    from textual.widgets import Input

    from supportpm_tui.ui.modals.conflict import ConflictModal

    store = open_store(db)
    app = make_app(store, theme="textual-dark")
    try:
        async with app.run_test(size=SIZE) as pilot:
            form = await _edit_card_form(pilot, app, 5)
            assert proc("--db", db, "task", "edit", 5, "--estimate", 12, env={"SUPPORTPM_ACTOR": "bob"}).code == 0
            form.query_one("#field-estimate", Input).value = "7"
            form.query_one("#field-description", Input).value = "checked with finance"
            await pilot.press("ctrl+s")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, ConflictModal)
            shown = str(dialog.query_one("#conflict-fields").render_line(0).text)
            assert "○ 12" in shown and "● 7" in shown and "bob" in shown  # theirs, who and when, yours (chosen)
            await pilot.press(answer)
            await settle(pilot)
            assert not isinstance(app.screen, ConflictModal | type(form))
    finally:
        store.close()
    after = show(proc, db, "task", 5)
    assert (after["estimate"], after["description"]) == (estimate, "checked with finance")


async def test_a_move_of_a_card_someone_else_just_moved_says_so(proc: Runner, db: Path) -> None:
    from supportpm_tui.ui.screens.board import BoardScreen

    store = open_store(db)
    app = make_app(store, theme="textual-dark", live=False)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("2")
            await settle(pilot)
            board = app.screen
            assert isinstance(board, BoardScreen)
            card = board.card
            assert card is not None and card.column == "backlog"
            assert proc("--db", db, "task", "move", card.id, "testing", env={"SUPPORTPM_ACTOR": "bob"}).code == 0
            await pilot.press("greater_than_sign")
            await settle(pilot)
            said = " ".join(str(n.message) for n in app._notifications)
            assert f"#{card.id} was moved to testing by bob" in said
    finally:
        store.close()
    assert show(proc, db, "task", card.id)["column"] == "testing"


def test_undo_takes_back_a_whole_import(person: Runner, db: Path, tmp_path: Path) -> None:
    csv = tmp_path / "load.csv"
    csv.write_text("person,week,tickets\nPriya Shah,2026-11-02,11\nJamal Reed,2026-11-02,7\nAisha Khan,2026-11-09,5\n")
    before = person("--db", db, "tickets", "list", "--json").json()
    assert person("--db", db, "tickets", "import", csv, "--replace").code == 0  # the demo's load in those weeks goes
    assert person("--db", db, "tickets", "list", "--json").json() != before
    log = person("--db", db, "log", "--limit", 1, "--json").json()[0]
    assert log["origin"] == "import"
    undone = person("--db", db, "undo")
    assert undone.code == 0, undone.err
    assert person("--db", db, "tickets", "list", "--json").json() == before


async def test_a_dashboards_undo_passes_over_what_it_can_no_longer_undo(proc: Runner, db: Path) -> None:
    from supportpm_tui.services import tasks

    store = open_store(db)
    app = make_app(store, theme="textual-dark", live=False)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            for tid, title in ((3, "older change"), (4, "undone elsewhere"), (5, "changed since")):
                app.write(lambda s, tid=tid, title=title: tasks.edit_task(s, tid, tasks.TaskValues(title=title)))
                await settle(pilot)
            log = proc("--db", db, "log", "--limit", 3, "--json").json()
            by_id = {e["entity_id"]: e["id"] for e in log}
            # A colleague undoes one of this dashboard's changes, and changes the title of another since.
            assert proc("--db", db, "undo", by_id[4], env={"SUPPORTPM_ACTOR": "bob"}).code == 0
            assert proc("--db", db, "task", "edit", 5, "--title", "bob's", env={"SUPPORTPM_ACTOR": "bob"}).code == 0
            await pilot.press("u")
            await settle(pilot)
            said = [str(n.message) for n in app._notifications]
            assert any("title of task 5 was changed since by bob" in m and "undo again" in m for m in said), said
            await pilot.press("u")
            await settle(pilot)
    finally:
        store.close()
    titles = {tid: show(proc, db, "task", tid)["title"] for tid in (3, 5)}
    assert titles[5] == "bob's" and titles[3] != "older change"
