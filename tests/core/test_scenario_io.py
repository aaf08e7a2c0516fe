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
    assert link.startswith("scalingdesk://s/2/") and len(link) < 400
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
        (
            '{"format": "scalingdesk-scenario", "version": 1, "params": "big", "tokens": 1e12, "law": "epoch2024"}',
            "params must be a number",
        ),
        (
            '{"format": "scalingdesk-scenario", "version": 1, "params": 1e3, "tokens": 1e12, "law": "epoch2024"}',
            "params 1000 is out of range \\(1e6 to 1e14\\)",
        ),
        ('{"format": "scalingdesk-scenario", "version": 1, "params": 1e9, "tokens": 1e12, "law": "nope"}', "'nope'"),
        (
            '{"format": "scalingdesk-scenario", "version": 1, "params": 1e9, "tokens": 1e12, "law": "epoch2024", "held": "X"}',
            "'held'",
        ),
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
    with pytest.raises(ScenarioFileError, match="not UTF-8 text"):
        scenario_io.load(path)
    with pytest.raises(ScenarioFileError, match="does not exist"):
        scenario_io.load(tmp_path / "nope.scalingdesk")


def test_damaged_link():
    with pytest.raises(ScenarioFileError, match="damaged"):
        scenario_io.from_link("scalingdesk://s/AAAA")
    with pytest.raises(ScenarioFileError, match="not a ScalingDesk link"):
        scenario_io.from_link("https://example.org/x")


def _file(**over):
    d = {"format": "scalingdesk-scenario", "version": 1, "params": 1e9, "tokens": 2e10, "law": "epoch2024"}
    d.update(over)
    return json.dumps(d)


LAW = {"key": "mine", "label": "Mine", "E": 1.8, "A": 400.0, "B": 1500.0, "alpha": 0.33, "beta": 0.35}


@pytest.mark.parametrize(
    "content, needle",
    [
        (_file(extra_laws=[{**LAW, "alpha": 1e-10, "beta": 1e-10}], law="mine"), "alpha"),
        (_file(extra_laws=[{**LAW, "E": 1.7e308}], law="mine"), "E"),
        (_file(extra_laws=[{**LAW, "key": "epoch2024", "E": 0.1}]), "taken by a published family"),
        (_file(hardware={"context": 2147483648}), "context"),
        (_file(hardware={"num_gpus": 1e10}), "num_gpus"),
        (_file(hardware={"mfu": 5e-324}), "mfu"),
        (_file(hardware={"gpu_id": []}), "gpu_id"),
        (
            _file(
                hardware={
                    "custom_gpu": {
                        "id": "c",
                        "name": "x" * 100_000,
                        "memory_gb": 80,
                        "bandwidth_tb_s": 3,
                        "bf16_tflops": 900,
                    },
                    "gpu_id": "c",
                }
            ),
            "name",
        ),
        (_file(surprise=1), "unknown field"),
        (_file(version=True), "version True"),
        ('{"format": "scalingdesk-scenario", "version": 1, "params": ' + "9" * 400 + "}", "digits"),
        ('{"a":' * 1000 + "1" + "}" * 1000, "levels deep"),
    ],
)
def test_hostile_files_are_refused_as_one_line(tmp_path, content, needle):
    path = tmp_path / "bad.scalingdesk"
    path.write_text(content)
    with pytest.raises(ScenarioFileError, match=needle) as info:
        scenario_io.load(path)
    assert "\n" not in str(info.value) and len(str(info.value)) <= 400


def test_bom_is_accepted_and_extra_law_loads(tmp_path):
    path = tmp_path / "bom.scalingdesk"
    path.write_bytes(b"\xef\xbb\xbf" + _file(extra_laws=[LAW], law="mine").encode())
    state = scenario_io.load(path)
    assert state.law == "mine" and state.extra_laws[0].A == 400.0


def test_refused_load_leaves_the_scenario_unchanged(tmp_path):
    s = Scenario()
    before = s.state
    path = tmp_path / "bad.scalingdesk"
    path.write_text(_file(extra_laws=[{**LAW, "alpha": 1e-300, "beta": 1e-300}], law="mine"))
    with pytest.raises(ScenarioFileError):
        s.load_state(scenario_io.load(path))
    assert s.state == before and not s.can_undo()


def test_link_for_a_changed_scenario_is_under_200_characters():
    from dataclasses import replace

    from scalingdesk.core.hardware import HardwareConfig

    s = Scenario()
    s.set_params(7.0123456789e10)
    s.set_law("hoffmann2022")
    state = replace(s.state, hardware=HardwareConfig(gpu_id="a100-80gb", num_gpus=2048), unique_tokens=3e12)
    link = scenario_io.to_link(state)
    assert len(link) < 200, link
    assert scenario_io.from_link(link) == state


def test_version_1_links_still_open_and_trailing_bytes_are_refused():
    import base64
    import zlib

    state = edited_state()
    raw = json.dumps(scenario_io.state_to_dict(state), separators=(",", ":")).encode()
    packed = zlib.compress(raw, 9)
    old = "scalingdesk://s/" + base64.urlsafe_b64encode(packed).decode().rstrip("=")
    assert scenario_io.from_link(old) == state
    bad = "scalingdesk://s/" + base64.urlsafe_b64encode(packed + b"junk").decode().rstrip("=")
    with pytest.raises(ScenarioFileError, match="bytes follow"):
        scenario_io.from_link(bad)
    bomb = "scalingdesk://s/" + base64.urlsafe_b64encode(zlib.compress(b" " * 5_000_000, 9)).decode()
    with pytest.raises(ScenarioFileError, match="more than"):
        scenario_io.from_link(bomb)


def test_fifo_and_device_are_refused_without_blocking(tmp_path):
    fifo = tmp_path / "f.scalingdesk"
    os.mkfifo(fifo)
    with pytest.raises(ScenarioFileError, match="not a regular file"):
        scenario_io.load(fifo)
    link = tmp_path / "z.scalingdesk"
    link.symlink_to("/dev/zero")
    with pytest.raises(ScenarioFileError, match="not a regular file"):
        scenario_io.load(link)
