"""Tables and option lists of the dashboard: ``j`` and ``k`` move down and up in them, as the arrows do.

The dashboard's own drawn lists (Board, Timeline, Capacity, Overview) bind
``j``/``k`` beside their arrows on their screens; these are the Textual
widgets (the registers of the Risks screen, the picker, the help) with the
same keys. The keys belong to the focused widget, so typing in an input
never reaches them. Their ids (``list.down``, ``list.up``) remap them in
every table and list at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, TypeVar

from textual.binding import Binding, BindingType
from textual.widgets import DataTable, OptionList
from textual.widgets.data_table import RowKey

from supportpm_tui.ui import textual_adapter

CellT = TypeVar("CellT")


class Table(DataTable[CellT]):
    """A table whose cursor (or, without one, its scroll) also moves with ``j`` and ``k``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Next row", show=False, id="list.down"),
        Binding("k", "cursor_up", "Previous row", show=False, id="list.up"),
    ]

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """Size the columns for ``new_rows`` (see :func:`textual_adapter.widths_from_text`)."""
        textual_adapter.widths_from_text(self, new_rows, super()._update_dimensions)


class Choices(OptionList):
    """An option list whose highlight also moves with ``j`` and ``k``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
    ]
