"""`scalingdesk hardware`: memory, GPU count, training time/cost/energy, decode speed as JSON.

The main CLI calls ``add_parser(subparsers)`` to register the subcommand and ``run(args)`` to get
the JSON-ready dict; bad input raises ValueError naming the field (the main CLI exits with 2).
"""

from __future__ import annotations

import argparse
from typing import Any

from scalingdesk.core import boundary
from scalingdesk.core.hardware import (
    BITS_PER_WEIGHT,
    KV_BITS,
    MODES,
    OPTIMIZER_BYTES,
    GpuSpec,
    HardwareConfig,
    HardwareInputError,
    estimate,
)
from scalingdesk.core.units import format_sci, parse_quantity

_D = HardwareConfig()  # defaults shown in --help


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "hardware",
        help="memory, GPUs, training time/cost and decode speed for a model",
        description="Estimate the hardware a model needs (memory per GPU, minimum GPUs, training "
        "GPU-hours/days/cost/energy, memory-bound decode tokens/s).  Numbers accept 70B, 2T, 7e10.",
    )
    p.add_argument("--params", help="total parameters N (e.g. 70B); not needed with --model")
    p.add_argument("--active-params", help="parameters used per token (mixture-of-experts)")
    p.add_argument(
        "--model",
        metavar="PRESET",
        help="a published architecture, e.g. llama-3.1-70b; its parameter counts replace --params/--active-params",
    )
    p.add_argument("--tokens", help="training tokens D (training mode)")
    p.add_argument("--gpu", default=_D.gpu_id, help=f"GPU id (default {_D.gpu_id})")
    p.add_argument(
        "--custom-gpu",
        metavar="JSON",
        help='a GPU not in the catalog: {"id","name","memory_gb","bandwidth_tb_s",'
        '"bf16_tflops"[,"fp8_tflops","power_w"]}; used instead of --gpu',
    )
    p.add_argument("--precision", default=_D.precision, choices=list(BITS_PER_WEIGHT))
    p.add_argument("--kv-precision", default=_D.kv_precision, choices=list(KV_BITS))
    p.add_argument("--mode", default=_D.mode, choices=list(MODES))
    p.add_argument("--context", default=str(_D.context), help="inference context length")
    p.add_argument("--batch", default=str(_D.batch), help="inference batch (sequences)")
    p.add_argument("--micro-batch", default=str(_D.micro_batch), help="training micro-batch")
    p.add_argument("--seq-len", default=str(_D.seq_len), help="training sequence length")
    p.add_argument("--optimizer", default=_D.optimizer, choices=list(OPTIMIZER_BYTES))
    p.add_argument("--zero", default=str(_D.zero_stage), help="ZeRO stage 0-3")
    p.add_argument(
        "--recompute",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="full activation recomputation (default on, as large runs do; --no-recompute "
        "keeps every activation, Korthikanti et al. 2022)",
    )
    p.add_argument("--mfu", default=str(_D.mfu), help="model FLOPs utilisation, 0-1")
    p.add_argument("--gpus", default=str(_D.num_gpus), help="GPUs in the cluster")
    p.add_argument("--days", default=str(_D.target_days), help="target training days")
    p.add_argument("--price", default=str(_D.price_per_gpu_hour), help="USD per GPU-hour")
    p.add_argument("--pue", default=str(_D.pue), help="data-centre power usage effectiveness")
    # SUPPRESS: never overwrite a --json the main parser may already have set.
    p.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="print JSON (the output is always JSON-ready)"
    )


def _float(text: Any, what: str) -> float:
    return parse_quantity(text, what=what)


def _int(text: Any, what: str) -> int:
    value = parse_quantity(text, what=what)
    if abs(value) > boundary.C_INT_MAX:
        raise HardwareInputError(f"{what} {text!r} is out of range (at most {boundary.C_INT_MAX:,})")
    if value != int(value):
        raise HardwareInputError(f"{what} must be a whole number, got {text!r}")
    return int(value)


def config_from_args(args: argparse.Namespace) -> HardwareConfig:
    custom = None
    gpu_id = args.gpu
    if getattr(args, "custom_gpu", None):
        spec = boundary.parse_json(args.custom_gpu[:100_000], "--custom-gpu")
        if not isinstance(spec, dict):
            raise HardwareInputError(f"--custom-gpu must be a JSON object, got {boundary.show(args.custom_gpu)}")
        spec.setdefault("id", "custom")
        spec.setdefault("source", "command line")
        boundary.check_gpu(spec, "--custom-gpu")
        custom = GpuSpec.validated(**spec)
        gpu_id = custom.id
    config = HardwareConfig(
        gpu_id=gpu_id,
        precision=args.precision,
        kv_precision=args.kv_precision,
        mode=args.mode,
        context=_int(args.context, "context"),
        batch=_int(args.batch, "batch"),
        optimizer=args.optimizer,
        zero_stage=_int(args.zero, "zero stage"),
        recompute=bool(args.recompute),
        micro_batch=_int(args.micro_batch, "micro_batch"),
        seq_len=_int(args.seq_len, "seq_len"),
        mfu=_float(args.mfu, "mfu"),
        target_days=_float(args.days, "days"),
        num_gpus=_int(args.gpus, "gpus"),
        price_per_gpu_hour=_float(args.price, "price"),
        pue=_float(args.pue, "pue"),
        preset=args.model,
        custom_gpu=custom,
    )
    boundary.check_hardware(config, "hardware")  # the Hardware panel's ranges: every integer a C int
    return config.validated()


def run(args: argparse.Namespace) -> dict[str, Any]:
    """The estimate for the parsed arguments as a JSON-ready dict (ValueError on bad input)."""
    config = config_from_args(args)
    if config.preset is None and not args.params:
        raise HardwareInputError("params: give --params (e.g. 70B) or a --model preset")
    params = _float(args.params, "params") if args.params else 0.0
    active = _float(args.active_params, "active params") if args.active_params else None
    if config.mode == "training":
        if not args.tokens:
            raise HardwareInputError("tokens: training mode needs --tokens (e.g. 2T)")
        tokens = _float(args.tokens, "tokens")
    else:
        tokens = _float(args.tokens, "tokens") if args.tokens else 0.0
    for value, what in ((params, "params"), (tokens, "tokens"), (active or 1.0, "active params")):
        if value > 1e20:
            raise HardwareInputError(f"{what} {format_sci(value)} is larger than 1e20, the most this command takes")
    return estimate(params, tokens, config, active_params=active).to_dict()


def format_text(result: dict[str, Any]) -> str:
    """The estimate as readable lines (numbers through core.units)."""
    from scalingdesk.core.units import format_count, format_flops

    def fmt(key: str, v: Any, in_bytes: bool = False) -> str:
        if isinstance(v, bool) or v is None or isinstance(v, str):
            return str(v)
        if in_bytes or key.endswith("_bytes"):
            return f"{v / 1e9:,.1f} GB"
        if key == "flops":
            return format_flops(v)
        if key == "cost":
            return "$" + format_count(v)
        if isinstance(v, float):
            return format_count(v) if abs(v) >= 1000 else f"{v:.4g}"
        return f"{v:,}" if isinstance(v, int) else str(v)

    lines: list[str] = []
    for key, value in result.items():
        if key == "formulas":
            continue
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines += [
                f"  {k:<26} {fmt(k, v, key.endswith('_bytes'))}"
                for k, v in value.items()
                if not isinstance(v, (dict, list))
            ]
        elif not isinstance(value, list):
            lines.append(f"{key:<28} {fmt(key, value)}")
    return "\n".join(lines)
