"""The database a run names: a folder someone named is never made, and an address is never taken for a file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supportpm_tui.core.errors import UserError
from supportpm_tui.settings import paths
from tests.cli.conftest import Result, Runner

PASSWORD = "Zq7secretWk9"
SERVER = f"postgresql://spm:{PASSWORD}@127.0.0.1:5432/spm"


def one_line(result: Result) -> str:
    assert result.code == 2, result
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("supportpm: error: ") and "Traceback" not in result.err, result
    return lines[0]


def everything_under(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*"))


def data_home() -> Path:
    return Path(os.environ["XDG_DATA_HOME"])


# Commands that open the database, each in its own way; none of them may make a file or folder.
COMMANDS = {
    "add": ["project", "add", "MAIL", "Mail move"],
    "list": ["task", "list"],
    "dashboard": [],
    "where": ["where"],
    "check": ["check"],
    "log": ["log"],
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_supportpm_db_in_a_folder_that_does_not_exist_is_refused(tmp_path: Path, proc: Runner, command: str) -> None:
    target = tmp_path / "no" / "such" / "x.db"
    line = one_line(proc(*COMMANDS[command], env={"SUPPORTPM_DB": str(target)}))
    assert line == f"supportpm: error: SUPPORTPM_DB names {target}, but the folder {target.parent} does not exist"
    assert not (tmp_path / "no").exists()
    assert not data_home().exists()


def test_db_option_in_a_folder_that_does_not_exist_names_the_option(tmp_path: Path, proc: Runner) -> None:
    target = tmp_path / "no" / "x.db"
    line = one_line(proc("--db", target, "task", "list"))
    assert line == f"supportpm: error: --db names {target}, but the folder {target.parent} does not exist"
    assert not (tmp_path / "no").exists()


def test_a_folder_that_is_a_file_is_refused(tmp_path: Path, proc: Runner) -> None:
    (tmp_path / "notes").write_text("not a folder")
    line = one_line(proc("task", "list", env={"SUPPORTPM_DB": str(tmp_path / "notes" / "x.db")}))
    assert "is not a folder" in line


def test_demo_in_a_folder_that_does_not_exist_is_refused(tmp_path: Path, proc: Runner) -> None:
    one_line(proc("demo", "--db", tmp_path / "gone" / "demo.db"))
    assert not (tmp_path / "gone").exists()


# Every way a database can be named, with a server address in it.
WAYS = {
    "--db first": lambda args: (["--db", SERVER, *args], {}),
    "--db after the command": lambda args: ([*args, "--db", SERVER], {}),
    "SUPPORTPM_DB": lambda args: (list(args), {"SUPPORTPM_DB": SERVER}),
}


@pytest.mark.parametrize("way", list(WAYS))
@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_server_address_is_refused_without_its_password(
    tmp_path: Path, person: Runner, way: str, command: str
) -> None:
    args, env = WAYS[way](COMMANDS[command])
    result = person(*args, env=env, cwd=tmp_path)
    line = one_line(result)
    assert PASSWORD not in result.out + result.err
    assert "postgresql://spm@127.0.0.1:5432/spm with a password in it" in line  # kept out of addresses
    assert everything_under(tmp_path) == []  # no folder tree named after the address
    assert not data_home().exists()


def test_demo_refuses_a_server_address(tmp_path: Path, proc: Runner) -> None:
    result = proc("demo", "--db", SERVER, cwd=tmp_path)
    assert "with a password in it" in one_line(result)
    assert PASSWORD not in result.out + result.err
    assert everything_under(tmp_path) == []


@pytest.mark.parametrize("address", ["sqlite:///team.db", "sqlite:////tmp/team.db", "file:///tmp/team.db"])
def test_a_file_address_asks_for_the_path_itself(tmp_path: Path, proc: Runner, address: str) -> None:
    line = one_line(proc("--db", address, "task", "list", cwd=tmp_path))
    assert "give the database file's path itself" in line
    assert everything_under(tmp_path) == []


def test_backup_and_restore_refuse_a_server_address(tmp_path: Path, demo_db: Path, proc: Runner) -> None:
    work = tmp_path / "work"
    work.mkdir()
    for args in (["backup", SERVER], ["restore", SERVER]):
        result = proc("--db", demo_db, *args, cwd=work)
        assert "a PostgreSQL address, where a file is needed" in one_line(result)
        assert PASSWORD not in result.out + result.err
    assert everything_under(work) == []


def test_the_default_location_is_still_made(proc: Runner) -> None:
    result = proc("task", "list")
    assert result.code == 0, result
    made = data_home() / "supportpm" / "supportpm.db"
    assert made.is_file()
    assert (made.parent.stat().st_mode & 0o777) == 0o700


# A property over the shapes a server address takes: whatever the password holds, it is never shown.
SCHEMES = st.sampled_from(
    ["postgresql", "postgres", "postgresql+psycopg", "mysql", "mysql+pymysql", "mssql", "http", "https", "redis"]
)
SECRET = st.text(alphabet="abcXYZ019!$%&*()-_=+@/?#:;,.~", min_size=0, max_size=12).map(lambda s: f"Zq7{s}Wk9")
HOSTS = st.sampled_from(["127.0.0.1", "db.example.org", "[::1]", "localhost", ""])
PORTS = st.sampled_from(["", ":5432", ":3306"])
USERS = st.sampled_from(["", "spm", "alice@corp.example"])
TAILS = st.sampled_from(["", "/spm", "/spm?sslmode=require", "/spm#x", "/", ";database=spm", "/a/b?x=1@y"])
QUERY_SECRET = st.sampled_from(["", "?password={}", "?sslmode=require&password={}", ";password={}"])


@st.composite
def server_addresses(draw: st.DrawFn) -> tuple[str, str]:
    secret = draw(SECRET)
    user = draw(USERS)
    userinfo = draw(st.sampled_from([f"{user}:{secret}@", f":{secret}@", f"{user}@" if user else ""]))
    query = draw(QUERY_SECRET).format(secret)
    address = f"{draw(SCHEMES)}://{userinfo}{draw(HOSTS)}{draw(PORTS)}{draw(TAILS)}{query}"
    return address, secret


@settings(max_examples=300, deadline=None)
@given(server_addresses(), st.sampled_from(["--db", "SUPPORTPM_DB"]))
def test_no_address_is_taken_for_a_file_and_no_password_is_shown(
    address_and_secret: tuple[str, str], named_by: str
) -> None:
    address, secret = address_and_secret
    assert paths.is_address(address)
    with pytest.raises(UserError) as refused:
        paths.file_path(address, named_by)
    message = str(refused.value)
    assert message.startswith(f"{named_by} names ")
    assert "\n" not in message
    assert secret not in message
    assert "Zq7" not in message and "Wk9" not in message  # not even a part of it


@pytest.mark.parametrize(
    "text",
    ["team.db", "/tmp/team.db", "~/team.db", "C:/team.db", "notes:2026.db", "a//b.db", "./postgresql/team.db"],
)
def test_file_paths_are_not_addresses(text: str) -> None:
    assert not paths.is_address(text)
    assert paths.file_path(text, "--db") == Path(text).expanduser()
