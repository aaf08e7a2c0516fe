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
    [
        ("70B", 7e10),
        ("1.4T", 1.4e12),
        ("5.76e23", 5.76e23),
        ("7e10 params", 7e10),
        ("70M", 7e7),
        ("1,000", 1e3),
        ("5e3", 5e3),
        ("400 M", 4e8),
        ("2.5k", 2500),
        (3, 3.0),
    ],
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


def test_one_human_formatter_never_writes_a_python_exponent():
    from scalingdesk.core.units import (
        format_bytes,
        format_duration_days,
        format_number,
        format_rate,
        format_short,
    )

    assert format_number(45123) == "45,100"
    assert format_number(16852.3) == "16,900"
    assert format_number(0.0116) == "0.0116"  # not "0.0"
    assert format_number(18.37) == "18.4"
    assert format_number(999.7) == "1,000"
    assert format_number(4.05e11) == "4.05e11"
    assert format_duration_days(45100 * 365.25) == "45,100 years"  # not "4.51e+04 years"
    assert format_bytes(1.19e12) == "1.19 TB" and format_bytes(1.41e11) == "141 GB"
    assert format_rate(0.042) == "0.042 tok/s"
    assert format_count(1.5e20, "tokens") == "1.5e20 tokens"  # not "1.5e+05 P tokens"
    assert format_count(999.96e9) == "1 T"  # not "1e+03 B"
    assert format_short(1e9) == "1B" and format_short(5.76e23, suffixes=False) == "5.76e23"
    for k in range(-6, 31):
        for m in (1.0, 2.5, 9.999):
            v = m * 10.0**k
            for text in (
                format_number(v),
                format_count(v),
                format_short(v),
                format_short(v, suffixes=False),
                format_duration_days(v),
            ):
                assert "e+" not in text, (v, text)
                if "e" in text.replace("years", "").replace("days", "").replace("tok", ""):
                    parse_quantity(text.split()[0])  # a power of ten reads back


def test_limits_and_ranges_are_worded_one_way():
    from scalingdesk.core.units import format_limit, format_range

    assert format_range(1e6, 1e14, "params") == "1M to 100T params"
    assert format_range(1e15, 1e30, "FLOP", suffixes=False) == "1e15 to 1e30 FLOP"
    msg = format_limit(1.0000001e30, 1e15, 1e30, "FLOP", suffixes=False)
    assert msg == "1.0000001e30 is above the maximum 1e30 FLOP (allowed: 1e15 to 1e30 FLOP, ends included)"
    assert format_limit(5e5, 1e6, 1e14, "params").startswith("500K is below the minimum 1M params")
