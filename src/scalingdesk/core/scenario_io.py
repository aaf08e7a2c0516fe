"""Scenario files (``.scalingdesk``: versioned JSON) and short share codes.

Files are validated on load and written atomically (temp file in the same folder, fsync,
rename), so a crash mid-save never leaves a half-written scenario.  Never pickle: a scenario
file from a stranger must not be able to run code.
"""

from __future__ import annotations

import base64
import json
import math
import os
import tempfile
import zlib
from pathlib import Path
from typing import Any

from scalingdesk.core.laws import ChinchillaLaw
from scalingdesk.core.scenario import KNOBS, ScenarioError, ScenarioState, validate_state

FORMAT = "scalingdesk-scenario"
VERSION = 1
SUFFIX = ".scalingdesk"
LINK_PREFIX = "scalingdesk://s/"
MAX_FILE_BYTES = 1_000_000  # a scenario is a few hundred bytes; refuse anything absurd


class ScenarioFileError(ValueError):
    """A file or code that is not a valid scenario; the message says what is wrong."""


def _law_to_dict(law: ChinchillaLaw) -> dict[str, Any]:
    return {
        "key": law.key,
        "label": law.label,
        "E": law.E,
        "A": law.A,
        "B": law.B,
        "alpha": law.alpha,
        "beta": law.beta,
        "source": law.source,
    }


def _number(d: dict[str, Any], key: str, where: str) -> float:
    value = d.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ScenarioFileError(f"{where}{key!r} must be a finite number, found {value!r}")
    return float(value)


def _law_from_dict(d: Any) -> ChinchillaLaw:
    if not isinstance(d, dict):
        raise ScenarioFileError(f"a law must be an object, found {d!r}")
    key, label = d.get("key"), d.get("label", d.get("key"))
    if not isinstance(key, str) or not key:
        raise ScenarioFileError(f"a law's 'key' must be a non-empty text, found {key!r}")
    values = {k: _number(d, k, f"law {key!r}: ") for k in ("E", "A", "B", "alpha", "beta")}
    if any(v <= 0 for k, v in values.items() if k != "E") or values["E"] < 0:
        raise ScenarioFileError(f"law {key!r}: A, B, alpha, beta must be > 0 and E ≥ 0")
    return ChinchillaLaw(
        key=key, label=str(label), source=str(d.get("source", "user fit")), **values
    )


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
    if not isinstance(d, dict) or d.get("format") != FORMAT:
        raise ScenarioFileError("this is not a ScalingDesk scenario (no 'format' marker)")
    version = d.get("version")
    if not isinstance(version, int) or version < 1:
        raise ScenarioFileError(f"scenario version {version!r} is not valid")
    if version > VERSION:
        raise ScenarioFileError(
            f"scenario version {version} is newer than this ScalingDesk understands ({VERSION}); "
            "update the app to open it"
        )
    held = d.get("held", "C")
    if held not in KNOBS:
        raise ScenarioFileError(f"'held' must be one of C, N, D, found {held!r}")
    law = d.get("law")
    if not isinstance(law, str):
        raise ScenarioFileError(f"'law' must be a family key, found {law!r}")
    unique = d.get("unique_tokens")
    if unique is not None:
        unique = _number(d, "unique_tokens", "")
    extra = d.get("extra_laws", [])
    if not isinstance(extra, list):
        raise ScenarioFileError("'extra_laws' must be a list")
    kwargs: dict[str, Any] = {}
    if d.get("hardware") is not None:
        from scalingdesk.core.hardware import HardwareConfig

        try:
            kwargs["hardware"] = HardwareConfig.from_dict(d["hardware"])
        except ValueError as err:
            raise ScenarioFileError(f"hardware settings: {err}") from None
    follow = d.get("follow_optimum", False)
    if not isinstance(follow, bool):
        raise ScenarioFileError(f"'follow_optimum' must be true or false, found {follow!r}")
    state = ScenarioState(
        params=_number(d, "params", ""),
        tokens=_number(d, "tokens", ""),
        held=held,
        follow_optimum=follow,
        law=law,
        unique_tokens=unique,
        extra_laws=tuple(_law_from_dict(x) for x in extra),
        **kwargs,
    )
    try:
        return validate_state(state)
    except ScenarioError as err:
        raise ScenarioFileError(str(err)) from None


def save(path: str | os.PathLike[str], state: ScenarioState) -> Path:
    """Write atomically: a crash leaves either the old file or the new one, never half of one."""
    target = Path(path)
    text = json.dumps(state_to_dict(state), indent=2) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=".~", suffix=SUFFIX, dir=target.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def load(path: str | os.PathLike[str]) -> ScenarioState:
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ScenarioFileError(f"{p.name} is {size:,} bytes: too large to be a scenario")
        raw = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioFileError(f"{p} does not exist") from None
    except UnicodeDecodeError:
        raise ScenarioFileError(f"{p.name} is not a text file, so not a scenario") from None
    except OSError as err:
        raise ScenarioFileError(f"{p} could not be read: {err.strerror}") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as err:
        raise ScenarioFileError(
            f"{p.name} is not valid JSON (line {err.lineno}, column {err.colno}): {err.msg}"
        ) from None
    try:
        return state_from_dict(data)
    except ScenarioFileError as err:
        raise ScenarioFileError(f"{p.name}: {err}") from None


def to_link(state: ScenarioState) -> str:
    """A short text another copy of the app opens: scalingdesk://s/<zlib+base64url JSON>."""
    raw = json.dumps(state_to_dict(state), separators=(",", ":")).encode()
    return LINK_PREFIX + base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode().rstrip("=")


def from_link(text: str) -> ScenarioState:
    code = text.strip()
    if code.startswith(LINK_PREFIX):
        code = code[len(LINK_PREFIX) :]
    elif "://" in code:
        raise ScenarioFileError(f"{text[:40]!r} is not a ScalingDesk link (scalingdesk://s/…)")
    if not code or len(code) > 20_000:
        raise ScenarioFileError("the link is empty or too long to be a scenario")
    try:
        raw = zlib.decompress(base64.urlsafe_b64decode(code + "=" * (-len(code) % 4)), bufsize=4096)
        data = json.loads(raw.decode())
    except (ValueError, zlib.error, UnicodeDecodeError):
        raise ScenarioFileError("the link is damaged: it does not decode to a scenario") from None
    return state_from_dict(data)
