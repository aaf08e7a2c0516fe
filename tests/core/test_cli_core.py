"""The command-line face: JSON keys scripts rely on, exit status 2 on bad arguments."""

import json
import subprocess
import sys

import pytest

from scalingdesk.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_optimal_json_keys_and_values(capsys):
    code, out, _ = run(capsys, "optimal", "--compute", "5.76e23", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"law", "compute", "params", "tokens", "tokens_per_param", "loss", "warnings"}
    assert data["law"] == "epoch2024"
    assert 6 * data["params"] * data["tokens"] == pytest.approx(5.76e23)
    assert 60e9 < data["params"] < 80e9  # Chinchilla: 70B at this budget


def test_loss_accepts_human_units(capsys):
    code, out, _ = run(capsys, "loss", "--params", "70B", "--tokens", "1.4T", "--json", "--law", "hoffmann2022")
    data = json.loads(out)
    assert code == 0 and data["params"] == 7e10 and data["tokens"] == 1.4e12
    assert data["compute"] == pytest.approx(5.88e23)
    assert data["loss"] == pytest.approx(1.69 + 406.4 / 7e10**0.34 + 410.7 / 1.4e12**0.28)


def test_inference_optimal_keys(capsys):
    code, out, _ = run(capsys, "inference-optimal", "--loss", "2.0", "--served-tokens", "2e13", "--json")
    data = json.loads(out)
    assert code == 0
    assert {"params", "tokens", "training_flops", "inference_flops", "total_flops"} <= set(data)
    assert data["total_flops"] == pytest.approx(data["training_flops"] + data["inference_flops"])


@pytest.mark.parametrize(
    "argv, needle",
    [
        (["optimal", "--compute", "banana"], "banana"),
        (["optimal", "--compute=-1e23"], "greater than zero"),
        (["optimal"], "--compute"),
        (["loss", "--params", "7e10", "--tokens", "1e12", "--law", "nope"], "nope"),
        (["inference-optimal", "--loss", "1.0", "--served-tokens", "1e12"], "irreducible"),
        (["frobnicate"], "frobnicate"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(capsys, argv, needle):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert needle in err
    assert err.strip().count("\n") == 0


def test_human_output(capsys):
    code, out, _ = run(capsys, "optimal", "--compute", "1e21")
    assert code == 0 and "parameters" in out and "loss" in out


def test_console_entry_point_runs_in_a_subprocess():
    proc = subprocess.run(
        [sys.executable, "-m", "scalingdesk", "optimal", "--compute", "1e22", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["compute"] == 1e22


def test_help_documents_every_command():
    proc = subprocess.run([sys.executable, "-m", "scalingdesk", "--help"], capture_output=True, text=True, timeout=60)
    for command in ("optimal", "loss", "inference-optimal", "screenshot"):
        assert command in proc.stdout


@pytest.mark.parametrize(
    "argv, needle",
    [
        (["loss", "--params", "-5B", "--tokens", "1T"], "-5B"),
        (["loss", "--params", "1e300", "--tokens", "1e300", "--json"], "1e300"),
        (["diminishing", "--compute", "1e21", "--pulls", "300", "--json"], "300"),
        (["diminishing", "--compute", "1e21", "--pulls", "-3"], "-3"),
        (["optimal", "--compute", "inf", "--json"], "inf"),
        (["optimal", "--compute", "nan"], "nan"),
        (["hardware", "--params", "70B", "--tokens", "2T", "--context", "1e30"], "1e30"),
        (["hardware", "--params", "70B", "--tokens", "2T", "--mfu", "5e-324"], "e-324"),
        (["hardware", "--params", "70B", "--tokens", "2T", "--gpus", "1e10"], "1e10"),
        (["hardware", "--params", "1e300", "--tokens", "2T"], "1e300"),
        (["hardware", "--params", "70B", "--mode", "inference", "--custom-gpu", "[" * 500], "--custom-gpu"),
        (["fit", "--bootstrap", "0"], "RUNS.csv"),
        (["fit", "/nonexistent/runs.csv"], "runs.csv"),
        (["open", "/nonexistent/x.scalingdesk"], "x.scalingdesk"),
        (["open", "scalingdesk://s/AAAA"], "link"),
    ],
)
def test_out_of_range_input_exits_2_with_one_line_naming_it(capsys, argv, needle):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert needle in err, err
    assert err.strip().count("\n") == 0 and "Traceback" not in err


def test_json_is_finite_for_the_largest_inputs(capsys):
    code, out, _ = run(capsys, "diminishing", "--compute", "1e40", "--pulls", "30", "--json")
    assert code in (0, 2)
    if code == 0:
        assert "Infinity" not in out and "NaN" not in out
        json.loads(out)


def test_every_command_has_a_text_form(capsys):
    for argv in (
        ["laws"],
        ["diminishing", "--compute", "1e21"],
        ["inference-optimal", "--loss", "2.0", "--served-tokens", "2e13"],
        ["hardware", "--params", "70B", "--tokens", "2T"],
    ):
        code, out, _ = run(capsys, *argv)
        assert code == 0 and not out.lstrip().startswith("{"), argv


def test_fit_sample_prints_text_from_outside_the_repository(tmp_path):
    from pathlib import Path

    src = Path(__file__).resolve().parents[2] / "src"
    proc = subprocess.run(
        [sys.executable, "-m", "scalingdesk", "fit", "--sample", "--bootstrap", "0"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={**__import__("os").environ, "PYTHONPATH": str(src)},
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Fitted 105 runs in sample_runs.csv")
    assert "alpha" in proc.stdout and not proc.stdout.lstrip().startswith("{")


def test_open_prints_a_link_or_a_file(tmp_path, capsys):
    from scalingdesk.core import scenario_io
    from scalingdesk.core.scenario import Scenario

    s = Scenario()
    s.set_params(1e10)
    link = scenario_io.to_link(s.state)
    code, out, _ = run(capsys, "open", link, "--json")
    assert code == 0 and json.loads(out)["params"] == 1e10
    path = scenario_io.save(tmp_path / "a.scalingdesk", s.state)
    code, out, _ = run(capsys, "open", str(path), "--print")
    assert code == 0 and "parameters 10 B" in out


def test_subcommands_are_registered_explicitly():
    from scalingdesk import cli
    from scalingdesk.cli import fit as cli_fit
    from scalingdesk.cli import hardware as cli_hardware
    from scalingdesk.cli import open_file as cli_open

    assert cli.SUBCOMMAND_MODULES[:3] == (cli_hardware, cli_fit, cli_open)
    parser = cli.build_parser()
    choices = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert {"hardware", "fit", "open"} <= set(choices)


def test_importing_the_cli_leaves_the_sub_command_modules_for_later():
    # Plain `scalingdesk` opens the window: the fit's and the frontier's modules (and scipy) are
    # imported only when a parser is built (issue 18, start-up).
    code = (
        "import sys, scalingdesk.cli as c\n"
        "late = ('scalingdesk.cli.fit', 'scalingdesk.cli.frontier', 'scalingdesk.core.fitting', 'scipy')\n"
        "print(sorted(m for m in late if m in sys.modules))\n"
        "c.build_parser()\n"
        "print(sorted(m for m in late[:3] if m in sys.modules))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        "[]",
        "['scalingdesk.cli.fit', 'scalingdesk.cli.frontier', 'scalingdesk.core.fitting']",
    ]
