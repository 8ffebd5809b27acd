"""A Board column lays out again only the cards that changed, and its lines are always those of its cards."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from supportpm_tui.ui.widgets.board_column import relaid

POOL = [object() for _ in range(12)]  # cards, told apart by identity as the column tells them apart


def lines(card: object) -> list[tuple[str, str]]:
    return [("head", str(POOL.index(card))), ("blank", "")]


columns = st.lists(st.sampled_from(POOL), max_size=10)


@settings(max_examples=300)
@given(columns, columns)
def test_the_lines_are_those_of_the_cards_now_and_only_the_changed_stretch_is_laid_out(
    before: list[object], now: list[object]
) -> None:
    laid: list[object] = []

    def lay(card: object) -> list[tuple[str, str]]:
        laid.append(card)
        return lines(card)

    rows = relaid(before, [lines(c) for c in before], now, lay)  # type: ignore[arg-type]
    assert rows == [lines(c) for c in now]
    same = 0
    while same < min(len(before), len(now)) and before[same] is now[same]:
        same += 1
    assert len(laid) <= len(now) - same  # the cards kept at the start are never laid out again


def test_a_card_moved_out_or_in_lays_out_at_most_one_card() -> None:
    cards = [object() for _ in range(3000)]
    rows = [[("head", str(i))] for i in range(3000)]
    laid: list[object] = []

    def lay(card: object) -> list[tuple[str, str]]:
        laid.append(card)
        return [("head", "new")]

    out = relaid(cards, rows, cards[:1500] + cards[1501:], lay)  # type: ignore[arg-type]
    assert laid == [] and len(out) == 2999 and out[1500] == [("head", "1501")]
    moved_in = object()
    out = relaid(cards, rows, [*cards, moved_in], lay)  # type: ignore[arg-type]
    assert laid == [moved_in] and out[-1] == [("head", "new")] and out[:3000] == rows
    assert relaid([], rows, cards[:2], lambda c: [("head", "fresh")]) == [[("head", "fresh")]] * 2  # type: ignore[arg-type]
