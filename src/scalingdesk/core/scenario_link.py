"""The body of a version-2 share link: only what differs from the opening scenario, in compact
JSON with short keys and shortest round-trip numbers ("7e10", not "70000000000.0").

``encode_diff(state)`` gives the text; ``decode_diff(data)`` turns the parsed JSON back into a
full scenario dict (the file format), which then passes the same validation as a file.  Qt-free.
"""

from __future__ import annotations

import json
import math
from typing import Any

from scalingdesk.core.boundary import BoundaryError, check_keys, show

#: Short key → scenario field.  Never reuse a letter for another meaning (old links must open).
KEYS = {
    "N": "params",
    "D": "tokens",
    "h": "held",
    "f": "follow_optimum",
    "l": "law",
    "u": "unique_tokens",
    "H": "hardware",
    "X": "extra_laws",
}
_FIELDS = {v: k for k, v in KEYS.items()}
LAW_ORDER = ("key", "label", "E", "A", "B", "alpha", "beta", "source")


def _defaults() -> dict[str, Any]:
    from scalingdesk.core.scenario import opening_state
    from scalingdesk.core.scenario_io import state_to_dict

    return state_to_dict(opening_state())


def _number(x: float) -> str:
    r = repr(float(x))
    if not math.isfinite(x):
        raise ValueError(f"{x!r} is not finite")
    mantissa = r.split("e")[0].replace("-", "").replace(".", "").lstrip("0").rstrip("0") or "0"
    sci = f"{x:.{max(len(mantissa) - 1, 0)}e}".replace("e+", "e").replace("e0", "e").replace("e-0", "e-")
    if float(sci) != x:
        sci = r
    if r.endswith(".0"):
        r = r[:-2]
    return min((r, sci), key=len)


def _dump(v: Any) -> str:
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, (int, float)):
        return _number(v) if isinstance(v, float) else str(v)
    if isinstance(v, dict):
        return "{" + ",".join(f"{json.dumps(k)}:{_dump(x)}" for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ",".join(_dump(x) for x in v) + "]"
    raise TypeError(f"cannot put {type(v).__name__} in a link")


def encode_diff(state: Any) -> str:
    from scalingdesk.core.scenario_io import state_to_dict

    full, base = state_to_dict(state), _defaults()
    out: dict[str, Any] = {}
    for field, short in _FIELDS.items():
        value = full[field]
        if field == "hardware":
            hw = {k: x for k, x in (value or {}).items() if x != (base["hardware"] or {}).get(k)}
            if hw:
                out[short] = hw
        elif field == "extra_laws":
            if value:
                out[short] = [[law[k] for k in LAW_ORDER] for law in value]
        elif value != base[field]:
            out[short] = value
    return _dump(out)


def decode_diff(data: Any) -> dict[str, Any]:
    """A full scenario dict from a link's JSON (not yet validated: state_from_dict does that)."""
    if not isinstance(data, dict):
        raise BoundaryError(f"the link holds {show(data)}, not a scenario")
    check_keys(data, tuple(KEYS), "the link")
    full = _defaults()
    for short, value in data.items():
        field = KEYS[short]
        if field == "hardware":
            if not isinstance(value, dict):
                raise BoundaryError(f"the link's hardware must be an object, found {show(value)}")
            full["hardware"] = {**(full["hardware"] or {}), **value}
        elif field == "extra_laws":
            if not isinstance(value, list) or not all(isinstance(x, list) and len(x) == len(LAW_ORDER) for x in value):
                raise BoundaryError(f"the link's extra laws must be lists of {len(LAW_ORDER)} values")
            full["extra_laws"] = [dict(zip(LAW_ORDER, x)) for x in value]
        else:
            full[field] = value
    return full
