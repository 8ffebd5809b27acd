"""A ticket-load import: any malformed row is a line error, and the write lock is held briefly."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session
from sqlmodel import select

from supportpm_tui.core.errors import UserError
from supportpm_tui.services import ticket_import, ticket_writes, undo
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import Event, TicketLoad
from tests.cli.conftest import Runner

HEADER = b"person,week,tickets,hours\n"
GOOD = b"Tom Becker,2026-W49,3,\n"


@pytest.mark.parametrize(
    ("body", "where"),
    [
        (b"Tom Becker,2026-W49,3,,extra,more\n", "line 2"),
        (b"Tom Becker,2026-W49,3\x00,\n", "line 2"),
        (b"Tom Becker,2026-W49,\xff\xfe,\n", "line 2"),
        (b"Tom Becker,2026-W49," + b"9" * 200_000 + b",\n", "line 2"),
        (b'"Tom Becker,2026-W49,3,\n' + GOOD, "line"),
        (GOOD + b"\n\nNobody,2026-W49,1,\n", "line 5"),
        (GOOD + b"Tom Becker,2026-W49,3,\r\nTom Becker,someday,1,\r\n", "line 4"),
    ],
)
def test_a_malformed_row_is_a_line_error_and_nothing_is_imported(
    cli: Runner, demo_db: Path, tmp_path: Path, body: bytes, where: str
) -> None:
    path = tmp_path / "load.csv"
    path.write_bytes(HEADER + body)
    before = cli("--db", demo_db, "tickets", "list", "--json").json()
    result = cli("--db", demo_db, "tickets", "import", path)
    assert result.code == 2, result
    assert len(result.err.strip().splitlines()) == 1 and where in result.err, result.err
    assert "internal error" not in result.err
    assert cli("--db", demo_db, "tickets", "list", "--json").json() == before


def test_a_bom_crlf_and_empty_lines_import(cli: Runner, demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "load.csv"
    path.write_bytes(b"\xef\xbb\xbf" + HEADER.replace(b"\n", b"\r\n") + b"\r\n" + GOOD.replace(b"\n", b"\r\n"))
    result = cli("--db", demo_db, "tickets", "import", path)
    assert result.code == 0 and result.out.startswith("imported 1 row"), result


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.lists(
        st.one_of(
            st.binary(max_size=60),
            st.sampled_from([GOOD, b"Tom Becker,2026-W49,,2.5\n", b'"', b",", b"\r\n", b"\x00", b"\xef\xbb\xbf"]),
        ),
        max_size=8,
    ).map(b"".join)
)
def test_any_bytes_import_or_are_refused_in_one_line(cli: Runner, demo_db: Path, tmp_path: Path, body: bytes) -> None:
    path = tmp_path / "load.csv"
    path.write_bytes(HEADER + body)
    result = cli("--db", demo_db, "tickets", "import", path)
    assert result.code in (0, 2), result
    if result.code == 2:  # one line, or a line saying how many rows are bad and one line for each
        lines = result.err.strip().splitlines()
        assert all(line.startswith("supportpm: error: ") for line in lines), result.err
        assert len(lines) == 1 or (len(lines) > 2 and "bad row(s), nothing imported" in lines[0]), result.err
        assert "internal error" not in result.err and "Traceback" not in result.err


def big_file(tmp_path: Path, rows: int) -> Path:
    names = ["Tom Becker", "Aisha Khan", "Jamal Reed", "Priya Shah"]
    lines = [f"{names[i % 4]},{2000 + (i // 4) // 52}-W{(i // 4) % 52 + 1:02d},{i % 40}," for i in range(rows)]
    path = tmp_path / "big.csv"
    path.write_text("person,week,tickets,hours\n" + "\n".join(lines) + "\n")
    return path


def loads_of(store: Store, source: str) -> int:
    with store.read() as session:
        return len(session.exec(select(TicketLoad).where(TicketLoad.source == source)).all())


def test_a_large_import_writes_in_short_transactions_that_undo_takes_back_as_one(
    demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ticket_writes, "IMPORT_CHUNK", 500)
    path = big_file(tmp_path, 1200)
    rows_per_write: list[int] = []
    write = demo_store.write

    @contextlib.contextmanager
    def counted(batch: str | None = None) -> Iterator[Session]:
        before = loads_of(demo_store, "big.csv")
        with write(batch) as session:
            yield session
        rows_per_write.append(loads_of(demo_store, "big.csv") - before)

    demo_store.write = counted  # type: ignore[method-assign]
    before = load_batches(demo_store)
    assert ticket_import.import_ticket_load(demo_store, path).rows == 1200
    assert rows_per_write == [500, 500, 200]  # another writer gets its turn between them
    demo_store.write = write  # type: ignore[method-assign]
    (batch,) = load_batches(demo_store) - before  # one change in the log
    undo.undo_event(demo_store, undo_target(demo_store, batch))
    assert loads_of(demo_store, "big.csv") == 0


def load_batches(store: Store) -> set[str]:
    with store.read() as session:
        return {e.batch for e in session.exec(select(Event).where(Event.entity == "ticket_load")).all()}


def undo_target(store: Store, batch: str) -> int:
    with store.read() as session:
        event = session.exec(select(Event).where(Event.batch == batch)).first()
        assert event is not None and event.id is not None
        return event.id


def test_an_import_cut_short_takes_back_what_it_wrote(
    demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ticket_writes, "IMPORT_CHUNK", 500)
    path = big_file(tmp_path, 1200)
    write = demo_store.write
    calls: list[str | None] = []

    @contextlib.contextmanager
    def failing_third(batch: str | None = None) -> Iterator[Session]:
        calls.append(batch)
        if len(calls) == 3:
            raise UserError("the disk is full")
        with write(batch) as session:
            yield session

    demo_store.write = failing_third  # type: ignore[method-assign]
    with pytest.raises(UserError, match="the disk is full; the rows written before it were taken back"):
        ticket_import.import_ticket_load(demo_store, path)
    assert loads_of(demo_store, "big.csv") == 0
    demo_store.write = write  # type: ignore[method-assign]


def test_a_bad_line_at_the_end_of_a_large_file_is_named_and_nothing_written(demo_store: Store, tmp_path: Path) -> None:
    path = big_file(tmp_path, 20_000)
    with pytest.raises(UserError, match="line 20002"):
        path.write_text(path.read_text() + "Nobody,2026-W49,1,\n")
        ticket_import.import_ticket_load(demo_store, path)
    assert loads_of(demo_store, "big.csv") == 0
