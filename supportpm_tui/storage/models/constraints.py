"""The database-enforced rules the tables share, each a named CHECK constraint.

The names are part of the schema (the migrations create them): keep them as they are.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import CheckConstraint


def one_of(column: str, values: type[StrEnum], nullable: bool = False) -> CheckConstraint:
    """Return a CHECK that ``column`` holds one of ``values`` (or NULL when ``nullable``): ``ck_<column>_allowed``."""
    allowed = ", ".join(f"'{v.value}'" for v in values)
    rule = f"{column} IN ({allowed})"
    if nullable:
        rule = f"{column} IS NULL OR {rule}"
    return CheckConstraint(rule, name=f"ck_{column}_allowed")


def scale_1_5(column: str) -> CheckConstraint:
    """Return a CHECK that ``column`` is from 1 to 5: ``ck_<column>_1_5``."""
    return CheckConstraint(f"{column} BETWEEN 1 AND 5", name=f"ck_{column}_1_5")


def not_negative(column: str) -> CheckConstraint:
    """Return a CHECK that ``column`` is NULL or not negative: ``ck_<column>_not_negative``."""
    return CheckConstraint(f"{column} IS NULL OR {column} >= 0", name=f"ck_{column}_not_negative")


def dates_ordered(first: str, last: str) -> CheckConstraint:
    """Return a CHECK that ``last`` is not before ``first`` (either may be NULL): ``ck_<last>_after_<first>``."""
    return CheckConstraint(
        f"{first} IS NULL OR {last} IS NULL OR {last} >= {first}",
        name=f"ck_{last}_after_{first}",
    )


# Table option: an id is never handed out twice, even after the row holding it is deleted
# (SQLite's AUTOINCREMENT), so history looked up by id never reaches a newer item.
KEEP_IDS = {"sqlite_autoincrement": True}
