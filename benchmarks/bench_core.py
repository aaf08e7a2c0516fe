"""Core speed: a 1,000-point loss curve, a full compute-optimal frontier, and the per-drag
view computations, for each law family.  Medians over repeated runs, in microseconds.

    python benchmarks/bench_core.py
"""

import json
import statistics
import time

import numpy as np

from scalingdesk.core import allocation, views
from scalingdesk.core.laws import FAMILIES, KAPLAN_2020


def median_us(fn, repeat: int = 200) -> float:
    fn()  # warm
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return round(statistics.median(times) * 1e6, 1)


def main() -> dict:
    n = np.logspace(7, 13, 1000)
    d = 20 * n
    c = np.logspace(17, 28, 1000)
    out = {}
    for key, law in FAMILIES.items():
        out[key] = {
            "loss_curve_1000_points_us": median_us(lambda: law.loss(n, d)),
            "frontier_1000_budgets_us": median_us(lambda: allocation.frontier(law, c)),
            "scalar_loop_1000_points_us": median_us(
                lambda: [float(law.loss(float(a), float(b))) for a, b in zip(n, d)], repeat=20
            ),
            "loss_plot_dynamic_us": median_us(
                lambda: views.loss_compute_view(law, 7e10, 1.4e12, static=views.frontier_curves(law, (1e17, 1e28)))
            ),
            "loss_plot_static_us": median_us(lambda: views.frontier_curves(law, (1e17, 1e28)), repeat=50),
            "isoflop_view_us": median_us(lambda: views.isoflop_view(law, 7e10, 1.4e12), repeat=50),
            "iso_loss_lines_us": median_us(lambda: views.iso_loss_lines(law, 7e10, 1.4e12)),
        }
        r = out[key]
        r["vectorised_speedup"] = round(r["scalar_loop_1000_points_us"] / r["loss_curve_1000_points_us"], 1)
    _ = KAPLAN_2020
    return out


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
