"""Student's t quantile without scipy: the trend intervals need one number, and importing
scipy.stats (or scipy.special) for it cost 0.5-2 s of every start of the app.

The CDF is the regularized incomplete beta function, F(t) = 1 - I_x(df/2, 1/2) / 2 for t > 0 with
x = df / (df + t²) (Abramowitz & Stegun 26.7.1 with 26.5.27), evaluated by its continued fraction
(A&S 26.5.8, Lentz's method as in Numerical Recipes §6.4); the quantile is found by safeguarded
Newton steps on that CDF.  Agrees with scipy.stats.t.ppf to ~1e-12 (tests/test_student_t.py).
"""

from __future__ import annotations

import math

_EPS = 1e-15
_TINY = 1e-300


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (A&S 26.5.8), Lentz's method."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, 500):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        step = d * c
        h *= step
        if abs(step - 1.0) < _EPS:
            break
    return h


def _betainc(a: float, b: float, x: float) -> float:
    """The regularized incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T ≤ t) for Student's t with df degrees of freedom."""
    tail = 0.5 * _betainc(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t > 0 else tail


def t_pdf(t: float, df: float) -> float:
    return math.exp(
        math.lgamma((df + 1) / 2)
        - math.lgamma(df / 2)
        - 0.5 * math.log(df * math.pi)
        - (df + 1) / 2 * math.log1p(t * t / df)
    )


def t_quantile(p: float, df: float) -> float:
    """The t with P(T ≤ t) = p (scipy.stats.t.ppf(p, df))."""
    if not (0.0 < p < 1.0):
        raise ValueError(f"probability {p!r} must be strictly between 0 and 1")
    if not (df > 0 and math.isfinite(df)):
        raise ValueError(f"degrees of freedom {df!r} must be a positive, finite number")
    if p == 0.5:
        return 0.0
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    lo, hi = 0.0, 1.0
    while t_cdf(hi, df) < p:  # bracket the root
        lo, hi = hi, hi * 2.0
    t = 0.5 * (lo + hi)
    for _ in range(200):
        f = t_cdf(t, df) - p
        if f > 0:
            hi = t
        else:
            lo = t
        step = f / max(t_pdf(t, df), _TINY)
        new = t - step
        if not (lo < new < hi):  # Newton left the bracket: bisect instead
            new = 0.5 * (lo + hi)
        if abs(new - t) <= 1e-14 * max(1.0, abs(new)):
            return new
        t = new
    return t
