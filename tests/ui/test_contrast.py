"""Every theme gives text and warning glyphs a WCAG contrast of at least 4.5 : 1 on what they are drawn on.

The colours are read from the themes themselves: each theme is made the
app's theme and its CSS variables are resolved the way Textual resolves them
(a colour with a percentage is laid over what is beneath it; ``auto`` is
black or white, whichever reads on the background).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from rich.style import Style
from textual.app import App
from textual.color import Color
from textual.theme import Theme

import supportpm_tui.ui
from supportpm_tui.settings.themes import THEME_NAMES
from supportpm_tui.storage.database import Store
from supportpm_tui.ui.app import make_app
from supportpm_tui.ui.themes import LIGHT, THEME_CHOICES, THEMES, register_themes, text_colours
from supportpm_tui.ui.widgets.board_column import BoardColumn
from supportpm_tui.ui.widgets.capacity_grid import CapacityGrid
from supportpm_tui.ui.widgets.timeline_chart import TimelineChart
from tests.ui.conftest import SIZE, settle

MINIMUM = 4.5
STYLES = "\n".join(  # the app's styles, and those the line-drawn widgets bring with them
    [
        (Path(supportpm_tui.ui.__file__).parent / "styles" / "app.tcss").read_text(encoding="utf-8"),
        BoardColumn.DEFAULT_CSS,
        CapacityGrid.DEFAULT_CSS,
        TimelineChart.DEFAULT_CSS,
    ]
)


def tint(rule: str) -> float:
    """Return the opacity of the primary colour that ``rule`` of the dashboard's styles gives its background."""
    found = re.search(re.escape(rule) + r" \{[^}]*background: \$primary (\d+)%", STYLES)
    assert found, rule
    return int(found.group(1)) / 100


BACKGROUNDS: dict[str, tuple[tuple[str, float | None], ...]] = {
    # What text is drawn on, bottom layer first: (variable, opacity; None keeps the variable's own).
    "background": (("background", 1.0),),
    "surface": (("surface", 1.0),),
    "panel (header, key bar, column and grid headings)": (("panel", 1.0),),
    "a selected Capacity row": (("background", 1.0), ("boost", None)),
    "the Board's card cursor": (("surface", 1.0), ("primary", tint(".board-column--cursor"))),
    "the Board's card cursor, column not focused": (("surface", 1.0), ("primary", tint(".board-column--cursor-blur"))),
    "the Capacity cell cursor": (("background", 1.0), ("boost", None), ("primary", tint(".capacity--cursor"))),
    "the Timeline's cursor": (("background", 1.0), ("primary", tint(".timeline--cursor"))),
    "a strained Capacity cell": (("background", 1.0), ("boost", None), ("warning", 0.15)),
    "an overloaded Capacity cell": (("background", 1.0), ("boost", None), ("error", 0.20)),
    "a table's cursor": (("surface", 1.0), ("block-cursor-background", None)),
    "a table's cursor, table not focused": (("surface", 1.0), ("block-cursor-blurred-background", None)),
    "a Board column over its WIP limit": (("error", 1.0),),
    "a risk heat-map cell (critical)": (("error", 1.0),),
    "a risk heat-map cell (high)": (("warning", 1.0),),
    "a risk heat-map cell (low)": (("success", 1.0),),
}

_PLAIN = ("background", "surface", "panel (header, key bar, column and grid headings)")
_CURSORS = (
    "the Board's card cursor",
    "the Board's card cursor, column not focused",
    "the Capacity cell cursor",
    "the Timeline's cursor",
)
_WARNING_GROUNDS = (*_PLAIN, "a selected Capacity row", *_CURSORS)

PAIRS: tuple[tuple[str, str], ...] = (
    # (text colour variable, what it is drawn on): every pair the dashboard uses.
    *(("foreground", ground) for ground in (*_PLAIN, "a selected Capacity row", *_CURSORS)),
    *(("foreground", ground) for ground in ("a strained Capacity cell", "an overloaded Capacity cell")),
    *(
        ("text-muted", ground)
        for ground in (*_PLAIN, "the Board's card cursor", "the Board's card cursor, column not focused")
    ),
    *(("primary", ground) for ground in ("background", "surface", "the Timeline's cursor")),
    *(("secondary", ground) for ground in ("background", "the Timeline's cursor")),
    *(("accent", ground) for ground in (*_PLAIN, *_CURSORS)),
    *(("warning", ground) for ground in (*_WARNING_GROUNDS, "a strained Capacity cell")),
    *(("error", ground) for ground in (*_WARNING_GROUNDS, "an overloaded Capacity cell")),
    *(("success", ground) for ground in _WARNING_GROUNDS),
    ("block-cursor-foreground", "a table's cursor"),
    ("foreground", "a table's cursor, table not focused"),
    ("text", "a Board column over its WIP limit"),
    ("background", "a risk heat-map cell (critical)"),
    ("background", "a risk heat-map cell (high)"),
    ("background", "a risk heat-map cell (low)"),
)


def theme_variables(theme: str | Theme) -> dict[str, str]:
    """Return the CSS variables of ``theme`` (a name of the dashboard's, or a theme of one's own)."""
    app: App[None] = App()
    register_themes(app)
    if isinstance(theme, Theme):
        app.register_theme(theme)
        theme = theme.name
    app.theme = theme
    return app.get_css_variables()


def ground_colour(variables: dict[str, str], ground: str) -> Color:
    """Return the solid colour of background ``ground`` with its layers laid one over another."""
    colour = Color(0, 0, 0)
    for variable, opacity in BACKGROUNDS[ground]:
        layer = Color.parse(variables[variable])
        alpha = layer.a if opacity is None else opacity
        colour = colour.blend(layer.with_alpha(1.0), alpha)
    return colour


def text_colour(variables: dict[str, str], name: str, ground: Color) -> Color:
    """Return the solid colour of text variable ``name`` drawn on ``ground``."""
    value = variables[name]
    if value.startswith("auto"):
        percent = value.removeprefix("auto").strip().rstrip("%")
        alpha = float(percent) / 100 if percent else 1.0
        colour = ground.get_contrast_text(alpha)
    else:
        colour = Color.parse(value)
    return ground.blend(colour.with_alpha(1.0), colour.a)


def luminance(colour: Color) -> float:
    """Return the WCAG relative luminance of ``colour``."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b)


def contrast(one: Color, other: Color) -> float:
    """Return the WCAG contrast ratio of two solid colours (1 to 21)."""
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def too_faint(theme: str | Theme) -> list[str]:
    """Return each pair of ``theme`` below the minimum, worded, with its ratio."""
    variables = theme_variables(theme)
    found = []
    for text, ground in PAIRS:
        under = ground_colour(variables, ground)
        ratio = contrast(text_colour(variables, text, under), under)
        if ratio < MINIMUM:
            found.append(f"${text} on {ground}: {ratio:.2f} : 1")
    return found


@pytest.mark.parametrize("theme", THEME_CHOICES)
def test_every_text_colour_reads_on_what_it_is_drawn_on(theme: str) -> None:
    assert too_faint(theme) == []


def test_a_pale_warning_colour_fails_the_check() -> None:
    pale = replace(LIGHT, name="pale", warning="#FEA62B")  # Textual's own light amber, on our light theme
    faint = too_faint(pale)
    assert "$warning on background: 1.81 : 1" in faint
    assert faint and all(line.startswith("$warning on ") or "heat-map cell (high)" in line for line in faint), faint


def test_the_command_line_knows_every_theme() -> None:
    assert tuple(theme.name for theme in THEMES) == THEME_NAMES == THEME_CHOICES


def test_the_ratio_is_wcags() -> None:
    assert contrast(Color(0, 0, 0), Color(255, 255, 255)) == pytest.approx(21.0)
    assert contrast(Color(119, 119, 119), Color(255, 255, 255)) == pytest.approx(4.48, abs=0.01)


WARNING_MARKS = ("‼ urgent", "↑ high", "⊘ blocked", "⚠", "◐")


async def test_without_colour_warnings_are_emphasised(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """With NO_COLOR a warning is bold and reversed or underlined, in the plain text's own colour: never fainter."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(demo_store, theme="textual-light")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.no_color
        seen: dict[str, list[Style]] = {mark: [] for mark in WARNING_MARKS}
        plain: list[Style] = []
        for key, widget_type in (("2", BoardColumn), ("5", CapacityGrid)):
            await pilot.press(key)
            await settle(pilot)
            for widget in app.screen.query(widget_type):
                for y in range(widget.size.height):
                    for segment in widget.render_line(y):
                        style = segment.style or Style()
                        found = [mark for mark in WARNING_MARKS if mark in segment.text]
                        for mark in found:
                            seen[mark].append(style)
                        if widget_type is BoardColumn and style.bold and not found and segment.text.strip():
                            plain.append(style)  # a card's title
        assert plain
        text_colour = plain[0].color
        assert all(seen.values()), {mark: len(styles) for mark, styles in seen.items()}
        for mark, styles in seen.items():
            for style in styles:
                assert style.bold and (style.reverse or style.underline) and not style.dim, (mark, style)
                assert style.color == text_colour, (mark, style)
        colours = text_colours(app)
        assert (colours["error"], colours["warning"]) == ("reverse", "underline")


async def test_every_colour_the_dashboard_styles_text_with_is_one_rich_draws(demo_store: Store) -> None:
    """Textual's ``auto 60%`` (text-muted: legible on the background) is worked out, never handed to Rich as it is."""
    app = make_app(demo_store, theme="textual-dark", prepare_screens=False)
    async with app.run_test(size=SIZE) as pilot:
        for name in THEME_CHOICES:
            app.theme = name
            await pilot.pause()
            for variable, colour in text_colours(app).items():
                if variable in ("text-muted", "error", "warning", "success", "accent", "foreground"):
                    assert Style.parse(f"bold {colour}").bold, (name, variable, colour)


async def test_the_text_colours_are_worked_out_once_a_theme(demo_store: Store) -> None:
    """A register of thousands of rows asks for them once a row: the same colours until the theme changes."""
    app = make_app(demo_store, theme="textual-dark", prepare_screens=False)
    async with app.run_test(size=SIZE) as pilot:
        dark = text_colours(app)
        assert text_colours(app) is dark
        app.theme = "textual-light"
        await pilot.pause()
        light = text_colours(app)
        assert light is not dark and light["background"] != dark["background"]
        assert text_colours(app) is light
