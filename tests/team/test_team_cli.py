"""Team mode from the command line: the same commands on a file and on a real PostgreSQL server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Result, Runner
from tests.conftest import pg_socket_dir

LISTS = ["task", "milestone", "project", "person", "workstream", "risk", "issue", "change", "leave", "tickets"]


def ok(result: Result) -> Result:
    assert result.code == 0, result
    return result


def one_line(result: Result) -> str:
    assert result.code == 2, result
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and "internal error" not in result.err and "Traceback" not in result.err, result.err
    return lines[0]


@pytest.fixture(params=["file", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database of either kind, empty."""
    if request.param == "file":
        return str(tmp_path / "team.db")
    return str(request.getfixturevalue("pg_url"))


def lists(cli: Runner, db: str) -> dict[str, Any]:
    found = {kind: ok(cli("--db", db, kind, "list", "--json")).json() for kind in LISTS}
    found["log"] = ok(cli("--db", db, "log", "--json", "--limit", "1000")).json()
    return found


def test_a_laptop_database_copied_to_the_server_and_back_lists_the_same(
    cli: Runner, demo_db: Path, pg_url: str, tmp_path: Path
) -> None:
    before = lists(cli, str(demo_db))
    done = ok(cli("copy", demo_db, pg_url))
    assert "every table counted the same" in done.out and "postgresql://postgres@/t_" in done.out
    assert lists(cli, pg_url) == before
    back = tmp_path / "back.db"
    ok(cli("copy", pg_url, back))
    assert lists(cli, str(back)) == before
    # The server goes on handing out new ids, never an old one.
    new_id = int(ok(cli("--db", pg_url, "task", "add", "After the move", "--project", "MFA")).out)
    assert new_id > max(t["id"] for t in before["task"])


def test_a_target_holding_data_is_refused_unless_replace(cli: Runner, demo_db: Path, pg_url: str) -> None:
    ok(cli("copy", demo_db, pg_url))
    ok(cli("--db", pg_url, "task", "add", "Only on the server", "--project", "MFA"))
    line = one_line(cli("copy", demo_db, pg_url))
    assert "already holds data" in line and "--replace" in line
    assert "Only on the server" in cli("--db", pg_url, "task", "list").out
    ok(cli("copy", demo_db, pg_url, "--replace"))
    assert "Only on the server" not in cli("--db", pg_url, "task", "list").out


def test_the_same_commands_give_the_same_answers_on_both(cli: Runner, db: str) -> None:
    ok(cli("--db", db, "person", "add", "Ana Silva", "--hours", "40"))
    ok(cli("--db", db, "project", "add", "MFA", "MFA rollout"))
    ok(cli("--db", db, "milestone", "add", "MFA", "Pilot live", "--due", "2026-12-18"))
    card = int(ok(cli("--db", db, "task", "add", "Enrol pilot group", "--project", "MFA",
                      "--assignee", "Ana Silva", "--estimate", "60", "--due", "2026-11-27")).out)  # fmt: skip
    ok(cli("--db", db, "task", "move", str(card), "in_progress"))
    shown = ok(cli("--db", db, "task", "show", str(card), "--json")).json()
    assert shown["column"] == "in_progress" and shown["version"] == 2
    capacity = ok(cli("--db", db, "capacity")).out
    assert "Ana Silva" in capacity and "overloaded" in capacity
    # An edit from an old version of the same field is refused; another field merges.
    ok(cli("--db", db, "task", "edit", str(card), "--estimate", "50"))
    one = one_line(cli("--db", db, "task", "edit", str(card), "--estimate", "7", "--if-version", "2"))
    assert "estimate" in one
    ok(cli("--db", db, "task", "edit", str(card), "--title", "Enrol the pilot group"))
    # Undo is the command line's own, and logged as such.
    ok(cli("--db", db, "undo"))
    assert ok(cli("--db", db, "task", "show", str(card), "--json")).json()["title"] == "Enrol pilot group"
    log = ok(cli("--db", db, "log", "--json")).json()
    assert log[0]["step"] == "undo" and log[0]["origin"] == "cli"
    # Values out of range and text of any kind: one line, or stored as text.
    assert "out of range" in one_line(cli("--db", db, "task", "add", "x", "--project", "MFA", "--due", "9999-12-31"))
    odd = "R\x1b]52;c;UFdORUQ=\x07 [bold]x[/] ' \" ; DROP TABLE task; -- ✓"
    odd_id = ok(cli("--db", db, "task", "add", odd, "--project", "MFA")).out.strip()
    title = ok(cli("--db", db, "task", "show", odd_id, "--json")).json()["title"]
    assert "DROP TABLE task" in title and "\x1b" not in title
    assert ok(cli("--db", db, "check")).code == 0


def test_an_id_too_large_and_a_missing_item_are_one_line_on_the_server(cli: Runner, pg_url: str) -> None:
    ok(cli("--db", pg_url, "project", "add", "MFA", "MFA rollout"))
    assert "too large" in one_line(cli("--db", pg_url, "task", "show", str(2**70)))
    assert "no task" in one_line(cli("--db", pg_url, "task", "show", "4242"))


def test_bad_addresses_are_one_line_and_write_nothing(cli: Runner, pg_server: Any, tmp_path: Path) -> None:
    socket = pg_socket_dir(pg_server)
    cases = {
        f"postgresql://postgres@/no_such_db?host={socket}": "has no database 'no_such_db'",
        f"postgresql://pwuser@/postgres?host={socket}": "refused user pwuser",
        f"postgresql://postgres@/postgres?host={tmp_path}/nothing-here": "cannot reach the PostgreSQL server",
        "postgresql://postgres@127.0.0.1:1/postgres": "cannot reach the PostgreSQL server",
        "postgresql://postgres:hunter2@127.0.0.1/postgres": "with a password in it",
        "postgresql://postgres@/postgres?host=/tmp&password=hunter2": "with a password in it",
        "postgresql://postgres@/postgres?host=/tmp&evil-key=1": "not a connection parameter",
    }
    for address, words in cases.items():
        for args in (("task", "list"), ("task", "add", "x", "--project", "MFA"), ("check",)):
            result = cli("--db", address, *args)
            line = one_line(result)
            assert words in line, (address, line)
            assert "hunter2" not in result.out + result.err


def test_a_wrong_password_from_the_environment_is_refused_and_the_right_one_works(
    cli: Runner, pg_server: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    address = f"postgresql://pwuser@/postgres?host={pg_socket_dir(pg_server)}"
    monkeypatch.setenv("PGPASSWORD", "wrong-pw")
    result = cli("--db", address, "person", "list")
    assert "refused user pwuser" in one_line(result) and "wrong-pw" not in result.err
    monkeypatch.delenv("PGPASSWORD")
    passfile = tmp_path / "pgpass"
    passfile.write_text("*:*:*:pwuser:right-pw\n")
    passfile.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    name = "pw_" + Path(tmp_path).name[-8:].replace("-", "_")
    pg_server.psql(f"CREATE DATABASE {name} OWNER pwuser;")
    own = f"postgresql://pwuser@/{name}?host={pg_socket_dir(pg_server)}"
    ok(cli("--db", own, "person", "add", "Ana Silva"))
    assert "Ana Silva" in ok(cli("--db", own, "person", "list")).out


def test_the_config_file_names_the_team_database(cli: Runner, pg_url: str, tmp_path: Path) -> None:
    from supportpm_tui.settings.config import config_path

    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text(json.dumps({"database_url": pg_url}))
    ok(cli("person", "add", "Ana Silva"))
    assert "Ana Silva" in ok(cli("--db", pg_url, "person", "list")).out
    where = ok(cli("check")).out
    assert "postgresql://postgres@/t_" in where


def test_a_user_who_may_only_read_can_list_and_is_refused_a_change_in_one_line(
    cli: Runner, demo_db: Path, pg_url: str, pg_server: Any
) -> None:
    ok(cli("copy", demo_db, pg_url))
    name = pg_url.split("/")[3].split("?")[0]
    pg_server.psql(
        "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'standup') THEN "
        "CREATE ROLE standup LOGIN; END IF; END $$;"
    )
    pg_server.psql(f"\\c {name}\nGRANT SELECT ON ALL TABLES IN SCHEMA public TO standup;")
    viewer = pg_url.replace("postgres@", "standup@")
    assert "Choose MFA vendor" in ok(cli("--db", viewer, "task", "list")).out
    line = one_line(cli("--db", viewer, "task", "add", "Not allowed", "--project", "MFA"))
    assert "read-only for the database user standup" in line
    assert "read only     : yes" in ok(cli("--db", viewer, "check")).out


def test_backup_of_the_server_is_a_file_that_restore_brings_back(
    cli: Runner, demo_db: Path, pg_url: str, tmp_path: Path
) -> None:
    ok(cli("copy", demo_db, pg_url))
    before = lists(cli, pg_url)
    copy = tmp_path / "team-copy.db"
    assert ok(cli("--db", pg_url, "backup", copy)).out.strip() == str(copy)
    assert lists(cli, str(copy)) == before
    ok(cli("--db", pg_url, "task", "add", "Made after the backup", "--project", "MFA"))
    done = ok(cli("--db", pg_url, "restore", copy)).out
    assert "what it held is kept at" in done
    assert lists(cli, pg_url) == before
    kept = Path(done.rsplit("kept at ", 1)[1].strip())
    assert "Made after the backup" in ok(cli("--db", kept, "task", "list")).out
    assert "cannot be restored" in one_line(cli("--db", pg_url, "restore", tmp_path / "team-copy.db-nothing"))


def test_the_log_names_the_database_user_on_the_server_and_none_in_a_file(cli: Runner, db: str) -> None:
    ok(cli("--db", db, "person", "add", "Ana Silva"))
    (entry,) = ok(cli("--db", db, "log", "--json")).json()
    assert entry["db_user"] == (None if "postgresql" not in db else "postgres")
    assert entry["actor"] == "tester"  # the person: SUPPORTPM_ACTOR, else the system user


def test_a_server_database_of_an_older_schema_is_upgraded_by_the_same_migrations(
    cli: Runner, pg_url: str, pg_server: Any
) -> None:
    ok(cli("--db", pg_url, "person", "add", "Ana Silva"))
    name = pg_url.split("/")[3].split("?")[0]
    pg_server.psql(
        f"\\c {name}\nALTER TABLE event DROP COLUMN db_user; "
        "ALTER TABLE task DROP COLUMN source, DROP COLUMN source_id; "
        "ALTER TABLE milestone DROP COLUMN source, DROP COLUMN source_id; "
        "ALTER TABLE person DROP COLUMN source, DROP COLUMN source_id, DROP COLUMN holiday_region; "
        "ALTER TABLE commitment DROP COLUMN source, DROP COLUMN source_id; "
        "ALTER TABLE settings DROP COLUMN holiday_region; "
        "DROP TABLE leadership_summary; DROP TABLE project_review; DROP TABLE metric_reading; "
        "DROP TABLE metric; ALTER TABLE milestone DROP COLUMN go_live; "
        "DROP TABLE status_update; DROP TABLE time_entry; DROP TABLE checklist_item; "
        "ALTER TABLE person DROP COLUMN working_days; "
        "ALTER TABLE project DROP COLUMN approval_path; ALTER TABLE project DROP COLUMN hourly_rate; "
        "DROP INDEX ix_event_actor, ix_event_batch, ix_event_entity_time, ix_event_step; "
        "CREATE INDEX ix_event_actor_batch ON event (actor, batch); "
        "DROP INDEX ix_task_column_done; "
        "UPDATE alembic_version SET version_num = '0002_versions_and_sessions';"
    )
    assert "Ana Silva" in ok(cli("--db", pg_url, "person", "list")).out
    report = ok(cli("--db", pg_url, "check")).out
    assert "schema current: yes" in report
    ok(cli("--db", pg_url, "person", "add", "Ben Ortiz"))
    assert ok(cli("--db", pg_url, "log", "--json")).json()[0]["db_user"] == "postgres"


def test_a_server_stopped_mid_session_is_one_line_and_nothing_is_half_written(
    cli: Runner, tmp_path_factory: pytest.TempPathFactory, today: object
) -> None:
    import pgserver

    from supportpm_tui.core.errors import UserError
    from supportpm_tui.services import people, projects, tasks
    from supportpm_tui.storage.server import parse_address
    from supportpm_tui.storage.team import open_server_store

    folder = tmp_path_factory.mktemp("pg-stopped")
    server = pgserver.get_server(folder, cleanup_mode="stop")
    address = f"postgresql://postgres@/postgres?host={pg_socket_dir(server)}"
    store = open_server_store(parse_address(address, "--db"))
    try:
        people.add_person(store, "Ana Silva")
        projects.add_project(store, "MFA", "MFA rollout")
        server.cleanup()  # the server goes away under an open session
        with pytest.raises(UserError) as stopped:
            tasks.add_task(store, "Lost?", "MFA", estimate=1)
        assert len(str(stopped.value).splitlines()) == 1
        assert "cannot reach" in str(stopped.value) or "lost" in str(stopped.value), stopped.value
        line = one_line(cli("--db", address, "task", "add", "Also lost?", "--project", "MFA"))
        assert "cannot reach the PostgreSQL server" in line
    finally:
        store.close()
    server = pgserver.get_server(folder, cleanup_mode="stop")  # back: nothing of the failed writes is there
    try:
        again = f"postgresql://postgres@/postgres?host={pg_socket_dir(server)}"
        listed = ok(cli("--db", again, "task", "list", "--json")).json()
        assert listed == []
        assert [p["name"] for p in ok(cli("--db", again, "person", "list", "--json")).json()] == ["Ana Silva"]
    finally:
        server.cleanup()


def test_hostile_text_on_the_server_is_stored_as_text_or_refused_in_one_line(
    cli: Runner, demo_db: Path, pg_url: str
) -> None:
    from tests.reliability.test_hostile import HOSTILE

    ok(cli("copy", demo_db, pg_url))
    for text in HOSTILE:
        commands = [
            ["task", "add", text, "--project", "MFA", "--tag", text],
            ["risk", "add", "MFA", text, "--likelihood", "3", "--impact", "3"],
            ["person", "add", text],
            ["task", "edit", "1", "--description", text],
        ]
        for args in commands:
            result = cli("--db", pg_url, *args)
            assert result.code in (0, 2), (args, result)
            assert "Traceback" not in result.err and "internal error" not in result.err, result.err
            if result.code == 2:
                assert len(result.err.strip().splitlines()) == 1
    listed = ok(cli("--db", pg_url, "task", "list", "--json")).json()
    assert all("\x1b" not in t["title"] and "\x00" not in t["title"] for t in listed)
    assert any(t["title"] == "[bold]loud[/]" for t in listed)  # markup kept as text
    assert ok(cli("--db", pg_url, "check")).code == 0


def test_the_project_page_checklists_and_logged_time_on_either_database(cli: Runner, db: str) -> None:
    """Checklists, logged time, own working days, budget and readiness read the same on a file and a server."""
    for args in (
        ("person", "add", "Ana Silva", "--working-days", "mon,tue,wed,thu", "--hours", "32"),
        ("project", "add", "MFA", "MFA rollout", "--owner", "Ana Silva"),
        ("milestone", "add", "MFA", "Pilot", "--due", "2026-12-04"),
        (
            "task",
            "add",
            "Enrol",
            "--project",
            "MFA",
            "--milestone",
            "Pilot",
            "--assignee",
            "Ana Silva",
            "--estimate",
            "8",
        ),
        ("project", "edit", "MFA", "--budget", "1000", "--spent", "850", "--hourly-rate", "50", "--goal", "MFA"),
        ("time", "log", "1", "2", "--reduce"),
        ("checklist", "edit", "5", "--milestone", "Pilot", "--owner", "Ana Silva"),
        ("checklist", "done", "1"),
    ):
        ok(cli("--db", db, *args))
    page = ok(cli("--db", db, "project", "show", "MFA", "--json")).json()
    assert (page["budget_summary"]["spent"], page["budget_summary"]["used_pct"], page["rag"]) == (950, 95, "amber")
    assert page["progress"]["remaining_hours"] == 6 and page["scope_gaps"][0] == "nothing stated in scope"
    assert [c["done"] for c in page["checklist"]][:2] == [True, False]
    assert page["spent_against_estimate"][0]["logged"] == 2
    assert "95 %" in ok(cli("--db", db, "project", "list", "--sort", "rag")).out
    ok(cli("--db", db, "task", "move", "1", "done"))
    assert "gated by 1 checklist item" in one_line(cli("--db", db, "milestone", "done", "Pilot"))
    rows = ok(cli("--db", db, "capacity", "--json", "--weeks", "2")).json()
    assert (rows[1]["weekdays"], rows[1]["contracted"]) == (4, 32)
    assert ok(cli("--db", db, "time", "list", "--json")).json()[0]["hours"] == 2
