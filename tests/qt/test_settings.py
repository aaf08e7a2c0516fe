"""The saved session is outside input too: a poisoned one is set aside and the app starts clean."""

from __future__ import annotations

import os

from scalingdesk.core import scenario_io
from scalingdesk.core.scenario import opening_state
from scalingdesk.qt.settings import Settings, settings_path

POISON = {
    **scenario_io.state_to_dict(opening_state()),
    "law": "mine",
    "extra_laws": [
        {"key": "mine", "label": "Mine", "E": 1.7, "A": 400.0, "B": 400.0, "alpha": 1e-10, "beta": 1e-10, "source": "x"}
    ],
}


def _window(qtbot):
    from scalingdesk.qt.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    return w


def test_a_session_that_fails_to_restore_is_set_aside_and_the_next_start_is_clean(qtbot):
    s = Settings()
    s.set_last_scenario(POISON)
    s.sync()
    w = _window(qtbot)
    assert w.scenario.state == opening_state()
    notice = w.settings.notice
    assert notice and "could not be restored" in notice and "alpha" in notice
    assert "broken-" in w.statusBar().currentMessage()
    kept = [p for p in settings_path().parent.iterdir() if ".broken-" in p.name]
    assert len(kept) == 1 and "1e-10" in kept[0].read_text()
    w.close()
    again = _window(qtbot)
    assert again.settings.notice is None and again.scenario.state == opening_state()


def test_a_session_that_is_not_json_is_set_aside(qtbot):
    s = Settings()
    s._q.setValue("session/last_scenario", '{"a":' * 500)
    s.sync()
    w = _window(qtbot)
    assert "levels deep" in (w.settings.notice or "")


def test_settings_symlink_is_set_aside_not_followed(tmp_path):
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    path.symlink_to(victim)
    s = Settings()
    assert "symbolic link" in (s.notice or "")
    s.set_theme("light")
    s.sync()
    assert victim.read_text() == "precious"
    assert path.is_file() and not path.is_symlink()


def test_settings_fifo_does_not_hang_the_start(qtbot):
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    w = _window(qtbot)  # a blocking read would hang here
    assert "not a regular file" in (w.settings.notice or "")
    assert w.scenario.state == opening_state()
