"""Exports of a plot or the whole window: PNG, SVG and CSV, every one written atomically.

- **PNG** at 1x, 2x or 3x the on-screen size (for slides and print), with the law family noted
  in the image's corner, since the same knobs draw different curves under another family.
- **SVG** through Qt's SVG 1.1 generator (clip paths: curves stay inside the plot), then made
  portable: Qt writes cosmetic pens as ``vector-effect="non-scaling-stroke"`` paths under the
  plot's ~50x data-to-pixel transforms, which librsvg and ImageMagick draw as huge bands, so
  every such path is mapped to pixel coordinates and its transform dropped; Qt's generic font
  alias ("Sans Serif") is replaced by the font actually used; the size is in pixels.
- **CSV**: one named column pair per series, from the core's view-models
  (``scalingdesk.core.export_tables``).

A failed export raises ``ExportError`` with a one-line message (the window shows it, the CLI
exits 2); the previous file, if any, is intact (temp file in the same folder, fsync, rename).
"""

from __future__ import annotations

import math
import os
import re
import stat
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from scalingdesk import __version__
from scalingdesk.core.units import format_coordinate, format_plain

FORMATS = ("png", "svg", "csv")
SCALES = (1, 2, 3)


class ExportError(Exception):
    """An export that could not be made or written (one line, names the file)."""


# --- atomic writes -------------------------------------------------------------------------------

try:  # the project's one implementation, once it is there (branch `reliability`)
    from scalingdesk.core.boundary import atomic_write as _shared_atomic_write
except ImportError:  # pragma: no cover - depends on what is merged
    _shared_atomic_write = None


def _atomic_write(path: str | os.PathLike[str], data: bytes) -> Path:
    """Temp file in the same folder, fsync, rename over the target, fsync the folder.  A symlink
    is followed (its target is replaced, the link stays); an existing file's mode is kept.  A
    crash (even kill -9) leaves the previous file as it was, at worst beside a ``.name.~tmp*``."""
    target = Path(os.path.realpath(os.fspath(path)))
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:100]}.~tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:
        dir_fd = os.open(target.parent, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows
        return target
    try:
        os.fsync(dir_fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(dir_fd)
    return target


def atomic_write(path: str | os.PathLike[str], data: bytes) -> Path:
    writer = _shared_atomic_write or _atomic_write
    try:
        return writer(path, data)
    except OSError as err:
        raise ExportError(f"could not write {path}: {err.strerror or err}") from None


# --- PNG -----------------------------------------------------------------------------------------


def _paint(widget: QtWidgets.QWidget, painter: QtGui.QPainter) -> None:
    if isinstance(widget, QtWidgets.QGraphicsView):
        # The scene as the view shows it, items as vectors, into the widget's logical size (the
        # default target is the device's pixels, which a 2x image would then scale twice).
        viewport = widget.viewport().rect()
        widget.render(painter, QtCore.QRectF(QtCore.QPointF(0, 0), QtCore.QSizeF(widget.size())), viewport)
    else:
        QtWidgets.QWidget.render(widget, painter, QtCore.QPoint())  # a window: its children too


def render_image(
    widget: QtWidgets.QWidget, scale: int = 1, size: QtCore.QSize | None = None, note: str | None = None
) -> QtGui.QImage:
    """The widget as it looks on screen, at ``scale`` times its pixels (sharp text and lines,
    not an enlarged bitmap), with ``note`` written small in the bottom-left corner."""
    if scale not in SCALES:
        raise ExportError(f"PNG scale {scale!r}: choose 1, 2 or 3")
    if size is not None and size != widget.size():
        widget.resize(size)
        QtWidgets.QApplication.processEvents()
    logical = widget.size()
    image = QtGui.QImage(logical * scale, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(scale)
    image.fill(widget.palette().color(QtGui.QPalette.ColorRole.Window))
    painter = QtGui.QPainter(image)
    try:
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QtGui.QPainter.RenderHint.TextAntialiasing)
        _paint(widget, painter)
        if note:
            _draw_note(painter, QtCore.QRect(QtCore.QPoint(0, 0), logical), note, widget)
    finally:
        painter.end()
    return image


def _draw_note(painter: QtGui.QPainter, rect: QtCore.QRect, note: str, widget: QtWidgets.QWidget) -> None:
    font = QtGui.QFont(widget.font())
    font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
    painter.setFont(font)
    metrics = QtGui.QFontMetrics(font)
    box = metrics.boundingRect(note).adjusted(-5, -3, 5, 3)
    box.moveBottomLeft(rect.bottomLeft() + QtCore.QPoint(4, -4))  # below the y axis, left of its label
    palette = widget.palette()
    background = QtGui.QColor(palette.color(QtGui.QPalette.ColorRole.Window))
    background.setAlpha(210)
    painter.fillRect(box, background)
    painter.setPen(palette.color(QtGui.QPalette.ColorRole.WindowText))
    painter.drawText(box, int(QtCore.Qt.AlignmentFlag.AlignCenter), note)


def png_bytes(image: QtGui.QImage) -> bytes:
    data = QtCore.QByteArray()
    buffer = QtCore.QBuffer(data)
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise ExportError("could not encode the PNG")
    buffer.close()
    return bytes(data.data())


# --- SVG -----------------------------------------------------------------------------------------

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)
_MATRIX = re.compile(r"matrix\(([^)]*)\)")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_PATH_TOKEN = re.compile(r"[MLCQSTZmlcqstzHVAhva]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_SHAPES = {f"{{{SVG_NS}}}{t}" for t in ("path", "polyline", "polygon", "rect")}


_fmt = format_coordinate  # SVG numbers, from the core's formatters (scalingdesk.core.units)


def _map_path(d: str, m: tuple[float, ...]) -> str | None:
    """Absolute M/L/C/Q/S/T/Z path data through the matrix; None if it has other commands."""
    a, b, c, dd, e, f = m
    out: list[str] = []
    numbers: list[float] = []
    for token in _PATH_TOKEN.findall(d):
        if token.isalpha():
            if token not in "MLCQSTZ":
                return None
            if len(numbers) % 2:
                return None
            out += [
                _fmt(a * x + c * y + e) + "," + _fmt(b * x + dd * y + f) for x, y in zip(numbers[::2], numbers[1::2])
            ]
            numbers = []
            out.append(token)
        else:
            numbers.append(float(token))
    if len(numbers) % 2:
        return None
    out += [_fmt(a * x + c * y + e) + "," + _fmt(b * x + dd * y + f) for x, y in zip(numbers[::2], numbers[1::2])]
    return " ".join(out)


def _map_points(points: str, m: tuple[float, ...]) -> str:
    a, b, c, d, e, f = m
    values = [float(v) for v in _NUMBER.findall(points)]
    return " ".join(_fmt(a * x + c * y + e) + "," + _fmt(b * x + d * y + f) for x, y in zip(values[::2], values[1::2]))


def _flatten(element: ET.Element, m: tuple[float, ...], stroke_scale: float) -> bool:
    """Map one shape's coordinates through ``m`` in place; False if it cannot be."""
    tag = element.tag.split("}")[-1]
    if tag == "path":
        d = _map_path(element.get("d", ""), m)
        if d is None:
            return False
        element.set("d", d)
    elif tag in ("polyline", "polygon"):
        element.set("points", _map_points(element.get("points", ""), m))
    elif tag == "rect":
        x, y = float(element.get("x", 0)), float(element.get("y", 0))
        w, h = float(element.get("width", 0)), float(element.get("height", 0))
        if element.get("rx") or element.get("ry"):
            return False
        corners = f"{x},{y} {x + w},{y} {x + w},{y + h} {x},{y + h}"
        element.tag = f"{{{SVG_NS}}}polygon"
        for key in ("x", "y", "width", "height"):
            element.attrib.pop(key, None)
        element.set("points", _map_points(corners, m))
    else:
        return False
    if element.attrib.pop("vector-effect", None) != "non-scaling-stroke" and stroke_scale != 1.0:
        element.set("data-stroke-scale", format_plain(stroke_scale))  # marks a scaled (non-cosmetic) pen
    return True


def _flatten_groups(root: ET.Element) -> None:
    for group in list(root.iter(f"{{{SVG_NS}}}g")):
        match = _MATRIX.fullmatch(group.get("transform", "").strip())
        if not match:
            continue
        m = tuple(float(v) for v in _NUMBER.findall(match.group(1)))
        if len(m) != 6 or (
            abs(m[0] - 1) < 1e-9 and abs(m[3] - 1) < 1e-9 and m[1] == 0 and m[2] == 0 and m[4] == 0 and m[5] == 0
        ):
            continue
        shapes = [child for child in group if child.tag in _SHAPES]
        if not shapes:
            continue
        det = abs(m[0] * m[3] - m[1] * m[2])
        stroke_scale = math.sqrt(det) if det > 0 else 1.0
        kept = []  # children that still need the transform (text, images, odd paths)
        for child in list(group):
            if child.tag in _SHAPES and _flatten(child, m, stroke_scale):
                continue
            kept.append(child)
        for child in kept:  # keep them in place, in a group of their own with the transform
            index = list(group).index(child)
            group.remove(child)
            wrapper = ET.Element(f"{{{SVG_NS}}}g", {"transform": group.get("transform")})
            wrapper.append(child)
            group.insert(index, wrapper)
        group.attrib.pop("transform")
        width = group.get("stroke-width")
        for child in group:
            scale = child.attrib.pop("data-stroke-scale", None)
            if scale and width:
                child.set("stroke-width", _fmt(float(width) * float(scale)))


def _real_fonts(root: ET.Element, families: dict[str, str], points_to_pixels: float) -> None:
    """Real font families, and sizes in pixels (Qt writes points; SVG reads pixels)."""
    for element in root.iter():
        family = element.get("font-family")
        if family is not None and family in families:
            element.set("font-family", families[family])
        size = element.get("font-size")
        if size and _NUMBER.fullmatch(size):
            element.set("font-size", _fmt(float(size) * points_to_pixels))


def _bbox(element: ET.Element) -> tuple[float, float, float, float] | None:
    values = [float(v) for v in _NUMBER.findall(element.get("d") or element.get("points") or "")]
    if element.tag.endswith("rect"):
        x, y = float(element.get("x", 0)), float(element.get("y", 0))
        values = [x, y, x + float(element.get("width", 0)), y + float(element.get("height", 0))]
    if len(values) < 4:
        return None
    xs, ys = values[::2], values[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def _reclip(root: ET.Element, plot_rects: list[QtCore.QRectF]) -> None:
    """Qt's clip paths are unreliable (a curve can come out under a text label's clip), so each
    clipped group is clipped to the plot area that holds its Qt clip, or not at all."""
    defs = root.find(f"{{{SVG_NS}}}defs")
    if defs is None:
        defs = ET.Element(f"{{{SVG_NS}}}defs")
        root.insert(0, defs)
    boxes = {}
    for clip in list(root.iter(f"{{{SVG_NS}}}clipPath")):
        shapes = [c for c in clip if _bbox(c) is not None]
        boxes[clip.get("id")] = _bbox(shapes[0]) if shapes else None
    for parent in root.iter():
        for clip in [c for c in parent if c.tag == f"{{{SVG_NS}}}clipPath"]:
            parent.remove(clip)
    ids = []
    for i, rect in enumerate(plot_rects):
        clip = ET.SubElement(defs, f"{{{SVG_NS}}}clipPath", {"id": f"plot{i}"})
        ET.SubElement(
            clip,
            f"{{{SVG_NS}}}rect",
            {"x": _fmt(rect.x()), "y": _fmt(rect.y()), "width": _fmt(rect.width()), "height": _fmt(rect.height())},
        )
        ids.append(f"plot{i}")
    for element in root.iter():
        ref = element.get("clip-path")
        if not ref:
            continue
        box = boxes.get(ref.removeprefix("url(#").removesuffix(")"))
        element.attrib.pop("clip-path")
        if box is None:
            continue
        for rect, clip_id in zip(plot_rects, ids):
            if (
                box[0] >= rect.left() - 1
                and box[1] >= rect.top() - 1
                and box[2] <= rect.right() + 1
                and box[3] <= rect.bottom() + 1
            ):
                element.set("clip-path", f"url(#{clip_id})")
                break


def _plot_rects(widget: QtWidgets.QWidget) -> list[QtCore.QRectF]:
    """Every plot area (pyqtgraph ViewBox) inside ``widget``, in its pixel coordinates."""
    import pyqtgraph as pg

    views = [widget] if isinstance(widget, pg.PlotWidget) else widget.findChildren(pg.PlotWidget)
    rects = []
    for view in views:
        if not view.isVisible() and view is not widget:
            continue
        box = view.getViewBox()
        in_view = view.mapFromScene(box.sceneBoundingRect()).boundingRect()
        top_left = view.viewport().mapTo(widget, in_view.topLeft()) if view is not widget else in_view.topLeft()
        rects.append(QtCore.QRectF(QtCore.QPointF(top_left), QtCore.QSizeF(in_view.size())))
    return rects


def _font_families(widget: QtWidgets.QWidget) -> dict[str, str]:
    """Qt's generic names (what QSvgGenerator writes) → the family Qt really drew with."""
    out = {}
    for generic, fallback in (
        ("Sans Serif", "sans-serif"),
        ("Serif", "serif"),
        ("Monospace", "monospace"),
        (widget.font().family(), "sans-serif"),
    ):
        real = QtGui.QFontInfo(QtGui.QFont(generic)).family()
        out[generic] = f"'{real}', {fallback}" if real and real != generic else fallback
    return out


def _export_mode(widget: QtWidgets.QWidget, painter: QtGui.QPainter) -> list:
    """pyqtgraph's export mode on every item (as its own exporters do): scatter symbols are then
    drawn as vector paths, not as fragments of a cached bitmap (which SVG would carry whole)."""
    import pyqtgraph as pg

    views = [widget] if isinstance(widget, pg.PlotWidget) else widget.findChildren(pg.PlotWidget)
    items = []
    for view in views:
        for item in view.scene().items():
            if hasattr(item, "setExportMode"):
                item.setExportMode(True, {"antialias": True, "painter": painter, "resolutionScale": 1.0})
                items.append(item)
    return items


def svg_bytes(widget: QtWidgets.QWidget, title: str = "ScalingDesk", size: QtCore.QSize | None = None) -> bytes:
    from PySide6 import QtSvg

    if size is not None and size != widget.size():
        widget.resize(size)
        QtWidgets.QApplication.processEvents()
    data = QtCore.QByteArray()
    buffer = QtCore.QBuffer(data)
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    gen = QtSvg.QSvgGenerator(QtSvg.QSvgGenerator.SvgVersion.Svg11)
    gen.setOutputDevice(buffer)
    gen.setSize(widget.size())
    gen.setViewBox(QtCore.QRect(QtCore.QPoint(0, 0), widget.size()))
    # The widget's own resolution: pyqtgraph's axes replay cached QPictures, which a device of
    # another resolution scales (ticks bunched toward the origin, small text).
    gen.setResolution(widget.logicalDpiY())
    gen.setTitle(title)
    gen.setDescription(f"Exported from ScalingDesk {__version__}")
    painter = QtGui.QPainter(gen)
    exporting = _export_mode(widget, painter)
    try:
        _paint(widget, painter)
    finally:
        painter.end()
        for item in exporting:
            item.setExportMode(False)
    buffer.close()
    try:
        root = ET.fromstring(bytes(data.data()))
    except ET.ParseError as err:
        raise ExportError(f"Qt wrote an SVG that does not parse: {err}") from None
    _flatten_groups(root)
    _reclip(root, _plot_rects(widget))
    _real_fonts(root, _font_families(widget), widget.logicalDpiY() / gen.resolution())
    root.set("width", str(widget.width()))
    root.set("height", str(widget.height()))
    return b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' + ET.tostring(root, encoding="utf-8")


# --- the window's exports ------------------------------------------------------------------------


def law_note(state) -> str:
    """ "law: Epoch AI 2024": the family, short enough for the corner beside an axis title."""
    return "law: " + state.law_object.label.split(" (")[0]


def export_view(
    window, what: str, fmt: str, path: str | os.PathLike[str], *, size: QtCore.QSize | None = None, scale: int = 1
) -> Path:
    """Write ``what`` ("window" or a plot key) as ``fmt`` to ``path``; ExportError if it cannot."""
    from scalingdesk.core import export_tables

    path = Path(path)
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; use png, svg or csv")
    if what != "window" and what not in window.plots:
        raise ExportError(f"nothing called {what!r} to export; choose window, {', '.join(window.plots)}")
    widget = window if what == "window" else window.plots[what]
    state = window.scenario.state
    if fmt == "png":
        data = png_bytes(render_image(widget, scale, size, note=law_note(state)))
    elif fmt == "svg":
        data = svg_bytes(widget, title=f"ScalingDesk {what} — {state.law_object.label}", size=size)
    else:
        if what == "window":
            raise ExportError("CSV is for one plot: choose loss, isoflop or plane")
        try:
            series = export_tables.plot_series(what, state.law_object, state.params, state.tokens)
        except ValueError as err:
            raise ExportError(str(err)) from None
        data = export_tables.to_csv(series)
    return atomic_write(path, data)


def ask_and_export(window, what: str, fmt: str, folder: str) -> Path | None:
    """File → Export: a save dialog (PNG also asks 1x/2x/3x); a failure is a message in the
    window, never a traceback."""
    scale = 1
    if fmt == "png":
        choice, ok = QtWidgets.QInputDialog.getItem(
            window,
            "Export PNG",
            "Resolution (times the size on screen):",
            ["1x (as on screen)", "2x (slides, high-DPI)", "3x (print)"],
            1,
            False,
        )
        if not ok:
            return None
        scale = int(choice[0])
    path, _ = QtWidgets.QFileDialog.getSaveFileName(
        window, f"Export {fmt.upper()}", str(Path(folder or ".") / f"{what}.{fmt}"), f"{fmt.upper()} (*.{fmt})"
    )
    if not path:
        return None
    try:
        out = export_view(window, what, fmt, path, scale=scale)
    except ExportError as err:
        window._error_box("Export failed", str(err))
        return None
    window.statusBar().showMessage(f"Exported {out.name}", 5000)
    return out
