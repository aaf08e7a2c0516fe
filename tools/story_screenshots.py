"""Screenshots of the story (issue 15): the lever after 0, 2 and 4 pulls, and every tour scene
before and after the guess, at 1024x768 and 1920x1080, offscreen.

    PYTHONPATH=src python tools/story_screenshots.py OUT_FOLDER [--scenes 1,2,...]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--scenes", default="")
    ap.add_argument("--sizes", default="1024x768,1920x1080")
    ap.add_argument("--no-lever", action="store_true")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    from PySide6 import QtWidgets

    from scalingdesk.qt.app import _ephemeral_settings, application
    from scalingdesk.qt.main_window import MainWindow

    app = application()
    sizes = [tuple(int(x) for x in s.split("x")) for s in args.sizes.split(",")]

    def settle() -> None:
        for _ in range(4):
            app.processEvents()

    for w, h in sizes:
        if not args.no_lever:
            win = MainWindow(settings=_ephemeral_settings(), restore=False)
            win.resize(w, h)
            win.show()
            settle()
            win.side_tabs.setCurrentWidget(win.lever)
            settle()
            for pulls in (0, 2, 4):
                while win.lever.pulls() < pulls:
                    win.lever.pull()
                win.lever.finish_animation()
                settle()
                win.grab().save(str(out / f"lever-window-{pulls}-{w}x{h}.png"))
                win.lever.render_to_image(720, 520).save(str(out / f"lever-{pulls}.png"))
            win.close()
        win = MainWindow(settings=_ephemeral_settings(), restore=False)
        win.resize(w, h)
        win.show()
        tour = win.tour
        tour.glide_ms = 0
        numbers = [int(n) for n in args.scenes.split(",") if n] or [s.number for s in tour.scenes]
        for n in numbers:
            scene = tour.go(n)
            tour.finish_animation()
            settle()
            tour._distribute()
            settle()
            tour.mask.follow()
            settle()
            win.grab().save(str(out / f"tour-{n:02d}-before-{w}x{h}.png"))
            tour.choose((scene.answer + 1) % len(scene.choices))
            settle()
            tour.panel.ensure_reveal_visible()
            settle()
            win.grab().save(str(out / f"tour-{n:02d}-after-{w}x{h}.png"))
        tour.show_end()
        settle()
        win.grab().save(str(out / f"tour-end-{w}x{h}.png"))
        win.close()
    QtWidgets.QApplication.processEvents()
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
