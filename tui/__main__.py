"""Provides `python -m tui`, the same as the `kiosk` command."""

from .cli import main

raise SystemExit(main())
