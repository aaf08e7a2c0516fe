"""`scalingdesk screenshot OUT.png [--scenario FILE|LINK] [--tour FILE --scene N] …`.

Renders offscreen (qt.app.run_screenshot) with Qt's platform-plugin chatter filtered out (the
offscreen plugin warns "This plugin does not support propagateSizeHints()" on every window), so
the command prints only the file it wrote, or one line saying why not.
"""

from __future__ import annotations

import argparse
import os

#: Qt messages that say nothing to a user of an offscreen render.
QUIET = (
    "This plugin does not support propagateSizeHints()",
    "This plugin does not support raise()",
    "This plugin does not support grabbing the keyboard",
)


def _install_quiet_handler() -> None:
    from PySide6 import QtCore

    previous = None

    def handler(mode, context, message):  # noqa: ANN001
        if any(q in message for q in QUIET):
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            import sys

            print(message, file=sys.stderr)

    previous = QtCore.qInstallMessageHandler(handler)


def screenshot(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _install_quiet_handler()
    from scalingdesk.qt.app import run_screenshot

    return run_screenshot(args)
