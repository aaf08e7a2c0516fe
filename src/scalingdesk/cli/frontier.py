"""`scalingdesk models`, `trend`, `test-time`, `reconcile`, `downstream`: beyond the three knobs.

The main CLI calls ``add_parser(subparsers)`` to register the sub-commands and ``run(args)`` to
get a JSON-ready dict; without --json the dict's ``text`` attribute is printed (readable text).
Bad input raises ValueError naming the value (the main CLI exits with status 2).
Every number comes from the Qt-free core with its source.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from scalingdesk.core import downstream, epoch, porian, reconcile, test_time, trend
from scalingdesk.core.units import format_count, format_flops, parse_positive, parse_quantity


class TextResult(dict):
    """A JSON-ready dict that also knows how it reads as text (``text``)."""

    text: str = ""


def _result(data: dict[str, Any], text: str) -> TextResult:
    out = TextResult(data)
    out.text = text
    return out


def _json_flag(p: argparse.ArgumentParser) -> None:
    # SUPPRESS: never overwrite a --json the main parser may already have set.
    p.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="print JSON (keys are stable for scripts)"
    )


_COMMANDS: dict[str, Callable[[argparse.Namespace], TextResult]] = {}


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "models",
        help="notable language models from Epoch AI's table (CC BY 4.0)",
        description="List the curated snapshot of Epoch AI's Notable AI Models (language "
        "models). Data: Epoch AI, CC BY 4.0.",
    )
    p.add_argument("--since", help="publication year or date, e.g. 2017 or 2020-06-01")
    p.add_argument("--org", help="organisation (case-insensitive substring), e.g. Google")
    p.add_argument(
        "--frontier", action="store_true", help="only Epoch AI's 'Frontier model' rows (top 10 of compute at release)"
    )
    p.add_argument(
        "--left-out",
        action="store_true",
        help="list the rows of Epoch AI's table left out of the snapshot, with reasons",
    )
    _json_flag(p)
    p.set_defaults(frontier_command="models")

    p = subparsers.add_parser(
        "trend",
        help="growth per year of compute, parameters or data of notable language models",
        description="Fit log10(metric) against publication date (ordinary least squares, 95% "
        "interval). Data: Epoch AI, CC BY 4.0.",
    )
    p.add_argument("--metric", default="compute", choices=list(epoch.METRICS))
    p.add_argument("--since", default="2017", help="first publication year or date (default 2017)")
    p.add_argument("--until", help="publication year or date to stop before")
    p.add_argument("--org", help="organisation (case-insensitive substring)")
    p.add_argument(
        "--frontier", action="store_true", help="only Epoch AI's 'Frontier model' rows (top 10 of compute at release)"
    )
    _json_flag(p)
    p.set_defaults(frontier_command="trend")

    p = subparsers.add_parser(
        "test-time",
        help="coverage against samples (Brown et al. 2024) and a small against a "
        "large model at equal inference FLOPs (2·N a token)",
        description="Test-time compute: coverage c(k) = exp(a·k^b) (Brown et al. 2024) through "
        "published coverage numbers; FLOPs-matched sampling (Snell et al. 2024 accounting).",
    )
    p.add_argument("--budget", default="1e14", help="inference FLOPs per problem (default 1e14)")
    p.add_argument(
        "--tokens-per-sample",
        default=str(test_time.DEFAULT_TOKENS_PER_SAMPLE),
        help="generated tokens a sample (default 512, ScalingDesk's choice)",
    )
    p.add_argument("--samples", default="100", help="samples k at which to read each curve")
    p.add_argument("--size-ratio", default="14", help="larger model over smaller (Snell: 14)")
    p.add_argument(
        "--inference-ratio",
        default="0.16",
        help="R = inference tokens / pretraining tokens (Snell et al. use 0.16, 0.79, 22)",
    )
    _json_flag(p)
    p.set_defaults(frontier_command="test-time")

    p = subparsers.add_parser(
        "reconcile",
        help="why Kaplan (N ∝ C^0.73) and Chinchilla (C^0.5) disagree, factor by factor",
        description="Fit the compute-optimal exponent under Kaplan's and Chinchilla's ways of "
        "counting (Pearce & Song 2024), with the papers' published exponents beside them.",
    )
    p.add_argument("--law", default="epoch2024", choices=["epoch2024", "hoffmann2022"])
    _json_flag(p)
    p.set_defaults(frontier_command="reconcile")

    p = subparsers.add_parser(
        "downstream",
        help="what a loss means for benchmarks: exact match, and the published fits",
        description="Per-token accuracy exp(-L) and exact match p^k (Schaeffer et al. 2023); the "
        "Llama 3 and Gadre et al. 2024 loss-to-accuracy fits, named with their benchmarks.",
    )
    p.add_argument("--loss", required=True, help="loss in nats per token, e.g. 2.0")
    p.add_argument("--irreducible", help="the law's floor E (use the reducible loss L − E)")
    _json_flag(p)
    p.set_defaults(frontier_command="downstream")


def _models(args: argparse.Namespace) -> TextResult:
    snap = epoch.snapshot()
    credit = {"credit": epoch.CREDIT, "licence": epoch.LICENCE, "source": epoch.SOURCE_URL}
    if args.left_out:
        rows = [{"source_row": r.source_row, "model": r.model, "reason": r.reason} for r in snap.left_out]
        text = "\n".join(f"row {r['source_row']:4d}  {r['model'][:40]:40s}  {r['reason']}" for r in rows)
        return _result(
            {**credit, "count": len(rows), "left_out": rows}, f"{text}\n{len(rows)} rows left out. {epoch.CREDIT}"
        )
    models = epoch.select(since=epoch.parse_since(args.since), org=args.org, frontier_only=args.frontier)
    lines = [
        f"{'date':10s}  {'model':34s}  {'organisation':24s}  {'params':>8s}  "
        f"{'tokens':>8s}  {'compute':>14s}  confidence"
    ]
    for m in models:
        lines.append(
            f"{m.date:10s}  {m.model[:34]:34s}  {m.organization[:24]:24s}  "
            f"{format_count(m.params) if m.params else '—':>8s}  "
            f"{format_count(m.tokens) if m.tokens else '—':>8s}  "
            f"{format_flops(m.compute) if m.compute else '—':>14s}  {m.confidence}"
            + ("  MoE" if m.moe else "")
            + ("  [flagged]" if m.flags else "")
        )
    lines.append(f"{len(models)} models. {epoch.CREDIT} ({epoch.SOURCE_URL})")
    return _result({**credit, "count": len(models), "models": [m.as_dict() for m in models]}, "\n".join(lines))


def _trend(args: argparse.Namespace) -> TextResult:
    t = trend.growth_trend(
        args.metric,
        since=epoch.parse_since(args.since),
        until=epoch.parse_since(args.until),
        org=args.org,
        frontier_only=args.frontier,
    )
    lo, hi = t.growth_interval
    text = (
        f"{epoch.METRICS[t.metric]} of {'frontier' if args.frontier else 'notable'} language "
        f"models, {t.first_year:.1f}-{t.last_year:.1f}: {t.growth_per_year:.2f}x a year "
        f"(95% interval {lo:.2f}-{hi:.2f}x), doubling every {t.doubling_months:.1f} months, "
        f"from {t.n_models} models.\n"
        + (f"{epoch.FRONTIER_DEFINITION}.\n" if args.frontier else "")
        + f"Method: least squares of log10 {t.metric} on date. {epoch.CREDIT}"
    )
    return _result(t.as_dict(), text)


def _test_time(args: argparse.Namespace) -> TextResult:
    budget = parse_positive(args.budget, what="budget")
    tokens = parse_positive(args.tokens_per_sample, what="tokens per sample")
    k = parse_positive(args.samples, what="samples")
    view = test_time.trade_view(budget, tokens_per_sample=tokens)
    matched = test_time.flops_matched_samples(
        parse_positive(args.size_ratio, what="size ratio"), parse_positive(args.inference_ratio, what="inference ratio")
    )
    curves = [
        {
            "key": c.key,
            "task": c.task,
            "model": c.model,
            "params": c.params,
            "a": c.a,
            "b": c.b,
            "published_points": [list(p) for p in c.points],
            "samples": k,
            "coverage": float(c.coverage(k)),
            "extrapolated": bool(c.extrapolated(k)),
            "source": c.source,
        }
        for c in test_time.CURVES.values()
    ]
    data = {
        "form": "coverage = exp(a * k**b)",
        "form_note": test_time.FORM_NOTE,
        "inference_flops_per_token": f"{test_time.FLOPS_PER_PARAM_GENERATED_TOKEN:g}*N (Kaplan et al. 2020, §2.1)",
        "curves": curves,
        "trade": {
            "task": view.task,
            "small": view.small.model,
            "large": view.large.model,
            "budget": budget,
            "tokens_per_sample": tokens,
            "small_samples": view.small_samples,
            "large_samples": view.large_samples,
            "small_coverage": view.small_at_budget,
            "large_coverage": view.large_at_budget,
            "winner": view.winner,
            "crossover_budget": view.crossover,
            "readout": view.readout,
        },
        "flops_matched": {
            "size_ratio": float(args.size_ratio),
            "inference_ratio": float(args.inference_ratio),
            "inference_multiplier": matched,
            "formula": "M + 3*(M-1)/R, from 6*N*D_pre + 2*N*D_inf (Snell et al. 2024, §7)",
            "findings": [{"where": w, "result": r} for w, r in test_time.SNELL_FINDINGS],
            "note": test_time.SNELL_NOTE,
        },
    }
    lines = [
        f"{c['model']} on {c['task']}: coverage {100 * c['coverage']:.1f}% at k = {k:g}"
        + (" (extrapolated)" if c["extrapolated"] else "")
        + f"  [a={c['a']:.3f}, b={c['b']:.3f}]"
        for c in curves
    ]
    lines += [
        view.readout,
        f"A {float(args.size_ratio):g}x smaller model may generate {matched:,.1f}x the "
        f"inference tokens at equal total FLOPs (R = {float(args.inference_ratio):g}).",
        test_time.FORM_NOTE,
        test_time.SNELL_NOTE,
    ]
    return _result(data, "\n".join(lines))


def _reconcile(args: argparse.Namespace) -> TextResult:
    t = reconcile.reconcile_table(args.law)
    steps = [
        {
            "step": s.title,
            "non_embedding": s.setting.non_embedding,
            "small_scale": s.setting.small_scale,
            "exponent": s.exponent,
            "note": s.note,
        }
        for s in t.steps
    ]
    data = {
        "law": args.law,
        "steps": steps,
        "kaplan_published": t.kaplan,
        "chinchilla_published": t.chinchilla,
        "porian_factors": [{"factor": f, "what": w} for f, w in t.porian],
        "porian_note": t.porian_note,
        "porian_steps": [
            {
                "panel": s.panel,
                "step": s.title,
                "change": s.change,
                "exponent": s.exponent,
                "n_star_at_chinchilla_budget": s.n_star_at_chinchilla_budget,
                "main_path": s.main_path,
                "source": s.source,
            }
            for s in t.porian_steps
        ],
        "porian_kaplan_law": porian.KAPLAN_LAW_EXPONENT,
        "porian_provenance": porian.PROVENANCE,
        "source": t.source,
        "budgets": {"kaplan": list(reconcile.KAPLAN_RANGE), "chinchilla": list(reconcile.CHINCHILLA_RANGE)},
    }
    lines = [f"{s['exponent']:.3f}  {s['step']}" for s in steps]
    lines += [
        f"{t.kaplan:.2f}   Kaplan et al. 2020 as published",
        *(f"{a:.2f}   Hoffmann et al. 2022, {k}" for k, a in t.chinchilla.items()),
        *(
            f"{s.exponent:.3f}  {s.source}: {s.title}{'' if s.main_path else ' (side branch)'}, "
            f"N* at 5.88e23 FLOP {format_count(s.n_star_at_chinchilla_budget, 'params')}"
            for s in t.porian_steps
        ),
        t.porian_note,
        f"Computed with {t.source}",
    ]
    return _result(data, "\n".join(lines))


def _downstream(args: argparse.Namespace) -> TextResult:
    loss = parse_positive(args.loss, what="loss")
    floor = parse_quantity(args.irreducible, what="irreducible loss") if args.irreducible else None
    r = downstream.readout(loss, floor)
    data = {
        "loss": r.loss,
        "reducible_loss": r.reducible_loss,
        "per_token_accuracy": r.per_token_accuracy,
        "exact_match": {str(k): v for k, v in r.exact_match.items()},
        "fits": [
            {
                "name": f.name,
                "benchmark": f.benchmark,
                "form": f.form,
                "source": f.source,
                "constants_published": f.constants_published,
                "status": f.status,
            }
            for f in r.fits
        ],
        "note": r.note,
    }
    if r.gadre is not None:
        g = r.gadre
        data["gadre"] = {
            "average_top1_accuracy": g.accuracy,
            "average_top1_error": g.error,
            "fitted_loss_range": list(g.fitted_range),
            "in_range": g.in_range,
            "warning": g.warning,
            "source": g.source,
        }
    lines = [
        f"per-token accuracy exp(-{r.reducible_loss if floor is not None else loss:.3f}) = "
        f"{100 * r.per_token_accuracy:.1f}%",
        *(f"exact match, {k}-token answer: {100 * v:.2f}%" for k, v in r.exact_match.items()),
        *(f"{f.name} on {f.benchmark}: {f.form} ({f.source}) - {f.status}" for f in r.fits),
    ]
    if r.gadre is not None:
        lines.append(f"Gadre et al. fit: average top-1 accuracy {100 * r.gadre.accuracy:.1f}% on their 17 tasks")
        if r.gadre.warning:
            lines.append(f"warning: {r.gadre.warning}")
    return _result(data, "\n".join(lines))


_COMMANDS.update({"downstream": _downstream})
_COMMANDS.update({"models": _models, "trend": _trend, "test-time": _test_time, "reconcile": _reconcile})


def run(args: argparse.Namespace) -> TextResult:
    return _COMMANDS[args.frontier_command](args)
