"""The marks on what changed: each lasts a few seconds, and a column asks for the ids of its kind at once."""

from __future__ import annotations

import time

from supportpm_tui.ui.session import Marks


def test_marked_ids_are_those_of_the_kind_asked_whose_time_is_not_up() -> None:
    marks = Marks()
    marks.add({("task", 3), ("task", 7), ("person", 3)})
    marks.until[("task", 9)] = time.monotonic() - 1  # its time is up
    assert sorted(marks.marked_ids("task")) == [3, 7]
    assert marks.marked_ids("person") == [3]
    assert marks.marked_ids("risk") == []
    for ident in range(12):
        assert (ident in marks.marked_ids("task")) == marks.is_marked("task", ident)
