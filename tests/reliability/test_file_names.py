"""Paths are paths: any name the system allows opens as itself, and what SupportPM writes is its owner's only.

SQLite reads ``?``, ``#`` and ``%`` in an address, a name beginning ``file:``
as an address, and ``:memory:`` as no file at all; none of that may send the
data anywhere but the file named.
"""

from __future__ import annotations

import contextlib
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supportpm_tui.storage.database import alembic_config, open_store
from supportpm_tui.storage.file_check import read_only_uri
from tests.cli.conftest import ROOT, Runner
from tests.cli.conftest import cli as cli  # the in-process command line

PIECES = [
    "?",
    "?mode=ro",
    "%41",
    "%",
    "#",
    " ",
    "é",
    "漢字",
    "'",
    '"',
    "-",
    "\n",
    "\t",
    "\x1b]52;c;x\x07",
    "\udcff",  # a byte that is not UTF-8
    "file:",
    ":memory:",
    "[x]",
    "*",
    "\\",
    "&",
    ";",
    "a",
]
NAME_CHARACTERS = st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",))
"""Any character a file name can hold; a lone surrogate names no file (a byte that is not UTF-8 is a piece above)."""
NAMES = (
    st.lists(st.sampled_from(PIECES) | st.text(NAME_CHARACTERS, max_size=3), max_size=5)
    .map(lambda parts: "".join(parts) + ".db")
    .filter(lambda name: len(os.fsencode(name)) < 200)
)


@contextlib.contextmanager
def inside(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def allowed(name: str) -> set[str]:
    """The files a database named ``name`` may have beside it: itself, its journals, its backups folder."""
    return {name, f"{name}-wal", f"{name}-shm", f"{name}-journal", f"{Path(name).stem}-backups"}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=NAMES)
def test_any_file_name_is_the_file_written_and_read(
    cli: Runner, tmp_path_factory: pytest.TempPathFactory, name: str
) -> None:
    folder = tmp_path_factory.mktemp("names")
    with inside(folder):
        made = cli(f"--db={name}", "demo")  # --db=NAME: a name may begin with a dash
        assert made.code == 0, made.err
        listed = cli("task", "list", "--db", f"./{name}")
        assert listed.code == 0, listed.err
    assert len(listed.out.splitlines()) > 5
    assert "\n" not in made.out.rstrip("\n")  # the name is printed on one line, a line end in it written out
    assert set(os.listdir(folder)) <= allowed(name)
    assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600


@pytest.mark.parametrize("name", ["what?.db", "100%41.db", "C#team.db", "file:x.db", ":memory:", "a b?mode=ro#c.db"])
def test_the_reproductions_write_the_file_named(cli: Runner, tmp_path: Path, name: str) -> None:
    with inside(tmp_path):
        assert cli("demo", "--db", name).code == 0
        assert cli("task", "add", "one more", "--project", "MFA", "--db", name).code == 0
    assert set(os.listdir(tmp_path)) <= allowed(name)
    assert (tmp_path / name).stat().st_size > 0


def test_addresses_name_the_file_itself(tmp_path: Path) -> None:
    from sqlalchemy import make_url

    path = tmp_path / "a?b#c%41 d\né.db"
    assert make_url(alembic_config(path).get_main_option("sqlalchemy.url")).database == str(path)
    store = open_store(path)
    store.close()
    assert os.listdir(tmp_path) == [path.name]
    import sqlite3

    conn = sqlite3.connect(read_only_uri(path), uri=True)
    assert conn.execute("PRAGMA application_id").fetchone()[0] != 0
    conn.close()


def test_everything_written_is_the_owners_only_whatever_the_umask(tmp_path: Path) -> None:
    home = tmp_path / "home"
    data = tmp_path / "deep" / "data"  # folders that do not exist yet: the default location is made
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(data),
        "XDG_CONFIG_HOME": str(tmp_path / "deep" / "config"),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("SUPPORTPM_DB", None)

    def run(*args: str) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "supportpm_tui", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            preexec_fn=lambda: os.umask(0),
        )
        assert done.returncode == 0, done.stderr

    run("person", "add", "Ann", "--hours", "6")  # creates the default database and its folders
    run("demo", "--db", str(tmp_path / "d.db"))
    run("--db", str(tmp_path / "d.db"), "task", "list")  # the day's backup
    run("--db", str(tmp_path / "d.db"), "backup", str(tmp_path / "copy.db"))
    made = [p for p in tmp_path.rglob("*") if p.name != "home"]
    assert made
    for path in made:
        mode = stat.S_IMODE(path.stat().st_mode)
        if path.is_dir():
            assert mode == 0o700, path
        else:
            assert mode == 0o600, path


def test_the_first_screens_reader_and_its_keeper_open_any_name(tmp_path: Path, today: object) -> None:
    from supportpm_tui.services.demo import generate
    from supportpm_tui.startup import first_overview, kept_overview

    path = tmp_path / "o?mode=rwc#x%41\n\udcff.db"  # a byte that is not UTF-8, too
    store = open_store(path)
    generate(store)
    store.close()
    assert kept_overview.fingerprint(path) is not None
    assert kept_overview.ready_to_open(path)
    assert first_overview.compute(path).projects
    assert not (tmp_path / "o").exists()
