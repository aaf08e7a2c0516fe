"""Import a table of training runs (CSV or TSV): model size, tokens or FLOPs, final loss.

Headers are matched loosely ("params", "N", "model_size", "Parameters (M)"…); values may carry
units ("70M", "1.4e9", "2.5B tokens", read by :func:`scalingdesk.core.units.parse_quantity`).  A
header unit in brackets scales its column: "params (M)" with a cell "70" means 70 million.
Without a tokens column, tokens are derived from training FLOPs as D = C/(6N) (Kaplan et al. 2020
§2.1, C ≈ 6ND for a dense transformer).

Bad rows are not fatal: each one is listed with its line number and the reason and left out, and
the good rows are kept.  Only an empty or hopeless file raises :class:`RunsImportError`.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from scalingdesk.core import boundary
from scalingdesk.core.laws import FLOPS_PER_PARAM_TOKEN
from scalingdesk.core.units import QuantityError, parse_quantity

FloatArray = NDArray[np.float64]

ROLES = ("params", "tokens", "flops", "loss")

#: Header names per role, after normalising (lower case, brackets removed, separators → "_").
#: The first match in this order wins when several columns could play a role.
HEADER_NAMES: dict[str, tuple[str, ...]] = {
    "params": (
        "params",
        "n",
        "parameters",
        "model_size",
        "num_params",
        "n_params",
        "nparams",
        "param_count",
        "parameter_count",
        "model_params",
        "size",
        "model_parameters",
        "non_embedding_params",
        "num_parameters",
        "n_parameters",
    ),
    "tokens": (
        "tokens",
        "d",
        "data",
        "n_tokens",
        "num_tokens",
        "train_tokens",
        "training_tokens",
        "dataset_size",
        "data_size",
        "tokens_seen",
        "ntokens",
        "token_count",
    ),
    "flops": (
        "flops",
        "c",
        "compute",
        "training_flops",
        "train_flops",
        "flop",
        "training_compute",
        "compute_flops",
        "total_flops",
    ),
    "loss": (
        "loss",
        "l",
        "final_loss",
        "eval_loss",
        "val_loss",
        "validation_loss",
        "test_loss",
        "valid_loss",
        "train_loss",
        "training_loss",
        "final_train_loss",
        "final_val_loss",
    ),
}

#: Words that mark a role inside a longer header ("model_params_total", "final_loss_smoothed").
#: Deliberately few: "size" or "data" alone would also catch "batch_size" or "data_source".
_LOOSE_WORDS: dict[str, tuple[str, ...]] = {
    "params": ("params", "parameters", "nparams"),
    "tokens": ("tokens",),
    "flops": ("flops", "flop"),
    "loss": ("loss",),
}

#: Scale words allowed in a header's brackets: "params (M)", "tokens [billions]".
_HEADER_SCALES = {
    "k": 1e3,
    "thousand": 1e3,
    "thousands": 1e3,
    "m": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "b": 1e9,
    "g": 1e9,
    "billion": 1e9,
    "billions": 1e9,
    "bn": 1e9,
    "t": 1e12,
    "trillion": 1e12,
    "trillions": 1e12,
}

_MISSING = {"", "-", "—", "?", "none", "null", "na", "n/a"}

#: Limits on a runs table (a scaling study has tens to thousands of runs).
MAX_FILE_BYTES = 20_000_000
MAX_ROWS = 100_000
MAX_CELL_CHARS = 10_000  # csv's own field limit is 131,072; far beyond any number
MAX_HEADER_CHARS = 200
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # only these end a line (not \x0b, \x1c, \u2028…)
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+(?:[eE][+-]?\d+)?\s*[A-Za-z]*")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d[\d_,]*\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_NAN = {"nan", "+nan", "-nan"}


class RunsImportError(ValueError):
    """The file cannot be imported at all (empty, no usable header, no good row)."""


@dataclass(frozen=True)
class RejectedRow:
    line: int
    reason: str


@dataclass
class RunsTable:
    """Runs ready to fit; all arrays align, ``lines`` are the source line numbers (1-based)."""

    params: FloatArray
    tokens: FloatArray
    loss: FloatArray
    lines: NDArray[np.int_]
    #: True when tokens were derived from a FLOPs column as C/(6N).
    tokens_from_flops: bool = False

    def __len__(self) -> int:
        return int(self.params.size)

    @property
    def compute(self) -> FloatArray:
        """Training FLOPs C = 6·N·D."""
        return FLOPS_PER_PARAM_TOKEN * self.params * self.tokens


@dataclass
class ImportResult:
    table: RunsTable
    rejected: list[RejectedRow]
    #: Role ("params", "tokens", "flops", "loss") → the header that was matched to it.
    columns: dict[str, str]
    delimiter: str = ","
    notes: list[str] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        """Data rows seen (kept + rejected; blank and comment lines not counted)."""
        return len(self.table) + len(self.rejected)


def _normalise_header(name: str) -> tuple[str, float]:
    """'Params (M)' → ('params', 1e6); unknown bracket text is dropped with scale 1.  Linear time
    (one pass over the brackets); a header longer than MAX_HEADER_CHARS names no role."""
    if len(name) > MAX_HEADER_CHARS:
        return "", 1.0
    scale = 1.0
    outside: list[str] = []
    inner: list[str] | None = None
    for ch in name:
        if inner is None:
            if ch in "([{":
                inner = []
                outside.append(" ")
            else:
                outside.append(ch)
        elif ch in ")]}":
            word = "".join(inner).strip().lower()
            scale = _HEADER_SCALES.get(word, scale)
            inner = None
        else:
            inner.append(ch)
    if inner is not None:  # an unclosed bracket: keep its text as part of the name
        outside.append("".join(inner))
    base = re.sub(r"[^a-z0-9]+", "_", "".join(outside).strip().lower()).strip("_")
    return base, scale


def _names(header: list[str]) -> str:
    """The header's names for a message: each bounded, at most ten."""
    shown = ", ".join(repr(h if len(h) <= 40 else h[:39] + "…") for h in header[:10])
    return (shown + f" … ({len(header)} columns)") if len(header) > 10 else shown


def _match_columns(header: list[str]) -> dict[str, tuple[int, float]]:
    """Role → (column index, scale).  Exact names first, then a name's words ("final_val_loss")."""
    norm = [_normalise_header(h) for h in header]
    found: dict[str, tuple[int, float]] = {}
    taken: set[int] = set()
    for role in ROLES:
        for name in HEADER_NAMES[role]:
            hits = [i for i, (base, _) in enumerate(norm) if base == name and i not in taken]
            if hits:
                found[role] = (hits[0], norm[hits[0]][1])
                taken.add(hits[0])
                break
    # Looser pass: a header whose words include a role's one-word name ("model_params_total").
    for role in ROLES:
        if role in found:
            continue
        words = set(_LOOSE_WORDS[role])
        for i, (base, scale) in enumerate(norm):
            if i not in taken and words & set(base.split("_")):
                found[role] = (i, scale)
                taken.add(i)
                break
    return found


def _sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in ("\t", ",", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _cell_value(raw: str, what: str, scale: float, decimal_comma: bool = False) -> tuple[float | None, str | None]:
    """(value, None) or (None, reason).  A header's scale applies to plain numbers only: a cell
    with its own unit ("0.07B" under "params (B)") is read in that unit, so it scales once."""
    text = raw.strip()
    if len(text) > 60:
        return None, f"{what} is {len(text):,} characters long, not a number"
    low = text.lower()
    if low in _MISSING:
        return None, f"{what} is missing"
    if low in _NAN:
        return None, f"{what} is NaN"
    if "," in text:
        if decimal_comma and _DECIMAL_COMMA.fullmatch(text):
            text = text.replace(",", ".")
        elif decimal_comma or not re.fullmatch(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?:[eE][+-]?\d+)?", text):
            return None, f"{what} {text!r} has a comma that is neither a decimal comma nor a thousands separator"
    if _PLAIN_NUMBER.fullmatch(text) is None:
        scale = 1.0  # the cell names its own unit
    try:
        value = parse_quantity(text, what=what) * scale
    except (QuantityError, OverflowError):
        return None, f"{what} {text!r} is not a number"
    if not math.isfinite(value):
        return None, f"{what} {text!r} is not finite"
    if value == 0:
        return None, f"{what} is zero"
    if value < 0:
        return None, f"{what} {text!r} is negative"
    return value, None


def parse_runs_text(text: str) -> ImportResult:
    """Parse CSV/TSV text (the header on its first non-comment line); see the module docstring."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    # Skip leading blank and '#' comment lines; remember where the header is.
    header_at = next((i for i, ln in enumerate(lines) if ln.strip() and not ln.lstrip().startswith("#")), None)
    if header_at is None:
        raise RunsImportError("the file is empty: expected a header such as params,tokens,loss and one run per line")
    delimiter = _sniff_delimiter(lines[header_at][:100_000])
    # Semicolons separate the cells where commas are decimal points (European spreadsheets).
    decimal_comma = delimiter == ";"
    if len(lines) - header_at - 1 > MAX_ROWS:
        raise RunsImportError(f"{len(lines) - header_at - 1:,} lines of runs: at most {MAX_ROWS:,} are read")
    reader = csv.reader(io.StringIO("\n".join(lines[header_at:])), delimiter=delimiter, skipinitialspace=True)
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as err:
        raise RunsImportError(f"line {header_at + 1}: the header is not readable CSV ({err})") from None
    columns = _match_columns(header)
    missing = [role for role in ("params", "loss") if role not in columns]
    if "tokens" not in columns and "flops" not in columns:
        missing.insert(1, "tokens or FLOPs")
    if missing:
        if all(_looks_numeric(h) for h in header if h):
            raise RunsImportError(
                f"line {header_at + 1} holds numbers, not column names: the first line must name "
                "the columns, e.g. params,tokens,loss"
            )
        raise RunsImportError(
            f"no column for {' and '.join(missing)}; the header names "
            f"{_names(header) or 'nothing'} "
            "(expected names such as params / N, tokens / D or flops / C, and loss)"
        )
    use_flops = "tokens" not in columns
    roles = ("params", "flops" if use_flops else "tokens", "loss")
    notes: list[str] = []
    if use_flops:
        notes.append(f"tokens derived from {header[columns['flops'][0]]!r} as C/(6N)")
    elif "flops" in columns:
        notes.append(f"column {header[columns['flops'][0]]!r} ignored: the tokens column is used")

    kept: list[tuple[float, float, float, int]] = []
    rejected: list[RejectedRow] = []
    seen: dict[tuple[float, float, float], int] = {}
    # reader.line_num counts physical lines from the header; a record starts after the last one.
    prev_end = header_at + reader.line_num
    rows = iter(reader)
    while True:
        line = prev_end + 1  # 1-based line in the file where this record starts
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as err:
            raise RunsImportError(f"line {line}: not readable CSV ({boundary.one_line(err, 80)})") from None
        prev_end = header_at + reader.line_num
        if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
            continue
        values: dict[str, float] = {}
        reason = None
        for role in roles:
            idx, scale = columns[role]
            what = "FLOPs" if role == "flops" else role
            if idx >= len(row):
                reason = f"{what} is missing (the row has {len(row)} of {len(header)} columns)"
                break
            value, reason = _cell_value(row[idx], what, scale, decimal_comma)
            if reason:
                break
            values[role] = value  # type: ignore[assignment]
        if reason:
            rejected.append(RejectedRow(line, reason))
            continue
        n = values["params"]
        d = values["flops"] / (FLOPS_PER_PARAM_TOKEN * n) if use_flops else values["tokens"]
        key = (n, d, values["loss"])
        if key in seen:
            rejected.append(RejectedRow(line, f"duplicate of line {seen[key]}"))
            continue
        seen[key] = line
        kept.append((n, d, values["loss"], line))

    if not kept:
        if not rejected:
            raise RunsImportError("the file has a header but no runs: add one run per line below it")
        first = rejected[0]
        raise RunsImportError(
            f"no usable runs: all {len(rejected)} rows were rejected (first, line {first.line}: {first.reason})"
        )
    arr = np.array(kept, dtype=np.float64)
    table = RunsTable(
        params=arr[:, 0].copy(),
        tokens=arr[:, 1].copy(),
        loss=arr[:, 2].copy(),
        lines=arr[:, 3].astype(np.int_),
        tokens_from_flops=use_flops,
    )
    names = {role: header[idx] for role, (idx, _scale) in columns.items()}
    return ImportResult(table, rejected, names, delimiter, notes)


def _looks_numeric(text: str) -> bool:
    try:
        parse_quantity(text)
    except QuantityError:
        return False
    return True


def read_runs(path: str | os.PathLike[str]) -> ImportResult:
    """Read a CSV/TSV file of runs; :class:`RunsImportError` names the file when it is unusable."""
    p = os.fspath(path)
    try:
        raw = boundary.read_bounded(p, MAX_FILE_BYTES, "runs table")
    except boundary.BoundaryError as exc:
        raise RunsImportError(str(exc)) from None
    if b"\x00" in raw:
        raise RunsImportError(f"{boundary.one_line(os.path.basename(p))} is not a text file (CSV or TSV expected)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")  # a spreadsheet's export; numbers are ASCII either way
    try:
        return parse_runs_text(text)
    except RunsImportError as exc:
        raise RunsImportError(boundary.one_line(f"{os.path.basename(p)}: {exc}", 400)) from None
