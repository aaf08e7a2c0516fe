"""Epoch AI's notable language models, as curated into resources/epoch_models.json.

Data: Epoch AI, "Parameter, Compute and Data Trends in Machine Learning",
epoch.ai/data/notable-ai-models (March 2025 release), CC BY 4.0.  tools/make_epoch_snapshot.py
derives the snapshot (which rows were kept, which left out and why, which flagged); this module
only reads it.  Nothing here reads the original CSV.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from scalingdesk.resources import load_json

SNAPSHOT = "epoch_models.json"
CREDIT = "Data: Epoch AI, CC BY 4.0"  # the licence asks for credit wherever the data is shown
LICENCE = "Creative Commons Attribution 4.0 International (CC BY 4.0)"
SOURCE_URL = "https://epoch.ai/data/notable-ai-models"
FRONTIER_DEFINITION = (
    "frontier = rows Epoch AI marks 'Frontier model': in the top 10 of training compute (all domains) when published"
)


@dataclass(frozen=True)
class Flag:
    code: str
    detail: str


@dataclass(frozen=True)
class EpochModel:
    """One row of Epoch AI's table (numbers None where the table has none)."""

    source_row: int  # 1-based data row in Epoch AI's CSV (header not counted)
    model: str
    organization: str
    date: str  # ISO publication date
    year: float  # decimal year of publication
    params: float | None  # total parameters, as Epoch gives them (MoE: total)
    active_params: float | None  # MoE only, where the notes state it
    moe: bool
    tokens: float | None  # training dataset size (tokens, for language rows)
    compute: float | None  # training FLOP
    epochs: float | None
    compute_over_6nd: float | None
    confidence: str
    frontier: bool
    compute_method: str
    base_model: str
    domain: str
    link: str
    flags: tuple[Flag, ...]

    @property
    def flag_codes(self) -> tuple[str, ...]:
        return tuple(f.code for f in self.flags)

    @property
    def inconsistent(self) -> bool:
        return "compute_far_from_6ND" in self.flag_codes

    def value(self, metric: str) -> float | None:
        if metric not in METRICS:
            raise ValueError(f"metric {metric!r} is not one of {', '.join(METRICS)}")
        return getattr(self, metric)

    def as_dict(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "flags"}
        out["flags"] = [{"code": f.code, "detail": f.detail} for f in self.flags]
        return out


@dataclass(frozen=True)
class LeftOut:
    source_row: int
    model: str
    reason: str


@dataclass(frozen=True)
class Snapshot:
    models: tuple[EpochModel, ...]
    left_out: tuple[LeftOut, ...]
    source: dict[str, Any]
    flag_rules: dict[str, str]


#: metric -> (field, label with unit)
METRICS: dict[str, str] = {
    "compute": "training compute (FLOP)",
    "params": "parameters",
    "tokens": "training tokens",
}


def _model(rec: dict[str, Any]) -> EpochModel:
    return EpochModel(
        source_row=int(rec["source_row"]),
        model=rec["model"],
        organization=rec["organization"],
        date=rec["date"],
        year=float(rec["year"]),
        params=rec["params"],
        active_params=rec["active_params"],
        moe=bool(rec["moe"]),
        tokens=rec["tokens"],
        compute=rec["compute"],
        epochs=rec["epochs"],
        compute_over_6nd=rec["compute_over_6ND"],
        confidence=rec["confidence"],
        frontier=bool(rec["frontier"]),
        compute_method=rec["compute_method"],
        base_model=rec["base_model"],
        domain=rec["domain"],
        link=rec["link"],
        flags=tuple(Flag(f["code"], f["detail"]) for f in rec["flags"]),
    )


@lru_cache(maxsize=1)
def snapshot() -> Snapshot:
    data = load_json(SNAPSHOT)
    return Snapshot(
        models=tuple(_model(r) for r in data["models"]),
        left_out=tuple(LeftOut(int(r["source_row"]), r["model"], r["reason"]) for r in data["left_out"]),
        source=dict(data["source"]),
        flag_rules=dict(data["flag_rules"]),
    )


def decimal_year(iso: str) -> float:
    """2022-03-29 -> 2022.24 (mid-day of the day of the year), as the snapshot stores it."""
    d = dt.date.fromisoformat(iso)
    days = 366 if (d.year % 4 == 0 and (d.year % 100 != 0 or d.year % 400 == 0)) else 365
    return d.year + (d.timetuple().tm_yday - 0.5) / days


def parse_since(text: str | float | int | None) -> float | None:
    """'2017' -> 2017.0, '2020-06-01' -> 2020.42; refuses anything else with a message."""
    if text is None:
        return None
    s = str(text).strip()
    try:
        if len(s) == 4 and s.isdigit():
            return float(s)
        return decimal_year(s)
    except ValueError:
        raise ValueError(f"--since {s!r} is not a year (2017) or a date (2017-06-01)") from None


def select(
    models: tuple[EpochModel, ...] | None = None,
    *,
    since: float | None = None,
    until: float | None = None,
    org: str | None = None,
    frontier_only: bool = False,
    metric: str | None = None,
) -> tuple[EpochModel, ...]:
    """Models published on or after ``since`` (decimal year) and before ``until``; ``org`` is a
    case-insensitive substring of the organisation; ``metric`` keeps rows that have it."""
    if metric is not None and metric not in METRICS:
        raise ValueError(f"metric {metric!r} is not one of {', '.join(METRICS)}")
    out = []
    for m in snapshot().models if models is None else models:
        if since is not None and m.year < since:
            continue
        if until is not None and m.year >= until:
            continue
        if org is not None and org.casefold() not in m.organization.casefold():
            continue
        if frontier_only and not m.frontier:
            continue
        if metric is not None and m.value(metric) is None:
            continue
        out.append(m)
    if org is not None and not out and not any(org.casefold() in m.organization.casefold() for m in snapshot().models):
        raise ValueError(f"no organisation in the snapshot matches --org {org!r}")
    return tuple(out)
