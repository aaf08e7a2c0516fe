"""The hardware panel's two drawn parts: the memory bar and the custom-GPU dialog."""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from scalingdesk.core.hardware import GpuSpec
from scalingdesk.core.hardware_readout import memory_bar_description
from scalingdesk.qt import theme as themes
from scalingdesk.qt.plain import tip

_SEGMENTS = (  # key, legend label
    ("weights", "Weights"),
    ("kv_cache", "KV cache"),
    ("activations", "Activations"),
    ("gradients", "Gradients"),
    ("optimizer_states", "Optimizer"),
    ("overhead", "Overhead"),
)
_ZERO_TEXT = ("0 · none", "1 · optimizer", "2 · + gradients", "3 · fully sharded")


class MemoryBar(QtWidgets.QWidget):
    """Two stacked horizontal bars (one replica; one GPU) against the GPU's memory line."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Memory breakdown")
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Fixed)
        self._rows: list[tuple[str, dict[str, float]]] = []
        self._capacity = 1.0
        self._cap_label = ""
        self._formulas: dict[str, str] = {}
        self._hits: list[tuple[QtCore.QRectF, str]] = []

    def set_data(
        self, rows: list[tuple[str, dict[str, float]]], capacity: float, cap_label: str, formulas: dict[str, str]
    ) -> None:
        self._rows, self._capacity, self._cap_label, self._formulas = rows, capacity, cap_label, formulas
        self.setAccessibleDescription(memory_bar_description(rows, capacity))
        self.update()

    def _row_h(self) -> int:
        return int(self.fontMetrics().height() * 1.5)

    def sizeHint(self) -> QtCore.QSize:
        fm = self.fontMetrics()
        # capacity label + two bars + up to two legend lines
        return QtCore.QSize(380, fm.height() + 4 + 2 * self._row_h() + 2 * (fm.height() + 2) + 4)

    def minimumSizeHint(self) -> QtCore.QSize:
        return QtCore.QSize(240, self.sizeHint().height())

    def _colours(self, t: themes.Theme) -> dict[str, QtGui.QColor]:
        used = [k for k, _ in _SEGMENTS[:-1] if any(r[1][k] > 0 for r in self._rows)]
        out = {k: QtGui.QColor(t.series[i % len(t.series)]) for i, k in enumerate(used)}
        out["overhead"] = t.color("ghost")
        return out

    def paintEvent(self, _event: QtGui.QPaintEvent) -> None:
        t = themes.current()
        p = QtGui.QPainter(self)
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        colours = self._colours(t)
        label_w = max([fm.horizontalAdvance(name) for name, _ in self._rows] + [0]) + 8
        x0, w = label_w, max(10, self.width() - label_w - 4)
        row_h, bar_h = self._row_h(), int(fm.height() * 1.1)
        self._hits.clear()
        y = fm.height() + 4  # room for the capacity label above
        for name, parts in self._rows:
            scale = w / (max(parts["total"], self._capacity) * 1.04)
            p.setPen(t.color("foreground"))
            p.drawText(
                QtCore.QRectF(0, y, label_w, bar_h),
                QtCore.Qt.AlignmentFlag.AlignVCenter | QtCore.Qt.AlignmentFlag.AlignLeft,
                name,
            )
            p.fillRect(QtCore.QRectF(x0, y, w, bar_h), t.color("grid", 90))
            x = float(x0)
            for key, _label in _SEGMENTS:
                width = parts[key] * scale
                if width <= 0:
                    continue
                rect = QtCore.QRectF(x, y, width, bar_h)
                p.fillRect(rect, colours[key])
                self._hits.append((rect, key))
                x += width
            cap_x = x0 + self._capacity * scale
            p.setPen(QtGui.QPen(t.color("foreground"), max(2.0, t.line_width * 0.75), QtCore.Qt.PenStyle.DashLine))
            p.drawLine(QtCore.QPointF(cap_x, y - 3), QtCore.QPointF(cap_x, y + bar_h + 3))
            y += row_h
        if self._rows:  # capacity label above the first line, kept inside the widget
            text = self._cap_label
            first_scale = w / (max(self._rows[0][1]["total"], self._capacity) * 1.04)
            cap_x = x0 + self._capacity * first_scale
            tx = min(max(cap_x - fm.horizontalAdvance(text) / 2, x0), self.width() - fm.horizontalAdvance(text) - 2)
            p.setPen(t.color("foreground"))
            p.drawText(QtCore.QPointF(tx, fm.ascent() + 1), text)
        # legend, wrapped
        x, y = 0.0, y + 2
        sw = fm.height() * 0.8
        for key, label in _SEGMENTS:
            if key not in colours or not any(r[1][key] > 0 for r in self._rows):
                continue
            item_w = sw + 4 + fm.horizontalAdvance(label) + 12
            if x + item_w > self.width() and x > 0:
                x, y = 0.0, y + fm.height() + 2
            p.fillRect(QtCore.QRectF(x, y + (fm.height() - sw) / 2, sw, sw), colours[key])
            p.setPen(t.color("muted"))
            p.drawText(QtCore.QPointF(x + sw + 4, y + fm.ascent()), label)
            self._hits.append((QtCore.QRectF(x, y, item_w, fm.height()), key))
            x += item_w
        p.end()

    def event(self, e: QtCore.QEvent) -> bool:
        if e.type() == QtCore.QEvent.Type.ToolTip:
            pos = QtCore.QPointF(e.pos())
            for rect, key in self._hits:
                if rect.contains(pos):
                    label = dict(_SEGMENTS)[key]
                    QtWidgets.QToolTip.showText(e.globalPos(), tip(f"{label}: {self._formulas.get(key, '')}"), self)
                    return True
            QtWidgets.QToolTip.showText(e.globalPos(), tip(self._formulas.get("total", "")), self)
            return True
        return super().event(e)


class CustomGpuDialog(QtWidgets.QDialog):
    """Enter a GPU that is not in the catalog; the result is validated by the core."""

    def __init__(self, start: GpuSpec, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Custom GPU")
        self.spec: GpuSpec | None = None
        form = QtWidgets.QFormLayout(self)
        self.name = QtWidgets.QLineEdit(start.name if start.id == "custom" else f"Custom ({start.name})")
        form.addRow("&Name", self.name)

        def spin(
            value: float, maximum: float, suffix: str, decimals: int, acc: str, special: str = ""
        ) -> QtWidgets.QDoubleSpinBox:
            s = QtWidgets.QDoubleSpinBox()
            s.setRange(0.0, maximum)
            s.setDecimals(decimals)
            s.setSuffix(suffix)
            s.setValue(value)
            s.setAccessibleName(acc)
            if special:
                s.setSpecialValueText(special)
            return s

        self.memory = spin(start.memory_gb, 100_000, " GB", 1, "Custom GPU memory")
        self.bandwidth = spin(start.bandwidth_tb_s, 1000, " TB/s", 3, "Custom GPU bandwidth")
        self.bf16 = spin(start.bf16_tflops, 1e6, " TFLOP/s", 1, "Custom GPU bf16 dense TFLOP/s")
        self.fp8 = spin(start.fp8_tflops or 0.0, 1e6, " TFLOP/s", 1, "Custom GPU fp8 dense TFLOP/s", "none")
        self.power = spin(start.power_w or 0.0, 1e5, " W", 0, "Custom GPU power", "unknown")
        self.name.setAccessibleName("Custom GPU name")
        form.addRow("&Memory", self.memory)
        form.addRow("&Bandwidth", self.bandwidth)
        form.addRow("B&F16 dense", self.bf16)
        form.addRow("FP&8 dense", self.fp8)
        form.addRow("&Power", self.power)
        self.error = QtWidgets.QLabel("")
        self.error.setTextFormat(QtCore.Qt.TextFormat.PlainText)  # quotes the typed name
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {themes.current().warning};")
        form.addRow(self.error)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        try:
            self.spec = GpuSpec.validated(
                id="custom",
                name=self.name.text(),
                memory_gb=self.memory.value(),
                bandwidth_tb_s=self.bandwidth.value(),
                bf16_tflops=self.bf16.value(),
                fp8_tflops=self.fp8.value() or None,
                power_w=self.power.value() or None,
                source="entered by the user",
            )
        except ValueError as exc:
            self.error.setText(str(exc))
            return
        super().accept()
