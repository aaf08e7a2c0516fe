import pytest

from scalingdesk.core.units import (
    QuantityError,
    format_count,
    format_sci,
    parse_positive,
    parse_quantity,
)


@pytest.mark.parametrize(
    "text, value",
    [("70B", 7e10), ("1.4T", 1.4e12), ("5.76e23", 5.76e23), ("7e10 params", 7e10),
     ("70M", 7e7), ("1,000", 1e3), ("5e3", 5e3), ("400 M", 4e8), ("2.5k", 2500), (3, 3.0)],
)
def test_parse(text, value):
    assert parse_quantity(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["banana", "1.4X", "", "70 B B", "nan", "inf", "1e999"])
def test_refuses_and_names_the_text(text):
    with pytest.raises(QuantityError) as err:
        parse_quantity(text, what="parameters")
    assert "parameters" in str(err.value)


def test_positive():
    with pytest.raises(QuantityError, match="greater than zero"):
        parse_positive("-5B")


def test_format_round_trips():
    for v in (7e10, 1.4e12, 5.76e23, 123.0):
        assert parse_quantity(format_sci(v, 6)) == pytest.approx(v)
    assert format_count(7e10, "params") == "70 B params"
