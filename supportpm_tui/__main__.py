"""Run SupportPM with ``python -m supportpm_tui``."""

from supportpm_tui.cli import main

if __name__ == "__main__":
    main()
