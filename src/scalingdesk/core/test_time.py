"""Test-time compute: spending FLOPs at inference (more samples) instead of on a bigger model.

Sources:
* Brown et al. 2024, "Large Language Monkeys: Scaling Inference Compute with Repeated Sampling",
  arXiv 2407.21787.  Coverage c (the fraction of problems solved by any of k samples) follows an
  exponentiated power law, c(k) ≈ exp(a·k^b) (their §3 / Fig. 5).  Their fitted a and b are drawn
  as curves, not printed in the text we had; so each curve here passes exactly through two
  coverage numbers the paper does print (named with each curve), and is marked extrapolated
  outside them.  That is a reading of the paper, not the paper's own fit: the view says so.
* Snell et al. 2024, "Scaling LLM Test-Time Compute Optimally can be More Effective than Scaling
  Model Parameters", arXiv 2408.03314, §7: at equal FLOPs (training 6·N·D_pretrain plus inference
  2·N·D_inference), a smaller model with more test-time compute beats a ~14x larger one on easier
  questions when inference tokens are few against pretraining tokens (R = D_inf/D_pre ≪ 1); the
  larger model wins on the hardest questions and when R ≫ 1.  They publish this as bars (Fig. 9),
  not as a formula: only its shape is shown here, as text.
* Inference FLOPs ≈ 2·N per generated token (a forward pass; Kaplan et al. 2020, §2.1, C_forward
  ≈ 2N); training FLOPs ≈ 6·N·D.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from scalingdesk.core.units import format_count, format_flops

FLOPS_PER_PARAM_GENERATED_TOKEN = 2.0  # Kaplan et al. 2020 §2.1: forward pass ≈ 2N per token
FLOPS_PER_PARAM_TRAINING_TOKEN = 6.0  # Kaplan et al. 2020 §2.1; Hoffmann et al. 2022
DEFAULT_TOKENS_PER_SAMPLE = 512  # a choice of ScalingDesk's, not a published number
BROWN = "Brown et al. 2024, arXiv 2407.21787"
SNELL = "Snell et al. 2024, arXiv 2408.03314"
FORM_NOTE = (
    "Form c(k) = exp(a·k^b) from Brown et al. 2024 (§3); their fitted a, b are not printed "
    "in the text, so each curve passes through two coverage numbers the paper prints "
    "(dots); dashed where it extrapolates beyond them."
)


@dataclass(frozen=True)
class CoverageCurve:
    key: str
    task: str
    model: str
    params: float  # parameters used per generated token (active ones for a mixture of experts)
    points: tuple[tuple[float, float], tuple[float, float]]  # (samples k, coverage) as published
    source: str

    @property
    def b(self) -> float:
        (k1, c1), (k2, c2) = self.points
        return math.log(math.log(c2) / math.log(c1)) / math.log(k2 / k1)

    @property
    def a(self) -> float:
        (k1, c1), _ = self.points
        return math.log(c1) / k1**self.b

    @property
    def label(self) -> str:
        return f"{self.model} on {self.task}"

    @property
    def short_label(self) -> str:
        return f"{self.model.replace('-Instruct', '')} · {self.task}"

    def coverage(self, samples: float | np.ndarray) -> np.ndarray:
        k = np.asarray(samples, dtype=float)
        if np.any(k < 1):
            raise ValueError(f"samples {samples!r} must be at least 1")
        return np.exp(self.a * k**self.b)

    def extrapolated(self, samples: float | np.ndarray) -> np.ndarray:
        k = np.asarray(samples, dtype=float)
        return (k < self.points[0][0]) | (k > self.points[1][0])

    def sample_flops(self, tokens_per_sample: float) -> float:
        return FLOPS_PER_PARAM_GENERATED_TOKEN * self.params * tokens_per_sample


#: Coverage numbers printed in Brown et al. 2024 (abstract and §2).
CURVES: dict[str, CoverageCurve] = {
    c.key: c
    for c in (
        CoverageCurve(
            "swe-deepseek",
            "SWE-bench Lite",
            "DeepSeek-Coder-V2-Instruct",
            21e9,
            ((1, 0.159), (250, 0.56)),
            f"{BROWN}, abstract: 15.9% with one sample, 56% with 250 (21B active parameters, DeepSeek-AI 2024)",
        ),
        CoverageCurve(
            "codecontests-gemma2b",
            "CodeContests",
            "Gemma-2B",
            2.5e9,
            ((1, 0.0002), (10_000, 0.071)),
            f"{BROWN}, §2: 0.02% with one sample, 7.1% with 10,000 (about 2.5B parameters, Gemma Team 2024)",
        ),
        CoverageCurve(
            "math-pythia160m",
            "MATH",
            "Pythia-160M",
            160e6,
            ((1, 0.0027), (10_000, 0.57)),
            f"{BROWN}, §2: 0.27% with one sample, 57% with 10,000",
        ),
        CoverageCurve(
            "math-llama3-8b",
            "MATH",
            "Llama-3-8B-Instruct",
            8e9,
            ((100, 0.829), (10_000, 0.9844)),
            f"{BROWN}, §4: 82.9% with 100 samples, 98.44% with 10,000",
        ),
    )
}


def get_curve(key: str) -> CoverageCurve:
    if key not in CURVES:
        raise ValueError(f"curve {key!r} is not one of {', '.join(CURVES)}")
    return CURVES[key]


def inference_flops(params: float, generated_tokens: float) -> float:
    """≈ 2·N per generated token (Kaplan et al. 2020 §2.1); the prompt's tokens not counted."""
    if params <= 0 or generated_tokens < 0:
        raise ValueError(f"params {params!r} must be > 0 and tokens {generated_tokens!r} ≥ 0")
    return FLOPS_PER_PARAM_GENERATED_TOKEN * params * generated_tokens


def flops_matched_samples(size_ratio: float, inference_to_pretraining: float) -> float:
    """How many times more inference tokens a model M times smaller may generate for the same
    total FLOPs as the larger one (both trained on D_pre tokens): from X = 6·N·D_pre + 2·N·D_inf
    (the accounting of Snell et al. 2024 §7): k = M + 3·(M − 1)/R, R = D_inf / D_pre."""
    if size_ratio < 1:
        raise ValueError(f"size ratio {size_ratio!r} must be at least 1 (the larger model over the smaller)")
    if inference_to_pretraining <= 0:
        raise ValueError(f"R = inference/pretraining tokens {inference_to_pretraining!r} must be > 0")
    return size_ratio + 3.0 * (size_ratio - 1.0) / inference_to_pretraining


#: Snell et al. 2024 §7 / Fig. 9, in words (shape only: no fitted constants are published).
SNELL_FINDINGS = (
    (
        "easy and medium questions, R ≪ 1 (little inference per pretraining token)",
        "the smaller model with more test-time compute wins (against a ~14x larger model)",
    ),
    ("hardest questions", "the larger pretrained model wins"),
    ("R ≫ 1 (heavy inference load)", "pretraining a larger model is usually the better use of FLOPs"),
)
SNELL_NOTE = (
    f"{SNELL}, §7 and Fig. 9 (PaLM 2-S* on MATH): published as bars, not a formula, so only the shape is shown here."
)


PAIR_CAVEAT = (
    "The two MATH models differ in more than size (Pythia-160M: a base model trained "
    "on 300B tokens; Llama-3-8B-Instruct: 15T tokens, instruction-tuned), so this is a "
    "comparison of two published models, not of size alone."
)


@dataclass(frozen=True)
class TradeView:
    """Two models on one task at equal inference FLOPs per problem."""

    task: str
    small: CoverageCurve
    large: CoverageCurve
    tokens_per_sample: float
    budgets: np.ndarray  # inference FLOPs per problem (x axis)
    small_coverage: np.ndarray  # NaN where the budget buys less than one sample
    large_coverage: np.ndarray
    small_extrapolated: np.ndarray
    large_extrapolated: np.ndarray
    budget: float  # the learner's budget
    small_samples: float
    large_samples: float
    small_at_budget: float | None
    large_at_budget: float | None
    winner: str
    readout: str
    note: str
    crossover: float | None = None  # from this budget on the larger model covers more
    title: str = ""


def _coverage_or_nan(curve: CoverageCurve, samples: np.ndarray) -> np.ndarray:
    out = np.full(samples.shape, np.nan)
    ok = samples >= 1
    out[ok] = curve.coverage(samples[ok])
    return out


def trade_view(
    budget: float,
    *,
    small: str = "math-pythia160m",
    large: str = "math-llama3-8b",
    tokens_per_sample: float = DEFAULT_TOKENS_PER_SAMPLE,
    points: int = 200,
) -> TradeView:
    """Coverage of a small and a large model against inference FLOPs per problem."""
    s, g = get_curve(small), get_curve(large)
    if s.task != g.task:
        raise ValueError(f"{s.label} and {g.label} are on different tasks; compare one task")
    if s.params >= g.params:
        raise ValueError(f"{s.model} must be smaller than {g.model}")
    if not (math.isfinite(budget) and budget > 0):
        raise ValueError(f"budget {budget!r} must be a positive number of FLOPs")
    if not (math.isfinite(tokens_per_sample) and tokens_per_sample >= 1):
        raise ValueError(f"tokens per sample {tokens_per_sample!r} must be at least 1")

    def pct(curve: CoverageCurve, k: float, c: float | None) -> str:
        assert c is not None  # called only where the budget buys a sample
        return f"{100 * c:.1f}%" + (" (extrapolated)" if bool(curve.extrapolated(k)) else "")

    lo = s.sample_flops(tokens_per_sample)
    budgets = np.logspace(math.log10(lo), math.log10(g.sample_flops(tokens_per_sample) * 1e4), points)
    ks, kg = budgets / s.sample_flops(tokens_per_sample), budgets / g.sample_flops(tokens_per_sample)
    cs, cg = _coverage_or_nan(s, ks), _coverage_or_nan(g, kg)
    bs, bg = budget / s.sample_flops(tokens_per_sample), budget / g.sample_flops(tokens_per_sample)
    at_s = float(s.coverage(math.floor(bs))) if bs >= 1 else None
    at_g = float(g.coverage(math.floor(bg))) if bg >= 1 else None
    if at_s is None and at_g is None:
        winner, why = "neither", "the budget buys no sample from either model"
    elif at_g is None or (at_s is not None and at_s > at_g):
        winner = s.model
        why = f"{s.model}: {math.floor(bs):,} samples → {pct(s, math.floor(bs), at_s)}" + (
            f"; {g.model}: {math.floor(bg):,} → {pct(g, math.floor(bg), at_g)}"
            if at_g is not None
            else f"; {g.model}: not one sample"
        )
    else:
        winner = g.model
        why = f"{g.model}: {math.floor(bg):,} samples → {pct(g, math.floor(bg), at_g)}; " + (
            f"{s.model}: {math.floor(bs):,} → {pct(s, math.floor(bs), at_s)}"
            if at_s is not None
            else f"{s.model}: not one sample"
        )
    readout = (
        f"{format_flops(budget)} per problem ({format_count(tokens_per_sample)} tokens a "
        f"sample, 2·N FLOPs a token): {why}. Winner: {winner}."
    )
    better = np.nan_to_num(cg, nan=-1.0) > np.nan_to_num(cs, nan=-1.0)
    cross = float(budgets[int(np.argmax(better))]) if better.any() else None
    title = (
        f"{s.task}, equal FLOPs: {s.model} wins below {format_flops(cross)}, {g.model} above"
        if cross is not None
        else f"{s.task}: {s.model} wins throughout"
    )
    return TradeView(
        crossover=cross,
        title=title,
        task=s.task,
        small=s,
        large=g,
        tokens_per_sample=tokens_per_sample,
        budgets=budgets,
        small_coverage=cs,
        large_coverage=cg,
        small_extrapolated=s.extrapolated(np.maximum(ks, 1)),
        large_extrapolated=g.extrapolated(np.maximum(kg, 1)),
        budget=budget,
        small_samples=bs,
        large_samples=bg,
        small_at_budget=at_s,
        large_at_budget=at_g,
        winner=winner,
        readout=readout,
        note=FORM_NOTE + " " + PAIR_CAVEAT if (small, large) == ("math-pythia160m", "math-llama3-8b") else FORM_NOTE,
    )
