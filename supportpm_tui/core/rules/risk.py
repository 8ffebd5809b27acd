"""R6 risk score, band and review state (docs/rules.md)."""

from __future__ import annotations

import datetime as dt

from supportpm_tui.core.vocabulary import ACTIVE_RISK_STATUSES

BANDS = (("low", 1, 4), ("medium", 5, 9), ("high", 10, 14), ("critical", 15, 25))


def risk_score(likelihood: int, impact: int) -> int:
    """Return likelihood × impact (1–25)."""
    return likelihood * impact


def risk_band(score: int) -> str:
    """Return the band of a score: low 1–4, medium 5–9, high 10–14, critical 15–25."""
    for name, low, high in BANDS:
        if low <= score <= high:
            return name
    raise ValueError(f"risk score {score} is outside 1–25")


def review_overdue(status: str, review_date: dt.date | None, today: dt.date) -> bool:
    """Return whether an open or mitigating risk's review date has passed."""
    return status in ACTIVE_RISK_STATUSES and review_date is not None and review_date < today
