"""Entry point of the frozen application (PyInstaller's script): the same as ``scalingdesk``."""

from scalingdesk.cli import main

raise SystemExit(main())
