"""The hardware panel driven like a user: controls emit configs, refresh shows the verdicts."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import statistics
import time

import pytest
from PySide6 import QtCore, QtWidgets

from scalingdesk.core.hardware import HardwareConfig, gpu_catalog
from scalingdesk.qt import theme
from scalingdesk.qt.hardware_panel import HardwarePanel


@pytest.fixture
def panel(qtbot):
    emitted: list[HardwareConfig] = []
    p = HardwarePanel(emitted.append)
    p.emitted = emitted
    qtbot.addWidget(p)
    p.resize(420, 600)
    p.show()
    qtbot.waitExposed(p)
    p.refresh(7e9, 1.4e11, HardwareConfig())
    return p


def test_changing_the_gpu_with_the_keyboard_emits_the_new_config(panel, qtbot):
    panel.gpu_combo.setFocus()
    qtbot.keyClick(panel.gpu_combo, QtCore.Qt.Key.Key_Down)
    ids = list(gpu_catalog())
    assert panel.emitted[-1] == HardwareConfig(gpu_id=ids[ids.index("h100-80gb") + 1])


def test_mode_buttons_zero_stage_and_recompute(panel, qtbot):
    inference = panel.mode_buttons.button(1)
    qtbot.mouseClick(inference, QtCore.Qt.MouseButton.LeftButton)
    assert panel.emitted[-1] == HardwareConfig(mode="inference")
    panel.recompute_check.setFocus()
    qtbot.keyClick(panel.recompute_check, QtCore.Qt.Key.Key_Space)
    # the app had not applied the mode change, so the edit builds on the shown config
    assert panel.emitted[-1] == HardwareConfig(recompute=False)
    panel.zero_combo.setFocus()
    qtbot.keyClick(panel.zero_combo, QtCore.Qt.Key.Key_Down)
    assert panel.emitted[-1].zero_stage == 2


def test_typing_a_gpu_count_and_mfu(panel, qtbot):
    for spin, text, field, value in ((panel.gpus_spin, "256", "num_gpus", 256), (panel.mfu_spin, "45", "mfu", 0.45)):
        spin.setFocus()
        spin.selectAll()
        qtbot.keyClicks(spin, text)
        qtbot.keyClick(spin, QtCore.Qt.Key.Key_Return)
        assert getattr(panel.emitted[-1], field) == pytest.approx(value)


def test_preset_choice_emits_its_id(panel, qtbot):
    i = panel.model_combo.findData("llama-3.1-70b")
    panel.model_combo.setCurrentIndex(i)  # what picking it from the popup does
    assert panel.emitted[-1] == HardwareConfig(preset="llama-3.1-70b")


def test_refresh_shows_the_config_without_emitting(panel):
    cfg = HardwareConfig(
        mode="inference",
        gpu_id="rtx-4090",
        precision="q4_k_m",
        context=4096,
        batch=4,
        zero_stage=3,
        recompute=True,
        num_gpus=64,
        mfu=0.3,
    )
    panel.emitted.clear()
    panel.refresh(7e9, 1e12, cfg)
    assert panel.emitted == []
    assert panel.gpu_combo.currentData() == "rtx-4090"
    assert panel.precision_combo.currentText() == "q4_k_m"
    assert panel.context_spin.value() == 4096 and panel.batch_spin.value() == 4
    assert panel.mfu_spin.value() == 30 and panel.gpus_spin.value() == 64
    assert panel.zero_combo.currentData() == 3 and panel.recompute_check.isChecked()
    assert panel.mode_buttons.button(1).isChecked()
    assert panel.inference_page.isVisible() and not panel.training_page.isVisible()
    # a user edit now builds on the shown config
    panel.batch_spin.setValue(8)
    assert panel.emitted[-1] == HardwareConfig(**{**cfg.__dict__, "batch": 8})


def test_fit_verdicts_for_7b_and_405b(panel):
    panel.refresh(7e9, 0, HardwareConfig(mode="inference", gpu_id="rtx-4090", context=4096))
    assert panel.fit_label.text().startswith("✓ Fits on one RTX 4090")
    panel.refresh(0, 0, HardwareConfig(mode="inference", preset="llama-3.1-405b"))
    text = panel.fit_label.text()
    assert "Does not fit on one H100" in text and "16 GPUs" in text and "2 nodes" in text
    assert "TP 8 × PP 2" in panel.layout_label.text()
    assert "tok/s" in panel.figures["decode_tokens_per_s_upper"].text()
    assert "bandwidth" in panel.figures["decode_tokens_per_s_upper"].toolTip()


def test_training_figures_have_formula_tooltips(panel):
    panel.refresh(7e10, 1.4e12, HardwareConfig(num_gpus=2048, recompute=True))
    assert panel.figures["flops"].text() == "5.9e23 FLOP"
    for key in ("flops", "gpu_hours", "days", "gpus_for_target_days", "cost", "energy_mwh"):
        assert panel.figures[key].isVisible() and panel.figures[key].toolTip(), key
    assert "6·N·D" in panel.figures["flops"].toolTip()
    assert "2048" in panel.figures["days"].toolTip()
    assert not panel.figures["decode_tokens_per_s_upper"].isVisible()
    assert "m·d" in panel.fit_label.toolTip()


def test_invalid_combination_is_shown_not_raised(panel):
    panel.refresh(7e9, 1e12, HardwareConfig(gpu_id="a100-80gb", precision="fp8"))
    assert "fp8" in panel.fit_label.text()
    assert panel.figures["gpu_hours"].text() == "—"
    panel.refresh(-1, 1e12, HardwareConfig())
    assert "params" in panel.fit_label.text()


def test_custom_gpu_dialog(panel, qtbot):
    qtbot.mouseClick(panel.custom_button, QtCore.Qt.MouseButton.LeftButton)
    dialog = panel.custom_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.name.setText("Lab card")
    dialog.memory.setValue(0)
    dialog.accept()
    assert "memory_gb" in dialog.error.text() and dialog.isVisible() and panel.emitted == []
    dialog.memory.setValue(96)
    dialog.accept()
    cfg = panel.emitted[-1]
    assert cfg.gpu_id == "custom" and cfg.custom_gpu.name == "Lab card"
    assert cfg.custom_gpu.memory_gb == 96
    panel.refresh(7e9, 1e12, cfg)  # the combo gains the custom entry, once
    assert panel.gpu_combo.currentText() == "Custom: Lab card"
    panel.refresh(7e9, 1e12, cfg)
    assert panel.gpu_combo.count() == len(gpu_catalog()) + 1


def test_every_control_is_named_and_keyboard_reachable(panel):
    controls = [
        w
        for w in panel.findChildren(QtWidgets.QWidget)
        if isinstance(w, (QtWidgets.QComboBox, QtWidgets.QAbstractSpinBox, QtWidgets.QAbstractButton))
    ]
    assert len(controls) >= 18
    for w in controls:
        if (
            isinstance(w, QtWidgets.QAbstractSpinBox)
            and w.parent() is not None
            and isinstance(w.parent(), QtWidgets.QAbstractSpinBox)
        ):
            continue
        assert w.accessibleName(), w
        assert w.focusPolicy() & QtCore.Qt.FocusPolicy.TabFocus, w.accessibleName()


def test_theme_change_recolours_the_verdict(panel):
    panel.refresh(0, 0, HardwareConfig(mode="inference", preset="llama-3.1-405b"))
    try:
        theme.set_theme("light")
        assert theme.LIGHT.warning.lower() in panel.fit_label.styleSheet().lower()
        panel.refresh(7e9, 0, HardwareConfig(mode="inference"))
        assert theme.LIGHT.good.lower() in panel.fit_label.styleSheet().lower()
    finally:
        theme.set_theme("dark")


def test_refresh_is_cheap(panel):
    cfg = HardwareConfig(num_gpus=2048)
    times = []
    for i in range(60):
        t0 = time.perf_counter()
        panel.refresh(7e10 * (1 + i / 60), 1.4e12, cfg)
        times.append(time.perf_counter() - t0)
    # measured ≈ 0.2–0.6 ms here; the brief asks for well under 2 ms, leave room for slow CI
    assert statistics.median(times) < 2e-3


# --- issue 19: where inputs come from, refused switches, nodes, plain words; MFU presets -------


def test_panel_says_where_the_model_comes_from(panel):
    cfg = HardwareConfig(preset="llama-3.1-70b")
    panel.refresh(1e9, 1.33e12, cfg)
    text = panel.source_label.text()
    assert "Llama 3.1 70B" in text and "published architecture" in text and "D knob" in text
    assert "1.33 T" in text and "different model" in text and "5.6e23" in text
    panel.refresh(7.06e10, 1.33e12, cfg)  # the knobs on the preset's N: the same model
    assert "different model" not in panel.source_label.text()
    panel.refresh(7e9, 1.4e11, HardwareConfig())
    assert panel.source_label.text().startswith("Model from the knobs")


def test_a_refused_switch_leaves_the_buttons_on_what_is_in_force(panel, qtbot):
    cfg = HardwareConfig(preset="mixtral-8x7b", mode="inference", precision="int4")
    panel.refresh(7e9, 1.4e11, cfg)
    before = len(panel.emitted)
    training = panel.mode_buttons.button(0)
    qtbot.mouseClick(training, QtCore.Qt.MouseButton.LeftButton)
    assert len(panel.emitted) == before  # int4 cannot be trained in: nothing applied
    assert not training.isChecked() and panel.mode_buttons.button(1).isChecked()
    assert panel.refusal_label.isVisible() and "int4" in panel.refusal_label.text()


def test_nodes_of_8_only_for_server_gpus(panel):
    panel.refresh(0, 0, HardwareConfig(mode="inference", preset="llama-3.1-405b", gpu_id="rtx-4090"))
    assert "GPUs" in panel.fit_label.text() and "node" not in panel.fit_label.text()
    panel.refresh(0, 0, HardwareConfig(mode="inference", preset="llama-3.1-405b", gpu_id="h100-80gb"))
    assert "nodes of 8" in panel.fit_label.text()


def test_terms_are_explained_in_one_line_each_on_the_panel(panel, qtbot):
    # a section the learner opens (the panel fits the side column without scrolling)
    assert not any(g.isVisible() for g in panel.glossary.values())
    qtbot.mouseClick(panel.glossary_button, QtCore.Qt.MouseButton.LeftButton)
    for term in ("ZeRO", "MFU", "PUE", "TP/PP/DP"):
        label = panel.glossary[term]
        assert label.isVisible() and label.text().startswith(term + ":")
        assert "\n" not in label.text()


def test_published_mfu_preset_sets_the_mfu(panel, qtbot):
    combo = panel.mfu_preset_combo
    i = combo.findData("llama3-405b-8k-gpus")
    combo.setCurrentIndex(i)
    combo.activated.emit(i)
    assert panel.emitted[-1].mfu == pytest.approx(0.43)  # Llama 3 paper, Table 4
    panel.refresh(7e9, 1.4e11, panel.emitted[-1])
    assert "Table 4" in combo.toolTip()
