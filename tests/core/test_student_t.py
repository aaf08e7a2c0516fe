"""Student's t quantile (core/student_t.py), which keeps scipy.stats out of the app's start-up."""

import math

import pytest

from scalingdesk.core.student_t import t_cdf, t_quantile


# Two-sided critical values from a printed table (e.g. NIST/SEMATECH e-Handbook of Statistical
# Methods, §1.3.6.7.2, "Critical values of the Student's t distribution").
@pytest.mark.parametrize(
    "df, p, table",
    [
        (1, 0.975, 12.706),
        (2, 0.975, 4.303),
        (5, 0.95, 2.015),
        (10, 0.975, 2.228),
        (10, 0.95, 1.812),
        (30, 0.995, 2.750),
        (100, 0.975, 1.984),
    ],
)
def test_quantiles_match_the_printed_table(df, p, table):
    assert t_quantile(p, df) == pytest.approx(table, abs=6e-4)


def test_quantiles_agree_with_scipy():
    stats = pytest.importorskip("scipy.stats")
    for df in (1, 2, 3, 4.5, 7, 12, 25, 60, 150, 400, 2000):
        for p in (0.5, 0.6, 0.8, 0.9, 0.95, 0.975, 0.995, 0.9995, 0.05, 0.0005):
            assert t_quantile(p, df) == pytest.approx(float(stats.t.ppf(p, df)), rel=1e-10, abs=1e-12), (df, p)


def test_the_quantile_inverts_the_cdf_and_is_symmetric():
    for df in (1, 3, 40):
        for p in (0.01, 0.3, 0.7, 0.99):
            assert t_cdf(t_quantile(p, df), df) == pytest.approx(p, abs=1e-13)
            assert t_quantile(1 - p, df) == pytest.approx(-t_quantile(p, df), rel=1e-12)
    assert t_quantile(0.975, 1e6) == pytest.approx(1.959964, abs=1e-5)  # the normal's 1.96


@pytest.mark.parametrize(
    "p, df, message",
    [
        (0.0, 5, "probability 0.0"),
        (1.0, 5, "probability 1.0"),
        (0.9, 0, "degrees of freedom 0"),
        (0.9, math.inf, "degrees of freedom inf"),
    ],
)
def test_bad_arguments_are_refused_by_name(p, df, message):
    with pytest.raises(ValueError, match=message):
        t_quantile(p, df)
