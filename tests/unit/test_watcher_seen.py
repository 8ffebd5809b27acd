"""The live watcher leaves out a commit the dashboard has already caught up with (its own write read its changes)."""

from __future__ import annotations

import threading
import time

from supportpm_tui.services import tasks
from supportpm_tui.storage.database import Store
from supportpm_tui.ui.watcher import Watcher


def _wait_for(check: object, seconds: float = 3.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return True
        time.sleep(0.01)
    return False


def test_a_commit_already_caught_up_with_is_not_announced_and_the_next_one_is(demo_store: Store) -> None:
    caught: list[object] = [None]
    announced: list[float] = []
    gate = threading.Event()  # cleared: the watcher waits to learn what the dashboard has caught up with
    gate.set()

    def seen() -> object:
        gate.wait(5)
        return caught[0]

    watcher = Watcher(
        demo_store,
        lambda callback, *args: callback(*args),
        lambda: announced.append(time.monotonic()),
        lambda: None,
        lambda message: None,
        interval=0.01,
        seen=seen,
    )
    watcher.start()
    try:
        time.sleep(0.1)  # the watcher has its first token
        gate.clear()
        tasks.add_task(demo_store, "Written and read here", project="MFA")
        caught[0] = demo_store.change_token()  # as the dashboard's own write does, reading what it changed
        gate.set()
        time.sleep(0.3)
        assert announced == []
        tasks.add_task(demo_store, "Not read yet", project="MFA")
        assert _wait_for(lambda: len(announced) == 1)
    finally:
        watcher.stop()
        watcher.join(2)
