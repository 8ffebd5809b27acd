"""The config file is edited by hand: one that cannot be read is reported and never overwritten."""

from __future__ import annotations

import os

import pytest

from supportpm_tui.settings.config import config_path, config_problem, load_config, save_config


def test_saving_merges_into_what_is_there() -> None:
    assert config_problem() is None and load_config() == {}
    assert save_config(theme="textual-light")
    assert save_config(keymap={"app.undo": "ctrl+z"})
    assert load_config() == {"theme": "textual-light", "keymap": {"app.undo": "ctrl+z"}}
    assert os.stat(config_path()).st_mode & 0o777 == 0o600


@pytest.mark.parametrize("text", ['{"keymap": {"board.move_right": "ctrl+right",}}', "[1, 2]", "", "\x00garbage"])
def test_a_file_that_cannot_be_used_is_reported_and_left_as_it_is(text: str) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    assert load_config() == {}
    problem = config_problem()
    assert problem is not None and str(path) in problem
    assert not save_config(theme="textual-light")
    assert path.read_text(encoding="utf-8") == text


def test_a_config_file_with_numbers_out_of_range_is_left_alone() -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    for text in ('{"daily_backups": Infinity}', '{"daily_backups": NaN}', '{"daily_backups": 1e999}'):
        path.write_text(text, encoding="utf-8")
        assert load_config() == {}
        assert config_problem() is not None
        assert save_config(theme="x") is False
        assert path.read_text(encoding="utf-8") == text
