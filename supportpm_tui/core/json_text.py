"""Indented JSON text, written quickly: the same text as ``json.dumps(data, indent=2, ensure_ascii=False)``.

With an indent, the standard library writes JSON with its pure-Python
encoder, a few calls per value: a list of ten thousand cards took a fifth of
a second. Here a container whose values are all plain (text, numbers,
``true``/``false``/``null``, ``[]``, ``{}``) is written in one call of the
C encoder, its item separator carrying the line end and the indent; only a
container that holds another non-empty one is walked in Python. The text is
the same, byte for byte: keys in their order, numbers as ``repr`` writes
them, ``NaN`` and ``Infinity`` as the standard library writes them.

:func:`dumps` also escapes what the standard library leaves raw (DEL, the C1
controls, lone surrogates) as ``\\uXXXX``, so the text never drives a terminal
and is always valid UTF-8.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import json.encoder
import re
from collections.abc import Callable
from typing import Any

INDENT = "  "

# Values the C encoder writes the same in one line as indented (containers only when empty), by exact type.
_PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})
_KNOWN_TYPES = _PLAIN_TYPES | {list, tuple, dict}
_DICT_TYPE = frozenset({dict})
_JSON_TYPES = (str, int, float, list, tuple, dict)  # with None: what JSON writes without asking ``default``
_UNSAFE = re.compile(r"[\x7f-\x9f\ud800-\udfff]")


def _no_default(value: object) -> Any:
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


def _one_line_writer(item_separator: str) -> Callable[[Any], str]:
    """Return a function that writes plain values (and containers of them) with ``item_separator`` between items."""
    c_encoder = None
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is not None:  # the C encoder itself, as json.dumps makes it without an indent
        with contextlib.suppress(TypeError):  # (a Python whose accelerator takes other arguments: the usual way)
            c_encoder = make(
                None, _no_default, json.encoder.encode_basestring, None, ": ", item_separator, False, False, True
            )
    if c_encoder is None:  # the standard library's own way: the same text, a little slower per call
        return json.JSONEncoder(ensure_ascii=False, separators=(item_separator, ": "), default=_no_default).encode
    return lambda value: "".join(c_encoder(value, 0))


def _all_flat(values: Any) -> bool:
    """Return whether ``values`` (a list, or a dict's values) are all plain, or empty containers; by exact type,
    so an ``enum`` member, say, gives ``False`` (and the slower, item by item way)."""
    return _KNOWN_TYPES.issuperset(map(type, values)) and _PLAIN_TYPES.issuperset(map(type, filter(None, values)))


def _all_flat_dicts(values: Any) -> bool:
    """Return whether ``values`` are all non-empty dicts whose values are all flat (see :func:`_all_flat`)."""
    return (
        _DICT_TYPE.issuperset(map(type, values))
        and all(values)
        and _all_flat(tuple(itertools.chain.from_iterable(map(dict.values, values))))
    )


class _Writer:
    """Writes one value as indented JSON; ``default`` gives what to write for a value JSON has no form for."""

    def __init__(self, default: Callable[[Any], Any] | None) -> None:
        self.default = default or _no_default
        self.writers: list[Callable[[Any], str]] = []  # by level: items separated by a line end and that indent

    def writer(self, level: int) -> Callable[[Any], str]:
        while len(self.writers) <= level:
            self.writers.append(_one_line_writer(",\n" + INDENT * len(self.writers)))
        return self.writers[level]

    def write(self, value: Any, level: int) -> str:
        """Return ``value`` as JSON text at nesting ``level`` (its inner lines indented one level deeper)."""
        if isinstance(value, str | int | float) or value is None:
            return self.writer(0)(value)
        if isinstance(value, dict):
            return self.write_dict(value, level) if value else "{}"
        if isinstance(value, list | tuple):
            return self.write_list(value, level) if value else "[]"
        return self.write(self.default(value), level)

    def write_dict(self, value: dict[Any, Any], level: int) -> str:
        inner = INDENT * (level + 1)
        if type(value) is dict and _all_flat(value.values()):
            body = self.writer(level + 1)(value)[1:-1]
        else:
            parts: list[str] = []
            run: dict[Any, Any] = {}
            for key, item in value.items():
                if not _is_nested(item):
                    run[key] = item
                    continue
                if run:
                    parts.append(self.writer(level + 1)(run)[1:-1])
                    run = {}
                parts.append(self.writer(0)({key: None})[1:-7] + ": " + self.write(item, level + 1))
            if run:
                parts.append(self.writer(level + 1)(run)[1:-1])
            body = (",\n" + inner).join(parts)
        return "{\n" + inner + body + "\n" + INDENT * level + "}"

    def write_list(self, value: list[Any] | tuple[Any, ...], level: int) -> str:
        inner = INDENT * (level + 1)
        if not _KNOWN_TYPES.issuperset(map(type, value)):  # records: their JSON data first
            value = [v if v is None or isinstance(v, _JSON_TYPES) else self.default(v) for v in value]
        if _all_flat(value):
            body = self.writer(level + 1)(value)[1:-1]
        elif _all_flat_dicts(value):
            return self.write_flat_dicts(value, level)
        elif (text := self.write_dicts_with_lists(value, level)) is not None:
            return text
        else:
            parts: list[str] = []
            run: list[Any] = []
            for item in value:
                if not _is_nested(item):
                    run.append(item)
                    continue
                if run:
                    parts.append(self.writer(level + 1)(run)[1:-1])
                    run = []
                parts.append(self.write(item, level + 1))
            if run:
                parts.append(self.writer(level + 1)(run)[1:-1])
            body = (",\n" + inner).join(parts)
        return "[\n" + inner + body + "\n" + INDENT * level + "]"

    def write_flat_dicts(self, value: list[Any] | tuple[Any, ...], level: int) -> str:
        """Return a list of non-empty flat dicts (a listing's records) as indented JSON, in one C encoder call.

        Written with the dicts' item separator, ``,`` + line end + the dicts' indent, throughout: the list's own
        separator is the one followed by ``{`` (a dict's items start with a key, ``"``, and no text holds a raw
        line end), and is put right with the braces around it.
        """
        outer, inner, innermost = INDENT * level, INDENT * (level + 1), INDENT * (level + 2)
        text = self.writer(level + 2)(value)[2:-2]  # without the first "[{" and the last "}]"
        text = text.replace("},\n" + innermost + "{", "\n" + inner + "},\n" + inner + "{\n" + innermost)
        return "[\n" + inner + "{\n" + innermost + text + "\n" + inner + "}\n" + outer + "]"

    def write_dicts_with_lists(self, value: list[Any] | tuple[Any, ...], level: int) -> str | None:
        """Return records some of whose values are lists of plain values (a card's tags, its blockers) as
        :meth:`write_flat_dicts` does, or ``None`` when they are not all like that.

        Each such list (among the keys the first record holds a list under) is written on its own and stands
        aside meanwhile: the records then hold a stand-in text (a NUL and its number, which JSON writes as
        ``"\\u0000`` and the number), put back by the list's text once all is written. Should any other text
        start the same way (a NUL first), nothing is put back and ``None`` says so.
        """
        if not value or type(value[0]) is not dict:
            return None
        listed = [key for key, item in value[0].items() if type(item) in (list, tuple)]
        if not listed:
            return None
        aside: list[str] = []
        records: list[Any] = []
        for record in value:
            if type(record) is dict and any(record.get(key) for key in listed):
                record = dict(record)
                for key in listed:
                    items = record.get(key)
                    if items and type(items) in (list, tuple):
                        if not _all_flat(items):
                            return None
                        record[key] = f"\x00{len(aside)}"
                        aside.append(self.write_list(items, level + 2))
            records.append(record)
        if not _all_flat_dicts(records):
            return None
        text = self.write_flat_dicts(records, level)
        if text.count('"\\u0000') != len(aside):
            return None
        return _STAND_IN.sub(lambda found: aside[int(found.group(1))], text)


_STAND_IN = re.compile(r'"\\u0000(\d+)"')


def _is_nested(value: Any) -> bool:
    """Return whether ``value`` is written over lines of its own: a non-empty container, or a value JSON has no
    form for (what ``default`` gives for it may be one)."""
    if type(value) in _PLAIN_TYPES:
        return False
    if isinstance(value, list | tuple | dict):
        return bool(value)
    return not (isinstance(value, str | int | float) or value is None)


Native = Callable[[Any], str]
"""A writer of indented JSON in the same form that refuses (``TypeError``) what it cannot write as the standard
library does: one in C, given by a layer that may import it (the core imports only the standard library)."""


def indented(data: Any, default: Callable[[Any], Any] | None = None, native: Native | None = None) -> str:
    """Return ``data`` as ``json.dumps(data, indent=2, default=default, ensure_ascii=False)`` writes it.

    With ``native`` (see :data:`Native`), that writes it when every number is
    one it writes the same way (see :func:`numbers_written_alike`), and what it refuses is left to the writer here.
    """
    if native is not None and numbers_written_alike(data):
        with contextlib.suppress(TypeError):
            return native(data)
    return _Writer(default).write(data, 0)


_SCALARS = frozenset({str, int, bool, type(None)})


def numbers_written_alike(data: Any) -> bool:
    """Return whether every float in ``data`` is one a C writer such as orjson writes as ``repr`` does.

    Both write the shortest digits that read back the same; they differ below
    0.0001 and from 10**16 on (``1e-05`` against ``0.00001``), and for ``NaN``
    and ``Infinity`` (the standard library's own words, not JSON's).
    """
    pending = [data]
    while pending:
        value = pending.pop()
        kind = type(value)
        if kind in _SCALARS:
            continue
        if kind is dict:
            pending.extend(value.values())
        elif kind is list or kind is tuple:
            pending.extend(value)
        elif isinstance(value, float) and not (value == 0.0 or 1e-4 <= abs(value) < 1e16):
            return False
    return True


def escape_unsafe(text: str) -> str:
    """Return JSON text with DEL, the C1 controls and lone surrogates (left raw by ``json``) escaped as ``\\uXXXX``."""
    if text.isascii() and "\x7f" not in text:
        return text
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def dumps(data: Any, default: Callable[[Any], Any] | None = None, native: Native | None = None) -> str:
    """Return ``data`` as indented JSON text (two spaces) that is safe on a terminal: see :func:`indented`."""
    return escape_unsafe(indented(data, default, native))
