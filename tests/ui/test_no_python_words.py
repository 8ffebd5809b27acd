"""No Python word (``None``, ``True``, ``False``, ``[]``) ever reaches the screen, whatever is left empty."""

from __future__ import annotations

import datetime as dt
import re

from supportpm_tui.services import issues, milestones, projects, risks, tasks
from supportpm_tui.storage.database import Store
from supportpm_tui.ui.app import make_app
from tests.ui.conftest import SIZE, settle

PYTHON_WORDS = re.compile(r"\b(None|True|False|nan)\b|\[\]|\{\}")


def _screen_text(app) -> str:  # type: ignore[no-untyped-def]
    svg = app.export_screenshot()
    text = re.sub(r"<[^>]+>", "", svg)
    return text.replace("&#160;", " ")


async def test_items_with_every_optional_field_empty_read_as_words(empty_store: Store, today: dt.date) -> None:
    store = empty_store
    projects.add_project(store, "BARE", "Nothing filled in")
    milestones.add_milestone(store, "BARE", "Unowned", today + dt.timedelta(days=10))
    milestones.edit_milestone(store, "Unowned", milestones.MilestoneValues(due=today + dt.timedelta(days=12)))
    tasks.add_task(store, "No one assigned", "BARE")
    risks.add_risk(store, "BARE", "Nobody owns this", 3, 3)
    issues.add_issue(store, "BARE", "Open question")
    app = make_app(store, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        for key in ("1", "2", "3", "enter", "escape", "4", "5"):
            await pilot.press(key)
            await settle(pilot)
            found = PYTHON_WORDS.findall(_screen_text(app))
            assert not found, (key, found)
