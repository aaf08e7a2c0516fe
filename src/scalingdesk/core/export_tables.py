"""What a plot's CSV export holds: one named column pair per series, from the core's view-models
(the numbers the plots draw), never from the plotting library's items (Qt-free).

Each of the loss plot's training runs is a series of its own, named with its N; every column is
headed "<series>: <quantity> (<unit>)"; a point that is not drawn (NaN: D < N, no such loss) is
not written; shorter series leave their cells empty.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from scalingdesk.core import views
from scalingdesk.core.laws import KAPLAN_2020
from scalingdesk.core.units import format_count, format_flops

COMPUTE = "training compute C (FLOP)"
LOSS = "loss (nats per token)"
PARAMS = "parameters N"
TOKENS = "training tokens D"


@dataclass(frozen=True)
class Series:
    name: str
    x_label: str
    y_label: str
    x: np.ndarray
    y: np.ndarray


def _series(name: str, x_label: str, y_label: str, x, y) -> Series:
    x = np.atleast_1d(np.asarray(x, dtype=float))
    y = np.atleast_1d(np.asarray(y, dtype=float))
    keep = np.isfinite(x) & np.isfinite(y)
    return Series(name, x_label, y_label, x[keep], y[keep])


def loss_series(law, params: float, tokens: float) -> list[Series]:
    v = views.loss_compute_view(law, params, tokens)
    out = [
        _series(
            f"training run, N = {format_count(n)}" + (" (your N)" if math.isclose(n, params) else ""),
            COMPUTE,
            LOSS,
            v.compute,
            row,
        )
        for n, row in zip(v.curve_params, v.curves)
    ]
    out.append(_series(f"compute-optimal frontier (envelope), {law.label}", COMPUTE, LOSS, v.compute, v.frontier))
    out.append(_series(views.NAIVE_LABEL, COMPUTE, LOSS, v.compute, v.naive))
    if v.band_low is not None and v.band_high is not None:
        out.append(_series("frontier uncertainty band, low", COMPUTE, LOSS, v.compute, v.band_low))
        out.append(_series("frontier uncertainty band, high", COMPUTE, LOSS, v.compute, v.band_high))
    out.append(_series(f"irreducible loss E = {v.floor:.3f}", COMPUTE, LOSS, v.compute[[0, -1]], [v.floor] * 2))
    out.append(_series("your model", COMPUTE, LOSS, [v.current[0]], [v.current[1]]))
    return out


def isoflop_series(law, params: float, tokens: float) -> list[Series]:
    v = views.isoflop_view(law, params, tokens)
    names = ("isoFLOP at C/10", "isoFLOP at your budget C", "isoFLOP at 10·C")
    out = [
        _series(f"{name} = {format_flops(b)}", PARAMS, LOSS, v.params, row)
        for name, b, row in zip(names, v.budgets, v.curves)
    ]
    out.append(
        _series("valley bottom (optimum)", PARAMS, LOSS, [m.params for m in v.minima], [m.loss for m in v.minima])
    )
    out.append(_series("your model", PARAMS, LOSS, [v.current[0]], [v.current[1]]))
    return out


def plane_series(law, params: float, tokens: float) -> list[Series]:
    v = views.plane_view(law, KAPLAN_2020, params, tokens)
    out = [
        _series(f"equal loss {level:.3f}", PARAMS, TOKENS, v.params, row)
        for level, row in zip(v.loss_levels, v.iso_loss)
    ]
    out += [
        _series(f"equal compute {format_flops(c)}", PARAMS, TOKENS, v.params, row)
        for c, row in zip(v.compute_levels, v.iso_compute)
    ]
    out.append(_series(f"optimal path, {law.label}", PARAMS, TOKENS, v.path_params, v.path_tokens))
    out.append(_series("Kaplan 2020 path", PARAMS, TOKENS, v.kaplan_params, v.kaplan_tokens))
    out.append(
        _series(f"{views.CHINCHILLA_TOKENS_PER_PARAM:g} tokens/param", PARAMS, TOKENS, v.params, v.chinchilla_line)
    )
    out.append(
        _series(f"data wall ≈ {format_count(v.data_wall)} tokens", PARAMS, TOKENS, v.params[[0, -1]], [v.data_wall] * 2)
    )
    out.append(_series("your model", PARAMS, TOKENS, [v.current[0]], [v.current[1]]))
    return out


SERIES: dict[str, Callable[..., list[Series]]] = {
    "loss": loss_series,
    "isoflop": isoflop_series,
    "plane": plane_series,
}


def plot_series(plot: str, law, params: float, tokens: float) -> list[Series]:
    try:
        make = SERIES[plot]
    except KeyError:
        raise ValueError(f"no CSV for {plot!r}; choose {', '.join(SERIES)}") from None
    return make(law, params, tokens)


def _cell(value: float) -> str:
    return f"{value:.10g}"


def to_csv(series: list[Series]) -> bytes:
    """Wide CSV (UTF-8): two columns per series, rows as long as the longest series."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([h for s in series for h in (f"{s.name}: {s.x_label}", f"{s.name}: {s.y_label}")])
    for i in range(max((len(s.x) for s in series), default=0)):
        writer.writerow([c for s in series for c in ((_cell(s.x[i]), _cell(s.y[i])) if i < len(s.x) else ("", ""))])
    return buffer.getvalue().encode("utf-8")
