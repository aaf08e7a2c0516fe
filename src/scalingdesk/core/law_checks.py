"""Checks on a law from outside (an extra law in a file or link, or fitted from a CSV) before it
enters the scenario: constants in bounded ranges, and every quantity the views compute from it
finite across the supported knob ranges.  A law that passes cannot raise OverflowError or
ZeroDivisionError later (at the autosave, on the next start).  Qt-free.
"""

from __future__ import annotations

import math
import re

import numpy as np

from scalingdesk.core.boundary import MAX_NAME, MAX_SOURCE, BoundaryError, check_number, check_text
from scalingdesk.core.laws import FAMILIES, ChinchillaLaw

#: Ranges of an extra law's constants.  Published fits sit well inside them (Hoffmann et al. 2022
#: eq. 10: E 1.69, A 406.4, B 410.7, α 0.34, β 0.28; Besiroglu et al. 2024 Table 1: A 482, B 2085);
#: the fitting grid (Hoffmann et al. 2022 App. D.2) reaches exponents of 2 and A, B of e^25.
LAW_RANGES: dict[str, tuple[float, float]] = {
    "E": (0.0, 100.0),
    "A": (1e-6, 1e30),
    "B": (1e-6, 1e30),
    "alpha": (0.01, 3.0),
    "beta": (0.01, 3.0),
}
_KEY = re.compile(r"[A-Za-z0-9_.\-]{1,40}")


def check_law_key(key: object, what: str = "law") -> str:
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        raise BoundaryError(f"{what} 'key' must be 1 to 40 letters, digits, '_', '.' or '-', found {_short(key)}")
    if key in FAMILIES:
        raise BoundaryError(f"{what} key {key!r} is taken by a published family; give your law another key")
    return key


def _short(value: object) -> str:
    from scalingdesk.core.boundary import show

    return show(value)


def validate_law(law: ChinchillaLaw, what: str | None = None) -> ChinchillaLaw:
    """Return ``law`` if it is safe to add; else :class:`BoundaryError` naming what is wrong."""
    if not isinstance(law, ChinchillaLaw):
        raise BoundaryError(f"an extra law must be a Chinchilla-form law, found {type(law).__name__}")
    where = what or f"law {law.key!r}"
    check_law_key(law.key, "law")
    check_text(law.label, f"{where} label", MAX_NAME)
    check_text(law.source, f"{where} source", MAX_SOURCE, empty=True)
    for name, (lo, hi) in LAW_RANGES.items():
        check_number(getattr(law, name), f"{where} {name}", lo, hi)
    from scalingdesk.core import allocation
    from scalingdesk.core.scenario import COMPUTE_RANGE, PARAMS_RANGE, TOKENS_RANGE

    g = math.nan
    try:
        with np.errstate(all="ignore"):
            n = np.array([PARAMS_RANGE[0], PARAMS_RANGE[1]] * 2)
            d = np.array([TOKENS_RANGE[0]] * 2 + [TOKENS_RANGE[1]] * 2)
            g = float(law.G)
            values = [np.asarray(law.loss(n, d), dtype=float)]
            for c in (COMPUTE_RANGE[0], 1e22, COMPUTE_RANGE[1]):
                opt = allocation.optimal(law, c)
                values.append(np.array([opt.params, opt.tokens, opt.loss]))
            values.append(np.asarray(law.compute_for_optimal_params(np.array(PARAMS_RANGE)), dtype=float))
            ok = all(np.all(np.isfinite(v)) for v in values)
    except (ArithmeticError, ValueError, TypeError):
        ok = False
    if not ok or not (math.isfinite(g) and g > 0):
        raise BoundaryError(
            f"{where} gives losses or optimal sizes that are not finite across the supported "
            "range (check E, A, B, alpha, beta)"
        )
    return law
