"""Write resources/epoch_models.json: a curated snapshot of Epoch AI's "Notable AI Models" table.

Data: Epoch AI, "Parameter, Compute and Data Trends in Machine Learning",
https://epoch.ai/data/notable-ai-models (March 2025 release, 924 rows), licensed CC BY 4.0.
The snapshot carries that credit and licence inside the file.

What it keeps: every row whose Domain names "Language", that has a publication date and at least
one of parameters, training dataset size or training compute.  What it records for each row it
leaves out: the row number, the model name and the reason.  What it flags (never silently trusts):
  * compute_far_from_6ND  training compute more than 3x away from 6·N·D·epochs (N = active
                          parameters for mixture-of-experts rows where the notes give them;
                          D = training dataset size; epochs = 1 where the table gives none);
  * units_suspect         more than 100x away: the dataset is probably not in tokens (words,
                          images, fine-tuning set only) or a unit slipped;
  * zero_value            a numeric column holds 0, read as unknown;
  * moe_total_params      a mixture-of-experts row whose active parameters are not given, so
                          6·N·D cannot be checked.
Columns are found by alias, since Epoch renames them between releases.  Deterministic: run it
again and the file is byte-for-byte the same.

    python tools/make_epoch_snapshot.py [CSV]            # rewrite resources/epoch_models.json
    python tools/make_epoch_snapshot.py [CSV] --stdout   # print instead
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CSV_NAME = "epoch-notable-ai-models-2025-03.csv"
#: ../shared beside the main checkout (/work/main), or two levels up from a worktree.
DEFAULT_CSV = next(
    (
        p / "shared" / "data" / CSV_NAME
        for p in (ROOT.parent, ROOT.parent.parent)
        if (p / "shared" / "data" / CSV_NAME).is_file()
    ),
    ROOT.parent / "shared" / "data" / CSV_NAME,
)
OUTPUT = ROOT / "resources" / "epoch_models.json"

FAR_FACTOR = 3.0  # compute_far_from_6ND beyond this factor either way
UNITS_FACTOR = 100.0  # units_suspect beyond this factor either way

#: Canonical field -> the column names Epoch has used for it (first found wins).
ALIASES: dict[str, tuple[str, ...]] = {
    "model": ("Model", "System"),
    "domain": ("Domain",),
    "organization": ("Organization", "Organisation"),
    "date": ("Publication date",),
    "link": ("Link",),
    "params": ("Parameters",),
    "params_notes": ("Parameters notes",),
    "compute": ("Training compute (FLOP)",),
    "tokens": (
        "Training dataset size (datapoints)",
        "Training dataset size (total)",
        "Training dataset size (gradients)",
    ),
    "confidence": ("Confidence",),
    "frontier": ("Frontier model",),
    "method": ("Training compute estimation method",),
    "base_model": ("Base model",),
    "epochs": ("Epochs",),
}

#: Mixture-of-experts rows, identified by reading their "Parameters notes" (Epoch gives total
#: parameters).  Value: active parameters per token where those notes state them, else None.
MOE_ACTIVE: dict[str, float | None] = {
    "DeepSeek-V3": 37e9,  # notes: "671B total parameters with 37B activated"
    "DeepSeek-V2.5": 21e9,  # notes: "21B active params, 236B total"
    "DeepSeek-Coder-V2 236B": 21e9,  # notes: "21B parameters activated per token"
    "DBRX": 36e9,  # notes: "36B parameters active per inference"
    "Hunyuan-Large": 52e9,  # notes: "52 billion activation parameters"
    "Mixtral 8x7B": 12.9e9,  # notes: "12.9B params used on average"
    "Grok-1": 78.5e9,  # notes: "25% of the weights active" of 314B
    "Llama 4 Behemoth": 288e9,  # notes: "a 288 billion active parameter model"
    "Doubao-1.5-pro": None,
    "Gemini 1.5 Pro": None,
    "ST-MoE": None,
    "GLaM": None,
    "M6-T": None,
    "Switch": None,
    "M4-50B": None,
    "MoE-Multi": None,
    "PanGu-Σ": None,
    "NLLB": None,
    "Sparse all-MLP": None,
}

SOURCE = {
    "title": "Notable AI Models (Epoch AI, 'Parameter, Compute and Data Trends in Machine Learning')",
    "url": "https://epoch.ai/data/notable-ai-models",
    "release": "2025-03",
    "credit": "Data: Epoch AI, CC BY 4.0",
    "licence": "Creative Commons Attribution 4.0 International (CC BY 4.0), "
    "https://creativecommons.org/licenses/by/4.0/",
    "changes": "Rows filtered to language models; columns renamed and converted to numbers; "
    "mixture-of-experts flag and active parameters added from the notes columns; "
    "consistency flags added (see flag_rules).",
}


def _column(header: list[str], field: str) -> str:
    for name in ALIASES[field]:
        if name in header:
            return name
    raise SystemExit(f"no column for {field!r}: looked for {', '.join(ALIASES[field])}")


def _number(text: str, what: str, flags: list[dict]) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        flags.append({"code": "unparsed", "detail": f"{what} {text!r} is not a number; unknown"})
        return None
    if not math.isfinite(value) or value < 0:
        flags.append({"code": "unparsed", "detail": f"{what} {text!r} is not a positive number"})
        return None
    if value == 0:
        flags.append({"code": "zero_value", "detail": f"{what} is 0 in the table; read as unknown"})
        return None
    return value


def decimal_year(iso: str) -> float:
    d = dt.date.fromisoformat(iso)
    days = 366 if (d.year % 4 == 0 and (d.year % 100 != 0 or d.year % 400 == 0)) else 365
    return round(d.year + (d.timetuple().tm_yday - 0.5) / days, 4)


def _ratio_flags(rec: dict, flags: list[dict]) -> None:
    n = rec["active_params"] if rec["moe"] else rec["params"]
    if rec["moe"] and n is None and rec["params"] is not None:
        flags.append(
            {
                "code": "moe_total_params",
                "detail": "mixture of experts: the table gives total parameters and the "
                "notes no active count, so 6·N·D is not checked",
            }
        )
        return
    if n is None or rec["tokens"] is None or rec["compute"] is None:
        return
    seen = rec["tokens"] * (rec["epochs"] or 1.0)  # tokens seen: unique tokens x epochs
    ratio = rec["compute"] / (6.0 * n * seen)
    rec["compute_over_6ND"] = float(f"{ratio:.4g}")
    if max(ratio, 1 / ratio) > FAR_FACTOR:
        flags.append({"code": "compute_far_from_6ND", "detail": f"training compute is {ratio:.3g} x 6·N·D·epochs"})
    if max(ratio, 1 / ratio) > UNITS_FACTOR:
        flags.append(
            {
                "code": "units_suspect",
                "detail": "more than 100x from 6·N·D·epochs: the dataset size is probably not in "
                "tokens (words, images, a fine-tuning set) or a unit slipped",
            }
        )


def build(csv_path: Path) -> dict:
    raw = csv_path.read_bytes()
    rows = list(csv.DictReader(raw.decode("utf-8").splitlines(keepends=True)))
    header = list(rows[0].keys()) if rows else []
    col = {f: _column(header, f) for f in ALIASES}
    models, left_out = [], []
    for i, row in enumerate(rows, start=1):
        name = row[col["model"]].strip()
        domains = [d.strip() for d in row[col["domain"]].split(",") if d.strip()]
        if "Language" not in domains:
            left_out.append(
                {"source_row": i, "model": name, "reason": f"domain {row[col['domain']] or 'empty'!s} is not language"}
            )
            continue
        date = row[col["date"]].strip()
        if not date:
            left_out.append({"source_row": i, "model": name, "reason": "no publication date"})
            continue
        flags: list[dict] = []
        params = _number(row[col["params"]], "parameters", flags)
        tokens = _number(row[col["tokens"]], "training dataset size", flags)
        compute = _number(row[col["compute"]], "training compute", flags)
        epochs = _number(row[col["epochs"]], "epochs", flags)
        if params is None and tokens is None and compute is None:
            left_out.append(
                {"source_row": i, "model": name, "reason": "no parameters, training dataset size or compute"}
            )
            continue
        moe = name in MOE_ACTIVE
        rec = {
            "source_row": i,
            "model": name,
            "organization": row[col["organization"]].strip(),
            "date": date,
            "year": decimal_year(date),
            "params": params,
            "active_params": MOE_ACTIVE.get(name),
            "moe": moe,
            "tokens": tokens,
            "compute": compute,
            "epochs": epochs,
            "compute_over_6ND": None,
            "confidence": row[col["confidence"]].strip() or "not given",
            "frontier": row[col["frontier"]].strip() == "True",
            "compute_method": row[col["method"]].strip(),
            "base_model": row[col["base_model"]].strip(),
            "domain": ",".join(domains),
            "link": row[col["link"]].strip(),
        }
        _ratio_flags(rec, flags)
        rec["flags"] = flags
        models.append(rec)
    return {
        "source": {
            **SOURCE,
            "file": csv_path.name,
            "sha256": hashlib.sha256(raw).hexdigest(),
            "rows_in_file": len(rows),
        },
        "generated_by": "tools/make_epoch_snapshot.py",
        "criteria": "Domain names Language; a publication date; at least one of parameters, "
        "training dataset size (tokens for language rows) or training compute.",
        "frontier_definition": "Epoch AI's 'Frontier model' column: the model was in the top 10 "
        "of training compute (all domains) when it was published.",
        "flag_rules": {
            "compute_far_from_6ND": f"compute / (6·N·D·epochs) outside [1/{FAR_FACTOR:g}, {FAR_FACTOR:g}]",
            "units_suspect": f"compute / (6·N·D·epochs) outside [1/{UNITS_FACTOR:g}, {UNITS_FACTOR:g}]",
            "zero_value": "a numeric column holds 0; read as unknown",
            "moe_total_params": "mixture of experts without an active-parameter count",
            "unparsed": "a numeric column that is not a number; read as unknown",
        },
        "models": models,
        "left_out": left_out,
    }


def render(csv_path: Path) -> str:
    return json.dumps(build(csv_path), indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("csv", nargs="?", type=Path, default=DEFAULT_CSV)
    p.add_argument("--stdout", action="store_true")
    args = p.parse_args(argv)
    text = render(args.csv)
    if args.stdout:
        sys.stdout.write(text)
    else:
        OUTPUT.write_text(text, encoding="utf-8")
        data = json.loads(text)
        print(f"wrote {OUTPUT} ({len(data['models'])} models, {len(data['left_out'])} left out)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
