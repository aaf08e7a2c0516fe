"""The lever's numbers and words: what each pull costs and what it buys (Qt-free).

A pull spends 10x the compute of the run before it, moving along the compute-optimal frontier
(Hoffmann et al. 2022).  The *effort* of pull k is the compute of the run it buys, C0·10^k, in
units of pull 1's run: 1, 10, 100, 1,000 …, drawn on a linear scale so the growth is seen, not
read.  Each run's cost in GPU-years and money follows the hardware panel's settings (GPU, MFU,
price per GPU-hour): GPU-hours = C / (peak FLOP/s · MFU · 3600), as in
:func:`scalingdesk.core.hardware.training_gpu_hours`.

The naive guess is the one of the loss plot, :func:`scalingdesk.core.views.naive_line`: the
frontier's log-log slope at the start, continued for ever (every 10x cuts the loss by the same
percentage, with no floor).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from scalingdesk.core import allocation
from scalingdesk.core.laws import ScalingLaw
from scalingdesk.core.units import format_count, format_flops
from scalingdesk.core.views import NAIVE_LABEL, NAIVE_SHORT, naive_line

#: Seconds in a (Julian) year, for GPU-years.
SECONDS_PER_YEAR = 365.25 * 86400.0
#: Precision the cost assumes when the hardware panel is set to an inference-only precision.
COST_PRECISION = "bf16"

__all__ = [
    "NAIVE_LABEL",
    "NAIVE_SHORT",
    "LeverView",
    "PullRow",
    "caption_for",
    "describe",
    "frontier_state",
    "gain_label",
    "gain_parts",
    "lever_view",
    "pulls_for",
]


# --- numbers as words ----------------------------------------------------------------------------


def times(k: int) -> str:
    """10^k as a multiplier: 1x, 10x, 1,000x, … (1e7x beyond a million)."""
    return f"{10**k:,}x" if k <= 6 else f"1e{k}x"


def fmt_drop(d: float) -> str:
    """A loss drop, with enough digits to tell small pulls apart: 0.164, 0.072, 0.0093."""
    if not math.isfinite(d):
        return "—"
    if abs(d) >= 0.01:
        return f"{d:.3f}"
    return f"{d:.2g}" if d != 0 else "0"


def fmt_loss(v: float) -> str:
    return f"{v:.3f}" if math.isfinite(v) else "—"


def fmt_gpu_years(years: float) -> str:
    """0.0034, 0.34, 34, 3,400 GPU-years: two significant digits, thousands separated."""
    if not math.isfinite(years):
        return "— GPU-years"
    text = f"{years:,.0f}" if years >= 100 else f"{years:.2g}"
    return f"{text} GPU-years"


def fmt_money(usd: float) -> str:
    """$830, $8.3 K, $140 K, $83 M (US dollars at the hardware panel's price per GPU-hour)."""
    if not math.isfinite(usd):
        return "$—"
    return "$" + format_count(usd, digits=3)


def fmt_effort(effort: float) -> str:
    """The effort multiple of pull 1: ×1, ×10, ×1,000."""
    return f"×{effort:,.0f}" if effort < 1e7 else f"×{effort:.0e}"


def ratio_words(r: float) -> str:
    """How a later gain compares with the first: "less than half", "83% of", …"""
    if r < 0.1:
        return "less than a tenth of"
    if r < 0.2:
        return "less than a fifth of"
    if r < 0.25:
        return "less than a quarter of"
    if r < 1 / 3:
        return "less than a third of"
    if r < 0.5:
        return "less than half"
    if r < 0.95:
        return f"{r:.0%} of"
    if r <= 1.05:
        return "about the same as"
    return f"{r:.0%} of"


def gain_parts(drop: float) -> tuple[str, str]:
    """The two halves of a gain label: ("+10x compute →", "−0.164 loss")."""
    return "+10x compute →", f"−{fmt_drop(drop)} loss"


def gain_label(drop: float) -> str:
    """A gain's label as one string: "+10x compute → −0.164 loss"."""
    return " ".join(gain_parts(drop))


# --- the view-model ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PullRow:
    """One pull: what it costs and what it buys."""

    number: int  # 1-based
    compute: float  # FLOP of the run this pull buys: C0·10^number
    effort: float  # that compute in units of pull 1's run: 1, 10, 100, …
    gain: float  # frontier loss drop bought by this pull
    naive_gain: float  # the naive guess's drop for the same pull
    gpu_hours: float
    gpu_years: float
    cost: float  # USD at the hardware panel's price per GPU-hour

    @property
    def effort_text(self) -> str:
        return f"{fmt_effort(self.effort)} · {fmt_gpu_years(self.gpu_years)} · {fmt_money(self.cost)}"

    @property
    def gain_text(self) -> str:
        return f"−{fmt_drop(self.gain)} loss"


@dataclass(frozen=True)
class LeverView:
    """Everything the lever draws, for ``max_pulls`` pulls from ``start_compute``."""

    law_label: str
    start_compute: float
    compute: np.ndarray  # C0, 10·C0, … (max_pulls + 1)
    loss: np.ndarray  # frontier loss at each
    naive_loss: np.ndarray  # the naive guess at each (naive_line from C0)
    floor: float
    rows: tuple[PullRow, ...]  # one per possible pull
    hardware_text: str  # "H100 · 40% MFU · $2.00/GPU-hour"

    @property
    def max_pulls(self) -> int:
        return len(self.rows)

    @property
    def drops(self) -> np.ndarray:
        return np.array([r.gain for r in self.rows])

    @property
    def naive_drops(self) -> np.ndarray:
        return np.array([r.naive_gain for r in self.rows])

    def effort_fractions(self, pulls: int) -> list[float]:
        """Length of each pull's effort bar on the linear scale, as a fraction of the longest
        one made so far (the newest): 1, then 0.1, 0.01, … going back."""
        if pulls <= 0:
            return []
        top = self.rows[pulls - 1].effort
        return [r.effort / top for r in self.rows[:pulls]]


def _gpu_and_price(hardware: Any) -> tuple[float, float, float, str]:
    """(peak FLOP/s, MFU, USD per GPU-hour, description) from a HardwareConfig (None: defaults)."""
    from scalingdesk.core.hardware import TRAINING_PRECISIONS, HardwareConfig

    cfg = hardware if hardware is not None else HardwareConfig()
    gpu = cfg.gpu()
    precision = cfg.precision if cfg.precision in TRAINING_PRECISIONS else COST_PRECISION
    try:
        peak = gpu.peak_flops(precision)
    except ValueError:
        precision = COST_PRECISION
        peak = gpu.peak_flops(precision)
    text = f"{gpu.name} {precision} · {cfg.mfu:.0%} MFU · ${cfg.price_per_gpu_hour:,.2f}/GPU-hour (hardware panel)"
    return peak, float(cfg.mfu), float(cfg.price_per_gpu_hour), text


def lever_view(law: ScalingLaw, start_compute: float, max_pulls: int, hardware: Any = None) -> LeverView:
    steps = allocation.diminishing_returns(law, start_compute, max_pulls)
    naive = naive_line(law, start_compute, steps.compute)
    naive_drops = naive[:-1] - naive[1:]
    peak, mfu, price, hw_text = _gpu_and_price(hardware)
    rows = []
    for k in range(1, max_pulls + 1):
        c = float(steps.compute[k])
        hours = c / (peak * mfu * 3600.0)
        rows.append(
            PullRow(
                number=k,
                compute=c,
                effort=c / float(steps.compute[1]),
                gain=float(steps.drops[k - 1]),
                naive_gain=float(naive_drops[k - 1]),
                gpu_hours=hours,
                gpu_years=hours * 3600.0 / SECONDS_PER_YEAR,
                cost=hours * price,
            )
        )
    return LeverView(
        law.label, float(start_compute), steps.compute, steps.loss, naive, float(steps.floor), tuple(rows), hw_text
    )


# --- the lever and the C knob: one machine, one state ---------------------------------------------


def frontier_state(state: Any, compute: float) -> Any:
    """The scenario a pull leads to: ``compute`` on the law's compute-optimal frontier
    (N and D at the optimum; law, modes and hardware unchanged)."""
    opt = allocation.optimal(state.law_object, compute)
    return replace(state, params=float(opt.params), tokens=float(opt.tokens))


def pulls_for(base: float, compute: float, max_pulls: int) -> int | None:
    """The pull count k with compute = base·10^k (within rounding), or None if it is not one."""
    if base <= 0 or compute <= 0:
        return None
    k = math.log10(compute / base)
    j = round(k)
    if abs(k - j) < 1e-6 and 0 <= j <= max_pulls:
        return int(j)
    return None


# --- captions ------------------------------------------------------------------------------------


def caption_for(view: LeverView, pulls: int) -> str:
    """The one-line story of the current pull (plain text)."""
    if pulls == 0:
        return (
            f"Start: {format_flops(view.start_compute)} on the compute-optimal frontier gives "
            f"loss {fmt_loss(float(view.loss[0]))}. Each pull spends 10x more compute."
        )
    row = view.rows[pulls - 1]
    first = view.rows[0].gain
    cost = f"{fmt_gpu_years(row.gpu_years)}, {fmt_money(row.cost)}"
    if pulls == 1:
        text = f"Pull 1: 10x the compute ({cost}) bought −{fmt_drop(row.gain)} loss."
    else:
        ratio = row.gain / first if first > 0 else float("nan")
        words = ratio_words(ratio) if math.isfinite(ratio) else "unlike"
        text = (
            f"Pull {pulls}: {times(pulls)} the compute of the start ({cost}) bought "
            f"−{fmt_drop(row.gain)} loss, {words} the first pull's −{fmt_drop(first)}."
        )
    if pulls == view.max_pulls and pulls > 1:
        loss = float(view.loss[pulls])
        if view.floor > 0:
            text += f" Only {fmt_loss(loss - view.floor)} above the floor E is left to win."
        else:
            text += " This law has no floor, but the gains still shrink."
    return text


def describe(view: LeverView, pulls: int) -> str:
    """A text description of the whole scene, for screen readers."""
    parts = [
        f"Diminishing returns lever for {view.law_label}. A lever drives a machine; each pull spends "
        f"10 times more training compute, starting at {format_flops(view.start_compute)} "
        f"with loss {fmt_loss(float(view.loss[0]))}. {pulls} of {view.max_pulls} pulls made. "
        f"Costs at {view.hardware_text}.",
    ]
    for row in view.rows[:pulls]:
        parts.append(
            f"Pull {row.number}: +10x compute to {format_flops(row.compute)}, effort "
            f"{fmt_effort(row.effort)} pull 1's ({fmt_gpu_years(row.gpu_years)}, "
            f"{fmt_money(row.cost)}), loss −{fmt_drop(row.gain)} to "
            f"{fmt_loss(float(view.loss[row.number]))}; naive guess −{fmt_drop(row.naive_gain)}."
        )
    loss = float(view.loss[pulls])
    if pulls >= 2:
        naive = float(view.naive_loss[pulls])
        parts.append(f"The loss is now {fmt_loss(loss)}; the naive guess would be {fmt_loss(naive)}.")
    if view.floor > 0:
        parts.append(
            f"The gauge shows the irreducible floor E = {view.floor:g}; the loss is "
            f"{fmt_loss(loss - view.floor)} above it, which is why each 10x buys less."
        )
    else:
        parts.append("This law has no irreducible floor (drawn at 0); the gains still shrink.")
    parts.append(caption_for(view, pulls))
    return " ".join(parts)
