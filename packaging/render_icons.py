"""Render resources/icons/scalingdesk.svg to the PNG, ICO and ICNS icons the platforms want.

    python packaging/render_icons.py          # writes resources/icons/scalingdesk-{256,512}.png, .ico, .icns

Rendered with Qt's own QSvgRenderer, so no other image tool is needed.  ICO/ICNS need Qt's
``qico``/``qicns`` image-format plugins (both ship with PySide6-Essentials); where one is missing
that file is skipped with a message.  The outputs are committed; rerun after editing the SVG.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6 import QtCore, QtGui, QtSvg  # noqa: E402

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZES = (256, 512)


def render(renderer: QtSvg.QSvgRenderer, size: int) -> QtGui.QImage:
    image = QtGui.QImage(size, size, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QtCore.Qt.GlobalColor.transparent)
    painter = QtGui.QPainter(image)
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QtGui.QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QtCore.QRectF(0, 0, size, size))
    painter.end()
    return image


def main(folder: Path = ICONS) -> int:
    _app = QtGui.QGuiApplication.instance() or QtGui.QGuiApplication(sys.argv[:1])
    renderer = QtSvg.QSvgRenderer(str(folder / "scalingdesk.svg"))
    if not renderer.isValid():
        print(f"render_icons: {folder / 'scalingdesk.svg'} is not a valid SVG", file=sys.stderr)
        return 1
    for size in SIZES:
        out = folder / f"scalingdesk-{size}.png"
        if not render(renderer, size).save(str(out), "PNG"):
            print(f"render_icons: could not write {out}", file=sys.stderr)
            return 1
        print(out)
    formats = {bytes(f).decode() for f in QtGui.QImageWriter.supportedImageFormats()}
    # Windows wants an .ico (256 px is its largest entry), macOS an .icns.
    for suffix, fmt, size in (("ico", "ico", 256), ("icns", "icns", 512)):
        out = folder / f"scalingdesk.{suffix}"
        if fmt not in formats:
            print(f"render_icons: Qt cannot write {fmt.upper()} here (plugin missing); skipped {out.name}")
            continue
        if not render(renderer, size).save(str(out), fmt.upper()):
            print(f"render_icons: could not write {out}", file=sys.stderr)
            return 1
        print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
