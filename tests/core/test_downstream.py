"""Loss to downstream: Schaeffer et al.'s metric model, and the published fits named honestly."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from scalingdesk.cli import main
from scalingdesk.core import downstream


def test_readout_numbers_and_names():
    r = downstream.readout(1.9, irreducible=1.82)
    assert r.reducible_loss == pytest.approx(0.08)
    assert r.per_token_accuracy == pytest.approx(math.exp(-0.08))
    assert r.exact_match[10] == pytest.approx(math.exp(-0.08) ** 10)
    assert [f.benchmark for f in r.fits] == ["ARC Challenge", "average of 17 tasks (top-1 error)"]
    llama, gadre = r.fits
    assert not llama.constants_published and "no number" in llama.status
    assert gadre.constants_published and "0.857" in gadre.form  # Gadre et al.'s RedPajama fit
    assert "2407.21783" in r.note and "2403.08540" in r.note
    with pytest.raises(ValueError, match="irreducible"):
        downstream.readout(1.9, irreducible=2.0)
    with pytest.raises(ValueError, match="loss"):
        downstream.readout(-1.0)


def test_forms_behave_as_published():
    loss = np.linspace(2.0, 5.0, 7)
    err = downstream.gadre_top1_error(loss, epsilon=0.9, k=2.0, gamma=0.8)
    assert np.all(np.diff(err) > 0)  # higher loss, higher error
    assert err[0] == pytest.approx(0.9 - 2.0 * math.exp(-1.6))
    acc = downstream.llama3_sigmoid_accuracy(loss, low=0.25, high=0.95, slope=3.0, midpoint=3.5)
    assert np.all(np.diff(acc) < 0) and acc[3] == pytest.approx(0.6)


def test_cli_downstream(capsys):
    code = main(["downstream", "--loss", "2.0", "--json"])
    data = json.loads(capsys.readouterr()[0])
    assert code == 0 and data["per_token_accuracy"] == pytest.approx(math.exp(-2.0))
    assert len(data["fits"]) == 2
