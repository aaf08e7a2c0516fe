"""The document: path, saved state, dirtiness and the title, evented."""

import pytest

from scalingdesk.core import scenario_io
from scalingdesk.core.document import Document
from scalingdesk.core.scenario import Scenario


def test_title_has_a_star_exactly_when_dirty(tmp_path):
    doc = Document(Scenario())
    assert doc.title() == "Untitled — ScalingDesk" and not doc.dirty
    doc.scenario.set_params(3e10)
    assert doc.dirty and doc.title() == "Untitled* — ScalingDesk"
    path = doc.save(tmp_path / "lecture.scalingdesk")
    assert path.is_file() and not doc.dirty and doc.title() == "lecture.scalingdesk — ScalingDesk"
    doc.scenario.undo()
    assert doc.dirty and doc.title() == "lecture.scalingdesk* — ScalingDesk"
    doc.scenario.redo()  # back to what the file holds: clean again
    assert not doc.dirty and "*" not in doc.title()


def test_listeners_hear_path_and_dirty(tmp_path):
    doc = Document(Scenario())
    heard = []
    doc.subscribe(heard.append)
    doc.scenario.set_params(3e10)
    doc.scenario.set_params(4e10)  # still dirty: not heard again
    assert [c.fields for c in heard] == [frozenset({"dirty"})]
    doc.save(tmp_path / "a.scalingdesk")
    assert heard[-1].fields == frozenset({"path", "dirty"})
    assert heard[-1].new.path.name == "a.scalingdesk" and not heard[-1].new.dirty
    only_path = []
    doc.subscribe(only_path.append, fields=("path",))
    doc.scenario.set_params(5e10)
    assert only_path == []


def test_open_and_new(tmp_path):
    other = Scenario()
    other.set_law("kaplan2020")
    path = tmp_path / "k.scalingdesk"
    scenario_io.save(path, other.state)
    doc = Document(Scenario())
    doc.open(path)
    assert doc.path == path and not doc.dirty and doc.scenario.state.law == "kaplan2020"
    doc.new()
    assert doc.path is None and doc.scenario.state.law == "epoch2024"


def test_a_bad_file_changes_nothing(tmp_path):
    bad = tmp_path / "bad.scalingdesk"
    bad.write_text("{not json", encoding="utf-8")
    doc = Document(Scenario())
    before = doc.scenario.state
    with pytest.raises(scenario_io.ScenarioFileError):
        doc.open(bad)
    assert doc.path is None and doc.scenario.state == before


def test_save_without_a_file_is_refused():
    with pytest.raises(ValueError, match="no file"):
        Document(Scenario()).save()
