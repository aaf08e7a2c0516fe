"""The texts the explorer's plots and the lever write beside their lines, made here so the Qt
views never format a number (issue 13).  Losses read with the digits the paper's constants
carry: E = 1.69 (Hoffmann et al. 2022, eq. 10) and 1.82 (Besiroglu et al. 2024, Table 1) with
two decimals; a model's loss with three, as in the control panel's readout."""

from __future__ import annotations

import math
from collections.abc import Callable

from scalingdesk.core.units import format_count, format_power_of_ten


def current_label_text(params: float, tokens: float, loss: float) -> str:
    """The loss plot's "your model" label: N, D and the loss there."""
    return f"your model: {format_count(params)} params · {format_count(tokens)} tokens\nloss {loss:.3f}"


def floor_label_text(floor: float) -> str:
    """The loss plot's floor line: "irreducible loss E = 1.69"."""
    return f"irreducible loss E = {floor:.2f}"


def iso_loss_text(level: float) -> str:
    """The plane's line of your model's loss: "equal loss 2.016"."""
    return f"equal loss {level:.3f}"


def lever_floor_text(floor: float) -> str:
    """The lever's thermometer floor, with the constant's own digits: "floor E = 1.82" (Besiroglu et al. 2024, Table 1)."""
    return f"floor E = {floor:g}"


def loss_ticks(
    top: float, floor: float, bottom: float, y_of: Callable[[float], float], min_gap: float
) -> list[tuple[float, str]]:
    """The lever thermometer's ticks, (loss, text): the start and the floor with two decimals,
    then a round step (1, 2 or 5 × 10^k) giving 2-4 ticks between, each at least ``min_gap``
    (in the units of ``y_of``, the painter's pixels) from every other and never the same text
    twice ("1.83" five times near the floor, when the step was 0.002)."""
    ticks = [(top, f"{top:.2f}"), (floor, f"{floor:.2f}")]
    span = top - max(floor, bottom)
    if span <= 0:
        return ticks
    raw = span / 4
    mag = 10 ** math.floor(math.log10(raw))
    step = min((s * mag for s in (1, 2, 5, 10)), key=lambda s: abs(s - raw))
    v = math.floor(top / step) * step
    decimals = max(2, -math.floor(math.log10(step) + 1e-9))  # as many as the step needs
    while v > floor:
        y = y_of(v)
        text = f"{v:.{decimals}f}"
        if all(abs(y - y_of(u)) >= min_gap for u, _ in ticks) and text not in {t for _, t in ticks}:
            ticks.append((v, text))
        v -= step
    return ticks


def fitted_runs_text(low: float, high: float) -> str:
    """The IsoFLOP plot's band of the runs a law was fitted on: "fitted runs: 70 M–16 B"."""
    return f"fitted runs: {format_count(low)}–{format_count(high)}"


def compute_line_text(compute: float) -> str:
    """A line of equal compute on the plane: "10²⁴ FLOP"."""
    return f"{format_power_of_ten(compute)} FLOP"


def data_wall_text(wall: float) -> str:
    return f"data wall ≈ {format_count(wall)} tokens"


def data_wall_tip(wall: float, low: float, high: float) -> str:
    """The stock of public human text and its band (Villalobos et al. 2024, §3 and Fig. 1)."""
    return (
        f"The stock of public human text: about {format_count(wall)} tokens (band: "
        f"{format_count(low)} to {format_count(high)}), Villalobos et al. 2024, §3 and Fig. 1."
    )
