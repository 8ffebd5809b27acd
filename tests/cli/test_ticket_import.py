"""A ticket-load import: any malformed row is a line error, and the write lock is held briefly."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from supportpm_tui.core.errors import UserError
from supportpm_tui.services import availability
from supportpm_tui.storage.database import Store
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
    if result.code == 2:
        assert len(result.err.strip().splitlines()) == 1, result.err
        assert "internal error" not in result.err and "Traceback" not in result.err


def test_a_large_import_holds_the_write_lock_briefly(demo_store: Store, tmp_path: Path) -> None:
    names = ["Tom Becker", "Aisha Khan", "Jamal Reed", "Priya Shah"]
    lines = [f"{names[i % 4]},{2000 + (i // 4) // 52}-W{(i // 4) % 52 + 1:02d},{i % 40}," for i in range(20_000)]
    path = tmp_path / "big.csv"
    path.write_text("person,week,tickets,hours\n" + "\n".join(lines) + "\n")
    held: list[float] = []
    write = demo_store.write

    @contextlib.contextmanager
    def timed() -> Iterator[Session]:
        start = time.perf_counter()
        with write() as session:
            yield session
        held.append(time.perf_counter() - start)

    demo_store.write = timed  # type: ignore[method-assign]
    assert availability.import_ticket_load(demo_store, path) == 20_000
    assert len(held) == 1 and held[0] < 5, held  # one write; under a second on an idle machine
    with pytest.raises(UserError, match="line 20002"):
        path.write_text(path.read_text() + "Nobody,2026-W49,1,\n")
        availability.import_ticket_load(demo_store, path)
