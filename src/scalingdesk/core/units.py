"""Reading and writing quantities the way people type them: "70B", "1.4T", "5.76e23"."""

from __future__ import annotations

import math
import re

_SUFFIXES: dict[str, float] = {
    "": 1.0,
    "k": 1e3,
    "K": 1e3,
    "M": 1e6,
    "B": 1e9,
    "G": 1e9,
    "T": 1e12,
    "P": 1e15,
    "E": 1e18,
}

_NUMBER = re.compile(
    r"""^\s*
    (?P<num>[+-]?(?:\d+(?:[.,_]\d+)*\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
    \s*(?P<suffix>[kKMBGTPE]?)
    \s*(?P<unit>[A-Za-z/ -]*?)\s*$""",
    re.VERBOSE,
)

#: Words a user may append after the number; they carry no scale.
_UNIT_WORDS = {
    "",
    "params",
    "parameters",
    "param",
    "p",
    "tokens",
    "token",
    "tok",
    "flop",
    "flops",
    "runs",
}


class QuantityError(ValueError):
    """A text that is not a positive, finite quantity; the message names the text."""


def parse_quantity(text: str | float | int, *, what: str = "value") -> float:
    """Parse "70B", "1.4T", "5.76e23", "7e10 params", "1,000" into a float.

    Suffixes: k/K 1e3, M 1e6, B or G 1e9, T 1e12, P 1e15, E 1e18 (a bare "E" suffix is read only
    after a complete number, so "5e3" stays 5000).  Raises :class:`QuantityError` naming the text.
    """
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        value = float(text)
    else:
        raw = str(text)
        m = _NUMBER.match(raw)
        if not m or m.group("unit").strip().lower() not in _UNIT_WORDS:
            raise QuantityError(f"{what} {raw!r} is not a number; write it like 70B, 1.4T or 5.76e23")
        num = m.group("num").replace("_", "").replace(",", "")
        try:
            value = float(num) * _SUFFIXES[m.group("suffix")]
        except ValueError:
            raise QuantityError(f"{what} {raw!r} is not a number; write it like 70B, 1.4T or 5.76e23") from None
    if not math.isfinite(value):
        raise QuantityError(f"{what} {text!r} is not finite")
    return value


def parse_positive(text: str | float | int, *, what: str = "value") -> float:
    value = parse_quantity(text, what=what)
    if value <= 0:
        raise QuantityError(f"{what} {text!r} must be greater than zero")
    return value


_HUMAN = [(1e15, "P"), (1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")]

#: Beyond this a count reads as a power of ten ("1.5e20"), not "150,000 P".
_SCI_ABOVE = 1e18


def _sig(value: float, digits: int) -> float:
    """``value`` rounded to ``digits`` significant digits."""
    return float(f"{value:.{digits}g}") if value else 0.0


def format_number(value: float, digits: int = 3) -> str:
    """The one human form of a plain number, never Python's exponent ("4.51e+04"):
    45123 → "45,100", 16852.3 → "16,900", 0.0116 → "0.0116", 18.37 → "18.4", 5.9e23 → "5.9e23".

    ``digits`` significant digits; thousands get separators up to a billion, beyond that (and
    below 1e-4) a compact power of ten that :func:`parse_quantity` reads back.
    """
    if not math.isfinite(value):
        return "∞" if value > 0 else ("−∞" if value < 0 else "—")
    if value == 0:
        return "0"
    r = _sig(value, digits)
    a = abs(r)
    if a >= 1e9 or a < 1e-4:
        return format_sci(value, digits)
    if a >= 10**digits or a >= 1000:
        return f"{r:,.0f}"
    text = f"{r:.{digits}g}"
    return text if "e" not in text else f"{r:,.{max(0, digits - 1)}f}"


def format_count(value: float, unit: str = "", digits: int = 3) -> str:
    """70000000000 → "70 B"; 1.4e12 → "1.4 T" (3 significant digits by default); past 1e18 a
    power of ten ("1.5e20"), never "1e+03 P"."""
    if not math.isfinite(value):
        return "∞" if value > 0 else "—"
    r = _sig(value, digits)
    if abs(r) >= _SCI_ABOVE:
        text = format_sci(value, digits)
    else:
        for scale, suffix in _HUMAN:
            if abs(r) >= scale:
                text = f"{format_number(r / scale, digits)} {suffix}"
                break
        else:
            text = format_number(value, digits)
    return f"{text} {unit}".rstrip() if unit else text


def format_short(value: float, *, suffixes: bool = True, digits: int = 3) -> str:
    """A short form that parse_quantity reads back, for entry fields and dial ticks:
    1e9 → "1B" (suffixes) or "1e9"."""
    if not math.isfinite(value) or value <= 0:
        return format_number(value, digits)
    r = _sig(value, digits)
    if suffixes and r < _SCI_ABOVE:
        for scale, suffix in _HUMAN:
            if r >= scale:
                return f"{_sig(r / scale, digits):g}{suffix}"
        return f"{r:g}" if r >= 1e-4 else format_sci(value, digits)
    return format_sci(value, digits)


def format_range(low: float, high: float, unit: str = "", *, suffixes: bool = True) -> str:
    """An inclusive range, worded one way everywhere: "1M to 100T params" or
    "1e15 to 1e30 FLOP" (both ends allowed)."""
    text = f"{format_short(low, suffixes=suffixes)} to {format_short(high, suffixes=suffixes)}"
    return f"{text} {unit}".rstrip()


def format_limit(value: float, low: float, high: float, unit: str = "", *, suffixes: bool = True) -> str:
    """Why ``value`` is refused, without contradicting itself: the value gets as many digits as
    it takes to differ from the limit it passed ("1.0000001e30 is above the maximum 1e30 FLOP
    (allowed: 1e15 to 1e30 FLOP, ends included)")."""
    side, bound = ("above the maximum", high) if value > high else ("below the minimum", low)
    text = format_short(value, suffixes=suffixes)
    for digits in range(3, 17):
        text = format_short(value, suffixes=suffixes, digits=digits)
        if parse_quantity(text) != bound and text != format_short(bound, suffixes=suffixes):
            break
    limit = f"{format_short(bound, suffixes=suffixes)} {unit}".rstrip()
    return f"{text} is {side} {limit} (allowed: {format_range(low, high, unit, suffixes=suffixes)}, ends included)"


def format_flops(value: float) -> str:
    """5.76e23 → "5.8e23 FLOP"."""
    if not math.isfinite(value):
        return "∞ FLOP"
    mantissa, exponent = f"{value:.1e}".split("e")
    return f"{mantissa}e{int(exponent)} FLOP"


def format_sci(value: float, digits: int = 3) -> str:
    """A compact scientific form that parse_quantity reads back: 5.76e+23 → "5.76e23"."""
    if value == 0 or not math.isfinite(value):
        return repr(value)
    mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}e{int(exponent)}"


def format_bytes(value: float) -> str:
    """Bytes in decimal units: 1.41e11 → "141 GB", 1.19e12 → "1.19 TB"."""
    gb = value / 1e9
    return f"{format_number(gb / 1000)} TB" if abs(gb) >= 1000 else f"{format_number(gb)} GB"


def format_rate(value: float, unit: str = "tok/s") -> str:
    """A throughput: 1234.5 → "1,230 tok/s"; 0.042 → "0.042 tok/s"."""
    digits = 2 if abs(value) < 10 else 3
    return f"{format_number(value, digits)} {unit}"


def format_days_count(days: float) -> str:
    """A number of (GPU-)days: 16,852 → "16,900"; 3.4 → "3.4"."""
    return format_number(days)


def format_duration_days(days: float) -> str:
    if not math.isfinite(days):
        return "∞"
    if days < 1 / 24:
        return f"{format_number(days * 1440, 2)} min"
    if days < 1:
        return f"{days * 24:.1f} h"
    if days < 365:
        return f"{format_number(days)} days"
    return f"{format_number(days / 365.25)} years"


_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def format_power_of_ten(value: float) -> str:
    """1e26 → "10²⁶" (the plots' axes read the same way)."""
    return "10" + str(int(round(math.log10(value)))).translate(_SUPERSCRIPT)


def format_decimals(value: float, places: int) -> str:
    """A fixed number of decimals, for columns of like numbers: (1.93456, 4) → "1.9346"."""
    return f"{value:.{places}f}"


def format_whole(value: int) -> str:
    """A whole count with thousands separators: 12345 → "12,345"."""
    return f"{value:,}"


def format_percent(fraction: float, decimals: int = 0) -> str:
    """A fraction as a percentage: (0.38, 0) → "38%", (0.402, 1) → "40.2%"."""
    return f"{fraction:.{decimals}%}"


def format_plain(value: float) -> str:
    """Python's shortest general form, for settings the user typed: 30.0 → "30", 0.5 → "0.5"."""
    return f"{value:g}"


def format_coordinate(value: float) -> str:
    """A drawing coordinate for SVG, to a hundredth, with no trailing zeros: 12.50 → "12.5",
    -0.001 → "0"."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
