"""Outside text is shown as plain text: a custom GPU name, an extra law's label and source."""

from __future__ import annotations

from dataclasses import replace

from PySide6 import QtCore

from scalingdesk.core.hardware import GpuSpec, HardwareConfig
from scalingdesk.core.laws import ChinchillaLaw
from scalingdesk.qt.plain import tip

MARKUP = '<img src="/dev/zero"><b>bold</b> & co'


def test_tip_escapes_inside_a_rich_text_wrapper():
    assert tip(MARKUP) == '<qt>&lt;img src="/dev/zero"&gt;&lt;b&gt;bold&lt;/b&gt; &amp; co</qt>'
    assert tip("") == "" and len(tip("x" * 100_000)) < 2100


def test_a_custom_gpu_name_and_an_extra_law_show_literally(make_window):
    w = make_window()
    gpu = GpuSpec.validated(id="mine", name=MARKUP, memory_gb=80, bandwidth_tb_s=3.35, bf16_tflops=989)
    w.scenario.set_hardware(HardwareConfig(gpu_id="mine", custom_gpu=gpu))
    w.side_tabs.setCurrentWidget(w.hardware)  # shown: it draws the model's settings
    assert MARKUP in w.hardware.fit_label.text()
    assert w.hardware.fit_label.textFormat() == QtCore.Qt.TextFormat.PlainText
    law = ChinchillaLaw("mine", MARKUP, 1.8, 400.0, 1500.0, 0.33, 0.35, MARKUP)
    w.scenario.add_law(law)
    assert "&lt;img" in w.controls.family_note.toolTip() and "<img" not in w.controls.family_note.toolTip()
    assert "<img" not in w.controls.loss_value.toolTip()


def test_hardware_integers_beyond_the_panel_never_reach_qt(make_window):
    import pytest

    from scalingdesk.core.scenario import ScenarioError

    w = make_window()
    before = w.scenario.state
    for field, value in (("context", 2**31), ("num_gpus", 10**10), ("seq_len", 2**40), ("batch", 10**6)):
        with pytest.raises(ScenarioError, match=field):
            w.scenario.set_hardware(replace(HardwareConfig(), **{field: value}))
    assert w.scenario.state == before
