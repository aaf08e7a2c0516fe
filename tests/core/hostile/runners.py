"""Running a hostile case through the core loaders, the CLI and the window's own loaders."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

from generate import Case, materialise

SRC = Path(__file__).resolve().parents[3] / "src"
CLI_TIMEOUT_S = 10  # CPU seconds one CLI case may use
HANG_S = 60  # wall seconds after which a CLI case counts as hung (a FIFO read blocks forever)


def core(case: Case, folder: Path) -> tuple[str, str]:
    """("accepted", "") or ("refused", message) through the Qt-free loaders; anything else raises."""
    from scalingdesk.core import boundary, scenario_io
    from scalingdesk.core.runs_table import RunsImportError, read_runs
    from scalingdesk.core.tour import TourError
    from scalingdesk.core.tour_file import read_tour

    try:
        if case.surface == "scenario":
            state = scenario_io.load(materialise(case, folder))
            scenario_io.from_link(scenario_io.to_link(state))  # what loads also shares
        elif case.surface == "link":
            scenario_io.from_link(case.data)  # type: ignore[arg-type]
        elif case.surface == "session":
            try:
                data = boundary.parse_json(case.data or "", "the saved scenario")
            except boundary.BoundaryError as err:
                return "refused", str(err)
            scenario_io.state_from_dict(data)
        elif case.surface == "csv":
            from scalingdesk.core.fitting import HUBER_DELTA, FitError, _prepare

            path = materialise(case, folder)
            t = read_runs(path).table
            try:  # the fit's own checks (size, spread), named as `scalingdesk fit` names them
                _prepare(t.params, t.tokens, t.loss, 0, HUBER_DELTA)
            except FitError as err:
                raise FitError(f"{path.name}: {err}") from None
        elif case.surface == "tour":
            read_tour(materialise(case, folder))
    except (scenario_io.ScenarioFileError, RunsImportError, TourError, ValueError) as err:
        return "refused", str(err)
    return "accepted", ""


def cli_argv(case: Case, folder: Path) -> list[str]:
    if case.surface == "link":
        return ["open", str(case.data), "--json"]
    path = str(materialise(case, folder))
    if case.surface == "scenario":
        return ["open", path, "--json"]
    if case.surface == "csv":
        return ["fit", path, "--check", "--json"]  # the fit itself is timed by the benchmark
    if case.surface == "tour":
        return ["screenshot", str(folder / f"{case.name}.png"), "--size", "640x400", "--tour", path, "--scene", "1"]
    raise ValueError(f"no CLI surface for {case.surface}")


def cli(case: Case, folder: Path) -> tuple[int, str, str, float]:
    """(exit status, stdout, stderr, CPU seconds) of ``scalingdesk …`` in a subprocess.

    A hang is a run still going after HANG_S of wall time (it raises TimeoutExpired); work is
    measured in the child's CPU seconds (at most CLI_TIMEOUT_S), so a machine busy with other
    jobs cannot turn a quick refusal into a failure.
    """
    env = {
        **os.environ,
        "PYTHONPATH": str(SRC),
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(folder / "config"),
    }
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(
        [sys.executable, "-m", "scalingdesk", *cli_argv(case, folder)],
        capture_output=True,
        text=True,
        timeout=HANG_S,
        env=env,
        stdin=subprocess.DEVNULL,
        errors="replace",
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return proc.returncode, proc.stdout, proc.stderr, cpu
