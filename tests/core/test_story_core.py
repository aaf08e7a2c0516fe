"""The story tells itself: one machine (the lever is the C knob), effort you can see, one naive
guess, guesses cleared for an audience, a tour that ends and gives the learner's state back,
and an opening view that invites."""

import math
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest

from scalingdesk.core import allocation, views
from scalingdesk.core.laws import FAMILIES, get_law
from scalingdesk.core.lever import lever_view


def test_one_naive_guess_in_the_loss_plot_and_the_lever():
    law = get_law("epoch2024")
    v = lever_view(law, 1e21, 5)
    assert np.allclose(v.naive_loss, views.naive_line(law, 1e21, v.compute), rtol=1e-12)
    # Every 10x cuts the naive loss by the same factor.
    ratios = v.naive_loss[1:] / v.naive_loss[:-1]
    assert np.allclose(ratios, ratios[0], rtol=1e-9)
    # And the gains still shrink faster than the naive guess's: the gap grows.
    assert np.all(np.diff(v.loss - v.naive_loss) > 0)


def test_gains_match_the_frontier_for_every_family():
    for law in FAMILIES.values():
        v = lever_view(law, 1e20, 4)
        _, _, loss = allocation.frontier(law, 1e20 * 10.0 ** np.arange(5))
        assert np.allclose(v.drops, loss[:-1] - loss[1:], rtol=1e-12)
        assert [r.effort for r in v.rows] == pytest.approx([1, 10, 100, 1000])
        assert all(math.isfinite(r.cost) for r in v.rows)
