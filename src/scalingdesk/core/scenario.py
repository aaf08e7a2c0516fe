"""The scenario model: the single source of truth for what the explorer shows.

Views read :attr:`Scenario.state` and send intents (``set_compute``, ``set_params``, …); the
model applies the coupling between the knobs, refuses values outside the supported range with a
message naming the value and the range (never clamping), keeps C = 6·N·D exactly (C is derived,
never stored), records undo steps, and tells its listeners.  It is Qt-free.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from scalingdesk.core import allocation
from scalingdesk.core.events import Change, Subscribers
from scalingdesk.core.laws import (
    DEFAULT_FAMILY,
    FAMILIES,
    FLOPS_PER_PARAM_TOKEN,
    ChinchillaLaw,
    Law,
    compute_for_optimal_params,
    compute_for_optimal_tokens,
)
from scalingdesk.core.units import format_count, format_limit, format_sci, format_short

Knob = Literal["C", "N", "D"]
KNOBS: tuple[Knob, ...] = ("C", "N", "D")

#: Supported ranges (inclusive).  Wide enough for a 1M-parameter toy and a 100T-parameter
#: extrapolation, narrow enough that every law stays finite and meaningful.
PARAMS_RANGE = (1e6, 1e14)
TOKENS_RANGE = (1e6, 1e16)
COMPUTE_RANGE = (1e15, 1e30)

#: The opening view: Chinchilla's and Gopher's budget (Hoffmann et al. 2022 §4: 5.76e23 FLOPs),
#: at the default family's optimum, so both models are in view and the optimum is marked.
OPENING_COMPUTE = 5.76e23


class ScenarioError(ValueError):
    """An intent the model refuses; the message names the value and the allowed range."""


def _hardware_default() -> Any:
    from scalingdesk.core.hardware import HardwareConfig

    return HardwareConfig()


@dataclass(frozen=True)
class ScenarioState:
    params: float
    tokens: float
    held: Knob = "C"
    follow_optimum: bool = False
    law: str = DEFAULT_FAMILY
    #: Unique tokens available (data-constrained scaling); None means unlimited fresh data.
    unique_tokens: float | None = None
    hardware: Any = field(default_factory=_hardware_default)
    #: Laws the user added (fitted from their own runs), available under their keys.
    extra_laws: tuple[ChinchillaLaw, ...] = ()

    @property
    def compute(self) -> float:
        return FLOPS_PER_PARAM_TOKEN * self.params * self.tokens

    @property
    def tokens_per_param(self) -> float:
        return self.tokens / self.params

    @property
    def law_object(self) -> Law:
        # With unique data limited, Muennighoff 2023 becomes its data-constrained law (D', N').
        from scalingdesk.core.data_constrained import with_unique_tokens

        return with_unique_tokens(resolve_law(self.law, self.extra_laws), self.unique_tokens)

    @property
    def loss(self) -> float:
        return float(self.law_object.loss(self.params, self.tokens))


def resolve_law(key: str, extra_laws: tuple[ChinchillaLaw, ...] = ()) -> Law:
    for law in extra_laws:
        if law.key == key:
            return law
    if key in FAMILIES:
        return FAMILIES[key]
    known = list(FAMILIES) + [law.key for law in extra_laws]
    raise ScenarioError(f"unknown law family {key!r}; choose one of: {', '.join(known)}")


def opening_state() -> ScenarioState:
    opt = allocation.optimal(FAMILIES[DEFAULT_FAMILY], OPENING_COMPUTE)
    return ScenarioState(params=opt.params, tokens=opt.tokens)


def check_range(name: str, value: float, bounds: tuple[float, float], why: str = "") -> None:
    """Refuse ``value`` outside ``bounds`` (the CLI and the window share these ranges)."""
    _check(name, value, bounds, why)


def _check(name: str, value: float, bounds: tuple[float, float], why: str = "") -> None:
    lo, hi = bounds
    if not (isinstance(value, (int, float)) and math.isfinite(value)):
        raise ScenarioError(f"{name} {value!r} is not a finite number")
    if not lo <= value <= hi:
        because = f" ({why})" if why else ""
        unit, suffixes = _UNITS.get(name, ("", True))
        raise ScenarioError(f"{name}{because} {format_limit(value, lo, hi, unit, suffixes=suffixes)}")


#: How each checked quantity is written in messages (counts with suffixes, FLOP as powers of ten).
_UNITS = {
    "parameters": ("params", True),
    "tokens": ("tokens", True),
    "unique tokens": ("tokens", True),
    "compute": ("FLOP", False),
}


def validate_state(state: ScenarioState) -> ScenarioState:
    _check("parameters", state.params, PARAMS_RANGE)
    _check("tokens", state.tokens, TOKENS_RANGE)
    _check("compute", state.compute, COMPUTE_RANGE, "6·N·D")
    if state.held not in KNOBS:
        raise ScenarioError(f"held knob {state.held!r} must be one of C, N, D")
    resolve_law(state.law, state.extra_laws)
    if state.unique_tokens is not None:
        _check("unique tokens", state.unique_tokens, TOKENS_RANGE)
    validate = getattr(state.hardware, "validated", None)
    if validate is not None:
        _check_hardware(state.hardware)
        validate()
    _check_finite_loss(state)
    return state


def _check_hardware(config: Any) -> None:
    """Every hardware integer within the panel's range (and a C int) before it can reach Qt."""
    from scalingdesk.core.boundary import BoundaryError, check_hardware

    try:
        check_hardware(config)
    except BoundaryError as err:
        raise ScenarioError(str(err)) from None


def _validate_law(law: ChinchillaLaw) -> None:
    from scalingdesk.core.boundary import BoundaryError
    from scalingdesk.core.law_checks import validate_law

    try:
        validate_law(law)
    except BoundaryError as err:
        raise ScenarioError(str(err)) from None


def _check_finite_loss(state: ScenarioState) -> None:
    try:
        loss = state.loss
    except (ArithmeticError, ValueError):
        loss = math.nan
    if not math.isfinite(loss):
        raise ScenarioError(f"law {state.law!r} gives no finite loss at these parameters and tokens")


Listener = Callable[[ScenarioState, ScenarioState], None]

#: The fields a change names: the state's own (its ``law`` key as "law_key"), what views draw
#: from them ("compute" = 6·N·D, "law" = the law object, with its key, added laws and unique
#: data, "loss"), and "history" (what Undo and Redo can do).
STATE_FIELDS = ("params", "tokens", "held", "follow_optimum", "law_key", "unique_tokens", "hardware", "extra_laws")
FIELDS = frozenset(STATE_FIELDS + ("compute", "law", "loss", "history"))


def changed_fields(old: ScenarioState, new: ScenarioState) -> frozenset[str]:
    """The names (see :data:`FIELDS`) of what differs from ``old`` to ``new``, "history" aside."""
    out = {
        name
        for name in STATE_FIELDS
        if getattr(old, "law" if name == "law_key" else name) != getattr(new, "law" if name == "law_key" else name)
    }
    # 6·N·D recomputed from N and D slid at held C may differ in its last bit: not a change of C.
    if {"params", "tokens"} & out and not math.isclose(old.compute, new.compute, rel_tol=1e-12, abs_tol=0.0):
        out.add("compute")
    if {"law_key", "extra_laws", "unique_tokens"} & out and _law_or_none(old) != _law_or_none(new):
        out.add("law")
    if {"params", "tokens", "law"} & out:
        out.add("loss")
    return frozenset(out)


def _law_or_none(state: ScenarioState) -> Law | None:
    try:
        return state.law_object
    except ScenarioError:
        return None


class Scenario:
    """Holds the state, applies intents, keeps undo/redo, and notifies listeners."""

    def __init__(self, state: ScenarioState | None = None, *, undo_limit: int = 500) -> None:
        self._state = validate_state(state or opening_state())
        self._undo: list[ScenarioState] = []
        self._redo: list[ScenarioState] = []
        self._undo_limit = undo_limit
        self._gesture: object | None = None
        self._subscribers = Subscribers(FIELDS)

    # --- reading ---------------------------------------------------------------------------
    @property
    def state(self) -> ScenarioState:
        return self._state

    @property
    def law(self) -> Law:
        return self._state.law_object

    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo_text(self) -> str:
        """What Undo would change, e.g. "N 70B → 72.2B" ("" when there is nothing to undo)."""
        return describe_change(self._state, self._undo[-1]) if self._undo else ""

    def redo_text(self) -> str:
        """What Redo would change ("" when there is nothing to redo)."""
        return describe_change(self._state, self._redo[-1]) if self._redo else ""

    def subscribe(self, listener: Callable[..., None], fields: Iterable[str] | None = None) -> Callable[[], None]:
        """Without ``fields``: ``listener(old, new)`` after every change.  With ``fields`` (names
        from :data:`FIELDS`): ``listener(change)`` only when one of them changed.  Returns the
        function that unsubscribes."""
        if fields is None:
            return self._subscribers.add(lambda change: listener(change.old, change.new))
        return self._subscribers.add(listener, fields)

    def clear_history(self) -> None:
        """Forget every undo and redo step (a restored session starts with an empty history)."""
        if self._undo or self._redo:
            self._undo.clear()
            self._redo.clear()
            self._subscribers.emit(Change(self._state, self._state, frozenset({"history"})))

    # --- intents: the three knobs ------------------------------------------------------------
    def set_compute(self, compute: float, *, gesture: object | None = None) -> None:
        """Move C.  Following the optimum: N and D slide along the law's frontier.  Otherwise
        the held one of N and D stays and the other absorbs the change; with C itself held,
        N and D both scale by √(C'/C), keeping tokens per parameter."""
        s = self._state
        _check("compute", compute, COMPUTE_RANGE)
        if s.follow_optimum:
            n = float(s.law_object.optimal_params(compute))
            d = compute / (FLOPS_PER_PARAM_TOKEN * n)
        elif s.held == "N":
            n, d = s.params, compute / (FLOPS_PER_PARAM_TOKEN * s.params)
        elif s.held == "D":
            n, d = compute / (FLOPS_PER_PARAM_TOKEN * s.tokens), s.tokens
        else:
            k = math.sqrt(compute / s.compute)
            n, d = s.params * k, s.tokens * k
        self._commit(replace(s, params=n, tokens=d), gesture, "compute", compute)

    def set_params(self, params: float, *, gesture: object | None = None) -> None:
        """Move N.  C held: D = C/(6N) (slide along the IsoFLOP line).  Following the optimum:
        C becomes the budget at which N is optimal.  Otherwise D stays and C follows."""
        s = self._state
        _check("parameters", params, PARAMS_RANGE)
        if s.follow_optimum:
            c = compute_for_optimal_params(s.law_object, params)
            d = c / (FLOPS_PER_PARAM_TOKEN * params)
        elif s.held == "C":
            d = s.compute / (FLOPS_PER_PARAM_TOKEN * params)
        else:
            d = s.tokens
        self._commit(replace(s, params=params, tokens=d), gesture, "parameters", params)

    def set_tokens(self, tokens: float, *, gesture: object | None = None) -> None:
        """Move D.  C held: N = C/(6D).  Following the optimum: C becomes the budget whose
        optimal D is this one.  Otherwise N stays and C follows."""
        s = self._state
        _check("tokens", tokens, TOKENS_RANGE)
        if s.follow_optimum:
            n = self._optimal_params_for_tokens(tokens)
        elif s.held == "C":
            n = s.compute / (FLOPS_PER_PARAM_TOKEN * tokens)
        else:
            n = s.params
        self._commit(replace(s, params=n, tokens=tokens), gesture, "tokens", tokens)

    def _optimal_params_for_tokens(self, tokens: float) -> float:
        law = self._state.law_object
        try:
            return float(law.optimal_params(compute_for_optimal_tokens(law, tokens)))
        except ValueError as err:
            raise ScenarioError(f"cannot set tokens to {format_sci(tokens)}: {err}") from None

    # --- intents: modes and settings ---------------------------------------------------------
    def set_held(self, knob: Knob) -> None:
        if knob not in KNOBS:
            raise ScenarioError(f"held knob {knob!r} must be one of C, N, D")
        self._commit(replace(self._state, held=knob))

    def set_follow_optimum(self, follow: bool) -> None:
        """Turning it on snaps N and D onto the frontier at the current compute."""
        s = replace(self._state, follow_optimum=bool(follow))
        if follow:
            opt = allocation.optimal(s.law_object, s.compute)
            s = replace(s, params=opt.params, tokens=opt.tokens)
        self._commit(s)

    def set_law(self, key: str) -> None:
        s = replace(self._state, law=key)
        resolve_law(key, s.extra_laws)
        if s.follow_optimum:
            opt = allocation.optimal(s.law_object, s.compute)
            s = replace(s, params=opt.params, tokens=opt.tokens)
        self._commit(s)

    def add_law(self, law: ChinchillaLaw, *, select: bool = True) -> None:
        """Add a user's law (e.g. fitted from their runs), replacing one with the same key."""
        if law.key in FAMILIES:
            raise ScenarioError(f"law key {law.key!r} is taken by a published family")
        _validate_law(law)  # bounded constants, finite across the knobs' range
        extra = tuple(x for x in self._state.extra_laws if x.key != law.key) + (law,)
        s = replace(self._state, extra_laws=extra)
        if select:
            s = replace(s, law=law.key)
        self._commit(s)

    def set_unique_tokens(self, unique: float | None) -> None:
        if unique is not None:
            _check("unique tokens", unique, TOKENS_RANGE)
        s = replace(self._state, unique_tokens=unique)
        if s.follow_optimum:  # the optimum moves when data runs short: stay on it
            opt = allocation.optimal(s.law_object, s.compute)
            s = replace(s, params=opt.params, tokens=opt.tokens)
        self._commit(s)

    def set_hardware(self, config: Any, *, gesture: object | None = None) -> None:
        self._commit(replace(self._state, hardware=config), gesture)

    def load_state(self, state: ScenarioState, *, gesture: object | None = None) -> None:
        """Replace the whole state (an opened file, a shared link, a tour scene): one undo step,
        or one per gesture (a tour's glide passes many states but undoes in one).  All or
        nothing: the whole state is validated (every extra law too) before anything changes."""
        if state.extra_laws != self._state.extra_laws:
            seen: set[str] = set()
            for law in state.extra_laws:
                if law.key in seen:
                    raise ScenarioError(f"law key {law.key!r} appears twice")
                seen.add(law.key)
                _validate_law(law)
        self._commit(state, gesture)

    def reset(self) -> None:
        """Reset all: back to the opening view (undoable)."""
        self._commit(replace(opening_state(), extra_laws=self._state.extra_laws))

    # --- undo / redo -------------------------------------------------------------------------
    def undo(self) -> bool:
        """Go back one step; :meth:`undo_text` beforehand says what it changes."""
        if not self._undo:
            return False
        self._redo.append(self._state)
        self._set(self._undo.pop())
        self._gesture = None
        return True

    def redo(self) -> bool:
        if not self._redo:
            return False
        self._undo.append(self._state)
        self._set(self._redo.pop())
        self._gesture = None
        return True

    def end_gesture(self) -> None:
        """Close the current drag so the next change starts a new undo step."""
        self._gesture = None

    # --- internals ---------------------------------------------------------------------------
    def _commit(
        self,
        new: ScenarioState,
        gesture: object | None = None,
        moved: str = "",
        requested: float | None = None,
    ) -> None:
        try:
            validate_state(new)
        except ScenarioError as err:
            if moved and requested is not None:
                unit, suffixes = _UNITS.get(moved, ("", True))
                shown = format_short(requested, suffixes=suffixes)
                raise ScenarioError(f"cannot set {moved} to {shown}: {err}") from None
            raise
        if new == self._state:
            return
        # A drag is one undo step: only its first change pushes the state it started from.
        if gesture is None or gesture != self._gesture:
            self._undo.append(self._state)
            del self._undo[: -self._undo_limit]
        self._gesture = gesture
        self._redo.clear()
        self._set(new)

    def _set(self, new: ScenarioState) -> None:
        old, self._state = self._state, new
        self._subscribers.emit(Change(old, new, changed_fields(old, new) | {"history"}))


def describe_change(old: ScenarioState, new: ScenarioState) -> str:
    """A short account of what differs from ``old`` to ``new``, for Undo and Redo messages:
    "N 70B → 72.2B, D 1.4T → 1.33T", "law hoffmann2022 → kaplan2020", "hold C → N"."""
    parts: list[str] = []
    for label, attr in (("C", "compute"), ("N", "params"), ("D", "tokens")):
        a, b = getattr(old, attr), getattr(new, attr)
        if not math.isclose(a, b, rel_tol=1e-9):
            unit = "FLOP" if label == "C" else ""
            fa = format_sci(a) if label == "C" else format_count(a).replace(" ", "")
            fb = format_sci(b) if label == "C" else format_count(b).replace(" ", "")
            if fa == fb:  # a change smaller than three digits show
                fa, fb = format_sci(a, 6), format_sci(b, 6)
            parts.append(f"{label} {fa} → {fb}{(' ' + unit) if unit else ''}")
    if old.law != new.law:
        parts.append(f"law {_law_label(old)} → {_law_label(new)}")
    if old.held != new.held:
        parts.append(f"hold {old.held} → {new.held}")
    if old.follow_optimum != new.follow_optimum:
        parts.append("follow the optimum " + ("on" if new.follow_optimum else "off"))
    if old.unique_tokens != new.unique_tokens:
        fmt = lambda u: "unlimited" if u is None else format_count(u).replace(" ", "")  # noqa: E731
        parts.append(f"unique tokens {fmt(old.unique_tokens)} → {fmt(new.unique_tokens)}")
    if old.hardware != new.hardware:
        parts.append("hardware settings")
    if old.extra_laws != new.extra_laws:
        parts.append("added laws")
    return ", ".join(parts) or "no visible change"


def _law_label(state: ScenarioState) -> str:
    try:
        return state.law_object.label
    except ScenarioError:
        return state.law
