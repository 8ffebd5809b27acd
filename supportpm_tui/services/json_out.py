"""Indented JSON for the command line's listings and the exports, written by orjson when its text is the same.

A listing of ten thousand cards is seven megabytes of JSON: the standard
library's writer, even called once in C (see :mod:`supportpm_tui.core.json_text`),
takes about a sixth of a second over it, orjson a fortieth. The text is the
same byte for byte; what orjson would write otherwise goes the usual way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def json_out(data: Any, default: Callable[[Any], Any] | None = None) -> str:
    """Return ``data`` as indented JSON text, safe on a terminal (see :func:`supportpm_tui.core.json_text.dumps`)."""
    from supportpm_tui.core import json_text

    return json_text.dumps(data, default, native=_orjson_text)


def _orjson_text(data: Any) -> str:
    """Return ``data`` written by orjson as the standard library indents JSON; ``TypeError`` for what it would write
    otherwise: a value JSON has no form for (a date, a record: the standard library asks ``default``), a key that
    is not text, an integer past 64 bits, a lone surrogate."""
    import orjson

    options = orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME
    return orjson.dumps(data, default=_refuse, option=options).decode()


def _refuse(value: object) -> Any:
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")
