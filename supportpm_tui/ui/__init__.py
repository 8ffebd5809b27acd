"""The Textual dashboard. Only this package imports Textual.

A change is drawn at up to 120 frames a second rather than Textual's 60: the
screen redraws at most one frame period after it goes idle, so a moved card
or a fresh figure shows 8 ms sooner, twice a change (drawn at once, then
confirmed). Textual's own ``TEXTUAL_FPS`` still wins when it is set.
"""

import os

os.environ.setdefault("TEXTUAL_FPS", "120")  # read once, when Textual is first imported
