"""``supportpm log --since`` takes the day words of a standup: fri (the last one), yesterday, last fri, ISO dates."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Runner


def _days(cli: Runner, db: Path, since: str) -> set[str]:
    result = cli("--db", db, "log", "--since", since, "--limit", "1000", "--json")
    assert result.code == 0, result.err
    return {row["time"][:10] for row in result.json()}


@pytest.mark.parametrize(
    ("since", "first"),
    [
        ("fri", "2026-11-13"),  # Wednesday 18 Nov: the last Friday
        ("last fri", "2026-11-13"),
        ("yesterday", "2026-11-17"),
        ("2026-11-17", "2026-11-17"),
        ("2026-11-9", "2026-11-09"),
        ("last wed", "2026-11-11"),
        ("2026-W46", "2026-11-09"),
    ],
)
def test_log_since_a_day_word(cli: Runner, demo_db: Path, since: str, first: str) -> None:
    days = _days(cli, demo_db, since)
    assert days and min(days) >= first
    everything = _days(cli, demo_db, "2026-01-01")
    assert days == {d for d in everything if d >= first}


def test_log_since_bad_words_say_one_line_and_exit_2(proc: Runner, demo_db: Path) -> None:
    for bad in ("last month", "2026-2-30", "fridayish"):
        result = proc("--db", demo_db, "log", "--since", bad)
        assert result.code == 2 and result.out == ""
        assert len(result.err.strip().splitlines()) == 1 and "since:" in result.err, result.err
