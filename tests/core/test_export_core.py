"""Exports (issue 19): an SVG that librsvg draws like the PNG of the same view, PNG at 1x/2x/3x
with the law family noted, CSV with one named column pair per series (each training run with its
N), every file written atomically (a kill -9 mid-export leaves the previous file), failures as
one line: a message in the window, exit 2 in the CLI."""

import numpy as np
import pytest

from scalingdesk.core import export_tables, views
from scalingdesk.core.laws import get_law


def test_csv_table_numbers_are_the_core_s():
    law = get_law("hoffmann2022")
    series = export_tables.plot_series("isoflop", law, 7e10, 1.4e12)
    budgets = views.isoflop_view(law, 7e10, 1.4e12).budgets
    bottoms = next(s for s in series if s.name == "valley bottom (optimum)")
    assert np.allclose(bottoms.y, [law.loss(n, c / (6 * n)) for n, c in zip(bottoms.x, budgets)])
    mid = next(s for s in series if s.name.startswith("isoFLOP at your budget C"))
    c = 6 * 7e10 * 1.4e12
    assert np.allclose(mid.y, law.loss(mid.x, c / (6 * mid.x)))
    with pytest.raises(ValueError, match="no CSV for 'lever'"):
        export_tables.plot_series("lever", law, 7e10, 1.4e12)
