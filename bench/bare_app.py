"""The yardstick: a bare Textual app that shows one line of text (``python bench/bare_app.py``)."""

from textual.app import App, ComposeResult
from textual.widgets import Static


class BareApp(App[None]):
    """One line of text, nothing else."""

    def compose(self) -> ComposeResult:
        yield Static("A bare Textual app: one line of text.")


if __name__ == "__main__":
    BareApp().run()
