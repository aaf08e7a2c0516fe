"""The science corrections in the window, driven like a user (issue 16 items 2, 6, 8)."""

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from scalingdesk.core.hardware import get_gpu


@pytest.fixture
def window(make_window):
    return make_window()


def _type(qtbot, widget, text):
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_unique_data_control_drives_the_loss_and_the_second_wall(qtbot, window):
    s = window.scenario
    s.set_law("muennighoff2023")
    s.set_held("D")
    s.set_params(1e9)
    s.set_tokens(4e11)
    assert not window.plane_plot.unique_wall.isVisible()
    _type(qtbot, window.controls.unique_edit, "100B")
    assert s.state.unique_tokens == pytest.approx(1e11)
    # Muennighoff et al. 2023's worked numbers: 4 epochs of 100B, D' ≈ 3.726e11, loss ≈ 2.3410.
    assert window.controls.loss_value.text() == "loss 2.341"
    text = window.controls.unique_readout.text()
    assert "4 epochs" in text and "373 B" in text
    wall = window.plane_plot.unique_wall
    assert wall.isVisible() and 10 ** wall.value() == pytest.approx(1e11)
    assert "4 epochs" in wall.label.format
    # Undo puts the unlimited data back; an empty field means unlimited too.
    s.undo()
    assert s.state.unique_tokens is None and not wall.isVisible()
    _type(qtbot, window.controls.unique_edit, "1e11")
    assert s.state.unique_tokens == pytest.approx(1e11)
    edit = window.controls.unique_edit
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert s.state.unique_tokens is None


def test_unique_data_refuses_a_bad_value_naming_it(qtbot, window):
    messages = []
    window.controls._on_error = messages.append
    _type(qtbot, window.controls.unique_edit, "-5B")
    assert window.scenario.state.unique_tokens is None
    assert messages and "-5B" in messages[-1]


def test_gpu_days_follow_the_chosen_hardware(window):
    s = window.scenario
    c = s.state.compute
    h100 = window.controls.compute_human.text()
    assert "H100" in h100 and "1,024 GPUs" in h100
    s.set_hardware(replace(s.state.hardware, gpu_id="a100-80gb", mfu=0.5, num_gpus=2048))
    text = window.controls.compute_human.text()
    # A100: 312 TFLOP/s dense bf16 (datasheet) at 50%: C / (312e12 · 0.5 · 86400) GPU-days.
    days = c / (312e12 * 0.5 * 86400)
    assert "A100" in text and "50%" in text and "2,048 GPUs" in text
    assert f"{days:,.0f}" in text
    assert get_gpu("a100-80gb").bf16_tflops == 312


def test_readout_warns_outside_the_fitted_range(window):
    s = window.scenario
    s.set_held("D")
    s.set_params(1e9)
    s.set_tokens(2e10)
    assert not window.controls.range_warning.isVisibleTo(window.controls)
    s.set_params(4e11)  # far past the 16B parameters Chinchilla's runs reached
    w = window.controls.range_warning
    assert w.isVisibleTo(window.controls) and "Extrapolated" in w.text() and "16 B" in w.text()


def test_kaplan_beyond_ten_thousand_pf_days_is_said_on_screen(window):
    s = window.scenario
    s.set_law("kaplan2020")
    s.set_follow_optimum(True)
    s.set_compute(1e25)
    assert "§6.3" in window.controls.range_warning.text()


def test_every_plot_shows_the_fitted_range(window):
    window.scenario.set_law("epoch2024")
    box = window.plane_plot.fitted_box
    assert box.isVisible()
    xs, ys = box.getData()
    assert 10 ** min(xs) == pytest.approx(7e7) and 10 ** max(xs) == pytest.approx(1.6e10)
    assert 10 ** max(ys) == pytest.approx(5e11)
    lo, hi = window.isoflop_plot.fitted_band.getRegion()
    assert 10**lo == pytest.approx(7e7) and 10**hi == pytest.approx(1.6e10)
    assert window.loss_plot.fit_edge.isVisible()


def test_the_family_switch_offers_the_unrounded_and_data_constrained_fits(window):
    keys = [window.controls.family.itemData(i) for i in range(window.controls.family.count())]
    assert "hoffmann2022-unrounded" in keys and "muennighoff2023" in keys
