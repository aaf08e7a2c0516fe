"""Epoch AI's notable models snapshot: counts, flags that are really inconsistent, growth trend."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

from scalingdesk.cli import main
from scalingdesk.core import epoch, trend
from scalingdesk.resources import resource_path

ROOT = Path(__file__).resolve().parents[2]


def raw() -> dict:
    with open(resource_path("epoch_models.json"), encoding="utf-8") as f:
        return json.load(f)


def test_snapshot_row_counts_and_credit():
    data = raw()
    snap = epoch.snapshot()
    # Epoch AI's March 2025 table: 924 rows; 423 name Language in Domain (data README).
    assert data["source"]["rows_in_file"] == 924
    assert len(snap.models) + len(snap.left_out) == 924
    assert len(snap.models) == 375
    non_language = [r for r in snap.left_out if r.reason.endswith("is not language")]
    assert len(non_language) == 924 - 423
    # Of the language rows, 266 have compute (README); one of those has no date (left out).
    assert sum(1 for m in snap.models if m.compute) == 265
    assert all(m.params or m.tokens or m.compute for m in snap.models)
    assert "CC BY 4.0" in data["source"]["credit"] and "Epoch AI" in data["source"]["credit"]
    assert "creativecommons.org/licenses/by/4.0" in data["source"]["licence"]
    rows = [m.source_row for m in snap.models] + [r.source_row for r in snap.left_out]
    assert sorted(rows) == list(range(1, 925))  # every row accounted for exactly once


def _ratio(m: dict) -> float | None:
    n = m["active_params"] if m["moe"] else m["params"]
    if n is None or m["tokens"] is None or m["compute"] is None:
        return None
    return m["compute"] / (6 * n * m["tokens"] * (m["epochs"] or 1))


def test_flagged_rows_really_are_inconsistent_and_unflagged_ones_are_not():
    models = raw()["models"]
    flagged = [m for m in models if any(f["code"] == "compute_far_from_6ND" for f in m["flags"])]
    assert len(flagged) >= 40
    for m in flagged:
        r = _ratio(m)
        assert r is not None and (r > 3 or r < 1 / 3), m["model"]
    for m in models:
        codes = {f["code"] for f in m["flags"]}
        r = _ratio(m)
        if r is not None and "compute_far_from_6ND" not in codes:
            assert 1 / 3 <= r <= 3, m["model"]
        if "units_suspect" in codes:
            assert r > 100 or r < 1 / 100, m["model"]


def test_known_rows():
    by_name = {m.model: m for m in epoch.snapshot().models}
    v3 = by_name["DeepSeek-V3"]  # 671B total, 37B active, 14.8T tokens
    assert v3.moe and v3.active_params == 37e9 and v3.params == 671e9
    assert "compute_far_from_6ND" not in v3.flag_codes
    assert v3.compute_over_6nd == pytest.approx(v3.compute / (6 * 37e9 * v3.tokens * (v3.epochs or 1)), rel=1e-3)
    exaone = by_name["EXAONE Deep 32B"]  # compute includes the base model; tokens are the SFT set
    assert {"compute_far_from_6ND", "units_suspect"} <= set(exaone.flag_codes)
    assert by_name["Gemini 1.5 Pro"].moe and "moe_total_params" not in by_name["Gemini 1.5 Pro"].flag_codes
    assert "zero_value" in by_name["FunSearch"].flag_codes and by_name["FunSearch"].tokens is None


def _independent_fit(since: float, frontier: bool = False) -> tuple[float, int]:
    pts = [
        (m["year"], m["compute"])
        for m in raw()["models"]
        if m["compute"] and m["year"] >= since and (m["frontier"] or not frontier)
    ]
    x = np.array([p[0] for p in pts])
    y = np.log10([p[1] for p in pts])
    slope, _ = np.polyfit(x, y, 1)
    return 10**slope, len(pts)


@pytest.mark.parametrize("frontier, low, high", [(False, 9.0, 10.0), (True, 4.0, 5.0)])
def test_growth_matches_an_independent_regression(frontier, low, high):
    t = trend.growth_trend("compute", since=2017, frontier_only=frontier)
    growth, n = _independent_fit(2017, frontier)
    assert t.n_models == n
    assert t.growth_per_year == pytest.approx(growth, rel=1e-9)
    assert low < t.growth_per_year < high  # the issue: ~9-10x for notable LMs, ~4-5x frontier
    lo, hi = t.growth_interval
    assert lo < t.growth_per_year < hi
    # the interval from scipy's own linregress standard error
    from scipy import stats

    pts = [m for m in t.models]
    res = stats.linregress([m.year for m in pts], np.log10([m.compute for m in pts]))
    tcrit = stats.t.ppf(0.975, len(pts) - 2)
    assert lo == pytest.approx(10 ** (res.slope - tcrit * res.stderr), rel=1e-9)
    assert hi == pytest.approx(10 ** (res.slope + tcrit * res.stderr), rel=1e-9)


def test_year_of_inverts_predict_and_bad_values_are_refused():
    t = trend.growth_trend("compute", since=2017)
    assert t.year_of(float(t.predict(2022.5))) == pytest.approx(2022.5)
    with pytest.raises(ValueError, match="positive"):
        t.year_of(-1)
    with pytest.raises(ValueError, match="at least"):
        trend.growth_trend("compute", since=2025.2)
    with pytest.raises(ValueError, match="metric"):
        epoch.select(metric="loss")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_trend_json(capsys):
    code, out, _ = run(capsys, "trend", "--metric", "compute", "--since", "2017", "--json")
    data = json.loads(out)
    assert code == 0
    growth, n = _independent_fit(2017)
    assert data["n_models"] == n and data["growth_per_year"] == pytest.approx(growth)
    assert data["growth_interval"][0] < data["growth_per_year"] < data["growth_interval"][1]
    assert "Epoch AI" in data["credit"]


def test_cli_models_filters_and_text(capsys):
    code, out, _ = run(capsys, "models", "--json", "--since", "2023", "--org", "meta")
    data = json.loads(out)
    assert code == 0 and data["count"] == len(data["models"]) > 3
    assert all(m["year"] >= 2023 and "meta" in m["organization"].lower() for m in data["models"])
    assert "Llama 3.1-405B" in {m["model"] for m in data["models"]}
    code, out, _ = run(capsys, "trend", "--frontier")
    assert code == 0 and "x a year" in out and "Frontier model" in out and "{" not in out
    code, out, _ = run(capsys, "models", "--left-out", "--json")
    assert json.loads(out)["count"] == 549


@pytest.mark.parametrize(
    "argv, needle",
    [
        (["trend", "--since", "20x"], "20x"),
        (["models", "--org", "no-such-lab"], "no-such-lab"),
        (["trend", "--metric", "loss"], "loss"),
    ],
)
def test_cli_bad_arguments(capsys, argv, needle):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and needle in err


def test_tool_maps_renamed_columns_and_flags(tmp_path):
    spec = importlib.util.spec_from_file_location("mk", ROOT / "tools" / "make_epoch_snapshot.py")
    mk = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mk)
    header = [
        "Model",
        "Domain",
        "Organization",
        "Publication date",
        "Link",
        "Parameters",
        "Parameters notes",
        "Training compute (FLOP)",
        "Training dataset size (total)",
        "Confidence",
        "Frontier model",
        "Training compute estimation method",
        "Base model",
        "Epochs",
    ]
    rows = [
        ["Good", "Language", "Lab", "2022-01-01", "x", "1e9", "", "6e19", "1e10", "Confident", "", "", "", ""],
        ["Slip", "Language", "Lab", "2022-01-01", "x", "1e9", "", "6e23", "1e10", "Likely", "", "", "", ""],
        ["Cat", "Vision", "Lab", "2022-01-01", "x", "1e9", "", "6e19", "1e10", "", "", "", "", ""],
        ["Empty", "Language", "Lab", "2022-01-01", "x", "", "", "", "", "", "", "", "", ""],
    ]
    import csv

    path = tmp_path / "t.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([header, *rows])
    out = mk.build(path)
    assert [m["model"] for m in out["models"]] == ["Good", "Slip"]
    assert out["models"][0]["tokens"] == 1e10 and out["models"][0]["flags"] == []
    assert {f["code"] for f in out["models"][1]["flags"]} == {"compute_far_from_6ND", "units_suspect"}
    assert [(r["model"], r["reason"]) for r in out["left_out"]] == [
        ("Cat", "domain Vision is not language"),
        ("Empty", "no parameters, training dataset size or compute"),
    ]
    assert mk.render(path) == mk.render(path)  # deterministic
