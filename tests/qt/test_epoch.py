"""Epoch AI's notable models snapshot: counts, flags that are really inconsistent, growth trend."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from scalingdesk.cli import main
from scalingdesk.resources import resource_path

ROOT = Path(__file__).resolve().parents[2]


def raw() -> dict:
    with open(resource_path("epoch_models.json"), encoding="utf-8") as f:
        return json.load(f)


def _ratio(m: dict) -> float | None:
    n = m["active_params"] if m["moe"] else m["params"]
    if n is None or m["tokens"] is None or m["compute"] is None:
        return None
    return m["compute"] / (6 * n * m["tokens"] * (m["epochs"] or 1))


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


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_about_credits_epoch_ai_under_its_licence(qtbot):
    from scalingdesk.qt.about import AboutDialog

    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    text = dialog.text.toPlainText()
    assert "Epoch AI" in text and "CC BY 4.0" in text and "epoch.ai/data/notable-ai-models" in text
