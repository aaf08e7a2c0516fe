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
            raise QuantityError(
                f"{what} {raw!r} is not a number; write it like 70B, 1.4T or 5.76e23"
            )
        num = m.group("num").replace("_", "").replace(",", "")
        try:
            value = float(num) * _SUFFIXES[m.group("suffix")]
        except ValueError:
            raise QuantityError(
                f"{what} {raw!r} is not a number; write it like 70B, 1.4T or 5.76e23"
            ) from None
    if not math.isfinite(value):
        raise QuantityError(f"{what} {text!r} is not finite")
    return value


def parse_positive(text: str | float | int, *, what: str = "value") -> float:
    value = parse_quantity(text, what=what)
    if value <= 0:
        raise QuantityError(f"{what} {text!r} must be greater than zero")
    return value


_HUMAN = [(1e15, "P"), (1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")]


def format_count(value: float, unit: str = "", digits: int = 3) -> str:
    """70000000000 → "70 B"; 1.4e12 → "1.4 T" (3 significant digits by default)."""
    if not math.isfinite(value):
        return "∞" if value > 0 else "—"
    for scale, suffix in _HUMAN:
        if abs(value) >= scale:
            text = f"{value / scale:.{digits}g} {suffix}"
            break
    else:
        text = f"{value:.{digits}g}"
    return f"{text} {unit}".rstrip() if unit else text


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


def format_duration_days(days: float) -> str:
    if not math.isfinite(days):
        return "∞"
    if days < 1 / 24:
        return f"{days * 1440:.0f} min"
    if days < 1:
        return f"{days * 24:.1f} h"
    if days < 365:
        return f"{days:.3g} days"
    return f"{days / 365.25:.3g} years"
