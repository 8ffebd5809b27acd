"""Nothing reaches the terminal raw: names, file names, messages and text another program wrote into the file.

Every line the command line prints and every screen the dashboard draws is
checked for control characters: C0 controls (but line ends and, in printed
output, tabs), DEL and C1 controls. The dashboard's own drawing (colours,
cursor moves) is made of CSI sequences; anything else starting with ESC, or
any other control, is text that reached the terminal raw.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supportpm_tui.core.text import escape_controls
from supportpm_tui.storage.database import Store, open_store
from supportpm_tui.ui.app import make_app
from tests.cli.conftest import Result, Runner
from tests.cli.conftest import cli as cli  # the in-process command line
from tests.cli.conftest import demo_db as demo_db
from tests.cli.conftest import proc as proc  # the command line as a real process
from tests.ui.conftest import SIZE, settle

OSC52 = "\x1b]52;c;UFdORUQ=\x07"
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# The free text of every kind of item, as another program might write it (bypassing SupportPM's cleaning).
TEXT_COLUMNS = {
    "person": ["name", "role", "skills"],
    "project": [
        "name",
        "sponsor",
        "goal",
        "in_scope",
        "out_of_scope",
        "assumptions",
        "stakeholders",
        "success_criteria",
        "rag_note",
    ],
    "workstream": ["name"],
    "milestone": ["name", "deliverable"],
    "task": ["title", "description", "tags", "blocked_reason"],
    "risk": ["title", "description", "mitigation", "contingency", "trigger"],
    "issue": ["title", "description", "root_cause", "workaround", "decision"],
    "change_request": ["title", "description", "requested_by", "risk_note", "decided_by", "decision_note"],
    "commitment": ["note"],
    "ticket_load": ["source"],
    "event": ["actor"],
}

# Every list and every show, as text and as JSON.
COMMANDS = [
    ["log"],
    ["capacity"],
    *[[group, "list"] for group in ("person", "project", "workstream", "milestone", "task", "risk", "issue")],
    *[[group, "list"] for group in ("change", "leave", "tickets")],
    *[[group, "list", "--json"] for group in ("person", "project", "milestone", "task", "risk", "issue", "change")],
    *[[group, "show", "1"] for group in ("person", "milestone", "task", "risk", "issue", "change", "leave")],
    ["project", "show", "MFA"],
    ["task", "show", "1", "--json"],
]

# Text of any kind, with control characters and markup-looking pieces among it.
HOSTILE_TEXT = st.lists(
    st.one_of(
        st.text(max_size=6),
        st.characters(max_codepoint=0x9F),
        st.sampled_from([OSC52, "\x1b[2J", "\x9b31m", "\x9d0;title\x9c", "[bold]x[/]", "[/]", "\r", "\t", "\n"]),
    ),
    min_size=1,
    max_size=6,
).map("".join)

QUICK = settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def poison(db: Path, text: str) -> None:
    """Append ``text`` to every free-text column of every row, with plain SQLite (as another program would)."""
    conn = sqlite3.connect(db)
    with conn:
        for table, columns in TEXT_COLUMNS.items():
            sets = ", ".join(f'"{c}" = COALESCE("{c}", \'\') || :t' for c in columns)
            conn.execute(f"UPDATE {table} SET {sets}", {"t": text})
    conn.close()


def raw_controls(result: Result) -> list[str]:
    """Return the control characters in what a command printed (line ends and tabs are fine)."""
    return RAW.findall(result.out) + RAW.findall(result.err)


def test_an_imported_file_named_with_an_escape_sequence_is_named_as_text(tmp_path: Path, proc: Runner) -> None:
    db = tmp_path / "d.db"
    assert proc("demo", "--db", db).code == 0
    sheet = tmp_path / f"ok{OSC52}.csv"
    sheet.write_text("person,week,tickets,hours\nAisha Khan,2026-W47,3,4\n")
    done = proc("--db", db, "tickets", "import", sheet, "--add")  # the demo has load that week
    assert done.code == 0, done.err
    assert raw_controls(done) == []
    assert "ok\\x1b]52;c;UFdORUQ=\\x07.csv" in done.out
    bad = tmp_path / f"bad{OSC52}.csv"
    bad.write_text("nothing,useful\n1,2\n")
    refused = proc("--db", db, "tickets", "import", bad)
    assert refused.code == 2
    assert raw_controls(refused) == []


@pytest.mark.parametrize(
    "args",
    [
        ["--db", f"missing{OSC52}/d.db", "task", "list"],
        ["--db", "{db}", "restore", f"gone{OSC52}.db"],
        ["--db", "{db}", "backup", f"nowhere{OSC52}/b.db"],
        ["--db", "{db}", "person", "show", f"x{OSC52}"],
        ["--db", "{db}", "task", "list", f"--status{OSC52}"],
        ["--db", f"no\n{OSC52}/d.db", "task", "list"],
    ],
)
def test_error_lines_naming_a_path_or_a_value_show_control_characters_as_text(
    demo_db: Path, proc: Runner, args: list[str]
) -> None:
    done = proc(*[a.replace("{db}", str(demo_db)) for a in args])
    assert done.code == 2
    assert raw_controls(done) == []
    assert len(done.err.splitlines()) == 1
    assert "]52;c;" in done.err  # written out as text, or left out


def test_json_escapes_every_control_character(demo_db: Path, cli: Runner) -> None:
    poison(demo_db, "a\x9bb\x7fc\x1bd")
    done = cli("--db", demo_db, "task", "list", "--json")
    assert raw_controls(done) == []
    assert done.json()[0]["title"].endswith("a\x9bb\x7fc\x1bd")  # the data itself, escaped, not changed


@QUICK
@given(text=HOSTILE_TEXT)
def test_any_text_another_program_wrote_is_printed_without_control_characters(
    demo_db: Path, cli: Runner, tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    db = tmp_path_factory.mktemp("poisoned") / "d.db"
    shutil.copy(demo_db, db)
    poison(db, text)
    for command in COMMANDS:
        done = cli("--db", db, *command)
        assert done.code in (0, 2), (command, done.err)
        assert raw_controls(done) == [], command


def terminal_output(app: object) -> str:
    """Return what the dashboard sends to the terminal to draw its whole screen now."""
    screen = app.screen  # type: ignore[attr-defined]
    update = screen._compositor.render_update(full=True)
    return update.render_segments(app.console)  # type: ignore[attr-defined]


# The dashboard's own drawing: CSI sequences (colours, cursor moves), and line ends.
DRAWING = re.compile(r"\x1b\[[0-9;:?<=>]*[ -/]*[@-~]|[\r\n]")


@pytest.fixture
def poisoned_db(demo_store: Store) -> Path:
    path = demo_store.path
    demo_store.close()
    poison(path, f"[bold]x[/] {OSC52} \x9b2J \x9d0;t\x9c\ttab\rcr\x00nul")
    return path


async def test_every_screen_draws_any_text_from_the_file_without_control_characters(
    poisoned_db: Path, today: dt.date
) -> None:
    store = open_store(poisoned_db)
    app = make_app(store, theme="textual-dark")
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            for key in "123456":
                await pilot.press(key)
                await settle(pilot)
                drawn = DRAWING.sub("", terminal_output(app))
                assert RAW.findall(drawn) == [], key
                assert "[bold]x[/]" in drawn, key  # shown as text, not read as markup
            app.notify(f"saved [b]x[/b] {OSC52}", title=f"t{OSC52}")  # a toast: plain text, controls written out
            await settle(pilot)
            (toast,) = [n for n in app._notifications if "saved" in n.message]
            assert not toast.markup
            assert RAW.findall(toast.message + toast.title) == []
            assert "[b]x[/b]" in toast.message
    finally:
        store.close()


def test_control_characters_are_written_out() -> None:
    assert escape_controls(f"a{OSC52}\n\udcff\x9b") == "a\\x1b]52;c;UFdORUQ=\\x07\\n\\xff\\x9b"
    assert escape_controls("line\none\ttab", keep="\n\t") == "line\none\ttab"
