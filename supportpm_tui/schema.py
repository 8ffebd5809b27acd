"""What identifies a SupportPM database file: light to import (no database layer)."""

from __future__ import annotations

APPLICATION_ID = 0x53504D31  # "SPM1"
SCHEMA_REVISIONS = ["0001_initial"]
HEAD_REVISION = SCHEMA_REVISIONS[-1]
