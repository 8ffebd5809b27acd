"""A 5×5 likelihood × impact heat map with the count of open risks in each cell."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from supportpm_tui.core.rules.risk import risk_band

CELL = 5
BAND_LEVEL = {"low": "success", "medium": "secondary", "high": "warning", "critical": "error"}


class HeatMap(Widget, can_focus=True):
    """Rows are likelihood (5 at the top), columns impact; enter filters the register to a cell."""

    DEFAULT_CSS = """
    HeatMap {
        width: 34;
        height: 9;
        padding: 0 1;
    }
    """
    BINDINGS = [
        Binding("up,k", "move(1, 0)", "Likelier", show=False, id="risks.heat_likelier"),
        Binding("down,j", "move(-1, 0)", "Less likely", show=False, id="risks.heat_less_likely"),
        Binding("left,h", "move(0, -1)", "Less impact", show=False, id="risks.heat_less_impact"),
        Binding("right,l", "move(0, 1)", "More impact", show=False, id="risks.heat_more_impact"),
        Binding("enter,space", "choose", "Filter to this cell", show=False, id="risks.heat_filter"),
    ]

    likelihood: reactive[int] = reactive(3)
    impact: reactive[int] = reactive(3)
    chosen: reactive[tuple[int, int] | None] = reactive(None)

    class CellChosen(Message):
        """The user chose a cell (or cleared the choice with ``None``)."""

        def __init__(self, cell: tuple[int, int] | None) -> None:
            super().__init__()
            self.cell = cell

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.counts: dict[tuple[int, int], int] = {}

    def set_counts(self, counts: dict[tuple[int, int], int]) -> None:
        """Show new counts."""
        self.counts = counts
        self.refresh()

    def action_move(self, d_likelihood: int, d_impact: int) -> None:
        """Move the cursor by one cell."""
        self.likelihood = max(1, min(5, self.likelihood + d_likelihood))
        self.impact = max(1, min(5, self.impact + d_impact))

    def action_choose(self) -> None:
        """Filter the register to the cursor's cell, or clear the filter when it is chosen already."""
        cell = (self.likelihood, self.impact)
        self.chosen = None if self.chosen == cell else cell
        self.post_message(self.CellChosen(self.chosen))

    def render(self) -> Text:
        colours = self.app.theme_variables
        text = Text("Likelihood ↑  × impact →\n", style="bold")
        for lik in range(5, 0, -1):
            text.append(f"{lik} ")
            for imp in range(1, 6):
                count = self.counts.get((lik, imp), 0)
                band = risk_band(lik * imp)
                colour = colours.get(BAND_LEVEL[band], "")
                label = f"{count:^{CELL - 1}}" if count else f"{'·':^{CELL - 1}}"
                style = f"bold {colours.get('background', 'black')} on {colour}" if count else colour
                if (lik, imp) == (self.likelihood, self.impact) and self.has_focus:
                    style += " reverse"
                if self.chosen == (lik, imp):
                    label = f"[{label.strip() or '·'}]".center(CELL - 1)
                text.append(label, style=style)
                text.append(" ")
            text.append("\n")
        text.append("   " + "".join(f"{imp:^{CELL}}" for imp in range(1, 6)))
        return text

    def watch_likelihood(self) -> None:
        self.refresh()

    def watch_impact(self) -> None:
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
