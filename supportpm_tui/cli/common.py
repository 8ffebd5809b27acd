"""Shared pieces of the command line: errors, options, and printing records, tables and JSON.

A record is what a service returns for one item: a dict, or a dataclass
instance; both print the same. A service record (a
:class:`~supportpm_tui.services.typed.JsonRecord`) prints as its ``to_json()``
data, which may name or leave out fields; another dataclass as its fields.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any, TypeAlias

import typer

from supportpm_tui.core.errors import EditConflict, UserError
from supportpm_tui.services.typed import JsonRecord

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Record: TypeAlias = "Mapping[str, Any] | DataclassInstance"
Columns: TypeAlias = Sequence[tuple[str, str]]  # (key, heading) pairs, left to right
Derived: TypeAlias = Mapping[str, Callable[[dict[str, Any]], Any]]
Detail: TypeAlias = Callable[[dict[str, Any]], str]  # a row's own line under it in a table ("" for none)
DETAIL_WIDTH = 80

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
IfVersionOpt = Annotated[
    int | None,
    typer.Option(
        "--if-version",
        help="The version you read (see --json): refused, nothing saved, when someone changed these fields since.",
        min=1,
    ),
]


def error_line(error: UserError) -> str:
    """Return ``error`` as the command line says it, its hint worded as a command."""
    hint = f" (see 'supportpm {error.hint.noun} list')" if error.hint is not None else ""
    if isinstance(error, EditConflict):
        hint = f" (read it again, or give --if-version {error.version} to write yours over theirs)"
    return str(error) + hint


def err(message: str) -> None:
    """Print one line on stderr, prefixed with the program's name (any control character in it shown as text)."""
    from supportpm_tui.core.text import escape_controls

    print(f"supportpm: error: {escape_controls(message)}", file=sys.stderr)


def shown_path(path: object) -> str:
    """Return a path as a line shows it: any control character in its name (a line end, an escape) written out."""
    from supportpm_tui.core.text import escape_controls

    return escape_controls(str(path))


def warn(message: str) -> None:
    """Print one warning line on stderr, prefixed with the program's name (controls shown as text)."""
    from supportpm_tui.core.text import escape_controls

    print(f"supportpm: warning: {escape_controls(message)}", file=sys.stderr)


class TerminalText:
    """A text stream that passes on what is written with every control character shown as text.

    Lines and tabs pass; an escape sequence, a bell or a carriage return in a
    name or a message never reaches the terminal raw, whatever printed it.
    """

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        from supportpm_tui.core.text import escape_controls

        self.stream.write(escape_controls(text, keep="\n\t"))
        return len(text)

    def write_shown(self, text: str) -> int:
        """Write text that holds no control character but line ends (JSON from :mod:`~supportpm_tui.core.json_text`)
        as it is, without looking through it again."""
        self.stream.write(text)
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def word_list(values: Iterable[str], last: str = ", ") -> str:
    """Return ``values`` as a list in words: separated by commas, the last one by ``last``."""
    words = list(values)
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + last + words[-1]


def add_group(app: typer.Typer, name: str, help: str, commands: Mapping[str, Callable[..., None]]) -> None:
    """Add ``supportpm NAME VERB`` to ``app``: one command per (verb, function), in the order given."""
    group = typer.Typer(help=help, no_args_is_help=True)
    for verb, command in commands.items():
        group.command(verb)(command)
    app.add_typer(group, name=name)


# --- options -----------------------------------------------------------------------------


def date_opt(value: str | None, field: str, *, past: bool = False) -> dt.date | None:
    """Return the date an option names (``None`` if not given or ``none``); ``past``: a bare weekday looks back."""
    from supportpm_tui.core.parsing import parse_optional_date

    return parse_optional_date(value, field, past=past)


def required_date(value: str, field: str) -> dt.date:
    """Return the date an argument names; ``none`` is refused, for a date is needed."""
    day = date_opt(value, field)
    if day is None:
        raise UserError(f"{field}: a date is needed")
    return day


def given(**values: Any) -> dict[str, Any]:
    """Return only the options that were given (not ``None``), by name: the keyword arguments of an edit.

    A service's edit leaves a field it is not passed as it is, so the
    command passes exactly the options given, and no option means no change.
    """
    return {k: v for k, v in values.items() if v is not None}


def given_dates(**values: str | None) -> dict[str, dt.date | None]:
    """Return the date options that were given, parsed (``none`` gives ``None``, which clears a date)."""
    return {k: date_opt(v, k) for k, v in given(**values).items()}


# --- records ------------------------------------------------------------------------------


def is_record(value: object) -> bool:
    """Return whether ``value`` is a record: a dict or a dataclass instance."""
    return isinstance(value, Mapping) or (dataclasses.is_dataclass(value) and not isinstance(value, type))


def as_record(item: Record) -> dict[str, Any]:
    """Return a record as a new dict: its JSON data, or its fields in order (nested dataclasses become dicts too)."""
    if isinstance(item, Mapping):
        return dict(item)
    if isinstance(item, JsonRecord):
        return dict(item.to_json())
    return dataclasses.asdict(item)


def find_record(
    rows: Iterable[Record], matches: Callable[[dict[str, Any]], bool], missing: UserError
) -> dict[str, Any]:
    """Return the first of ``rows`` that ``matches``, as a dict; raise ``missing`` when none does."""
    for row in rows:
        record = as_record(row)
        if matches(record):
            return record
    raise missing


# --- printing -----------------------------------------------------------------------------


def _json_value(value: object) -> Any:
    """Return what JSON writes for a value it has no form for: a record's JSON data or fields, else its text."""
    if isinstance(value, JsonRecord):
        return value.to_json()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return str(value)


def print_json(data: Any) -> None:
    """Print ``data`` (records, lists of them, plain values) as indented JSON."""
    from supportpm_tui.services.json_out import json_out

    # JSON escapes C0 controls itself; DEL, C1 controls and a file name's stray bytes are escaped too: the text
    # holds no control character but its line ends, and goes out as it is.
    text = json_out(data, default=_json_value) + "\n"
    out = sys.stdout
    out.write_shown(text) if isinstance(out, TerminalText) else out.write(text)


def safe(value: Any) -> str:
    """Return a value as one line of plain text for a terminal table."""
    from supportpm_tui.core.text import clean_line

    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return ", ".join(safe(v) for v in value) or "-"
    return clean_line(str(value)) or "-"


def print_table(rows: Sequence[Record], columns: Columns, empty: str, detail: Detail | None = None) -> None:
    """Print rows as an aligned plain-text table of (key, heading) columns; ``empty`` when there are none.

    ``detail`` gives a row a line of its own under it, indented, cut to 80 columns.
    """
    if not rows:
        print(empty)
        return
    records = [as_record(r) for r in rows]
    cells = [[safe(r.get(key)) for key, _ in columns] for r in records]
    widths = [min(48, max(len(head), *(len(c[i]) for c in cells))) for i, (_, head) in enumerate(columns)]
    print("  ".join(head.ljust(w) for (_, head), w in zip(columns, widths, strict=True)).rstrip())
    for record, row in zip(records, cells, strict=True):
        print("  ".join(_fit(c, w) for c, w in zip(row, widths, strict=True)).rstrip())
        line = detail(record) if detail else ""
        if line:
            print(_fit("    " + safe(line), DETAIL_WIDTH).rstrip())


def print_record(data: Record) -> None:
    """Print one record as aligned ``field: value`` lines (a list of records as indented items)."""
    record = as_record(data)
    width = max((len(k) for k in record), default=0)
    for key, value in record.items():
        if isinstance(value, list) and value and is_record(value[0]):
            print(f"{key.replace('_', ' ').ljust(width)}:")
            for item in value:
                print("  - " + ", ".join(f"{k}={safe(v)}" for k, v in as_record(item).items()))
            continue
        if is_record(value):
            value = ", ".join(f"{k}={safe(v)}" for k, v in as_record(value).items())
        elif isinstance(value, list) and any("," in str(v) for v in value):
            value = "; ".join(safe(v) for v in value)  # items that hold commas themselves: reasons
        print(f"{key.replace('_', ' ').ljust(width)}: {safe(value)}")


def print_item(data: Record, as_json: bool, text_form: Callable[[dict[str, Any]], Record] | None = None) -> None:
    """Print one record as JSON, or as ``field: value`` lines (first reshaped by ``text_form``, if given)."""
    if as_json:
        print_json(data)
    elif text_form is None:
        print_record(data)
    else:
        print_record(text_form(as_record(data)))


def print_rows(
    rows: Sequence[Record],
    as_json: bool,
    columns: Columns,
    empty: str,
    derived: Derived | None = None,
    detail: Detail | None = None,
) -> None:
    """Print rows as a JSON array, or as a table; ``derived`` adds the table's own columns, computed per row,
    and ``detail`` a row's own line under it."""
    if as_json:
        print_json(rows)
        return
    records = [as_record(r) for r in rows]
    for record in records:
        for key, compute in (derived or {}).items():
            record[key] = compute(record)
    print_table(records, columns, empty, detail)


def _fit(text: str, width: int) -> str:
    """Return ``text`` padded to ``width``, or cut with an ellipsis when longer."""
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"
