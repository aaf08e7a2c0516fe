"""Predict, then reveal: nothing on screen gives a scene's answer before the guess.

For every scene, at a laptop's and a presenter's size: the texts and values a learner can see
(labels, buttons, entry fields, plot labels, the lever's caption) hold none of the answer's
numbers (those the reveal states that the scene's text and question do not) nor the answer's
text outside its own choice button; after the guess the reveal is on screen, whole, inside the
panel (wrapped, not clipped, no sideways scroll).
"""

import os
import re

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pyqtgraph as pg
import pytest
from PySide6 import QtCore, QtWidgets
from PySide6.QtCore import Qt

from scalingdesk.core.tour import load_tour

SCENES = load_tour()
SIZES = [(1024, 768), (1920, 1080)]
#: A number as the scenes write them: 5.9e23, 1.3%, 26.6M, 0.164, 1,875, 2.7x.
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?(?:e[+-]?\d+)?")


def answer_numbers(scene) -> set[str]:
    """Numbers the reveal states that the scene's text, question and choices do not: the
    answer's numbers.  Bare small integers (4, 20) are left out: they are everywhere."""
    given = " ".join((scene.title, scene.text, scene.question, *scene.choices))
    given_numbers = set(NUMBER.findall(given))
    out = set()
    for n in NUMBER.findall(scene.reveal):
        n = n.rstrip(",.")
        if n in given_numbers or n in given:
            continue
        if re.fullmatch(r"\d{1,2}", n) or re.fullmatch(r"(19|20)\d\d", n):
            continue  # small counts and the years of citations
        out.add(n)
    return out


def _visible_texts(window, tour) -> list[tuple[str, str]]:
    """(where, text) for every text a learner can see now, except the answer buttons."""
    out = []
    choices = set(map(id, tour.panel.choice_buttons))
    for w in window.findChildren(QtWidgets.QWidget):
        if not w.isVisible() or w.visibleRegion().isEmpty():
            continue  # hidden, or scrolled out of its viewport: nothing a learner can see
        if id(w) in choices or tour.mask.covers(w):
            continue
        if isinstance(w.parentWidget(), QtWidgets.QPushButton) and id(w.parentWidget()) in choices:
            continue
        text = ""
        if (
            isinstance(w, QtWidgets.QLabel)
            or isinstance(w, QtWidgets.QAbstractButton)
            or isinstance(w, (QtWidgets.QLineEdit, QtWidgets.QAbstractSpinBox))
        ):
            text = w.text()
        elif isinstance(w, QtWidgets.QComboBox):
            text = w.currentText()
        elif isinstance(w, pg.PlotWidget):
            for item in w.scene().items():
                if isinstance(item, QtWidgets.QGraphicsTextItem) and item.isVisible():
                    text += " " + item.toPlainText()
                elif isinstance(item, QtWidgets.QGraphicsSimpleTextItem) and item.isVisible():
                    text += " " + item.text()
        if text.strip():
            out.append((f"{type(w).__name__} {w.objectName()}", text))
    lever = getattr(window, "lever", None)
    if lever is not None and lever.isVisible() and not tour.mask.covers(lever):
        out.append(("lever caption", lever.caption()))
        out.extend(("lever row", t) for t in lever.effort_texts())
    return out


@pytest.fixture(params=SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def window(request, make_window):
    return make_window(request.param)


@pytest.fixture
def tour(window):
    from scalingdesk.qt.tour import install_tour

    t = install_tour(window)
    t.glide_ms = 0
    return t


def _settle(qtbot, window, tour):
    tour.finish_animation()
    for _ in range(3):
        QtWidgets.QApplication.processEvents()
    tour.mask.follow()


def test_no_answer_on_screen_before_the_guess_then_the_whole_reveal(qtbot, window, tour):
    for scene in SCENES:  # one window per size, every scene in turn (as a learner walks it)
        _check_scene(qtbot, window, tour, scene.number)


def _check_scene(qtbot, window, tour, number):
    scene = tour.go(number)
    _settle(qtbot, window, tour)
    assert scene.choices, "every scene asks a question"
    panel = tour.panel
    assert not panel.reveal.isVisible() and not panel.revealed()
    # Whatever the scene masks is covered by a card, and the card is drawn over it.
    shown = [name for name in scene.mask if tour.widget_for(name).isVisible()]
    assert shown or not scene.mask, (number, "no masked part on screen")
    for name in shown:  # a part behind another tab shows nothing; the text scan below checks that
        assert tour.hides(name), f"scene {number}: {name} is not covered before the guess"
    answer_text = scene.choices[scene.answer]
    numbers = answer_numbers(scene)
    for where, text in _visible_texts(window, tour):
        assert answer_text not in text, f"scene {number}: {where} shows the answer {answer_text!r}"
        for n in numbers:
            assert n not in NUMBER.findall(text), (
                f"scene {number}: {where} shows the answer's number {n} before the guess: {text!r}"
            )
    # The guess: the reveal appears, whole, inside the panel; the masks lift.
    qtbot.mouseClick(panel.choice_buttons[(scene.answer + 1) % len(scene.choices)], Qt.MouseButton.LeftButton)
    _settle(qtbot, window, tour)
    panel.ensure_reveal_visible()
    QtWidgets.QApplication.processEvents()
    assert panel.reveal.isVisible() and panel.revealed()
    assert not tour.mask.isVisible() and not tour.masked_widgets()
    assert not any(tour.hides(name) for name in scene.mask)
    viewport = panel.scroll.viewport()
    top_left = panel.reveal.mapTo(viewport, QtCore.QPoint(0, 0))
    shown = QtCore.QRect(top_left, panel.reveal.size())
    assert viewport.rect().contains(shown), (
        f"scene {number}: the reveal {shown} is clipped by the panel {viewport.rect()}"
    )
    body = panel.scroll.widget()
    assert body.width() <= viewport.width(), f"scene {number}: the panel scrolls sideways"
    for b in panel.choice_buttons:  # the marked answers wrap inside the panel too
        assert b.mapTo(viewport, QtCore.QPoint(b.width(), 0)).x() <= viewport.width()
        label = b.label
        assert label.heightForWidth(label.width()) <= label.height() + 1, (
            f"scene {number}: choice {b.text()!r} is cut off"
        )
    for n in answer_numbers(scene):
        assert n in panel.reveal.text()


def test_the_reveal_key_shows_the_answer_without_a_guess(window, tour):
    scene = tour.go(2)
    tour.finish_animation()
    assert tour.mask.targets
    tour.reveal()
    assert tour.panel.revealed() and tour.panel.reveal.isVisible()
    assert tour.panel.reveal.text().startswith("The answer:")
    assert not tour.mask.isVisible()
    assert scene.number not in tour.guesses()  # revealed, not guessed


def test_scene_12_masks_only_the_figures_that_hold_the_answer(qtbot, window, tour):
    """GPU-hours, time and cost are covered; the GPU, the utilisation and the memory stay in
    view (the learner reads the inputs the question names, then guesses)."""
    tour.go(12)
    _settle(qtbot, window, tour)
    hw = window.hardware
    assert tour.mask.covers(hw.figures["gpu_hours"]) and tour.mask.covers(hw.figures["cost"])
    for part in (hw.gpu_combo, hw.mfu_spin, hw.fit_label, hw.bar):
        assert part.isVisible() and not tour.mask.covers(part), part.accessibleName()
    qtbot.mouseClick(tour.panel.choice_buttons[0], Qt.MouseButton.LeftButton)
    _settle(qtbot, window, tour)
    assert not tour.mask.covers(hw.figures["gpu_hours"]) and hw.figures["gpu_hours"].isVisible()


def test_scene_5_keeps_the_optimal_lines_off_the_map_until_the_guess(qtbot, window, tour):
    """ "What would Chinchilla's rule spend GPT-3's compute on?": the compute-optimal path and the
    20-tokens-per-parameter line would show it where GPT-3's equal-compute line crosses them.
    They (and their names) wait for the guess; the Kaplan path, the models and GPT-3 stay."""
    plane = window.plots["plane"]
    answer_items = [plane.path, plane.chinchilla, plane.line_labels["path"], plane.line_labels["chinchilla"]]
    tour.go(5)
    _settle(qtbot, window, tour)
    assert plane.isVisible()
    assert not any(item.isVisible() for item in answer_items)
    assert plane.kaplan.isVisible() and plane.line_labels["kaplan"].isVisible() and plane.current.isVisible()
    tour.next()  # scenes that do not ask it show them
    _settle(qtbot, window, tour)
    assert plane.path.isVisible() and plane.chinchilla.isVisible()
    tour.back()
    _settle(qtbot, window, tour)
    assert not plane.path.isVisible()
    qtbot.mouseClick(tour.panel.choice_buttons[0], Qt.MouseButton.LeftButton)
    _settle(qtbot, window, tour)
    assert all(item.isVisible() for item in answer_items)
    tour.back()
    tour.next()  # answered: shown when the scene comes back
    _settle(qtbot, window, tour)
    assert plane.path.isVisible() and plane.line_labels["path"].isVisible()
