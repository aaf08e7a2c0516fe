"""The hostile corpus (tests/hostile/generate.py, issue 12) through every loader.

Each input is refused with a one-line message naming the file (or the link / session) and the
problem, or accepted; never a traceback, a signal, a hang over 10 s or an RSS over 1 GB; a
refused input leaves the state as it was; the next start is clean.  The default run takes every
case through the Qt-free loaders and a sample through the CLI and the window; the ``slow`` tests
take the corpus through the CLI and the window.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core" / "hostile"))

import generate  # noqa: E402
import runners  # noqa: E402

CASES = generate.cases()

FILE_SURFACES = ("scenario", "csv", "tour")

MAX_RSS_KB = 1_000_000  # 1 GB (ru_maxrss is in kilobytes on Linux)


def _sample(cases: list[generate.Case], every: int) -> list[generate.Case]:
    """Every n-th case of each surface (deterministic), so each surface is sampled."""
    out = []
    for surface in ("scenario", "link", "csv", "tour", "session"):
        out += [c for c in cases if c.surface == surface][::every]
    return out


def _named(case: generate.Case, message: str) -> bool:
    if case.surface in FILE_SURFACES:
        return case.name in message
    return ("link" in message) if case.surface == "link" else True


def _check_cli(case: generate.Case, folder: Path) -> str | None:
    try:
        code, out, err, cpu = runners.cli(case, folder)
    except Exception as exc:  # subprocess.TimeoutExpired: a hang
        return f"{case.id}: {type(exc).__name__} ({exc})"
    if cpu > runners.CLI_TIMEOUT_S:
        return f"{case.id}: used {cpu:.1f} s of CPU (more than {runners.CLI_TIMEOUT_S} s)"
    if code < 0:
        return f"{case.id}: killed by signal {-code}"
    if "Traceback" in err or "Traceback" in out:
        return f"{case.id}: traceback: {err[-300:]}"
    if code not in (0, 2):
        return f"{case.id}: exit {code}: {err[-200:]}"
    if code == 2:
        lines = err.strip().splitlines()
        if len(lines) != 1 or not _named(case, lines[0]):
            return f"{case.id}: stderr is not one line naming the input: {err[:200]!r}"
        if case.expect == "accept":
            return f"{case.id}: refused, expected accepted: {lines[0][:150]}"
    elif case.expect == "refuse":
        return f"{case.id}: accepted, expected refused"
    return None


def _cli_cases(every: int, tour_every: int) -> list[generate.Case]:
    cases = [c for c in CASES if c.surface in ("scenario", "link", "csv")]
    tours = [c for c in CASES if c.surface == "tour"]
    return _sample(cases, every) + tours[::tour_every]


def _run_cli(cases: list[generate.Case], tmp_path: Path) -> None:
    problems = []
    for i, case in enumerate(cases):
        folder = tmp_path / str(i)
        folder.mkdir()
        if (p := _check_cli(case, folder)) is not None:
            problems.append(p)
    assert not problems, "\n".join(problems[:40])
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert rss < MAX_RSS_KB, f"a CLI run used {rss / 1e3:.0f} MB"


@pytest.mark.full  # the CLI in a fresh process per case: CI's `-m full` step (the slow tier runs a third of the corpus)
def test_a_sample_through_the_cli(tmp_path):
    _run_cli(_cli_cases(every=160, tour_every=240), tmp_path)  # the slow tier runs a third of them


@pytest.mark.slow
def test_the_corpus_through_the_cli(tmp_path):
    _run_cli(_cli_cases(every=3, tour_every=4), tmp_path)


def _window_case(window, case: generate.Case, folder: Path) -> str | None:
    """Feed one case to the window's loader; the state is unchanged on a refusal."""
    before = window.scenario.state
    undo_before = window.scenario.can_undo()
    window.statusBar().clearMessage()
    if case.surface == "scenario":
        ok = window.open_path(generate.materialise(case, folder))
    elif case.surface == "link":
        ok = window.paste_link(case.data)
    elif case.surface == "tour":
        ok = window.tour.open_tour(generate.materialise(case, folder))
        if ok:
            window.tour.leave()
    elif case.surface == "csv":
        from scalingdesk.qt.fit_dialog import FitDialog

        dialog = getattr(window, "_hostile_fit_dialog", None)
        if dialog is None:
            dialog = window._hostile_fit_dialog = FitDialog(lambda law: None, window)
        before_import = dialog.imported
        ok = dialog.load_path(generate.materialise(case, folder))
        message = dialog.status_label.text()
        if not ok:
            if dialog.imported is not before_import:
                return f"{case.id}: a refused table replaced the loaded one"
            if not message.startswith("Not imported") or not _named(case, message):
                return f"{case.id}: the message does not name the file: {message[:150]!r}"
        return None
    else:
        raise AssertionError(case.surface)
    message = window.statusBar().currentMessage()
    if not ok:
        if window.scenario.state != before or window.scenario.can_undo() != undo_before:
            return f"{case.id}: a refused input changed the scenario"
        if "\n" in message or not _named(case, message):
            return f"{case.id}: the message is not one line naming the input: {message[:150]!r}"
        if case.expect == "accept":
            return f"{case.id}: refused, expected accepted: {message[:150]}"
    elif case.expect == "refuse":
        return f"{case.id}: accepted, expected refused"
    return None


def _run_window(make_window, cases: list[generate.Case], tmp_path: Path) -> None:
    from PySide6 import QtWidgets

    window = make_window()
    # Closing after opened files asks about unsaved changes: answer it as a user would.
    window._unsaved_prompt = lambda: QtWidgets.QMessageBox.StandardButton.Discard
    problems = []
    for i, case in enumerate(cases):
        folder = tmp_path / str(i)
        folder.mkdir()
        try:
            if (p := _window_case(window, case, folder)) is not None:
                problems.append(p)
        except Exception as err:  # noqa: BLE001 - an escaped exception is a failure to report
            problems.append(f"{case.id}: {type(err).__name__} escaped: {str(err)[:150]}")
    assert not problems, "\n".join(problems[:40])


def _window_cases(every: int) -> list[generate.Case]:
    return _sample([c for c in CASES if c.surface in ("scenario", "link", "csv", "tour")], every)


def test_a_sample_through_the_window(make_window, tmp_path):
    _run_window(make_window, _window_cases(every=5), tmp_path)


CORPUS_CHILD = "SCALINGDESK_WINDOW_CORPUS_CHILD"


@pytest.mark.slow
def test_the_corpus_through_the_window(make_window, tmp_path, record_property):
    """The whole corpus through one window, in a child process of its own so that its peak
    memory (ru_maxrss from wait4, the child's own) is measured and bounded: under 1 GB."""
    if os.environ.get(CORPUS_CHILD) == "1":
        _run_window(make_window, _window_cases(every=1), tmp_path)
        return
    test_id = f"{Path(__file__).resolve()}::test_the_corpus_through_the_window"
    argv = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n0", "-m", "slow", test_id]
    child = subprocess.Popen(
        argv, env={**os.environ, CORPUS_CHILD: "1"}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert child.stdout is not None
    out = child.stdout.read()  # to the end: the child has closed its output (exited)
    child.stdout.close()
    _, status, usage = os.wait4(child.pid, 0)  # reaped here, for the child's own resource usage
    child.returncode = os.waitstatus_to_exitcode(status)
    assert child.returncode == 0, out[-3000:]
    rss_kb = usage.ru_maxrss  # kilobytes on Linux
    record_property("window_corpus_max_rss_mb", round(rss_kb / 1e3))
    print(f"window corpus: {len(_window_cases(every=1))} cases, peak RSS {rss_kb / 1e3:.0f} MB")
    assert rss_kb < MAX_RSS_KB, f"the window corpus run used {rss_kb / 1e3:.0f} MB"


def _session_case(qtbot, case: generate.Case) -> str | None:
    from scalingdesk.core.scenario import opening_state
    from scalingdesk.qt.main_window import MainWindow
    from scalingdesk.qt.settings import Settings, settings_path

    s = Settings()
    s._q.setValue("session/last_scenario", case.data)
    s.sync()
    del s
    window = MainWindow()
    qtbot.addWidget(window)
    notice = window.settings.notice
    refused = notice is not None
    problem = None
    if refused:
        if window.scenario.state != opening_state():
            problem = f"{case.id}: a refused session left a changed scenario"
        elif "could not be restored" not in notice or "\n" in notice:
            problem = f"{case.id}: the notice does not say so in one line: {notice[:150]!r}"
        elif case.expect == "accept":
            problem = f"{case.id}: refused, expected restored: {notice[:150]}"
        elif not any(".broken-" in p.name for p in settings_path().parent.iterdir()):
            problem = f"{case.id}: the session was not kept"
    elif case.expect == "refuse":
        problem = f"{case.id}: restored, expected refused"
    window.close()
    # The next start is clean: no notice, and the scenario it restores is a valid one.
    again = MainWindow()
    qtbot.addWidget(again)
    if again.settings.notice is not None:
        problem = problem or f"{case.id}: the next start is not clean: {again.settings.notice[:150]}"
    again.close()
    for p in settings_path().parent.iterdir():  # the next case starts from nothing
        p.unlink()
    return problem


def _run_sessions(qtbot, cases: list[generate.Case]) -> None:
    problems = [p for c in cases if (p := _session_case(qtbot, c)) is not None]
    assert not problems, "\n".join(problems[:40])


def test_a_sample_of_sessions_through_the_window(qtbot):
    _run_sessions(qtbot, [c for c in CASES if c.surface == "session"][::50])


@pytest.mark.slow
def test_the_sessions_through_the_window(qtbot):
    _run_sessions(qtbot, [c for c in CASES if c.surface == "session"])
