"""The database-enforced rules the tables share, each a named CHECK constraint.

The names are part of the schema (the migrations create them): keep them as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, Dialect
from sqlalchemy.types import TypeDecorator

from supportpm_tui.core.parsing import DATE_MIN, read_date


def one_of(column: str, values: type[StrEnum], nullable: bool = False) -> CheckConstraint:
    """Return a CHECK that ``column`` holds one of ``values`` (or NULL when ``nullable``): ``ck_<column>_allowed``."""
    allowed = ", ".join(f"'{v.value}'" for v in values)
    rule = f'"{column}" IN ({allowed})'
    if nullable:
        rule = f'"{column}" IS NULL OR {rule}'
    return CheckConstraint(rule, name=f"ck_{column}_allowed")


def scale_1_5(column: str) -> CheckConstraint:
    """Return a CHECK that ``column`` is from 1 to 5: ``ck_<column>_1_5``."""
    return CheckConstraint(f'"{column}" BETWEEN 1 AND 5', name=f"ck_{column}_1_5")


def not_negative(column: str) -> CheckConstraint:
    """Return a CHECK that ``column`` is NULL or not negative: ``ck_<column>_not_negative``."""
    return CheckConstraint(f'"{column}" IS NULL OR "{column}" >= 0', name=f"ck_{column}_not_negative")


def dates_ordered(first: str, last: str) -> CheckConstraint:
    """Return a CHECK that ``last`` is not before ``first`` (either may be NULL): ``ck_<last>_after_<first>``."""
    return CheckConstraint(
        f'"{first}" IS NULL OR "{last}" IS NULL OR "{last}" >= "{first}"',
        name=f"ck_{last}_after_{first}",
    )


# Table option: an id is never handed out twice, even after the row holding it is deleted
# (SQLite's AUTOINCREMENT), so history looked up by id never reaches a newer item.
KEEP_IDS = {"sqlite_autoincrement": True}


class StoredDate(TypeDecorator[dt.date]):
    """A DATE column read tolerantly: a date outside the window (1970–2200) is clamped to it and
    unreadable text reads as no date, so one bad value written by another program cannot stop
    every screen and list (``supportpm check`` names it)."""

    impl = Date
    cache_ok = True
    _missing: dt.date | None = None

    def process_bind_param(self, value: object, dialect: Dialect) -> dt.date | None:
        """Return the date to store; an ISO text (as the event log keeps dates) is read as its date."""
        if isinstance(value, str):
            return dt.date.fromisoformat(value)
        return value  # type: ignore[return-value]

    def result_processor(self, dialect: Dialect, coltype: object) -> Callable[[object], dt.date | None]:
        missing = self._missing

        def read(value: object) -> dt.date | None:
            if value is None:
                return None
            day = read_date(value)
            return day if day is not None else missing

        return read


class StoredDateRequired(StoredDate):
    """A required DATE column read tolerantly: unreadable text reads as the window's first day."""

    cache_ok = True
    _missing = DATE_MIN
