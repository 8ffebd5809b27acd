"""Team mode tests use the command-line runners of the CLI tests."""

from tests.cli.conftest import cli, demo_db, proc

__all__ = ["cli", "demo_db", "proc"]
