"""What the test-time view's "coverage against samples" plot draws, computed Qt-free (issue 13:
no view evaluates a law): each published curve (Brown et al. 2024, "Large Language Monkeys",
coverage = exp(a·k^b) through two printed points) on a grid of k, in percent, split into the
part between the printed points and the extrapolated rest."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scalingdesk.core import test_time as tt

#: The k axis: 1 to 10^4.5 samples per problem.
SAMPLES = np.logspace(0, 4.5, 200)


@dataclass(frozen=True)
class CoverageLine:
    key: str
    inside_log_samples: np.ndarray  # log10 k between the printed points …
    inside: np.ndarray  # … and the coverage there, in percent
    log_samples: np.ndarray  # log10 k on the whole grid …
    outside: np.ndarray  # … and the coverage beyond the printed points (extrapolated); NaN between
    point_log_samples: list[float]  # the printed points: log10 k …
    point_percent: list[float]  # … and coverage in percent


def coverage_lines(samples: np.ndarray = SAMPLES) -> list[CoverageLine]:
    """One line per curve in :data:`scalingdesk.core.test_time.CURVES`, in that order."""
    out = []
    for curve in tt.CURVES.values():
        c = 100 * curve.coverage(samples)
        far = curve.extrapolated(samples)
        out.append(
            CoverageLine(
                curve.key,
                np.log10(samples[~far]),
                c[~far],
                np.log10(samples),
                np.where(far, c, np.nan),
                [float(np.log10(k)) for k, _ in curve.points],
                [100 * p for _, p in curve.points],
            )
        )
    return out
