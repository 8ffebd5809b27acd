"""Fitting text into a few cells without losing what warns: a name is shortened before its marker.

A marker (``⚠``, ``!``, ``⊘ blocked``, ``late 9d``) is what a reader must not
miss, so when there is too little room the name gives way first, with an
ellipsis, and the marker stays whole. Only when the marker alone is wider than
the room is it cut (to its first word, the glyph, when that fits).
"""

from __future__ import annotations

ELLIPSIS = "…"


def shorten(text: str, width: int) -> str:
    """Return ``text`` in at most ``width`` characters, cut with an ellipsis when too long."""
    if width <= 0:
        return ""
    return text if len(text) <= width else text[: width - 1] + ELLIPSIS


def fit_marked(name: str, marker: str, width: int, gap: str = " ") -> str:
    """Return ``name`` then ``marker`` in exactly ``width`` characters, the marker kept whole.

    The name is shortened (with an ellipsis) before the marker loses a
    character; the marker is right after the name when there is room to
    spare. With no marker this is ``name`` fitted to ``width``.
    """
    if width <= 0:
        return ""
    if not marker:
        return shorten(name, width).ljust(width)
    if len(marker) > width:
        glyph = marker.split()[0]
        return (glyph if len(glyph) <= width else marker[:width]).ljust(width)
    room = width - len(marker) - len(gap)
    if room <= 0 or not name:
        return marker.rjust(width) if name else marker.ljust(width)
    return (shorten(name, room) + gap + marker).ljust(width)


def fit_pair(left: str, right: str, width: int) -> tuple[str, str]:
    """Return ``left`` and ``right`` fitted into ``width`` characters between them, ``right`` kept whole.

    ``left`` is padded or shortened so that ``left + right`` is exactly
    ``width`` long; ``right`` (a marker or state words) is only cut when
    it alone is wider than ``width``.
    """
    if width <= 0:
        return "", ""
    if len(right) >= width:
        glyph = right.split()[0] if right.strip() else ""
        return "", (glyph if 0 < len(glyph) <= width else right[:width]).ljust(width)
    return shorten(left, width - len(right)).ljust(width - len(right)), right
