"""Scenario files and share links: round trips, atomic writes, clear refusals."""

import json
import os

import pytest

from scalingdesk.core import scenario_io
from scalingdesk.core.laws import ChinchillaLaw
from scalingdesk.core.scenario import Scenario
from scalingdesk.core.scenario_io import ScenarioFileError


def edited_state():
    s = Scenario()
    s.set_held("D")
    s.set_params(1.3e10)
    s.set_law("hoffmann2022")
    s.add_law(ChinchillaLaw("fit", "Your runs", 1.8, 400.0, 1500.0, 0.33, 0.35, "sweep"), select=False)
    return s.state


def test_file_round_trip(tmp_path):
    state = edited_state()
    path = scenario_io.save(tmp_path / "a.scalingdesk", state)
    assert scenario_io.load(path) == state
    data = json.loads(path.read_text())
    assert data["format"] == "scalingdesk-scenario" and data["version"] == 1


def test_link_round_trip_is_short():
    state = edited_state()
    link = scenario_io.to_link(state)
    assert link.startswith("scalingdesk://s/") and len(link) < 1200
    assert scenario_io.from_link(link) == state
    assert scenario_io.from_link(link.removeprefix("scalingdesk://s/")) == state


def test_save_is_atomic_when_writing_fails(tmp_path, monkeypatch):
    path = tmp_path / "keep.scalingdesk"
    scenario_io.save(path, Scenario().state)
    before = path.read_bytes()

    def boom(*_a, **_k):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError):
        scenario_io.save(path, edited_state())
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["keep.scalingdesk"]


@pytest.mark.parametrize(
    "content, needle",
    [
        ("not json at all", "not valid JSON"),
        ('{"hello": 1}', "not a ScalingDesk scenario"),
        ('{"format": "scalingdesk-scenario", "version": 99}', "newer"),
        ('{"format": "scalingdesk-scenario", "version": 1, "params": "big", "tokens": 1e12, "law": "epoch2024"}', "'params'"),
        ('{"format": "scalingdesk-scenario", "version": 1, "params": 1e3, "tokens": 1e12, "law": "epoch2024"}', "parameters 1K is below the minimum 1M params"),
        ('{"format": "scalingdesk-scenario", "version": 1, "params": 1e9, "tokens": 1e12, "law": "nope"}', "'nope'"),
        ('{"format": "scalingdesk-scenario", "version": 1, "params": 1e9, "tokens": 1e12, "law": "epoch2024", "held": "X"}', "'held'"),
    ],
)
def test_bad_files_are_refused_with_a_message(tmp_path, content, needle):
    path = tmp_path / "bad.scalingdesk"
    path.write_text(content)
    with pytest.raises(ScenarioFileError, match=needle):
        scenario_io.load(path)


def test_binary_and_missing_files(tmp_path):
    path = tmp_path / "pickle.scalingdesk"
    path.write_bytes(b"\x80\x04\x95\xff\xfe")
    with pytest.raises(ScenarioFileError, match="not a text file"):
        scenario_io.load(path)
    with pytest.raises(ScenarioFileError, match="does not exist"):
        scenario_io.load(tmp_path / "nope.scalingdesk")


def test_damaged_link():
    with pytest.raises(ScenarioFileError, match="damaged"):
        scenario_io.from_link("scalingdesk://s/AAAA")
    with pytest.raises(ScenarioFileError, match="not a ScalingDesk link"):
        scenario_io.from_link("https://example.org/x")
