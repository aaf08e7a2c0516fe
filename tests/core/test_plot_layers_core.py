"""The plots' drag layer and light items: what a drag paints must be what a full repaint paints."""

import pytest

from scalingdesk.core import views


def test_an_unknown_label_side_is_refused(monkeypatch):
    real = views.load_json

    def fake(name):
        data = real(name)
        if name == "models.json":
            data = dict(data, models=[dict(data["models"][0], label="upside down")])
        return data

    monkeypatch.setattr(views, "load_json", fake)
    with pytest.raises(ValueError, match="'upside down'; use one of left, right"):
        views.real_models()
