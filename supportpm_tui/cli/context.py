"""One run of the command line: the database it names and the stores it opened.

The run lives in the Typer context (``ctx.obj``); every command reaches it
through :func:`run_of` or :func:`open_db`, and its stores are closed when the
run ends, so nothing carries over from one run to the next.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from supportpm_tui.core.text import clean_line
from supportpm_tui.settings import paths

if TYPE_CHECKING:
    from supportpm_tui.services.file_reads import FileReader
    from supportpm_tui.services.lookups import PlainReader
    from supportpm_tui.storage.database import Store


@dataclass
class CliRun:
    """What the global options chose for this run, and the databases it opened."""

    db_option: str | None = None  # --db as given (None: SUPPORTPM_DB or the default)
    db_path: Path | None = None  # the file a command opened or checked, for error messages
    stores: list[Store] = field(default_factory=list)
    checking: bool = False  # 'supportpm check' reports stored values out of range as problems, not warnings
    warned: set[str] = field(default_factory=set)  # warnings given already (each is given once)
    collection_held: bool = False  # the garbage collector is held until the run ends (see hold_collection)

    def db_file(self) -> Path:
        """Return the database file the options name (``--db``, ``SUPPORTPM_DB`` or the default).

        Raises :class:`UserError` for an address or a file in a folder that does not exist.
        """
        return self.choice().path

    def choice(self) -> paths.DatabaseChoice:
        """Return the database named by ``--db``, ``SUPPORTPM_DB``, the config's ``database_url``, or the default."""
        from supportpm_tui.settings.config import configured_database

        return paths.choose_db(self.db_option, configured_database())

    def open_store(self, create: bool = True) -> Store:
        """Open the database the options name (made on first use with ``create``); return it.

        A database that already held data gets the day's automatic backup first.
        """
        from supportpm_tui.services.connection import open_target

        choice = self.choice()
        path = self.db_path = choice.path
        if choice.is_default and create and not path.parent.exists():  # only the default's folder is made
            paths.make_private_folder(path.parent)
        from supportpm_tui.settings.config import environment_problems

        for problem in environment_problems():
            self.warn(problem)
        store, no_backup = open_target(choice.target, create=create)
        self.stores.append(store)
        if no_backup is not None:  # only a warning: the command runs all the same
            self.warn(f"no daily backup of {store.path.name} today: {no_backup}")
        self.warn_bad_values(store)
        return store

    def open_reader(self) -> FileReader | Store:
        """Open the database the options name for reading; return it.

        A file at the current schema is read with plain SQL, without loading the
        database layer (after the same checks, and the day's backup); a missing
        file, an older one and a team database are opened as :meth:`open_store` does.
        """
        return self.open_current_file() or self.open_store()

    def open_current_file(self) -> FileReader | None:
        """Open the database the options name when it is a file at the current schema, to read or write in plain
        SQL (after the checks :meth:`open_store` makes, and the day's backup); ``None`` for anything else: a
        missing file, an older one, a team database."""
        choice = self.choice()
        if choice.address is not None or not choice.path.exists():
            return None
        from supportpm_tui.services.file_reads import open_current_file
        from supportpm_tui.settings.config import environment_problems

        self.db_path = choice.path
        for problem in environment_problems():  # each is given once, should the usual way follow
            self.warn(problem)
        opened = open_current_file(choice.path)
        if opened is None:  # an older schema: the database layer upgrades it
            return None
        reader, no_backup = opened
        if no_backup is not None:  # only a warning: the command runs all the same
            self.warn(f"no daily backup of {reader.path.name} today: {no_backup}")
        self.warn_bad_values(reader)
        return reader

    def warn(self, message: str) -> None:
        """Print ``message`` as a warning on stderr, once in this run."""
        if message not in self.warned:
            self.warned.add(message)
            from supportpm_tui.cli.common import warn

            warn(message)

    def warn_bad_values(self, store: PlainReader) -> None:
        """Name, on stderr, each stored value out of range: the command runs all the same.

        ``supportpm check`` reports them itself, as problems.
        """
        if self.checking:
            return
        from supportpm_tui.services.current_plan import bad_values

        try:
            lines = bad_values(store)
        except Exception:
            return
        for line in lines:
            self.warn(clean_line(line))

    def hold_collection(self) -> None:
        """Hold the garbage collector until the run ends: a read builds the plan and its rows once, and prints.

        They make no garbage worth collecting, but the hundreds of thousands of
        objects of a large team's plan and cards would be walked over and over
        (a tenth of a listing's time) by collections that find nothing.
        """
        if gc.isenabled():
            gc.disable()
            self.collection_held = True

    def close(self) -> None:
        """Close every database this run opened, and let the collector run again (again is harmless)."""
        while self.stores:
            self.stores.pop(0).close()
        if self.collection_held:
            self.collection_held = False
            gc.enable()


def run_of(ctx: typer.Context) -> CliRun:
    """Return this run's state from the context (made there if the root callback has not yet)."""
    return ctx.ensure_object(CliRun)


def open_db(ctx: typer.Context, create: bool = True) -> Store:
    """Open the database this run names; it is closed when the run ends."""
    return run_of(ctx).open_store(create=create)


def current_file(ctx: typer.Context) -> FileReader | None:
    """Return the database this run names when it is a file at the current schema (see
    :meth:`CliRun.open_current_file`), for the quickest writes; ``None`` when :func:`open_db` must open it."""
    return run_of(ctx).open_current_file()


def read_db(ctx: typer.Context) -> FileReader | Store:
    """Open the database this run names for a read: a current file without the database layer (see
    :meth:`CliRun.open_reader`), with the collector held until the run ends (see :meth:`CliRun.hold_collection`)."""
    run = run_of(ctx)
    run.hold_collection()
    return run.open_reader()
