"""Memory components, sharding and the estimate (see scalingdesk.core.hardware)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from scalingdesk.core.hardware.spec import (
    ACT_BYTES_CHECKPOINT,
    ACT_BYTES_PER_LAYER,
    BITS_PER_WEIGHT,
    DEFAULT_MFU,
    GPUS_PER_NODE,
    GRADIENT_BYTES,
    KV_BITS,
    MEMORY_KEYS,
    OPTIMIZER_BYTES,
    OVERHEAD_FIXED_BYTES,
    OVERHEAD_FRACTION,
    WEIGHT_BYTES_TRAINING,
    GpuSpec,
    HardwareConfig,
    HardwareInputError,
    ModelArchitecture,
    _number,
    architecture_for_params,
    get_gpu,
    get_preset,
)
from scalingdesk.core.units import format_bytes, format_number

# ----------------------------------------------------------------------------------------------
# memory components (vectorised: scalars or numpy arrays)


def kv_cache_bytes(
    layers: ArrayLike,
    kv_elements_per_token_layer: ArrayLike,
    context: ArrayLike,
    batch: ArrayLike,
    bits: float,
) -> NDArray[np.float64] | float:
    """KV cache = layers · (2·kv_heads·head_dim) · context · batch · bytes per element."""
    return np.multiply(np.multiply(layers, kv_elements_per_token_layer), np.multiply(context, batch)) * (bits / 8.0)


def training_activation_bytes(
    layers: ArrayLike,
    d_model: ArrayLike,
    heads: ArrayLike,
    seq: ArrayLike,
    micro_batch: ArrayLike,
    recompute: bool,
) -> NDArray[np.float64] | float:
    """Korthikanti et al. 2022 eq. 2: per layer s·b·h·(34 + 5·a·s/h) bytes without recomputation;
    with full recomputation 2·s·b·h per layer plus one layer's full set while it is recomputed."""
    sbh = np.multiply(np.multiply(seq, micro_batch), d_model).astype(np.float64)
    per_layer = sbh * (ACT_BYTES_PER_LAYER + 5.0 * np.divide(np.multiply(heads, seq), d_model))
    if recompute:
        return np.multiply(ACT_BYTES_CHECKPOINT * sbh, layers) + per_layer
    return np.multiply(per_layer, layers)


def inference_activation_bytes(d_model: ArrayLike, context: ArrayLike, batch: ArrayLike):
    """Prefill working set of one layer, 34·s·b·h bytes: nothing is kept for a backward pass, and
    fused attention kernels (FlashAttention, paged attention) never store the a·s² scores."""
    return ACT_BYTES_PER_LAYER * np.multiply(np.multiply(context, batch), d_model)


def training_gpu_hours(flops: ArrayLike, peak_flops: float, mfu: float):
    """GPU-hours = FLOPs / (peak FLOP/s · MFU · 3600)."""
    return np.divide(flops, peak_flops * mfu * 3600.0)


# ----------------------------------------------------------------------------------------------
# sharding


@dataclass(frozen=True)
class Layout:
    """How the GPUs are used: model parallel m = tensor t × pipeline p, data parallel d."""

    model_parallel: int
    data_parallel: int

    @property
    def tensor_parallel(self) -> int:
        return min(self.model_parallel, GPUS_PER_NODE)

    @property
    def gpus(self) -> int:
        return self.model_parallel * self.data_parallel


def _model_parallel_ladder(layers: int) -> NDArray[np.int64]:
    """1, 2, 4, 8 inside a node, then whole nodes (16, 24, …) up to one pipeline stage per layer."""
    small = [m for m in (1, 2, 4) if m < GPUS_PER_NODE]
    nodes = np.arange(1, max(1, layers) + 1, dtype=np.int64) * GPUS_PER_NODE
    return np.concatenate([np.array(small, dtype=np.int64), nodes])


def _split(memory: Mapping[str, float], mode: str, zero_stage: int):
    """(ZeRO-sharded model state, model state not sharded by ZeRO, activations)."""
    if mode == "inference":  # replicas share nothing; KV splits with the model like the weights
        return 0.0, memory["weights"] + memory["kv_cache"], memory["activations"]
    parts = {"optimizer_states": 1, "gradients": 2, "weights": 3}  # ZeRO stage that shards each
    sharded = sum(memory[k] for k, stage in parts.items() if zero_stage >= stage)
    unsharded = sum(memory[k] for k, stage in parts.items() if zero_stage < stage)
    return sharded, unsharded, memory["activations"]


def per_gpu_bytes(memory: Mapping[str, float], layout: Layout, *, mode: str, zero_stage: int) -> dict[str, float]:
    """What each GPU holds under ``layout`` (keys as in memory_bytes, overhead and total per GPU)."""
    m, d, t = layout.model_parallel, layout.data_parallel, layout.tensor_parallel
    zd = d if mode == "training" else 1
    out = {
        "weights": memory["weights"] / (m * (zd if zero_stage >= 3 else 1)),
        "kv_cache": memory["kv_cache"] / m,
        "activations": memory["activations"] / t,
        "gradients": memory["gradients"] / (m * (zd if zero_stage >= 2 else 1)),
        "optimizer_states": memory["optimizer_states"] / (m * (zd if zero_stage >= 1 else 1)),
    }
    body = sum(out.values())
    out["overhead"] = OVERHEAD_FIXED_BYTES + OVERHEAD_FRACTION * body
    out["total"] = body + out["overhead"]
    return out


def _min_data_parallel(
    memory: Mapping[str, float], capacity: float, mode: str, zero_stage: int, ladder: NDArray
) -> NDArray[np.float64]:
    """For each model-parallel degree m, the least data-parallel degree d that fits (inf: none).

    Per GPU: (1+f)·(S/(m·d) + U/m + A/t) + c ≤ capacity, with S the ZeRO-sharded state, U the rest
    of the model state (and KV), A the activations, t = min(m, 8), c, f the fixed/fractional overhead.
    """
    sharded, unsharded, act = _split(memory, mode, zero_stage)
    m = ladder.astype(np.float64)
    room = (capacity - OVERHEAD_FIXED_BYTES) / (1 + OVERHEAD_FRACTION) - unsharded / m
    room -= act / np.minimum(m, GPUS_PER_NODE)
    with np.errstate(divide="ignore", invalid="ignore"):
        if sharded > 0:
            d = np.where(room > 0, np.maximum(1.0, np.ceil(sharded / (m * room) * (1 - 1e-12))), np.inf)
        else:
            d = np.where(room >= 0, 1.0, np.inf)
    return d


def minimum_layout(
    memory: Mapping[str, float], capacity: float, *, mode: str, zero_stage: int, layers: int
) -> Layout | None:
    """The fewest GPUs that hold one replica (ties: least model parallelism); None if none can."""
    ladder = _model_parallel_ladder(layers)
    d = _min_data_parallel(memory, capacity, mode, zero_stage, ladder)
    gpus = ladder * d
    if not np.isfinite(gpus).any():
        return None
    i = int(np.argmin(gpus))  # first minimum = smallest m
    return Layout(int(ladder[i]), int(d[i]))


def layout_on(
    memory: Mapping[str, float],
    capacity: float,
    num_gpus: int,
    *,
    mode: str,
    zero_stage: int,
    layers: int,
) -> Layout:
    """How ``num_gpus`` GPUs are used: the smallest model-parallel degree that fits with the rest
    as (ZeRO-sharded) data parallelism; if nothing fits, the largest model parallelism available."""
    ladder = _model_parallel_ladder(layers)
    ladder = ladder[ladder <= num_gpus]
    d_need = _min_data_parallel(memory, capacity, mode, zero_stage, ladder)
    ok = np.flatnonzero(ladder * d_need <= num_gpus)
    m = int(ladder[ok[0]] if ok.size else ladder[-1])
    return Layout(m, num_gpus // m)


# ----------------------------------------------------------------------------------------------
# the estimate


@dataclass(frozen=True)
class HardwareEstimate:
    config: HardwareConfig
    gpu: GpuSpec
    architecture: ModelArchitecture
    memory_bytes: dict[str, float]  # one replica, before sharding; keys MEMORY_KEYS + "total"
    per_gpu_bytes: dict[str, float]  # under `layout` (training: num_gpus; inference: one replica)
    layout: Layout
    gpus_to_fit: int | None  # None: no layout fits (activations alone overflow a GPU)
    nodes_to_fit: int | None
    fits_on_one: bool
    flops: float | None = None
    gpu_hours: float | None = None
    days: float | None = None
    gpus_for_target_days: int | None = None
    cost: float | None = None
    energy_mwh: float | None = None  # None in inference, or when the GPU has no published power
    decode_tokens_per_s_upper: float | None = None
    decode_tokens_per_s_per_sequence: float | None = None
    formulas: dict[str, str] = field(default_factory=dict)

    @property
    def fits_on_num_gpus(self) -> bool:
        return self.per_gpu_bytes["total"] <= self.gpu.capacity_bytes

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (the CLI's output)."""
        out: dict[str, Any] = {
            "model": self.architecture.name,
            "params_total": self.architecture.params_total,
            "params_active": self.architecture.params_active,
            "gpu": self.gpu.id,
            "gpu_memory_bytes": self.gpu.capacity_bytes,
            "mode": self.config.mode,
            "memory_bytes": dict(self.memory_bytes),
            "per_gpu_bytes": dict(self.per_gpu_bytes),
            "layout": {
                "gpus": self.layout.gpus,
                "tensor_parallel": self.layout.tensor_parallel,
                "pipeline_parallel": self.layout.model_parallel // self.layout.tensor_parallel,
                "data_parallel": self.layout.data_parallel,
            },
            "gpus_to_fit": self.gpus_to_fit,
            "nodes_to_fit": self.nodes_to_fit,
            "fits_on_one": self.fits_on_one,
        }
        if self.config.mode == "inference":
            out["decode_tokens_per_s_upper"] = self.decode_tokens_per_s_upper
            out["decode_tokens_per_s_per_sequence"] = self.decode_tokens_per_s_per_sequence
        else:
            for k in ("flops", "gpu_hours", "days", "gpus_for_target_days", "cost", "energy_mwh"):
                out[k] = getattr(self, k)
        out["formulas"] = dict(self.formulas)
        return out


def _gb(x: float) -> str:
    return format_bytes(x)


def estimate(
    params: float, tokens: float, config: HardwareConfig, *, active_params: float | None = None
) -> HardwareEstimate:
    """Memory, GPU count, training time/cost/energy and decode speed for N params, D tokens.

    With ``config.preset`` the preset's architecture and parameter counts replace ``params``.
    ``tokens`` is only used in training mode.  Raises HardwareInputError naming the bad field.
    """
    config.validated()
    if config.preset is not None:
        arch = get_preset(config.preset)
    else:
        arch = architecture_for_params(params, active_params)
    gpu = config.gpu()
    n, n_active = arch.params_total, arch.params_active
    h, L, a = arch.d_model, arch.layers, arch.heads
    training = config.mode == "training"
    f: dict[str, str] = {}

    mem = dict.fromkeys(MEMORY_KEYS, 0.0)
    if training:
        opt_b = OPTIMIZER_BYTES[config.optimizer]
        s, b = config.seq_len, config.micro_batch
        mem["weights"] = n * WEIGHT_BYTES_TRAINING
        mem["gradients"] = n * GRADIENT_BYTES
        mem["optimizer_states"] = n * opt_b
        mem["activations"] = float(training_activation_bytes(L, h, a, s, b, config.recompute))
        f["weights"] = (
            f"{format_number(n, 4)} params × 2 B (bf16 copy; fp8 training keeps it too) = {_gb(mem['weights'])}"
        )
        f["gradients"] = f"{format_number(n, 4)} params × 2 B (bf16) = {_gb(mem['gradients'])}"
        f["optimizer_states"] = (
            f"{format_number(n, 4)} params × {opt_b:g} B ("
            + ("fp32 master + Adam m, v" if config.optimizer == "adam" else "fp32 master + momentum")
            + f") = {_gb(mem['optimizer_states'])}; with weights and grads "
            f"{4 + opt_b:g} B/param (Megatron/DeepSpeed count 18 for Adam)"
        )
        core = f"s·b·h·(34 + 5·a·s/h) = {s}·{b}·{h}·(34 + 5·{a}·{s}/{h})"
        f["activations"] = (
            f"{L} layers × 2·s·b·h + one layer recomputed: 2·{s}·{b}·{h}·{L} + {core} "
            if config.recompute
            else f"{L} layers × {core} "
        ) + f"= {_gb(mem['activations'])}"
    else:
        wbits, kvbits = BITS_PER_WEIGHT[config.precision], KV_BITS[config.kv_precision]
        s, b = config.context, config.batch
        mem["weights"] = n * wbits / 8
        mem["kv_cache"] = float(kv_cache_bytes(L, arch.kv_elements_per_token_layer, s, b, kvbits))
        mem["activations"] = float(inference_activation_bytes(h, s, b))
        f["weights"] = f"{format_number(n, 4)} params × {wbits:g} bits ({config.precision}) / 8 = {_gb(mem['weights'])}"
        kv_shape = (
            f"{arch.kv_latent_dim} latent" if arch.kv_latent_dim else f"2·{arch.kv_heads} KV heads·{arch.head_dim}"
        )
        f["kv_cache"] = (
            f"{L} layers · {kv_shape} · {s} context · {b} batch · "
            f"{kvbits / 8:g} B ({config.kv_precision}) = {_gb(mem['kv_cache'])}"
        )
        f["activations"] = f"one layer's prefill working set 34·s·b·h = 34·{s}·{b}·{h} = {_gb(mem['activations'])}"
        f["gradients"] = f["optimizer_states"] = "none in inference"
    body = sum(mem.values())
    mem["overhead"] = OVERHEAD_FIXED_BYTES + OVERHEAD_FRACTION * body
    mem["total"] = body + mem["overhead"]
    if training:
        f.setdefault("kv_cache", "none in training")
    f["overhead"] = (
        f"{_gb(OVERHEAD_FIXED_BYTES)} per GPU (CUDA context, workspaces) + "
        f"{OVERHEAD_FRACTION:.0%} of the rest = {_gb(mem['overhead'])} for one GPU"
    )
    f["total"] = f"sum for one replica before sharding = {_gb(mem['total'])}"

    cap = gpu.capacity_bytes
    fit = minimum_layout(mem, cap, mode=config.mode, zero_stage=config.zero_stage, layers=L)
    gpus_to_fit = None if fit is None else fit.gpus
    nodes = None if fit is None else math.ceil(fit.gpus / GPUS_PER_NODE)
    if training:
        layout = layout_on(mem, cap, config.num_gpus, mode=config.mode, zero_stage=config.zero_stage, layers=L)
    else:  # one serving replica; with nothing fitting, the widest model parallelism there is
        layout = fit or Layout(int(_model_parallel_ladder(L)[-1]), 1)
    per_gpu = per_gpu_bytes(mem, layout, mode=config.mode, zero_stage=config.zero_stage)
    zero = f", ZeRO-{config.zero_stage}" if training else ""
    if fit is None:
        f["gpus_to_fit"] = (
            f"no layout fits: activations ÷ 8 (tensor parallel) + overhead exceed "
            f"{gpu.name}'s {_gb(cap)}; lower the batch/sequence or recompute"
        )
    else:
        f["gpus_to_fit"] = (
            f"smallest m·d with per-GPU memory ≤ {_gb(cap)}: model parallel m = {fit.model_parallel} "
            f"(tensor {fit.tensor_parallel} × pipeline {fit.model_parallel // fit.tensor_parallel})"
            f" × data parallel {fit.data_parallel}{zero} = {fit.gpus} GPUs; model state ÷ m·(d by "
            f"ZeRO stage), activations ÷ tensor parallel only, {_gb(OVERHEAD_FIXED_BYTES)} per GPU"
        )
    f["per_gpu"] = (
        f"on {layout.gpus} GPUs: tensor {layout.tensor_parallel} × pipeline "
        f"{layout.model_parallel // layout.tensor_parallel} × data {layout.data_parallel}"
        f"{zero} → {_gb(per_gpu['total'])} per GPU of {_gb(cap)}"
    )
    out: dict[str, Any] = {}

    if training:
        tokens_v = _number(tokens, "tokens")
        peak = gpu.peak_flops(config.precision)
        flops = 6.0 * n_active * tokens_v
        hours = float(training_gpu_hours(flops, peak, config.mfu))
        days = hours / (config.num_gpus * 24.0)
        need = max(math.ceil(hours / (24.0 * config.target_days) * (1 - 1e-12)), gpus_to_fit or 1)
        out.update(
            flops=flops, gpu_hours=hours, days=days, gpus_for_target_days=need, cost=hours * config.price_per_gpu_hour
        )
        moe = " (active params only)" if arch.is_moe else ""
        f["flops"] = (
            f"6·N·D = 6 · {format_number(n_active, 4)}{moe} · {format_number(tokens_v, 4)} = {format_number(flops)} FLOP"
        )
        f["gpu_hours"] = (
            f"FLOPs / (peak · MFU · 3600) = {format_number(flops)} / ({peak / 1e12:g} TFLOP/s "
            f"{config.precision} dense · {config.mfu:.0%} · 3600) = {format_number(hours, 4)} GPU-h"
        )
        f["days"] = (
            f"GPU-hours / (GPUs · 24) = {format_number(hours, 4)} / ({config.num_gpus} · 24) = {format_number(days)} days"
        )
        f["gpus_for_target_days"] = (
            f"max(⌈GPU-hours / (24 · {config.target_days:g} days)⌉, GPUs to fit "
            f"{gpus_to_fit if gpus_to_fit else '—'}) = {need:,}"
        )
        f["cost"] = (
            f"GPU-hours · price = {format_number(hours, 4)} · ${config.price_per_gpu_hour:g}"
            f" = ${format_number(out['cost'], 4)}"
        )
        if gpu.power_w is not None:
            out["energy_mwh"] = hours * gpu.power_w * config.pue / 1e6
            f["energy_mwh"] = (
                f"GPU-hours · power · PUE = {format_number(hours, 4)} · {gpu.power_w:g} W · "
                f"{config.pue:g} = {format_number(out['energy_mwh'], 4)} MWh (GPU power only)"
            )
        else:
            f["energy_mwh"] = f"{gpu.name}: no published power figure"
    else:
        if tokens is not None:  # unused in inference, but a negative size is still refused
            _number(tokens, "tokens", inclusive=True)
        m = fit.model_parallel if fit is not None else 1
        t = min(m, GPUS_PER_NODE)
        bw = gpu.bandwidth_tb_s * 1e12 * t
        active_w = mem["weights"] * n_active / n
        per_step = active_w + mem["kv_cache"]
        per_seq = bw / per_step
        out.update(decode_tokens_per_s_per_sequence=per_seq, decode_tokens_per_s_upper=per_seq * config.batch)
        moe = f" (active {format_number(n_active)} of {format_number(n)} params)" if arch.is_moe else ""
        f["decode_tokens_per_s_upper"] = (
            f"batch · bandwidth / bytes read per step = {config.batch} · {t} × "
            f"{gpu.bandwidth_tb_s:g} TB/s / (weights {_gb(active_w)}{moe} + KV {_gb(mem['kv_cache'])}"
            f" at full context) = {format_number(per_seq * config.batch, 4)} tokens/s; memory-bound ceiling, "
            f"tensor parallel {t} adds bandwidth, pipeline stages run in turn"
        )
    return HardwareEstimate(
        config=config,
        gpu=gpu,
        architecture=arch,
        memory_bytes=mem,
        per_gpu_bytes=per_gpu,
        layout=layout,
        gpus_to_fit=gpus_to_fit,
        nodes_to_fit=nodes,
        fits_on_one=gpus_to_fit == 1,
        formulas=f,
        **out,
    )


def gpu_days(compute: float, gpu_id: str = "h100-80gb", mfu: float = DEFAULT_MFU) -> float:
    """Days one GPU of ``gpu_id`` needs for ``compute`` FLOPs at utilisation ``mfu`` (bf16 dense
    peak from the catalog): the explorer's plain-language reading of a compute budget."""
    if not 0 < mfu <= 1:
        raise HardwareInputError(f"mfu {mfu!r} must be in (0, 1]")
    return compute / (get_gpu(gpu_id).peak_flops("bf16") * mfu * 86400.0)
