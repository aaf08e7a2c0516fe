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
    code, out, _ = run(capsys, "loss", "--params", "70B", "--tokens", "1.4T", "--json",
                       "--law", "hoffmann2022")
    data = json.loads(out)
    assert code == 0 and data["params"] == 7e10 and data["tokens"] == 1.4e12
    assert data["compute"] == pytest.approx(5.88e23)
    assert data["loss"] == pytest.approx(1.69 + 406.4 / 7e10**0.34 + 410.7 / 1.4e12**0.28)


def test_inference_optimal_keys(capsys):
    code, out, _ = run(capsys, "inference-optimal", "--loss", "2.0", "--served-tokens", "2e13",
                       "--json")
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
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["compute"] == 1e22


def test_help_documents_every_command():
    proc = subprocess.run([sys.executable, "-m", "scalingdesk", "--help"], capture_output=True,
                          text=True, timeout=60)
    for command in ("optimal", "loss", "inference-optimal", "screenshot"):
        assert command in proc.stdout
