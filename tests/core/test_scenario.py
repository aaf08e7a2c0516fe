"""The scenario model: coupling, refusals, undo/redo, invariants."""

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scalingdesk.core import allocation
from scalingdesk.core.laws import EPOCH_2024, KAPLAN_2020, ChinchillaLaw
from scalingdesk.core.scenario import (
    COMPUTE_RANGE,
    PARAMS_RANGE,
    TOKENS_RANGE,
    Scenario,
    ScenarioError,
    ScenarioState,
)


def test_opens_at_the_optimum_of_chinchillas_budget():
    s = Scenario()
    assert s.state.compute == pytest.approx(5.76e23)
    opt = allocation.optimal(EPOCH_2024, 5.76e23)
    assert s.state.params == pytest.approx(opt.params)


def test_hold_compute_slides_along_the_isoflop_line():
    s = Scenario()
    c = s.state.compute
    s.set_held("C")
    s.set_params(2e11)
    assert s.state.params == 2e11
    assert s.state.compute == pytest.approx(c, rel=1e-12)
    s.set_tokens(5e12)
    assert s.state.tokens == 5e12 and s.state.compute == pytest.approx(c, rel=1e-12)


def test_hold_data_moves_compute_with_params():
    s = Scenario()
    s.set_held("D")
    d = s.state.tokens
    s.set_params(1e10)
    assert s.state.tokens == d
    assert s.state.compute == pytest.approx(6 * 1e10 * d)
    s.set_compute(1e24)
    assert s.state.tokens == d and s.state.params == pytest.approx(1e24 / (6 * d))


def test_hold_params_moves_data_with_compute():
    s = Scenario()
    s.set_held("N")
    n = s.state.params
    s.set_compute(1e25)
    assert s.state.params == n and s.state.tokens == pytest.approx(1e25 / (6 * n))


def test_follow_optimum_moves_along_the_frontier():
    s = Scenario()
    s.set_follow_optimum(True)
    for c in (1e20, 1e23, 1e26):
        s.set_compute(c)
        opt = allocation.optimal(EPOCH_2024, c)
        assert s.state.params == pytest.approx(opt.params)
        assert s.state.tokens == pytest.approx(opt.tokens)
    s.set_params(1e10)  # N is optimal at exactly one budget
    assert s.state.params == 1e10
    assert allocation.optimal(EPOCH_2024, s.state.compute).params == pytest.approx(1e10)
    s.set_tokens(1e12)
    assert s.state.tokens == pytest.approx(1e12)
    assert allocation.optimal(EPOCH_2024, s.state.compute).tokens == pytest.approx(1e12)
    s.set_law("kaplan2020")
    assert s.state.params == pytest.approx(float(KAPLAN_2020.optimal_params(s.state.compute)))


@pytest.mark.parametrize(
    "intent, value, needle",
    [
        ("set_params", 1e3, "parameters 1K is below the minimum 1M params"),
        ("set_tokens", 1e20, "tokens 1e20 is above the maximum 10P tokens"),
        ("set_compute", 1e40, "compute 1e40 is above the maximum 1e30 FLOP"),
        ("set_params", float("nan"), "nan"),
    ],
)
def test_refuses_out_of_range_without_clamping(intent, value, needle):
    s = Scenario()
    before = s.state
    with pytest.raises(ScenarioError, match=needle):
        getattr(s, intent)(value)
    assert s.state == before


def test_coupling_that_would_leave_the_range_is_refused_and_named():
    s = Scenario()
    s.set_held("C")
    before = s.state
    with pytest.raises(ScenarioError) as err:
        s.set_params(1e6)  # D would be C/6N ≈ 1e17 tokens, beyond the range
    assert "tokens" in str(err.value) and "parameters to 1M" in str(err.value)
    assert s.state == before


def test_undo_redo_and_gestures():
    s = Scenario()
    start = s.state
    for i, n in enumerate((1e10, 2e10, 3e10)):
        s.set_params(n, gesture="drag-1")  # one drag: one undo step
    s.end_gesture()
    s.set_held("N")
    assert s.undo() and s.state.held == "C"
    assert s.undo() and s.state == start
    assert not s.undo()
    assert s.redo() and s.state.params == 3e10
    s.set_params(5e10)
    assert not s.can_redo()


def test_listeners_hear_every_change_once():
    s = Scenario()
    seen = []
    s.subscribe(lambda old, new: seen.append((old.params, new.params)))
    s.set_params(1e10)
    s.set_params(1e10)  # no change, no notification
    s.undo()
    assert len(seen) == 2


def test_reset_returns_to_opening_view_and_is_undoable():
    s = Scenario()
    s.set_law("hoffmann2022")
    s.set_compute(1e21)
    s.reset()
    assert s.state.law == "epoch2024" and s.state.compute == pytest.approx(5.76e23)
    s.undo()
    assert s.state.law == "hoffmann2022"


def test_add_fitted_law():
    s = Scenario()
    mine = ChinchillaLaw("fit", "Your runs", 1.8, 400.0, 1500.0, 0.33, 0.33, "my sweep")
    s.add_law(mine)
    assert s.state.law == "fit" and s.law is mine
    with pytest.raises(ScenarioError, match="taken"):
        s.add_law(ChinchillaLaw("epoch2024", "x", 1, 1, 1, 1, 1, "x"))
    with pytest.raises(ScenarioError, match="'nope'"):
        s.set_law("nope")


log_n = st.floats(math.log10(PARAMS_RANGE[0]), math.log10(PARAMS_RANGE[1]))
log_d = st.floats(math.log10(TOKENS_RANGE[0]), math.log10(TOKENS_RANGE[1]))
log_c = st.floats(math.log10(COMPUTE_RANGE[0]), math.log10(COMPUTE_RANGE[1]))
intents = st.lists(
    st.tuples(
        st.sampled_from(["C", "N", "D", "held", "follow", "law", "undo"]),
        log_c,
        log_n,
        log_d,
        st.sampled_from(["C", "N", "D"]),
        st.sampled_from(["epoch2024", "hoffmann2022", "kaplan2020"]),
    ),
    max_size=25,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(intents)
def test_no_sequence_of_intents_breaks_an_invariant(seq):
    s = Scenario()
    for kind, lc, ln, ld, held, law in seq:
        try:
            if kind == "C":
                s.set_compute(10.0**lc)
            elif kind == "N":
                s.set_params(10.0**ln)
            elif kind == "D":
                s.set_tokens(10.0**ld)
            elif kind == "held":
                s.set_held(held)
            elif kind == "follow":
                s.set_follow_optimum(not s.state.follow_optimum)
            elif kind == "law":
                s.set_law(law)
            else:
                s.undo()
        except ScenarioError:
            pass  # refused: the state must be unchanged and still valid (checked below)
        st_ = s.state
        assert st_.compute == 6 * st_.params * st_.tokens  # exactly: C is derived
        assert PARAMS_RANGE[0] <= st_.params <= PARAMS_RANGE[1]
        assert TOKENS_RANGE[0] <= st_.tokens <= TOKENS_RANGE[1]
        assert COMPUTE_RANGE[0] <= st_.compute <= COMPUTE_RANGE[1]
        assert math.isfinite(st_.loss) and st_.loss > 0


@settings(max_examples=300, deadline=None)
@given(log_n, log_d, st.sampled_from(["epoch2024", "hoffmann2022", "kaplan2020", "muennighoff2023"]))
def test_every_law_is_finite_over_the_supported_range(ln, ld, key):
    state = ScenarioState(params=10.0**ln, tokens=10.0**ld, law=key)
    law = state.law_object
    loss = state.loss
    assert math.isfinite(loss) and loss >= law.irreducible
    for c in (COMPUTE_RANGE[0], state.compute, COMPUTE_RANGE[1]):
        opt = allocation.optimal(law, c)
        assert all(math.isfinite(x) and x > 0 for x in (opt.params, opt.tokens, opt.loss))


def test_limits_are_worded_without_contradiction():
    """A compute a hair above 1e30 must not read "1e30 … is outside 1e15 to 1e30"."""
    s = Scenario()  # C held: N and D both scale, and stay inside their ranges
    with pytest.raises(ScenarioError) as err:
        s.set_compute(1.0000001e30)
    msg = str(err.value)
    assert "1.0000001e30 is above the maximum 1e30 FLOP" in msg
    assert "1e15 to 1e30 FLOP, ends included" in msg
    s.set_compute(1e30)  # the end itself is allowed, as the message says
    assert s.state.compute == pytest.approx(1e30)


def test_undo_and_redo_say_what_they_change():
    s = Scenario()
    s.set_params(7e10)
    assert s.undo_text().startswith("N 70B → 72.2B")
    s.undo()
    assert s.redo_text().startswith("N 72.2B → 70B")
    s.redo()
    s.set_law("kaplan2020")
    assert s.undo_text() == "law Kaplan 2020 (OpenAI) → Epoch AI 2024 (Chinchilla replication)"
    s.set_held("N")
    assert s.undo_text() == "hold N → C"
    assert Scenario().undo_text() == "" and Scenario().redo_text() == ""


def test_an_extra_law_that_would_overflow_is_refused_before_anything_changes():
    from scalingdesk.core.laws import ChinchillaLaw
    from scalingdesk.core.scenario import Scenario, ScenarioError

    s = Scenario()
    before = s.state
    for bad in (dict(alpha=1e-10, beta=1e-10), dict(E=1.7e308), dict(A=1e-300)):
        values = {"E": 1.8, "A": 400.0, "B": 1500.0, "alpha": 0.33, "beta": 0.35, **bad}
        with pytest.raises(ScenarioError):
            s.add_law(ChinchillaLaw("mine", "Mine", source="x", **values))
    with pytest.raises(ScenarioError, match="published family"):
        s.add_law(ChinchillaLaw("epoch2024", "Forged", 0.1, 400.0, 1500.0, 0.33, 0.35, "x"))
    assert s.state == before and not s.can_undo()


def test_load_state_is_all_or_nothing():
    from dataclasses import replace

    from scalingdesk.core.laws import ChinchillaLaw
    from scalingdesk.core.scenario import Scenario, ScenarioError

    s = Scenario()
    before = s.state
    poison = ChinchillaLaw("mine", "Mine", 1.7, 400.0, 400.0, 1e-10, 1e-10, "x")
    with pytest.raises(ScenarioError):
        s.load_state(replace(before, extra_laws=(poison,), law="mine", params=2e10))
    assert s.state == before and not s.can_undo()
