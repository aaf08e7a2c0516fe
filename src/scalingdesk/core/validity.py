"""Where a law holds: the span of runs it was fitted on, and the plain warnings a readout shows
when the knobs leave it (issue 16, items 1, 2 and 8).  Qt-free; the texts are plain sentences."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scalingdesk.core.data_constrained import (
    DATA_CONSTRAINED_FAMILY,
    effective_params,
    effective_tokens,
    epochs,
)
from scalingdesk.core.laws import (
    FLOPS_PER_PARAM_TOKEN,
    KAPLAN_CONTRADICTION_COMPUTE,
    PF_DAY,
    KaplanLaw,
)
from scalingdesk.core.units import format_count, format_flops


@dataclass(frozen=True)
class FittedRange:
    """The runs a law was fitted on: N from ``params[0]`` to ``params[1]``, D likewise
    (a low end of 0 means the paper states none)."""

    params: tuple[float, float] | None
    tokens: tuple[float, float] | None

    def contains(self, params: float, tokens: float) -> bool:
        return not self.outside(params, tokens)

    def outside(self, params: float, tokens: float) -> list[str]:
        """Which of N and D lie outside, as phrases: ["N = 405 B"]."""
        out = []
        for name, value, span in (("N", params, self.params), ("D", tokens, self.tokens)):
            if span is None:
                continue
            lo, hi = span
            if value > hi or (lo > 0 and value < lo):
                out.append(f"{name} = {format_count(value)}")
        return out

    def describe(self) -> str:
        parts = []
        if self.params is not None:
            lo, hi = self.params
            parts.append(f"{format_count(lo)} to {format_count(hi)} parameters")
        if self.tokens is not None:
            lo, hi = self.tokens
            parts.append(
                f"{format_count(lo)} to {format_count(hi)} tokens" if lo > 0 else f"up to {format_count(hi)} tokens"
            )
        return ", ".join(parts) if parts else "not stated"


def fitted_range(law: Any) -> FittedRange:
    return FittedRange(getattr(law, "fitted_params", None), getattr(law, "fitted_tokens", None))


def law_warnings(law: Any, params: float, tokens: float, unique_tokens: float | None = None) -> tuple[str, ...]:
    """Plain sentences for a readout: outside the fitted range, Kaplan beyond §6.3's point,
    a unique-data limit the family does not model."""
    out: list[str] = []
    gaps = fitted_range(law).outside(params, tokens)
    if gaps:
        name = law.label.split(" (")[0]
        out.append(
            f"Extrapolated: {' and '.join(gaps)} lie beyond the runs {name} was fitted on "
            f"({fitted_range(law).describe()})."
        )
    compute = FLOPS_PER_PARAM_TOKEN * params * tokens
    if isinstance(law, KaplanLaw) and compute >= KAPLAN_CONTRADICTION_COMPUTE:
        out.append(
            f"Beyond Kaplan's own limit: at {format_flops(compute)} ({compute / PF_DAY:.2g} PF-days) "
            "his laws contradict each other; he expected them to break down near 1e4 PF-days "
            "(Kaplan et al. 2020 §6.3)."
        )
    repeats = unique_tokens is not None and tokens > unique_tokens
    if repeats and unique_tokens is not None and getattr(law, "key", None) != DATA_CONSTRAINED_FAMILY:
        out.append(
            f"{float(epochs(tokens, unique_tokens)):.3g} epochs of the unique data, but "
            f"{law.label} assumes every token is fresh; Muennighoff 2023 counts repeats."
        )
    return tuple(out)


@dataclass(frozen=True)
class RepeatedData:
    """What a unique-data limit does to a run (Muennighoff et al. 2023, eqs. 5-6)."""

    unique_tokens: float
    epochs: float
    effective_tokens: float  # D'
    effective_params: float  # N'
    counted: bool  # True when the family in use counts repeats (Muennighoff 2023)

    @property
    def text(self) -> str:
        if self.epochs <= 1:
            return (
                f"{format_count(self.unique_tokens)} unique tokens available: this run "
                f"uses {self.epochs:.0%} of them, nothing repeats."
            )
        head = f"{self.epochs:.3g} epochs of {format_count(self.unique_tokens)} unique tokens"
        if not self.counted:
            return head + " (repeats counted as fresh by this family)."
        return (
            f"{head}: worth D' = {format_count(self.effective_tokens)} fresh tokens, "
            f"N' = {format_count(self.effective_params)} parameters (Muennighoff et al. 2023)."
        )


def repeated_data(law: Any, params: float, tokens: float, unique_tokens: float) -> RepeatedData:
    from scalingdesk.core.laws import MUENNIGHOFF_2023

    base = getattr(law, "base", MUENNIGHOFF_2023)
    return RepeatedData(
        float(unique_tokens),
        float(epochs(tokens, unique_tokens)),
        float(effective_tokens(tokens, unique_tokens)),
        float(effective_params(params, tokens, unique_tokens, base)),
        getattr(law, "key", None) == DATA_CONSTRAINED_FAMILY,
    )
