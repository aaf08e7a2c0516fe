"""The evented scenario: each listener hears only the fields it asked for."""

import pytest

from scalingdesk.core.events import Change, Subscribers
from scalingdesk.core.scenario import Scenario


def test_a_listener_is_called_only_for_its_fields():
    subs = Subscribers({"a", "b"})
    heard = []
    subs.add(heard.append, ("a",))
    subs.emit(Change(0, 1, frozenset({"b"})))
    assert heard == []
    subs.emit(Change(0, 1, frozenset({"a", "b"})))
    assert [c.fields for c in heard] == [frozenset({"a", "b"})]


def test_unsubscribe_stops_the_calls_and_unknown_fields_are_refused():
    subs = Subscribers({"a"})
    heard = []
    off = subs.add(heard.append)
    off()
    off()  # twice is harmless
    subs.emit(Change(0, 1, frozenset({"a"})))
    assert heard == [] and len(subs) == 0
    with pytest.raises(ValueError, match="'lwa'"):
        subs.add(heard.append, ("lwa",))


def test_a_listener_removed_during_an_emit_is_not_called():
    subs = Subscribers({"a"})
    heard = []
    offs = []
    subs.add(lambda c: offs[0]())
    offs.append(subs.add(heard.append))
    subs.emit(Change(0, 1, frozenset({"a"})))
    assert heard == []


def test_changing_only_n_at_held_c_does_not_touch_compute_or_law():
    s = Scenario()
    lever, plots = [], []
    s.subscribe(lever.append, fields=("compute", "law", "hardware"))
    s.subscribe(plots.append, fields=("params",))
    for n in (3e10, 5e10, 7e10):
        s.set_params(n)
    assert lever == []
    assert len(plots) == 3
    assert {"params", "tokens", "loss", "history"} <= plots[0].fields
    assert "compute" not in plots[0].fields


def test_moving_c_and_the_law_name_their_fields():
    s = Scenario()
    heard = []
    s.subscribe(heard.append, fields=("compute", "law"))
    s.set_compute(1e22)
    assert "compute" in heard[-1].fields and "law" not in heard[-1].fields
    s.set_law("kaplan2020")
    assert {"law", "law_key", "loss"} <= heard[-1].fields
    assert heard[-1].old.law == "epoch2024" and heard[-1].new.law == "kaplan2020"
    s.set_held("N")  # neither field: not heard
    assert len(heard) == 2


def test_the_old_two_argument_listener_still_hears_every_change():
    s = Scenario()
    seen = []
    s.subscribe(lambda old, new: seen.append((old.held, new.held)))
    s.set_held("N")
    s.set_held("N")  # no change
    s.undo()
    assert seen == [("C", "N"), ("N", "C")]


def test_history_is_a_field_and_clearing_it_is_heard():
    s = Scenario()
    heard = []
    s.subscribe(heard.append, fields=("history",))
    s.set_params(3e10)
    assert s.can_undo() and len(heard) == 1
    s.clear_history()
    assert not s.can_undo() and heard[-1].fields == frozenset({"history"})
    s.clear_history()  # nothing to clear: nothing heard
    assert len(heard) == 2
