"""Write resources/sample_runs.csv: synthetic training runs drawn from a known law plus noise.

The truth is the Epoch AI re-fit of Chinchilla (Besiroglu et al. 2024, arXiv 2404.10102, Table 1:
E=1.82, A=482.01, B=2085.43, α=0.3478, β=0.3658, taken from scalingdesk.core.laws.EPOCH_2024).
Runs sit on seven IsoFLOP budgets from 1e18 to 1e21 FLOPs, fifteen model sizes each spread ±1.2
decades around the compute-optimal size, with 1% log-normal noise on the loss.  Deterministic:
run it again and the file is byte-for-byte the same (tests/test_fitting.py checks this).

    python tools/make_sample_runs.py            # rewrite resources/sample_runs.csv
    python tools/make_sample_runs.py --stdout   # print instead
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scalingdesk.core.fitting import synthetic_runs
from scalingdesk.core.laws import EPOCH_2024

SEED = 2022
NOISE = 0.01
BUDGETS = (1e18, 3e18, 1e19, 3e19, 1e20, 3e20, 1e21)
SIZES_PER_BUDGET = 15
OUTPUT = Path(__file__).resolve().parents[1] / "resources" / "sample_runs.csv"


def _with_suffix(value: float) -> str:
    """4 significant digits with a unit suffix, the way people write model sizes: 85.24M."""
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if value >= scale:
            return f"{value / scale:.4g}{suffix}"
    return f"{value:.4g}"


def sample_csv() -> str:
    law = EPOCH_2024
    n, d, loss = synthetic_runs(law, budgets=BUDGETS, sizes_per_budget=SIZES_PER_BUDGET, noise=NOISE, seed=SEED)
    out = [
        f"# Synthetic runs for ScalingDesk's 'Fit your own runs' (made by tools/make_sample_runs.py, seed {SEED}).",
        f"# Truth: L = E + A/N^alpha + B/D^beta with E={law.E}, A={law.A}, B={law.B},"
        f" alpha={law.alpha}, beta={law.beta}",
        "# (Besiroglu et al. 2024, arXiv 2404.10102, Table 1) plus 1% log-normal noise on the loss."
        " flops = 6*params*tokens.",
        "run,params,tokens,flops,loss",
    ]
    for i, (ni, di, li) in enumerate(zip(n, d, loss), start=1):
        out.append(f"r{i:03d},{_with_suffix(ni)},{_with_suffix(di)},{6 * ni * di:.3e},{li:.4f}")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stdout", action="store_true", help="print the CSV instead of writing it")
    args = parser.parse_args(argv)
    text = sample_csv()
    if args.stdout:
        sys.stdout.write(text)
    else:
        OUTPUT.write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {text.count(chr(10)) - 4} runs to {OUTPUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
