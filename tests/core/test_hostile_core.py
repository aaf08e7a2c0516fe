"""The hostile corpus (tests/hostile/generate.py, issue 12) through every loader.

Each input is refused with a one-line message naming the file (or the link / session) and the
problem, or accepted; never a traceback, a signal, a hang over 10 s or an RSS over 1 GB; a
refused input leaves the state as it was; the next start is clean.  The default run takes every
case through the Qt-free loaders and a sample through the CLI and the window; the ``slow`` tests
take the corpus through the CLI and the window.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "hostile"))

import generate  # noqa: E402
import runners  # noqa: E402

CASES = generate.cases()

FILE_SURFACES = ("scenario", "csv", "tour")


def _named(case: generate.Case, message: str) -> bool:
    if case.surface in FILE_SURFACES:
        return case.name in message
    return ("link" in message) if case.surface == "link" else True


def test_the_corpus_is_large_and_covers_every_surface():
    surfaces = {c.surface for c in CASES}
    assert surfaces == {"scenario", "link", "csv", "tour", "session"}
    assert len(CASES) >= 500
    assert sum(c.expect == "refuse" for c in CASES) > 400 and sum(c.expect == "accept" for c in CASES) > 50


def test_every_case_through_the_core_loaders(tmp_path):
    problems = []
    for i, case in enumerate(CASES):
        folder = tmp_path / str(i)
        folder.mkdir()
        try:
            outcome, message = runners.core(case, folder)
        except BaseException as err:  # noqa: BLE001 - the point is that nothing else escapes
            problems.append(f"{case.id}: {type(err).__name__}: {str(err)[:120]}")
            continue
        if case.expect == "refuse" and outcome != "refused" or case.expect == "accept" and outcome != "accepted":
            problems.append(f"{case.id}: expected {case.expect}, {outcome} ({message[:120]})")
        if outcome == "refused":
            if "\n" in message or not message or len(message) > 450:
                problems.append(f"{case.id}: message is not one bounded line: {message[:120]!r}")
            elif not _named(case, message):
                problems.append(f"{case.id}: message does not name the input: {message[:120]!r}")
    assert not problems, "\n".join(problems[:40])
