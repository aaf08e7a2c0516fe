"""Scenario files (``.scalingdesk``: versioned JSON) and short share links.

Files and links pass the boundary (scalingdesk.core.boundary): bounded reads of regular files
only, depth-limited JSON, every field range-checked, unknown fields refused, and the whole state
validated (extra laws computed across the knobs' range) before anything is returned, so a loader
commits all of a scenario or none of it.  Files are written atomically (boundary.atomic_write).
Never pickle: a scenario file from a stranger must not be able to run code.

Links: ``scalingdesk://s/2/<code>``, where the code is base64url of a zlib stream of compact JSON
holding only what differs from the opening scenario (:mod:`scalingdesk.core.scenario_link`).
Version-1 links (``scalingdesk://s/<code>``, the whole file) still open.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import zlib
from pathlib import Path
from typing import Any

from scalingdesk.core import boundary
from scalingdesk.core.boundary import BoundaryError
from scalingdesk.core.laws import ChinchillaLaw
from scalingdesk.core.scenario import (
    KNOBS,
    PARAMS_RANGE,
    TOKENS_RANGE,
    ScenarioError,
    ScenarioState,
    validate_state,
)

FORMAT = "scalingdesk-scenario"
VERSION = 1
SUFFIX = ".scalingdesk"
LINK_PREFIX = "scalingdesk://s/"
LINK_PREFIX_V2 = "scalingdesk://s/2/"
MAX_FILE_BYTES = 1_000_000  # a scenario is a few hundred bytes; refuse anything absurd
MAX_LINK_CHARS = 20_000
MAX_LINK_JSON = 200_000  # decompressed bytes of a link
MAX_EXTRA_LAWS = 20

TOP_KEYS = (
    "format",
    "version",
    "params",
    "tokens",
    "held",
    "follow_optimum",
    "law",
    "unique_tokens",
    "hardware",
    "extra_laws",
)
LAW_KEYS = ("key", "label", "E", "A", "B", "alpha", "beta", "source")


class ScenarioFileError(ValueError):
    """A file or code that is not a valid scenario; the message says what is wrong."""


def _law_to_dict(law: ChinchillaLaw) -> dict[str, Any]:
    return {k: getattr(law, k) for k in LAW_KEYS}


def _law_from_dict(d: Any, i: int) -> ChinchillaLaw:
    from scalingdesk.core.law_checks import LAW_RANGES, check_law_key

    where = f"extra_laws[{i}]"
    if not isinstance(d, dict):
        raise BoundaryError(f"{where} must be an object, found {boundary.show(d)}")
    boundary.check_keys(d, LAW_KEYS, where)
    key = check_law_key(d.get("key"), where)
    label = boundary.check_text(d.get("label", key), f"{where} label", boundary.MAX_NAME)
    source = boundary.check_text(d.get("source", "user fit"), f"{where} source", boundary.MAX_SOURCE, empty=True)
    values: dict[str, Any] = {}  # the law's numeric fields, by name
    for name, (lo, hi) in LAW_RANGES.items():
        if name not in d:
            raise BoundaryError(f"{where} needs the field {name!r}")
        values[name] = boundary.check_number(d[name], f"{where} {name}", lo, hi)
    return ChinchillaLaw(key=key, label=label, source=source, **values)


def state_to_dict(state: ScenarioState) -> dict[str, Any]:
    hardware = state.hardware.to_dict() if hasattr(state.hardware, "to_dict") else None
    return {
        "format": FORMAT,
        "version": VERSION,
        "params": state.params,
        "tokens": state.tokens,
        "held": state.held,
        "follow_optimum": state.follow_optimum,
        "law": state.law,
        "unique_tokens": state.unique_tokens,
        "hardware": hardware,
        "extra_laws": [_law_to_dict(x) for x in state.extra_laws],
    }


def state_from_dict(d: Any) -> ScenarioState:
    """Validate a whole scenario dict; :class:`ScenarioFileError` (one line) if anything is wrong."""
    try:
        return _state_from_dict(d)
    except (BoundaryError, ScenarioError) as err:
        raise ScenarioFileError(boundary.one_line(err)) from None
    except (ArithmeticError, TypeError, ValueError, RecursionError) as err:  # belt and braces
        raise ScenarioFileError(f"the scenario is not usable: {boundary.one_line(err, 120)}") from None


def _state_from_dict(d: Any) -> ScenarioState:
    if not isinstance(d, dict) or d.get("format") != FORMAT:
        raise BoundaryError("this is not a ScalingDesk scenario (no 'format' marker)")
    boundary.check_keys(d, TOP_KEYS, "the scenario")
    version = d.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise BoundaryError(f"scenario version {boundary.show(version)} is not valid")
    if version > VERSION:
        raise BoundaryError(
            f"scenario version {boundary.show(version)} is newer than this ScalingDesk understands "
            f"({VERSION}); update the app to open it"
        )
    held = d.get("held", "C")
    if not isinstance(held, str) or held not in KNOBS:
        raise BoundaryError(f"'held' must be one of C, N, D, found {boundary.show(held)}")
    law = boundary.check_text(d.get("law"), "'law'", 40)
    params = boundary.check_number(d.get("params"), "params", *PARAMS_RANGE)
    tokens = boundary.check_number(d.get("tokens"), "tokens", *TOKENS_RANGE)
    unique = d.get("unique_tokens")
    if unique is not None:
        unique = boundary.check_number(unique, "unique_tokens", *TOKENS_RANGE)
    follow = d.get("follow_optimum", False)
    if not isinstance(follow, bool):
        raise BoundaryError(f"'follow_optimum' must be true or false, found {boundary.show(follow)}")
    extra = d.get("extra_laws", [])
    if not isinstance(extra, list):
        raise BoundaryError("'extra_laws' must be a list")
    if len(extra) > MAX_EXTRA_LAWS:
        raise BoundaryError(f"'extra_laws' holds {len(extra)} laws; at most {MAX_EXTRA_LAWS} are allowed")
    laws = tuple(_law_from_dict(x, i) for i, x in enumerate(extra))
    if len({x.key for x in laws}) != len(laws):
        raise BoundaryError("'extra_laws' uses the same key twice")
    kwargs: dict[str, Any] = {}
    if d.get("hardware") is not None:
        kwargs["hardware"] = _hardware_from_dict(d["hardware"])
    state = ScenarioState(
        params=params,
        tokens=tokens,
        held=held,
        follow_optimum=follow,
        law=law,
        unique_tokens=unique,
        extra_laws=laws,
        **kwargs,
    )
    from scalingdesk.core.law_checks import validate_law

    for x in laws:
        validate_law(x, f"extra law {x.key!r}")
    return validate_state(state)


def _hardware_from_dict(d: Any) -> Any:
    from scalingdesk.core.hardware import HardwareConfig

    if not isinstance(d, dict):
        raise BoundaryError(f"'hardware' must be an object, found {boundary.show(d)}")
    boundary.check_hardware(d, "hardware")
    try:
        return HardwareConfig.from_dict(d)
    except (ValueError, TypeError) as err:
        raise BoundaryError(f"hardware settings: {boundary.one_line(err, 200)}") from None


def state_to_bytes(state: ScenarioState) -> bytes:
    return (json.dumps(state_to_dict(state), indent=2, allow_nan=False) + "\n").encode("utf-8")


def save(path: str | os.PathLike[str], state: ScenarioState) -> Path:
    """Write atomically: a crash leaves either the old file or the new one, never half of one;
    a symlink's target is replaced and the file's mode kept (boundary.atomic_write)."""
    boundary.atomic_write(path, state_to_bytes(state))
    return Path(path)


def load(path: str | os.PathLike[str]) -> ScenarioState:
    p = Path(path)
    name = boundary.one_line(p.name or str(p), 120)
    try:
        data = boundary.load_json_file(p, MAX_FILE_BYTES, "scenario")
    except BoundaryError as err:
        raise ScenarioFileError(boundary.one_line(err)) from None
    try:
        return state_from_dict(data)
    except ScenarioFileError as err:
        raise ScenarioFileError(f"{name}: {err}") from None


# --- links -------------------------------------------------------------------------------------


def to_link(state: ScenarioState) -> str:
    """A short text another copy of the app opens (version 2: only what differs from the opening
    scenario, compact JSON, zlib, base64url)."""
    from scalingdesk.core.scenario_link import encode_diff

    raw = encode_diff(state).encode("utf-8")
    z = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate: no header or checksum to pay for
    packed = z.compress(raw) + z.flush()
    # 'z' + deflated, or 'j' + the JSON itself when deflate does not make it shorter.
    flag, body = ("z", packed) if len(packed) < len(raw) else ("j", raw)
    return LINK_PREFIX_V2 + flag + base64.urlsafe_b64encode(body).decode().rstrip("=")


def _unbase64(code: str) -> bytes:
    if not code or len(code) > MAX_LINK_CHARS:
        raise ScenarioFileError("the link is empty or too long to be a scenario")
    try:
        return base64.b64decode(code + "=" * (-len(code) % 4), altchars=b"-_", validate=True)
    except (ValueError, binascii.Error):
        raise ScenarioFileError("the link is damaged: it does not decode to a scenario") from None


def _inflate_v2(code: str) -> bytes:
    flag, body = code[:1], _unbase64(code[1:])
    if flag == "j":
        return body
    if flag != "z":
        raise ScenarioFileError("the link is damaged: unknown encoding")
    return _finish(zlib.decompressobj(-15), body)


def _finish(z: Any, packed: bytes) -> bytes:
    try:
        raw = z.decompress(packed, MAX_LINK_JSON)
    except zlib.error:
        raise ScenarioFileError("the link is damaged: it does not decode to a scenario") from None
    if z.unconsumed_tail:
        raise ScenarioFileError(f"the link unpacks to more than {MAX_LINK_JSON:,} bytes")
    if not z.eof:
        raise ScenarioFileError("the link is cut short: its compressed data does not end")
    if z.unused_data:
        raise ScenarioFileError("the link is damaged: bytes follow its compressed data")
    return raw


def _inflate(code: str) -> bytes:
    return _finish(zlib.decompressobj(), _unbase64(code))


def from_link(text: str) -> ScenarioState:
    if not isinstance(text, str):
        raise ScenarioFileError("a link must be text")
    code = text.strip()
    if code.startswith(LINK_PREFIX):
        code = code[len(LINK_PREFIX) :]
    elif "://" in code:
        raise ScenarioFileError(f"{boundary.show(text, 40)} is not a ScalingDesk link (scalingdesk://s/…)")
    if code.startswith("2/"):
        from scalingdesk.core.scenario_link import decode_diff

        data = _parse(_inflate_v2(code[2:]))
        try:
            full = decode_diff(data)
        except BoundaryError as err:
            raise ScenarioFileError(f"link: {boundary.one_line(err)}") from None
        return _from(full)
    return _from(_parse(_inflate(code)))


def _parse(raw: bytes) -> Any:
    try:
        return boundary.parse_json(raw, "the link")
    except BoundaryError as err:
        raise ScenarioFileError(boundary.one_line(err)) from None


def _from(data: Any) -> ScenarioState:
    try:
        return state_from_dict(data)
    except ScenarioFileError as err:
        raise ScenarioFileError(f"link: {err}") from None


def load_any(target: str | os.PathLike[str]) -> ScenarioState:
    """A share link (``scalingdesk://…``) or a scenario file."""
    text = os.fspath(target)
    if isinstance(text, str) and "://" in text:  # a link (another scheme is refused as a link)
        return from_link(text)
    return load(text)
