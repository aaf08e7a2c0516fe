"""`scalingdesk fit RUNS.csv [--bootstrap 200] [--drop-outliers K] [--budget C] --json`.

The main command line (scalingdesk.cli) adds this subcommand with :func:`add_parser`, calls
:func:`run` and prints the dict it returns (as JSON with --json, else via :func:`format_text`).
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from scalingdesk.core.fit_pipeline import fit_runs
from scalingdesk.core.fitting import CHINCHILLA_BUDGET, HUBER_DELTA, FitError
from scalingdesk.core.fitting import _prepare as check_runs  # the fit's own input checks
from scalingdesk.core.runs_table import read_runs
from scalingdesk.core.units import format_number, format_sci, parse_positive

#: More resamples add nothing to a 95% interval and cost time.
MAX_BOOTSTRAP = 10_000


def add_parser(subparsers: Any) -> None:
    """Add the ``fit`` subcommand to an argparse ``add_subparsers()`` object."""
    p = subparsers.add_parser(
        "fit",
        help="fit L = E + A/N^α + B/D^β to your own runs (CSV or TSV)",
        description=(
            "Fit the Chinchilla loss law to a table of runs by the procedure of Hoffmann et al. "
            "2022 (App. D.2, eq. 11) and bootstrap 95%% intervals.  Columns: params (N), tokens (D) "
            "or training FLOPs (C, tokens = C/6N), and final loss; '70M' or '1.4e9' are accepted."
        ),
    )
    p.add_argument("runs", metavar="RUNS.csv", nargs="?", help="CSV or TSV file with one run per line")
    p.add_argument(
        "--sample",
        action="store_true",
        help="fit the sample runs shipped with ScalingDesk (synthetic, from the Epoch AI "
        "2024 law with noise; see the file's header) instead of a file",
    )
    p.add_argument(
        "--bootstrap",
        type=int,
        default=200,
        metavar="N",
        help="bootstrap resamples for the 95%% intervals (0 = none; default 200)",
    )
    p.add_argument(
        "--drop-outliers",
        type=int,
        default=0,
        metavar="K",
        help="leave out the K runs with the highest loss before fitting (default 0)",
    )
    p.add_argument(
        "--budget",
        default=format_sci(CHINCHILLA_BUDGET),
        metavar="FLOPS",
        help="budget for the tokens-per-parameter figure, e.g. 5.76e23 (default: Chinchilla's)",
    )
    p.add_argument("--seed", type=int, default=0, help="bootstrap random seed (default 0)")
    p.add_argument(
        "--check",
        action="store_true",
        help="read and check the table (rows kept and left out, columns, the fit's own limits) without fitting",
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Import, fit, bootstrap; returns a JSON-ready dict.  Bad input raises ValueError (one line)."""
    n_boot = int(getattr(args, "bootstrap", 200))
    drop = int(getattr(args, "drop_outliers", 0))
    if n_boot < 0 or n_boot == 1:
        raise ValueError(f"--bootstrap {n_boot}: use 0 (no intervals) or at least 2 resamples")
    if drop < 0:
        raise ValueError(f"--drop-outliers {drop}: must be 0 or more")
    budget = parse_positive(getattr(args, "budget", CHINCHILLA_BUDGET), what="--budget")
    if not 1e15 <= budget <= 1e35:
        raise ValueError(f"--budget {format_sci(budget)} must be from 1e15 to 1e35 FLOPs")
    if n_boot > MAX_BOOTSTRAP:
        raise ValueError(f"--bootstrap {n_boot}: at most {MAX_BOOTSTRAP} resamples")
    runs = getattr(args, "runs", None)
    if getattr(args, "sample", False):
        if runs:
            raise ValueError(f"give RUNS.csv or --sample, not both (got {runs!r})")
        from scalingdesk.resources import resource_path

        runs = str(resource_path("sample_runs.csv"))
    if not runs:
        raise ValueError("give a RUNS.csv file, or --sample for the runs shipped with ScalingDesk")
    imported = read_runs(runs)
    t = imported.table
    if getattr(args, "check", False):
        try:  # the fit's own checks (how many runs, spread in N and D), without the fit
            check_runs(t.params, t.tokens, t.loss, drop, HUBER_DELTA)
        except FitError as err:
            raise FitError(f"{os.path.basename(runs)}: {err}") from None
        return {
            "file": os.path.basename(runs),
            "checked": True,
            "n_runs": len(t),
            "n_rows": imported.n_rows,
            "columns": imported.columns,
            "notes": imported.notes,
            "rejected": [{"line": r.line, "reason": r.reason} for r in imported.rejected],
        }
    try:
        fit = fit_runs(
            t.params,
            t.tokens,
            t.loss,
            drop_outliers=drop,
            n_boot=n_boot,
            budget=budget,
            seed=int(getattr(args, "seed", 0)),
        )
    except FitError as err:
        raise FitError(f"{os.path.basename(runs)}: {err}") from None
    out = fit.to_dict()
    out["rejected"] = [{"line": r.line, "reason": r.reason} for r in imported.rejected]
    out["dropped_lines"] = [int(x) for x in t.lines[~fit.used]]
    out["columns"] = imported.columns
    out["n_rows"] = imported.n_rows
    out["bootstrap"] = n_boot
    out["file"] = os.path.basename(runs)
    return out


def format_text(result: dict[str, Any]) -> str:
    """A short human-readable summary of :func:`run`'s dict (for output without --json)."""
    if result.get("checked"):
        lines = [
            f"{result['file']}: {result['n_runs']} runs ready to fit (of {result['n_rows']} rows); "
            "columns " + ", ".join(f"{k} ← {v!r}" for k, v in result["columns"].items())
        ]
        lines += [f"  rejected line {r['line']}: {r['reason']}" for r in result["rejected"][:50]]
        return "\n".join(lines)
    ci = result.get("ci", {})

    def row(name: str, label: str) -> str:
        value = result[name]
        text = f"  {label:<18} {format_number(value, 4)}"
        if name in ci:
            lo, hi = ci[name]
            text += f"   95% CI {format_number(lo, 4)} – {format_number(hi, 4)}"
        return text

    where = f" in {result['file']}" if result.get("file") else ""
    lines = [f"Fitted {result['n_used']} runs{where} (of {result.get('n_rows', result['n_used'])} rows):"]
    lines += [
        row(k, lbl)
        for k, lbl in (("E", "E"), ("A", "A"), ("B", "B"), ("alpha", "alpha"), ("beta", "beta"), ("a", "a = β/(α+β)"))
    ]
    lines.append(row("tokens_per_param", f"tokens/param @{format_sci(result['budget'])}"))
    for r in result.get("rejected", []):
        lines.append(f"  rejected line {r['line']}: {r['reason']}")
    return "\n".join(lines)
