"""The hardware side panel: controls for the hardware config, and the estimate for the knobs' model.

Thin: it renders :func:`scalingdesk.core.hardware.estimate` and forwards edits.  It keeps no state
of its own beyond what it shows: every control edit calls ``on_config_changed(new_config)``; the
application stores the config and calls :meth:`HardwarePanel.refresh` again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from scalingdesk.core.hardware import (
    BITS_PER_WEIGHT,
    KV_BITS,
    GpuSpec,
    HardwareConfig,
    HardwareEstimate,
    estimate,
    gpu_catalog,
    model_presets,
)
from scalingdesk.core.hardware_notes import GLOSSARY, provenance
from scalingdesk.core.hardware_readout import hardware_readout, mfu_preset_text
from scalingdesk.core.mfu import mfu_presets, preset_for
from scalingdesk.qt import theme as themes
from scalingdesk.qt.binding import observe, signals_blocked
from scalingdesk.qt.buttons import SteadyButton
from scalingdesk.qt.hardware_widgets import (  # the drawn parts, importable from here as before
    _ZERO_TEXT,
    CustomGpuDialog,
    MemoryBar,
)
from scalingdesk.qt.plain import tip


class HardwarePanel(QtWidgets.QWidget):
    """Hardware controls plus the estimate for the model on the knobs (see module docstring)."""

    def __init__(
        self, on_config_changed: Callable[[HardwareConfig], None], parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName("Hardware estimate")
        self._emit_config = on_config_changed
        self._config = HardwareConfig()  # the config last shown (the app owns the real one)
        self._shown_custom: GpuSpec | None = None
        self._fit_state: str | None = None
        self._mode_shown: str | None = None
        self.custom_dialog: CustomGpuDialog | None = None
        self._controls: list[QtWidgets.QWidget] = []
        self._build()
        self._sync_controls(self._config)
        observe(self, themes.model(), self._apply_theme)
        self._apply_theme(themes.current())

    # ------------------------------------------------------------------------------- building

    def _combo(self, items: list[tuple[str, Any]], acc: str, field: str) -> QtWidgets.QComboBox:
        c = QtWidgets.QComboBox()
        for text, data in items:
            c.addItem(text, data)
        c.setAccessibleName(acc)
        c.setSizeAdjustPolicy(QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        c.setMinimumContentsLength(6)
        c.currentIndexChanged.connect(lambda _i, c=c, f=field: self._edit(**{f: c.currentData()}))
        self._controls.append(c)
        return c

    def _spin(
        self,
        lo: float,
        hi: float,
        acc: str,
        field: str,
        *,
        decimals: int | None = None,
        suffix: str = "",
        scale: float = 1.0,
        step: float = 1.0,
    ) -> QtWidgets.QAbstractSpinBox:
        if decimals is None:
            s: QtWidgets.QAbstractSpinBox = QtWidgets.QSpinBox()
            s.setRange(int(lo), int(hi))
            s.valueChanged.connect(lambda v, f=field: self._edit(**{f: int(v)}))
        else:
            s = QtWidgets.QDoubleSpinBox()
            s.setRange(lo, hi)
            s.setDecimals(decimals)
            s.valueChanged.connect(lambda v, f=field, k=scale: self._edit(**{f: v / k}))
        s.setSingleStep(step)
        s.setSuffix(suffix)
        s.setKeyboardTracking(False)  # emit on Enter / focus-out, not on every keystroke
        s.setAccessibleName(acc)
        s.setProperty("scale", scale)
        self._controls.append(s)
        return s

    def _build(self) -> None:
        # Nothing scrolls (issue 14): the panel fits the side column at every size; the
        # glossary, the tallest part, is a section the learner opens.
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(6, 4, 6, 4)
        outer.setSpacing(3)  # tight rows: the whole panel fits 1024x700 without scrolling
        grid = QtWidgets.QGridLayout()
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        outer.addLayout(grid)

        def label(text: str, buddy: QtWidgets.QWidget) -> QtWidgets.QLabel:
            lab = QtWidgets.QLabel(text)
            lab.setBuddy(buddy)
            return lab

        presets = [("Derived from N (knobs)", None)] + [(a.name, k) for k, a in model_presets().items()]
        self.model_combo = self._combo(presets, "Model architecture", "preset")
        self.model_combo.setToolTip(
            "Use a published architecture (its parameter counts replace N) "
            "or derive a Llama-shaped one from N on the knobs"
        )
        grid.addWidget(label("&Model", self.model_combo), 0, 0)
        grid.addWidget(self.model_combo, 0, 1, 1, 3)

        self.gpu_combo = self._combo(
            [(g.name.replace("NVIDIA ", ""), k) for k, g in gpu_catalog().items()], "GPU", "gpu_id"
        )
        self.custom_button = QtWidgets.QPushButton("Custom…")
        self.custom_button.setAccessibleName("Define a custom GPU")
        self.custom_button.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)
        self.custom_button.clicked.connect(self.open_custom_gpu_dialog)
        self._controls.append(self.custom_button)
        grid.addWidget(label("&GPU", self.gpu_combo), 1, 0)
        grid.addWidget(self.gpu_combo, 1, 1, 1, 2)
        grid.addWidget(self.custom_button, 1, 3)

        self.mode_buttons = QtWidgets.QButtonGroup(self)
        mode_row = QtWidgets.QHBoxLayout()
        mode_row.setSpacing(0)
        for i, (text, mode) in enumerate((("&Training", "training"), ("&Inference", "inference"))):
            b = SteadyButton(text)  # bold when checked: sized for it
            b.setCheckable(True)
            b.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)
            b.setAccessibleName(f"{mode.capitalize()} mode")
            b.setProperty("mode", mode)
            self.mode_buttons.addButton(b, i)
            mode_row.addWidget(b)
            self._controls.append(b)
        self.mode_buttons.idClicked.connect(lambda i: self._edit(mode=self.mode_buttons.button(i).property("mode")))
        grid.addWidget(QtWidgets.QLabel("Mode"), 2, 0)
        grid.addLayout(mode_row, 2, 1, 1, 3)
        self._mode_row = mode_row  # the Recompute box joins it in training mode (one row less)

        self.precision_combo = self._combo([(k, k) for k in BITS_PER_WEIGHT], "Weight precision", "precision")
        self.precision_combo.setToolTip(
            "Weight format (bits per weight include scales). Training "
            "uses bf16, fp16 or fp8; fp8 keeps a bf16 copy, so no memory saved"
        )
        self.kv_combo = self._combo([(k, k) for k in KV_BITS], "KV cache precision", "kv_precision")
        grid.addWidget(label("&Weights", self.precision_combo), 3, 0)
        grid.addWidget(self.precision_combo, 3, 1)
        grid.addWidget(label("&KV", self.kv_combo), 3, 2)
        grid.addWidget(self.kv_combo, 3, 3)

        # mode pages: only the current one is visible (a QStackedWidget would keep the taller height)
        self.training_page = train = QtWidgets.QWidget()
        tg = QtWidgets.QGridLayout(train)
        tg.setContentsMargins(0, 0, 0, 0)
        tg.setHorizontalSpacing(6)
        tg.setVerticalSpacing(2)
        self.optimizer_combo = self._combo([("Adam", "adam"), ("SGD + momentum", "sgd")], "Optimizer", "optimizer")
        self.optimizer_combo.setToolTip(
            "Mixed precision, bytes per parameter with weights and "
            "gradients: Adam 16 (Megatron/DeepSpeed count 18), SGD with momentum 12"
        )
        self.zero_combo = self._combo([(t, i) for i, t in enumerate(_ZERO_TEXT)], "ZeRO stage", "zero_stage")
        self.zero_combo.setToolTip(
            "ZeRO shards over the data-parallel GPUs: 1 optimizer states, 2 also gradients, 3 also weights"
        )
        self.micro_batch_spin = self._spin(1, 4096, "Micro-batch (sequences per GPU)", "micro_batch")
        self.seq_len_spin = self._spin(1, 10_000_000, "Training sequence length", "seq_len", step=1024)
        self.recompute_check = QtWidgets.QCheckBox("&Recompute")
        self.recompute_check.setAccessibleName("Full activation recomputation")
        self.recompute_check.setToolTip("Full activation recomputation: keep 2·s·b·h bytes per layer")
        self.recompute_check.toggled.connect(lambda v: self._edit(recompute=bool(v)))
        self._controls.append(self.recompute_check)
        self.mfu_spin = self._spin(
            1, 100, "Model FLOPs utilisation, percent", "mfu", decimals=0, suffix=" %", scale=100.0
        )
        self.mfu_spin.setToolTip("Model FLOPs utilisation. Llama 3 405B: 38–43 % on H100 (Llama 3 paper, Table 4)")
        self.mfu_preset_combo = QtWidgets.QComboBox()
        self.mfu_preset_combo.addItem("your value (the MFU box)", None)
        for p in mfu_presets().values():
            self.mfu_preset_combo.addItem(mfu_preset_text(p.name, p.mfu), p.id)
            self.mfu_preset_combo.setItemData(
                self.mfu_preset_combo.count() - 1, p.source, QtCore.Qt.ItemDataRole.ToolTipRole
            )
        self.mfu_preset_combo.setAccessibleName("Published MFU preset")
        self.mfu_preset_combo.setSizeAdjustPolicy(
            QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.mfu_preset_combo.setMinimumContentsLength(6)
        self.mfu_preset_combo.activated.connect(self._mfu_preset_chosen)
        self._controls.append(self.mfu_preset_combo)
        self.gpus_spin = self._spin(1, 10_000_000, "Number of GPUs", "num_gpus", step=8)
        self.days_spin = self._spin(0.1, 100_000, "Target training days", "target_days", decimals=1, suffix=" d")
        self.price_spin = self._spin(
            0.0, 10_000, "Price per GPU-hour in US dollars", "price_per_gpu_hour", decimals=2, step=0.25
        )
        self.price_spin.setPrefix("$")
        self.pue_spin = self._spin(1.0, 5.0, "Power usage effectiveness", "pue", decimals=2, step=0.05)
        mode_row.addSpacing(8)
        mode_row.addWidget(self.recompute_check)
        rows = [
            (("&Optimizer", self.optimizer_combo), ("&ZeRO", self.zero_combo)),
            (("Micro-&batch", self.micro_batch_spin), ("&Seq len", self.seq_len_spin)),
            (("M&FU", self.mfu_spin), ("fro&m", self.mfu_preset_combo)),
            (("GP&Us", self.gpus_spin), ("T&arget", self.days_spin)),
            (("$/GPU-&h", self.price_spin), ("&PUE", self.pue_spin)),
        ]
        for r, pair in enumerate(rows):
            for c, (text, w) in enumerate(pair):
                if text is None:
                    tg.addWidget(w, r, 2 * c, 1, 2)
                else:
                    tg.addWidget(label(text, w), r, 2 * c)
                    tg.addWidget(w, r, 2 * c + 1)
        self.inference_page = infer = QtWidgets.QWidget()
        ig = QtWidgets.QGridLayout(infer)
        ig.setContentsMargins(0, 0, 0, 0)
        ig.setHorizontalSpacing(6)
        self.context_spin = self._spin(1, 100_000_000, "Context length in tokens", "context", step=1024)
        self.batch_spin = self._spin(1, 100_000, "Batch (sequences decoded together)", "batch")
        ig.addWidget(label("&Context", self.context_spin), 0, 0)
        ig.addWidget(self.context_spin, 0, 1)
        ig.addWidget(label("&Batch", self.batch_spin), 0, 2)
        ig.addWidget(self.batch_spin, 0, 3)
        for g in (grid, tg, ig):
            g.setColumnStretch(1, 1)
            g.setColumnStretch(3, 1)
        outer.addWidget(train)
        outer.addWidget(infer)

        line = QtWidgets.QFrame()
        line.setFrameShape(QtWidgets.QFrame.Shape.HLine)
        outer.addWidget(line)

        self.source_label = QtWidgets.QLabel()
        self.source_label.setWordWrap(True)
        self.source_label.setAccessibleName("Where the model's inputs come from")
        self.refusal_label = QtWidgets.QLabel()
        self.refusal_label.setWordWrap(True)
        self.refusal_label.setAccessibleName("Refused change")
        self.refusal_label.setVisible(False)
        outer.addWidget(self.refusal_label)
        outer.addWidget(self.source_label)
        self.fit_label = QtWidgets.QLabel()
        self.fit_label.setWordWrap(True)
        self.fit_label.setAccessibleName("Fit verdict")
        f = self.fit_label.font()
        f.setBold(True)
        self.fit_label.setFont(f)
        self.layout_label = QtWidgets.QLabel()
        self.layout_label.setWordWrap(True)
        self.layout_label.setAccessibleName("Per-GPU memory")
        self.bar = MemoryBar()
        outer.addWidget(self.fit_label)
        outer.addWidget(self.layout_label)
        outer.addWidget(self.bar)

        # The compute, time and cost figures, in one box a tour scene can mask (scene 12).
        self.figures_box = QtWidgets.QWidget()
        self.figures_box.setAccessibleName("Compute, time and cost")
        figures = QtWidgets.QGridLayout(self.figures_box)
        figures.setContentsMargins(0, 0, 0, 0)
        figures.setHorizontalSpacing(10)
        figures.setVerticalSpacing(2)
        self.figure_names: dict[str, QtWidgets.QLabel] = {}
        self.figures: dict[str, QtWidgets.QLabel] = {}
        names = [
            ("flops", "Compute"),
            ("gpu_hours", "GPU-hours"),
            ("days", "Time"),
            ("gpus_for_target_days", "GPUs for target"),
            ("cost", "Cost"),
            ("energy_mwh", "Energy"),
            ("decode_tokens_per_s_upper", "Decode ≤"),
            ("decode_per_sequence", "Per sequence ≤"),
        ]
        for i, (key, name) in enumerate(names):
            n = QtWidgets.QLabel(name)
            v = QtWidgets.QLabel("—")
            v.setAccessibleName(name)
            v.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
            row, col = (i % 6) // 2, 2 * (i % 2)
            if key.startswith("decode"):
                row, col = 0, 2 * (i - 6)
            figures.addWidget(n, row, col)
            figures.addWidget(v, row, col + 1)
            self.figure_names[key], self.figures[key] = n, v
        figures.setColumnStretch(1, 1)
        figures.setColumnStretch(3, 1)
        outer.addWidget(self.figures_box)
        self.arch_label = QtWidgets.QLabel()
        self.arch_label.setWordWrap(True)
        self.arch_label.setAccessibleName("Model architecture used")
        self.glossary_button = QtWidgets.QToolButton()
        self.glossary_button.setText("Architecture, and what " + ", ".join(GLOSSARY) + " mean")
        self.glossary_button.setAccessibleName("Show the architecture and what the terms mean")
        self.glossary_button.setCheckable(True)
        self.glossary_button.setArrowType(QtCore.Qt.ArrowType.RightArrow)
        self.glossary_button.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.glossary_button.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)
        self.glossary_button.toggled.connect(self._show_glossary)
        outer.addWidget(self.glossary_button)
        outer.addWidget(self.arch_label)
        self.arch_label.setVisible(False)
        self.glossary: dict[str, QtWidgets.QLabel] = {}
        for term, text in GLOSSARY.items():
            g = QtWidgets.QLabel(text)
            g.setWordWrap(True)
            g.setTextFormat(QtCore.Qt.TextFormat.PlainText)
            g.setAccessibleName(f"What {term} means")
            g.setVisible(False)
            outer.addWidget(g)
            self.glossary[term] = g
        outer.addStretch(1)
        for label in (self.fit_label, self.layout_label, self.arch_label, *self.figures.values()):
            label.setTextFormat(QtCore.Qt.TextFormat.PlainText)  # a custom GPU's name is outside text

    # ---------------------------------------------------------------------------- user edits

    def _edit(self, **changes: Any) -> None:
        new = replace(self._config, **changes)
        if new == self._config:
            return
        try:
            new.validated()
        except ValueError as exc:
            # Refused: say so here, and put every control (the mode buttons too) back to the
            # config in force, so no button stays lit over figures it does not describe.
            self._sync_controls(self._config)
            self.refusal_label.setText(f"Not applied: {exc}")
            self.refusal_label.setVisible(True)
            return
        self.refusal_label.setVisible(False)
        self._emit_config(new)

    def _mfu_preset_chosen(self, index: int) -> None:
        key = self.mfu_preset_combo.itemData(index)
        if key is not None:
            self._edit(mfu=mfu_presets()[key].mfu)

    def _show_glossary(self, on: bool) -> None:
        """Open or close the glossary section (in inference mode only TP/PP/DP applies)."""
        self.glossary_button.setArrowType(QtCore.Qt.ArrowType.DownArrow if on else QtCore.Qt.ArrowType.RightArrow)
        training = self._mode_shown != "inference"
        self.arch_label.setVisible(on)
        for term, g in self.glossary.items():
            g.setVisible(on and (training or term == "TP/PP/DP"))

    def open_custom_gpu_dialog(self) -> CustomGpuDialog:
        """Open the custom GPU dialog (non-blocking); on OK the config switches to that GPU."""
        try:
            start = self._config.gpu()
        except ValueError:
            start = gpu_catalog()["h100-80gb"]
        dialog = CustomGpuDialog(start, self)
        dialog.accepted.connect(lambda: dialog.spec and self._edit(gpu_id=dialog.spec.id, custom_gpu=dialog.spec))
        self.custom_dialog = dialog
        dialog.open()
        return dialog

    # ----------------------------------------------------------------------------- rendering

    def _sync_controls(self, cfg: HardwareConfig) -> None:
        """Show cfg in the controls without emitting anything."""
        with signals_blocked(*self._controls, self.mode_buttons):
            self._put_controls(cfg)

    def _put_controls(self, cfg: HardwareConfig) -> None:
        if cfg.custom_gpu != self._shown_custom:
            last = self.gpu_combo.count() - 1
            if self._shown_custom is not None:
                self.gpu_combo.removeItem(last)
            if cfg.custom_gpu is not None:
                self.gpu_combo.addItem(f"Custom: {cfg.custom_gpu.name}", cfg.custom_gpu.id)
            self._shown_custom = cfg.custom_gpu
        for combo, value in (
            (self.model_combo, cfg.preset),
            (self.gpu_combo, cfg.gpu_id),
            (self.precision_combo, cfg.precision),
            (self.kv_combo, cfg.kv_precision),
            (self.optimizer_combo, cfg.optimizer),
            (self.zero_combo, cfg.zero_stage),
        ):
            combo.setCurrentIndex(combo.findData(value))
        for spin, value in (
            (self.micro_batch_spin, cfg.micro_batch),
            (self.seq_len_spin, cfg.seq_len),
            (self.mfu_spin, cfg.mfu),
            (self.gpus_spin, cfg.num_gpus),
            (self.days_spin, cfg.target_days),
            (self.price_spin, cfg.price_per_gpu_hour),
            (self.pue_spin, cfg.pue),
            (self.context_spin, cfg.context),
            (self.batch_spin, cfg.batch),
        ):
            scaled = value * spin.property("scale")
            spin.setValue(int(scaled) if isinstance(spin, QtWidgets.QSpinBox) else scaled)
        self.recompute_check.setChecked(cfg.recompute)
        preset = preset_for(cfg.mfu)
        self.mfu_preset_combo.setCurrentIndex(self.mfu_preset_combo.findData(preset.id if preset else None))
        self.mfu_preset_combo.setToolTip(
            preset.source if preset else "Pick a published run's MFU, or type your own in the MFU box"
        )
        training = cfg.mode == "training"
        self.mode_buttons.button(0 if training else 1).setChecked(True)
        if cfg.mode != self._mode_shown:
            self.training_page.setVisible(training)
            self.inference_page.setVisible(not training)
            self.kv_combo.setEnabled(not training)
            self.recompute_check.setVisible(training)
            for key in self.figures:
                show = key.startswith("decode") != training
                self.figures[key].setVisible(show)
                self.figure_names[key].setVisible(show)
            self._mode_shown = cfg.mode
            self._show_glossary(self.glossary_button.isChecked())

    # --------------------------------------------------------------- following the scenario
    _scenario: Any = None

    def watch(self, scenario: Any) -> None:
        """Follow the scenario's N, D and hardware settings: drawn while visible, and on show."""
        self._scenario = scenario
        observe(self, scenario, self.follow_scenario, ("params", "tokens", "hardware"))

    def follow_scenario(self, _change: Any = None) -> None:
        if self._scenario is not None and self.isVisible():
            s = self._scenario.state
            self.refresh(s.params, s.tokens, s.hardware)

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        super().showEvent(event)
        self.follow_scenario()

    def refresh(self, params: float, tokens: float, config: HardwareConfig) -> None:
        """Redraw for the model on the knobs; cheap (sets texts, no widget is re-created)."""
        if config != self._config or self._mode_shown is None:
            self._sync_controls(config)
            self._config = config
        try:
            self.source_label.setText(provenance(params, tokens, config))
            est = estimate(params, tokens, config)
        except ValueError as exc:
            self._show_error(str(exc))
            return
        self._show(est)

    def _set_fit_state(self, state: str) -> None:
        if state != self._fit_state:
            self._fit_state = state
            t = themes.current()
            self.fit_label.setStyleSheet(f"color: {t.good if state == 'good' else t.warning};")

    def _show_error(self, message: str) -> None:
        self._set_fit_state("warning")
        self.fit_label.setText(message)
        self.fit_label.setToolTip(tip(message))
        self.layout_label.setText("")
        for v in self.figures.values():
            v.setText("—")
            v.setToolTip("")
        self.bar.set_data([], 1.0, "", {})

    def _show(self, est: HardwareEstimate) -> None:
        r = hardware_readout(est)  # every text, from the core
        f = est.formulas
        self._set_fit_state(r.fit_state)
        self.fit_label.setText(r.fit_text)
        self.fit_label.setToolTip(tip(f["gpus_to_fit"]))
        self.layout_label.setText(r.layout_text)
        self.layout_label.setToolTip(tip(f["per_gpu"]))
        self.bar.set_data(
            [("Model", est.memory_bytes), ("Per GPU", est.per_gpu_bytes)], est.gpu.capacity_bytes, r.bar_caption, f
        )
        F = self.figures
        for key, text in r.figures.items():
            F[key].setText(text)
        if est.config.mode == "training":
            for key in ("flops", "gpu_hours", "days", "gpus_for_target_days", "cost", "energy_mwh"):
                F[key].setToolTip(tip(f[key]))
        else:
            F["decode_tokens_per_s_upper"].setToolTip(f["decode_tokens_per_s_upper"])
            F["decode_per_sequence"].setToolTip(r.decode_per_sequence_tip)
        self.arch_label.setText(r.arch_text)
        self.arch_label.setToolTip(est.architecture.source)

    def _apply_theme(self, t: themes.Theme) -> None:
        self._fit_state, state = None, self._fit_state or "good"
        self._set_fit_state(state)
        muted = f"color: {t.muted};"
        self.arch_label.setStyleSheet(muted)
        self.refusal_label.setStyleSheet(f"color: {t.warning};")
        for g in self.glossary.values():
            g.setStyleSheet(muted)
        self.layout_label.setStyleSheet(muted)
        for n in self.figure_names.values():
            n.setStyleSheet(muted)
        for b in self.mode_buttons.buttons():
            b.setStyleSheet(
                f"QPushButton {{ padding: 3px 8px; }}"
                f"QPushButton:checked {{ background: {t.accent}; color: {t.background}; "
                f"font-weight: bold; border: 1px solid {t.accent}; }}"
            )
        self.bar.update()
