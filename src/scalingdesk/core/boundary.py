"""The boundary: everything that comes from outside (files, links, tours, the saved session, CSV)
passes through here before the rest of the app sees it.  Qt-free.

- :func:`read_bounded` reads regular files only, with a size cap enforced by reading (``st_size``
  is 0 for devices, so it is never trusted), and never blocks on a FIFO or a device.
- :func:`parse_json` limits nesting depth, refuses NaN/Infinity, overflowing numbers, integers
  of more than :data:`MAX_INT_DIGITS` digits and duplicate keys, all as :class:`BoundaryError`
  (a ValueError), never RecursionError / OverflowError.
- :func:`check_int`, :func:`check_number`, :func:`check_text` range-check values before use;
  every integer that can reach a Qt widget is within a C ``int``.
- :func:`atomic_write` writes a file so that a crash (even ``kill -9``) leaves the old file or the
  new one, never half of one, and no temporary file.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Any

from scalingdesk.core.units import format_short

#: The largest value of a C ``int`` (Qt's spin boxes, sizes and indices are ``int``).
C_INT_MAX = 2**31 - 1
#: JSON nesting deeper than this is refused (scenarios need 4 levels; tours 5).
MAX_JSON_DEPTH = 32
#: Integers with more digits are refused before Python converts them (its own limit is 4300).
MAX_INT_DIGITS = 300
#: Default cap on one file read from outside.
DEFAULT_MAX_BYTES = 1_000_000
#: Longest text shown from a file or link (names, labels, sources) unless a caller says less.
MAX_TEXT = 500
#: One-line messages are cut to this many characters.
MAX_MESSAGE = 300

_CHUNK = 65536


class BoundaryError(ValueError):
    """Input from outside that is refused; the message names the input and the problem."""


# --- messages ----------------------------------------------------------------------------------


def one_line(text: object, limit: int = MAX_MESSAGE) -> str:
    """A message as one bounded line (newlines and control characters become spaces)."""
    s = re.sub(r"[\x00-\x1f\x7f\u2028\u2029\x85]+", " ", str(text)).strip()
    return s if len(s) <= limit else s[: limit - 1] + "…"


def show(value: object, limit: int = 40) -> str:
    """A short repr of a value for a message (a huge value never floods a message)."""
    if isinstance(value, (list, tuple, dict)):
        return f"a {type(value).__name__} of {len(value)} item(s)" if len(repr(value)) > limit else repr(value)
    if isinstance(value, float) and math.isfinite(value):
        r = repr(value).replace("e+", "e")  # the value as given, without Python's "e+"
        return r[:-2] if r.endswith(".0") else r
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) > 10**limit:
            return f"an integer of about {int(value.bit_length() * 0.30103) + 1} digits"
    try:
        r = repr(value)
    except ValueError:  # an integer beyond Python's str() limit
        return "a very large integer"
    return r if len(r) <= limit else r[: limit - 1] + "…"


# --- bounded reads -----------------------------------------------------------------------------


def read_bounded(path: str | os.PathLike[str], limit: int = DEFAULT_MAX_BYTES, what: str = "file") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, else :class:`BoundaryError`.

    Opened with O_NONBLOCK and checked with fstat before reading, so a FIFO, a device or a
    directory is refused at once (never blocks); the cap is enforced while reading.
    """
    p = os.fspath(path)
    name = os.path.basename(p) or p
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(p, flags)
    except FileNotFoundError:
        raise BoundaryError(f"{one_line(p)} does not exist") from None
    except OSError as err:
        raise BoundaryError(f"{one_line(p)} could not be opened: {err.strerror or err}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file"
            raise BoundaryError(f"{one_line(name)} is {kind}, so not a {what}")
        chunks: list[bytes] = []
        total = 0
        while True:
            try:
                chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            except BlockingIOError:  # pragma: no cover - a regular file never blocks
                raise BoundaryError(f"{one_line(name)} cannot be read without waiting") from None
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise BoundaryError(f"{one_line(name)} is larger than {limit:,} bytes, the limit for a {what}")
        return b"".join(chunks)
    except OSError as err:
        raise BoundaryError(f"{one_line(name)} could not be read: {err.strerror or err}") from None
    finally:
        os.close(fd)


def decode_text(data: bytes, name: str = "the input", what: str = "text file") -> str:
    """UTF-8 text (a leading byte-order mark is accepted); NUL bytes are refused."""
    if b"\x00" in data:
        raise BoundaryError(f"{one_line(name)} holds NUL bytes, so it is not a {what}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise BoundaryError(f"{one_line(name)} is not UTF-8 text (byte {err.start}), so not a {what}") from None


# --- JSON --------------------------------------------------------------------------------------

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def json_depth(text: str) -> int:
    """Deepest nesting of arrays/objects in JSON text (strings skipped); linear time."""
    depth = deepest = 0
    for m in _BRACKET.finditer(_STRING.sub('""', text)):
        if m.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _parse_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        raise BoundaryError(f"an integer of {digits} digits is too large")
    return int(text)


def _parse_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise BoundaryError(f"the number {text[:40]} is out of range")
    return value


def _parse_constant(text: str) -> Any:
    raise BoundaryError(f"{text} is not a number JSON allows")


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise BoundaryError(f"the key {show(key)} appears twice")
        out[key] = value
    return out


def parse_json(text: str | bytes, name: str = "the input", max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Parse JSON from outside; every failure is a :class:`BoundaryError` naming ``name``."""
    if isinstance(text, bytes):
        text = decode_text(text, name, "JSON file")
    if text.startswith("\ufeff"):
        text = text[1:]
    depth = json_depth(text)
    if depth > max_depth:
        raise BoundaryError(f"{one_line(name)} nests {depth} levels deep; at most {max_depth} are allowed")
    try:
        return json.loads(
            text,
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=_parse_constant,
            object_pairs_hook=_pairs,
        )
    except json.JSONDecodeError as err:
        raise BoundaryError(
            f"{one_line(name)} is not valid JSON (line {err.lineno}, column {err.colno}): {err.msg}"
        ) from None
    except BoundaryError as err:
        raise BoundaryError(f"{one_line(name)}: {err}") from None
    except (ValueError, RecursionError, OverflowError) as err:
        raise BoundaryError(f"{one_line(name)} is not usable JSON: {one_line(err, 120)}") from None


def load_json_file(path: str | os.PathLike[str], limit: int = DEFAULT_MAX_BYTES, what: str = "JSON file") -> Any:
    """Bounded read + :func:`parse_json`; messages name the file."""
    name = os.path.basename(os.fspath(path)) or os.fspath(path)
    return parse_json(decode_text(read_bounded(path, limit, what), name, what), name)


# --- values ------------------------------------------------------------------------------------


def _span(lo: float, hi: float) -> str:
    return f"{format_short(lo, suffixes=False)} to {format_short(hi, suffixes=False)}"


def check_number(value: Any, what: str, lo: float, hi: float, *, lo_open: bool = False) -> float:
    """A finite real number in [lo, hi] (or (lo, hi] with lo_open); bools are not numbers."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BoundaryError(f"{what} must be a number, found {show(value)}")
    try:
        v = float(value)
    except OverflowError:
        raise BoundaryError(f"{what} {show(value)} is out of range ({_span(lo, hi)})") from None
    if not math.isfinite(v) or v > hi or v < lo or (lo_open and v == lo):
        low = f"above {format_short(lo, suffixes=False)}" if lo_open else format_short(lo, suffixes=False)
        raise BoundaryError(f"{what} {show(value)} is out of range ({low} to {format_short(hi, suffixes=False)})")
    return v


def check_int(value: Any, what: str, lo: int, hi: int = C_INT_MAX) -> int:
    """A whole number (an int, or a float with no fraction) in [lo, hi] (hi ≤ C int max)."""
    hi = min(hi, C_INT_MAX)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BoundaryError(f"{what} must be a whole number, found {show(value)}")
    if isinstance(value, float):
        if not math.isfinite(value) or value != int(value):
            raise BoundaryError(f"{what} must be a whole number, found {show(value)}")
        value = int(value)
    if not lo <= value <= hi:
        raise BoundaryError(f"{what} {show(value)} is out of range ({lo:,} to {hi:,})")
    return value


def check_text(value: Any, what: str, limit: int = MAX_TEXT, *, empty: bool = False) -> str:
    """A text of at most ``limit`` characters with no control characters but tab."""
    if not isinstance(value, str):
        raise BoundaryError(f"{what} must be text, found {show(value)}")
    if len(value) > limit:
        raise BoundaryError(f"{what} is {len(value):,} characters long; at most {limit:,} are allowed")
    if not empty and not value.strip():
        raise BoundaryError(f"{what} must not be empty")
    if re.search(r"[\x00-\x08\x0b-\x1f\x7f]", value):
        raise BoundaryError(f"{what} holds control characters")
    return value


def check_keys(d: dict[str, Any], known: tuple[str, ...] | frozenset[str], what: str) -> None:
    """Refuse unknown keys, naming them (bounded)."""
    extra = [k for k in d if k not in known]
    if extra:
        names = ", ".join(show(k, 30) for k in extra[:5]) + (" …" if len(extra) > 5 else "")
        raise BoundaryError(f"{what} has unknown field(s) {names}; known: {', '.join(known)}")


# --- atomic writes -----------------------------------------------------------------------------


def atomic_write(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically: temp file in the same folder, fsync, rename, fsync
    the folder.  A symlink is followed (its target is replaced, the link stays); an existing
    file's mode is kept (a new file gets the usual 0666 & ~umask).  On any failure the previous
    file is intact and the temp file is removed.  On Linux the new bytes are written to an unnamed
    O_TMPFILE, named and renamed over the target in two system calls back to back, so a
    ``kill -9`` while writing leaves no temp file; only a kill landing between those two calls
    (0 of 100 kills on a quiet machine, 1 of 100 under load) or a system without O_TMPFILE can
    leave one ``.<name>.~tmp*`` file, which the next write to the same target removes.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError("atomic_write takes bytes")
    target = Path(os.path.realpath(os.fspath(path)))
    folder = target.parent
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    prefix = f".{target.name[:100]}.~tmp"
    _remove_stale(folder, prefix)
    if not _write_anonymous(folder, prefix, data, mode, target):
        tmp = _write_named(folder, prefix, data, mode)
        _replace(tmp, target)
    _fsync_dir(folder)
    return target


def _replace(tmp: str, target: Path) -> None:
    try:
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _write_all(fd: int, data: bytes, mode: int) -> None:
    os.fchmod(fd, mode)
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.fsync(fd)


def _write_anonymous(folder: Path, prefix: str, data: bytes, mode: int, target: Path) -> bool:
    """Linux: write an unnamed O_TMPFILE, and only once it is complete and synced give it a name
    and rename that over the target at once (two system calls back to back), so a kill -9 while
    writing leaves nothing behind.  False where the system cannot (the caller falls back)."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or not os.path.isdir("/proc/self/fd"):
        return False
    try:
        import ctypes

        linkat = ctypes.CDLL(None, use_errno=True).linkat
    except (OSError, AttributeError, ImportError):  # pragma: no cover
        return False
    try:
        fd = os.open(folder, flag | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError:
        return False
    try:
        _write_all(fd, data, mode)
        for _ in range(20):
            name = os.path.join(folder, prefix + os.urandom(6).hex())
            # AT_FDCWD = -100, AT_SYMLINK_FOLLOW = 0x400 (linux/fcntl.h)
            if linkat(-100, f"/proc/self/fd/{fd}".encode(), -100, os.fsencode(name), 0x400) == 0:
                _replace(name, target)  # at once: a name for the shortest instant
                return True
            if ctypes.get_errno() != 17:  # EEXIST: try another name; anything else: fall back
                return False
        return False
    finally:
        os.close(fd)


def _write_named(folder: Path, prefix: str, data: bytes, mode: int) -> str:
    fd, tmp = tempfile.mkstemp(prefix=prefix, dir=folder)
    try:
        _write_all(fd, data, mode)
    except BaseException:
        os.close(fd)
        os.unlink(tmp)
        raise
    os.close(fd)
    return tmp


def _remove_stale(folder: Path, prefix: str) -> None:
    """Temp files a killed earlier write left behind for this same target."""
    try:
        names = [n for n in os.listdir(folder) if n.startswith(prefix)]
    except OSError:
        return
    for n in names[:100]:
        try:
            os.unlink(folder / n)
        except OSError:
            pass


def _fsync_dir(folder: Path) -> None:
    try:
        dfd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # pragma: no cover - e.g. Windows
        return
    try:
        os.fsync(dfd)
    except OSError:  # pragma: no cover - some filesystems refuse fsync on a folder
        pass
    finally:
        os.close(dfd)


# --- hardware settings (they reach Qt spin boxes: every integer within a C int) -----------------

#: Ranges of the hardware settings, the same as the Hardware panel's controls offer
#: (qt/hardware_panel.py), so no value from a file or link is clamped by a widget.
HARDWARE_INTS: dict[str, tuple[int, int]] = {
    "context": (1, 100_000_000),
    "batch": (1, 100_000),
    "micro_batch": (1, 4096),
    "seq_len": (1, 10_000_000),
    "num_gpus": (1, 10_000_000),
    "zero_stage": (0, 3),
}
HARDWARE_NUMBERS: dict[str, tuple[float, float]] = {
    "mfu": (0.01, 1.0),
    "target_days": (0.1, 100_000.0),
    "price_per_gpu_hour": (0.0, 10_000.0),
    "pue": (1.0, 5.0),
}
HARDWARE_TEXTS = ("gpu_id", "precision", "kv_precision", "mode", "optimizer")
#: A custom GPU's fields, as the Custom GPU dialog offers them.
GPU_NUMBERS: dict[str, tuple[float, float]] = {
    "memory_gb": (0.1, 100_000.0),
    "bandwidth_tb_s": (0.001, 1000.0),
    "bf16_tflops": (0.1, 1e6),
    "fp8_tflops": (0.1, 1e6),
    "power_w": (1.0, 1e5),
}
MAX_NAME = 80
MAX_SOURCE = 300


def check_hardware(values: Any, what: str = "hardware") -> None:
    """Range-check hardware settings (a dict from a file, or a HardwareConfig) before use."""
    get = values.get if isinstance(values, dict) else (lambda k, d=None: getattr(values, k, d))
    for key, (lo, hi) in HARDWARE_INTS.items():
        if (v := get(key)) is not None or isinstance(values, dict) is False:
            check_int(v, f"{what} {key}", lo, hi)
    for key, (low, high) in HARDWARE_NUMBERS.items():
        if (v := get(key)) is not None or isinstance(values, dict) is False:
            check_number(v, f"{what} {key}", low, high)
    for key in HARDWARE_TEXTS:
        if (v := get(key)) is not None or isinstance(values, dict) is False:
            check_text(v, f"{what} {key}", 64)
    preset = get("preset")
    if preset is not None:
        check_text(preset, f"{what} preset", 64)
    custom = get("custom_gpu")
    if custom is not None:
        check_gpu(custom, f"{what} custom_gpu")


def check_gpu(values: Any, what: str = "custom GPU") -> None:
    if isinstance(values, dict):
        get = values.get
    elif hasattr(values, "memory_gb"):
        get = lambda k, d=None: getattr(values, k, d)  # noqa: E731
    else:
        raise BoundaryError(f"{what} must be an object, found {show(values)}")
    check_text(get("id"), f"{what} id", 64)
    check_text(get("name"), f"{what} name", MAX_NAME)
    if (source := get("source")) is not None:
        check_text(source, f"{what} source", MAX_SOURCE, empty=True)
    for key, (lo, hi) in GPU_NUMBERS.items():
        v = get(key)
        if v is not None or key in ("memory_gb", "bandwidth_tb_s", "bf16_tflops"):
            check_number(v, f"{what} {key}", lo, hi)
