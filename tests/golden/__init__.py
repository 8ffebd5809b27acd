"""Golden files: reports written for the demo on a fixed day, compared word for word.

``SUPPORTPM_UPDATE_GOLDEN=1 pytest …`` rewrites them; read the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

HERE = Path(__file__).parent


def assert_golden(name: str, text: str) -> None:
    """Compare ``text`` with the golden file ``name``; rewrite it when asked to."""
    path = HERE / name
    if os.environ.get("SUPPORTPM_UPDATE_GOLDEN") == "1" or not path.exists():
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs; SUPPORTPM_UPDATE_GOLDEN=1 rewrites it"
