"""Tour templates: a fixed set of names, no attribute or index access, bounded widths/output."""

from __future__ import annotations

import pytest

from scalingdesk.core.tour import MAX_FILLED, TourError, _fill

FACTS = {"floor": 1.82, "law_label": "Epoch AI 2024", "gpt3_tpp": 1.7}


@pytest.mark.parametrize(
    "template, message",
    [
        ("{law_label.__class__}", "plain name"),
        ("{law_label.__class__.__mro__[1].__subclasses__}", "plain name"),
        ("{law_label[0]}", "plain name"),
        ("{law_label[x]}", "plain name"),
        ("{nope}", "unknown placeholder"),
        ("{}", "need a name"),
        ("{0}", "need a name"),
        ("{floor:>100000}", "width 100000"),
        ("{floor:>3000000000}", "width 3000000000"),
        ("{floor:.999999f}", "precision 999999"),
        ("{floor:{floor}}", "bad format"),
        ("{law_label!r}", "conversion"),
        ("{floor", "bad placeholder"),
        ("{law_label:.2f}", "bad placeholder or format"),
        ("{floor:>40}" * 200, f"more than {MAX_FILLED:,}"),
        ("x" * 100_000, "at most"),
    ],
)
def test_hostile_templates_are_refused(template, message):
    with pytest.raises(TourError, match=message) as info:
        _fill(template, "scene 1 field 'text'", FACTS)
    assert "0x" not in str(info.value)  # never an object's address
    assert len(str(info.value)) < 2000


def test_templates_from_the_fixed_fields_fill():
    assert _fill("floor {floor:.2f}, {law_label}; {gpt3_tpp:>6.1f}", "w", FACTS) == "floor 1.82, Epoch AI 2024;    1.7"
    assert _fill("{{literal}} {floor:>40.1f}", "w", FACTS).endswith("1.8")
