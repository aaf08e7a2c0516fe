"""What a model takes in hardware: memory, how many GPUs, training time, cost, energy, decode speed.

Memory rules (EleutherAI "Transformer Math 101", Anthony et al. 2023; Korthikanti et al. 2022,
arXiv 2205.05198; Rajbhandari et al. 2020, ZeRO, arXiv 1910.02054):

* training, mixed precision: bf16/fp16 weights (2 B/param) + gradients (2 B/param) + optimizer
  states (Adam: fp32 master, m, v = 12 B/param; SGD with momentum: fp32 master + momentum =
  8 B/param).  fp8 training keeps the same state (frameworks keep weights in higher precision).
* inference: weights at the chosen precision's real bits per weight + KV cache
  2·layers·kv_heads·head_dim·context·batch·bytes (grouped-query attention: KV heads, not heads).
* activations per layer (Korthikanti eq. 2, 16-bit): s·b·h·(34 + 5·a·s/h) bytes without
  recomputation; full recomputation keeps the 2·s·b·h layer input per layer (plus one layer's full
  set while it is recomputed).
* framework overhead per GPU: a fixed amount plus a fraction of everything else.

Sharding model behind ``gpus_to_fit`` (never total memory ÷ GPU memory):

* model parallelism of degree m = t·p: tensor parallelism t = min(m, 8) inside an 8-GPU node,
  pipeline stages p across nodes (m ∈ 1, 2, 4, 8, 16, 24, …; at most one stage per layer).  It
  splits weights, gradients, optimizer states and KV cache by m, but activations only by t: with
  tensor + sequence parallelism activations shrink with t (Korthikanti §4.2.2); under 1F1B the
  first pipeline stage keeps p micro-batches of L/p layers in flight, i.e. a whole model's depth.
* data parallelism of degree d over the remaining GPUs, with ZeRO sharding across those d ranks:
  stage ≥ 1 shards optimizer states, ≥ 2 also gradients, 3 also weights.  Activations and KV cache
  are per-GPU work and never shrink with d.  Inference replicas share nothing.
* ``gpus_to_fit`` is the smallest m·d whose per-GPU memory fits.  ``per_gpu_bytes`` is what each
  GPU holds: in training on ``num_gpus`` GPUs with the smallest model-parallel degree that fits
  there (the rest data parallel); in inference on the ``gpus_to_fit`` GPUs of one replica.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields
from functools import lru_cache
from typing import Any, Mapping, TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from scalingdesk.core.units import format_bytes, format_count, format_number
from scalingdesk.resources import load_json


class HardwareInputError(ValueError):
    """Bad hardware input; the message names the field and the bad value."""


GPUS_PER_NODE = 8  # DGX/HGX nodes: 8 GPUs joined by NVLink; tensor parallelism stays inside one

#: Real bits per weight, scales and block metadata included.
BITS_PER_WEIGHT: dict[str, float] = {
    "fp32": 32.0,
    "bf16": 16.0,
    "fp16": 16.0,
    "fp8": 8.0,  # per-tensor scales: negligible
    "int8": 8.0,  # LLM.int8 / SmoothQuant: per-channel scales, negligible
    "int4": 4.15625,  # GPTQ/AWQ: 4 bits + fp16 scale + 4-bit zero per group of 128 = 4 + 20/128
    # GGUF (llama.cpp).  q8_0 and q6_k are block definitions in ggml-common.h (block_q8_0: fp16
    # scale + 32 int8 = 34 B per 32 weights; block_q6_K: 210 B per 256 weights).  The _K_M mixes
    # keep some tensors at higher precision, so they are whole-file figures from the size table
    # in llama.cpp tools/quantize/quantize.cpp for Llama-3-8B (8.03e9 params; sizes in GiB):
    # Q5_K_M 5.33 GiB, Q4_K_M 4.58, Q3_K_M 3.74, Q2_K 2.96 → bits = GiB·2^30·8 / 8.03e9.
    "q8_0": 8.5,
    "q6_k": 6.5625,
    "q5_k_m": 5.70,
    "q4_k_m": 4.90,
    "q3_k_m": 4.00,
    "q2_k": 3.17,
}

#: Bits per cached K or V element.  q8_0 / q4_0 are llama.cpp's KV-cache types (block_q4_0: fp16
#: scale + 16 B per 32 values = 4.5 bits).
KV_BITS: dict[str, float] = {
    "fp32": 32.0, "bf16": 16.0, "fp16": 16.0, "fp8": 8.0, "int8": 8.0, "q8_0": 8.5, "q4_0": 4.5,
}

TRAINING_PRECISIONS = ("bf16", "fp16", "fp8")
MODES = ("training", "inference")

#: Training state in bytes per parameter (Transformer Math 101).  Mixed-precision Adam:
#: 2 (weights) + 2 (grads) + 12 (fp32 master, m, v) = 16.  Megatron-LM and DeepSpeed count 18
#: because they also keep an fp32 copy of the gradients; we follow the 16 of Transformer Math 101.
WEIGHT_BYTES_TRAINING = 2.0
GRADIENT_BYTES = 2.0
OPTIMIZER_BYTES: dict[str, float] = {
    "adam": 12.0,  # fp32 master weights + first and second moments
    "sgd": 8.0,  # SGD with momentum, mixed precision: fp32 master weights + fp32 momentum
}

#: Framework overhead per GPU: CUDA context, cuBLAS/NCCL workspaces (fixed), allocator
#: fragmentation and temporary buffers (fraction).  A rule of thumb, not a published constant;
#: it stays inside Transformer Math 101's "≤ 20 % on top of the model" for inference.
OVERHEAD_FIXED_BYTES = 1.0e9
OVERHEAD_FRACTION = 0.05

#: Activation bytes per token per hidden unit per layer (Korthikanti et al. 2022, eq. 2: 16-bit
#: activations, no recomputation): 34 plus 5·a·s/h for the attention scores.
ACT_BYTES_PER_LAYER = 34.0
ACT_BYTES_CHECKPOINT = 2.0  # full recomputation keeps one 16-bit layer input (s·b·h·2 bytes)

#: Default utilisation: Llama 3 405B trained at 38–43 % MFU on H100 (Llama Team 2024,
#: arXiv 2407.21783, Table 4).
DEFAULT_MFU = 0.40

MEMORY_KEYS = ("weights", "kv_cache", "activations", "gradients", "optimizer_states", "overhead")


# ----------------------------------------------------------------------------------------------
# validation helpers


def _number(value: Any, what: str, *, minimum: float = 0.0, inclusive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise HardwareInputError(f"{what} must be a number, got {value!r}")
    v = float(value)
    if not math.isfinite(v) or v < minimum or (v == minimum and not inclusive):
        bound = f"at least {minimum:g}" if inclusive else f"greater than {minimum:g}"
        raise HardwareInputError(f"{what} must be a finite number {bound}, got {value!r}")
    return v


def _whole(value: Any, what: str, *, minimum: int = 1, maximum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise HardwareInputError(f"{what} must be a whole number, got {value!r}")
    if value < minimum or (maximum is not None and value > maximum):
        rng = f"from {minimum} to {maximum}" if maximum is not None else f"at least {minimum}"
        raise HardwareInputError(f"{what} must be {rng}, got {value!r}")
    return int(value)


def _choice(value: Any, what: str, options: Mapping[str, Any] | tuple[str, ...]) -> str:
    if value not in options:
        raise HardwareInputError(
            f"unknown {what} {value!r}; choose one of {', '.join(options)}"
        )
    return value


# ----------------------------------------------------------------------------------------------
# GPUs


@dataclass(frozen=True)
class GpuSpec:
    """One accelerator.  FLOP/s are dense (vendors often print 2:4-sparse figures, twice these)."""

    id: str
    name: str
    memory_gb: float  # nominal GB; capacity is taken as memory_gb·1e9 bytes (cards hold GiB: headroom)
    bandwidth_tb_s: float
    bf16_tflops: float
    fp8_tflops: float | None = None
    power_w: float | None = None  # None: the vendor publishes no per-chip power
    source: str = ""

    @classmethod
    def validated(cls, **values: Any) -> GpuSpec:
        """Build a GPU from user input (custom GPU dialog, scenario file, JSON), checking each field."""
        known = {f.name for f in fields(cls)}
        if extra := sorted(set(values) - known):
            raise HardwareInputError(f"custom GPU has unknown field(s) {', '.join(extra)}")
        for name in ("id", "name", "memory_gb", "bandwidth_tb_s", "bf16_tflops"):
            if name not in values:
                raise HardwareInputError(f"custom GPU needs the field {name}")
        for name in ("id", "name"):
            if not isinstance(values[name], str) or not values[name].strip():
                raise HardwareInputError(f"GPU {name} must be non-empty text, got {values[name]!r}")
        fp8, power = values.get("fp8_tflops"), values.get("power_w")
        source = values.get("source", "user input")
        if not isinstance(source, str):
            raise HardwareInputError(f"GPU source must be text, got {source!r}")
        return cls(
            id=values["id"].strip(),
            name=values["name"].strip(),
            memory_gb=_number(values["memory_gb"], "GPU memory_gb"),
            bandwidth_tb_s=_number(values["bandwidth_tb_s"], "GPU bandwidth_tb_s"),
            bf16_tflops=_number(values["bf16_tflops"], "GPU bf16_tflops"),
            fp8_tflops=None if fp8 is None else _number(fp8, "GPU fp8_tflops"),
            power_w=None if power is None else _number(power, "GPU power_w"),
            source=source,
        )

    @property
    def capacity_bytes(self) -> float:
        return self.memory_gb * 1e9

    def peak_flops(self, precision: str) -> float:
        """Dense peak FLOP/s for training at this precision (fp8 needs fp8 matrix units)."""
        if precision == "fp8":
            if self.fp8_tflops is None:
                raise HardwareInputError(
                    f"precision 'fp8': {self.name} has no fp8 matrix units; train in bf16"
                )
            return self.fp8_tflops * 1e12
        return self.bf16_tflops * 1e12

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@lru_cache(maxsize=1)
def gpu_catalog() -> dict[str, GpuSpec]:
    """The GPUs of resources/gpus.json by id (each row validated like user input)."""
    return {row["id"]: GpuSpec.validated(**row) for row in load_json("gpus.json")["gpus"]}


T = TypeVar("T")


def _one_of(table: dict[str, T], key: str, what: str) -> T:
    """table[key], or an error naming the bad key and the good ones."""
    if key not in table:
        raise HardwareInputError(f"unknown {what} {key!r}; choose one of {', '.join(table)}")
    return table[key]


def get_gpu(gpu_id: str) -> GpuSpec:
    return _one_of(gpu_catalog(), gpu_id, "GPU id")


# ----------------------------------------------------------------------------------------------
# model shapes


@dataclass(frozen=True)
class ModelArchitecture:
    name: str
    params_total: float
    params_active: float  # per token; < params_total for mixture-of-experts
    layers: int
    d_model: int
    heads: int
    kv_heads: int
    head_dim: int
    vocab: int
    source: str
    kv_latent_dim: int | None = None  # multi-head latent attention: elements cached per token-layer
    id: str = ""

    @property
    def is_moe(self) -> bool:
        return self.params_active < self.params_total

    @property
    def kv_elements_per_token_layer(self) -> int:
        return self.kv_latent_dim if self.kv_latent_dim else 2 * self.kv_heads * self.head_dim


#: Shape rule of the Llama family (Llama 2 7B/13B: width = 128·layers; Llama 3.1 405B: 126 layers
#: of 16384): head_dim 128, 8 KV heads (Llama 3 GQA), vocab 128,256 (Llama 3 tokenizer).
_HEAD_DIM = 128
_KV_HEADS = 8
_VOCAB = 128_256


def architecture_for_params(params: float, params_active: float | None = None) -> ModelArchitecture:
    """A Llama-shaped architecture for N parameters.

    Rule: a dense transformer block holds ≈ 12·h² parameters (4h² attention + 8h² MLP), and the
    Llama family keeps width ≈ 128 × depth (7B: 32 × 4096, 13B: 40 × 5120, 405B: 126 × 16384).
    So N ≈ 12·L·(128·L)² → L = round((N / (12·128²))^(1/3)), at least 1; d_model = 128·L;
    heads = d_model / 128 (head_dim 128); kv_heads = min(8, heads); vocab 128,256.
    It gives 33 layers for 7B, 71 for 70B (Llama: 80) and 127 for 405B (126).  Every dimension is
    non-decreasing in N, so every memory figure is too.
    """
    n = _number(params, "params")
    active = n if params_active is None else _number(params_active, "active params")
    if active > n:
        raise HardwareInputError(
            f"active params {params_active!r} cannot exceed total params {params!r}"
        )
    layers = max(1, round((n / (12 * _HEAD_DIM**2)) ** (1 / 3)))
    d_model = _HEAD_DIM * layers
    heads = d_model // _HEAD_DIM
    return ModelArchitecture(
        name=f"derived from N = {format_count(n)}",
        params_total=n,
        params_active=active,
        layers=layers,
        d_model=d_model,
        heads=heads,
        kv_heads=min(_KV_HEADS, heads),
        head_dim=_HEAD_DIM,
        vocab=_VOCAB,
        source="architecture_for_params: Llama-family shape rule (width = 128 × depth)",
    )


@lru_cache(maxsize=1)
def model_presets() -> dict[str, ModelArchitecture]:
    """Published architectures of resources/model_presets.json by id."""
    return {row["id"]: ModelArchitecture(**row) for row in load_json("model_presets.json")["presets"]}


def get_preset(preset_id: str) -> ModelArchitecture:
    return _one_of(model_presets(), preset_id, "model preset")


# ----------------------------------------------------------------------------------------------
# configuration


@dataclass(frozen=True)
class HardwareConfig:
    """Everything besides N and D that the hardware estimate needs; every field has a default."""

    gpu_id: str = "h100-80gb"
    precision: str = "bf16"  # weights; see BITS_PER_WEIGHT
    kv_precision: str = "bf16"  # see KV_BITS
    mode: str = "training"  # "training" | "inference"
    context: int = 8192  # inference: tokens per sequence held in the KV cache
    batch: int = 1  # inference: sequences decoded together
    optimizer: str = "adam"  # "adam" (mixed precision) | "sgd" (with momentum)
    zero_stage: int = 1  # 0 none, 1 optimizer, 2 + gradients, 3 + weights (fully sharded)
    recompute: bool = True  # full activation recomputation: on by default, as large runs do (Korthikanti et al. 2022)
    micro_batch: int = 1  # training: sequences per GPU per forward pass
    seq_len: int = 4096  # training sequence length
    mfu: float = DEFAULT_MFU
    target_days: float = 30.0
    num_gpus: int = 1024
    price_per_gpu_hour: float = 2.0  # USD; an assumption to edit, not a published price
    pue: float = 1.2  # power usage effectiveness of the data centre (≥ 1); an assumption
    preset: str | None = None  # None: architecture derived from N on the knobs
    custom_gpu: GpuSpec | None = None  # used when gpu_id == custom_gpu.id

    def gpu(self) -> GpuSpec:
        if self.custom_gpu is not None and self.gpu_id == self.custom_gpu.id:
            return self.custom_gpu
        return get_gpu(self.gpu_id)

    def validated(self) -> HardwareConfig:
        """Return self when every field is valid; raise HardwareInputError naming the field."""
        if self.custom_gpu is not None:
            if not isinstance(self.custom_gpu, GpuSpec):
                raise HardwareInputError(f"custom_gpu must be a GPU spec, got {self.custom_gpu!r}")
            GpuSpec.validated(**asdict(self.custom_gpu))
        gpu = self.gpu()
        _choice(self.mode, "mode", MODES)
        _choice(self.precision, "precision", tuple(BITS_PER_WEIGHT))
        _choice(self.kv_precision, "kv_precision", tuple(KV_BITS))
        _choice(self.optimizer, "optimizer", tuple(OPTIMIZER_BYTES))
        if self.mode == "training":
            if self.precision not in TRAINING_PRECISIONS:
                raise HardwareInputError(
                    f"precision {self.precision!r} cannot be trained in; "
                    f"training uses one of {', '.join(TRAINING_PRECISIONS)}"
                )
            gpu.peak_flops(self.precision)  # fp8 on a GPU without fp8 units
        _whole(self.context, "context")
        _whole(self.batch, "batch")
        _whole(self.zero_stage, "zero_stage", minimum=0, maximum=3)
        if not isinstance(self.recompute, bool):
            raise HardwareInputError(f"recompute must be true or false, got {self.recompute!r}")
        _whole(self.micro_batch, "micro_batch")
        _whole(self.seq_len, "seq_len")
        if _number(self.mfu, "mfu") > 1:
            raise HardwareInputError(f"mfu must be at most 1 (100 %), got {self.mfu!r}")
        _number(self.target_days, "target_days")
        _whole(self.num_gpus, "num_gpus")
        _number(self.price_per_gpu_hour, "price_per_gpu_hour", inclusive=True)
        _number(self.pue, "pue", minimum=1.0, inclusive=True)
        if self.preset is not None:
            get_preset(self.preset)
        return self

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["custom_gpu"] = None if self.custom_gpu is None else self.custom_gpu.to_dict()
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> HardwareConfig:
        """Read a config (scenario file); missing fields take defaults, unknown ones are refused."""
        if not isinstance(d, Mapping):
            raise HardwareInputError(f"hardware config must be an object, got {d!r}")
        known = {f.name for f in fields(cls)}
        if extra := sorted(set(d) - known):
            raise HardwareInputError(f"hardware config has unknown field(s) {', '.join(extra)}")
        values = dict(d)
        custom = values.get("custom_gpu")
        if custom is not None:
            if not isinstance(custom, Mapping):
                raise HardwareInputError(f"custom_gpu must be an object, got {custom!r}")
            values["custom_gpu"] = GpuSpec.validated(**custom)
        return cls(**values).validated()


# ----------------------------------------------------------------------------------------------
# memory components (vectorised: scalars or numpy arrays)


def kv_cache_bytes(
    layers: ArrayLike, kv_elements_per_token_layer: ArrayLike, context: ArrayLike,
    batch: ArrayLike, bits: float,
) -> NDArray[np.float64] | float:
    """KV cache = layers · (2·kv_heads·head_dim) · context · batch · bytes per element."""
    return (np.multiply(np.multiply(layers, kv_elements_per_token_layer),
                        np.multiply(context, batch)) * (bits / 8.0))


def training_activation_bytes(
    layers: ArrayLike, d_model: ArrayLike, heads: ArrayLike, seq: ArrayLike, micro_batch: ArrayLike,
    recompute: bool,
) -> NDArray[np.float64] | float:
    """Korthikanti et al. 2022 eq. 2: per layer s·b·h·(34 + 5·a·s/h) bytes without recomputation;
    with full recomputation 2·s·b·h per layer plus one layer's full set while it is recomputed."""
    sbh = np.multiply(np.multiply(seq, micro_batch), d_model).astype(np.float64)
    per_layer = sbh * (ACT_BYTES_PER_LAYER + 5.0 * np.divide(np.multiply(heads, seq), d_model))
    if recompute:
        return ACT_BYTES_CHECKPOINT * sbh * layers + per_layer
    return per_layer * layers


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


def per_gpu_bytes(
    memory: Mapping[str, float], layout: Layout, *, mode: str, zero_stage: int
) -> dict[str, float]:
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
    memory: Mapping[str, float], capacity: float, num_gpus: int, *, mode: str, zero_stage: int,
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
            "layout": {"gpus": self.layout.gpus, "tensor_parallel": self.layout.tensor_parallel,
                       "pipeline_parallel": self.layout.model_parallel // self.layout.tensor_parallel,
                       "data_parallel": self.layout.data_parallel},
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
        f["weights"] = (f"{format_number(n, 4)} params × 2 B (bf16 copy; fp8 training keeps it too) "
                        f"= {_gb(mem['weights'])}")
        f["gradients"] = f"{format_number(n, 4)} params × 2 B (bf16) = {_gb(mem['gradients'])}"
        f["optimizer_states"] = (
            f"{format_number(n, 4)} params × {opt_b:g} B ("
            + ("fp32 master + Adam m, v" if config.optimizer == "adam" else "fp32 master + momentum")
            + f") = {_gb(mem['optimizer_states'])}; with weights and grads "
            f"{4 + opt_b:g} B/param (Megatron/DeepSpeed count 18 for Adam)")
        core = f"s·b·h·(34 + 5·a·s/h) = {s}·{b}·{h}·(34 + 5·{a}·{s}/{h})"
        f["activations"] = (
            f"{L} layers × 2·s·b·h + one layer recomputed: 2·{s}·{b}·{h}·{L} + {core} "
            if config.recompute else f"{L} layers × {core} ") + f"= {_gb(mem['activations'])}"
    else:
        wbits, kvbits = BITS_PER_WEIGHT[config.precision], KV_BITS[config.kv_precision]
        s, b = config.context, config.batch
        mem["weights"] = n * wbits / 8
        mem["kv_cache"] = float(kv_cache_bytes(L, arch.kv_elements_per_token_layer, s, b, kvbits))
        mem["activations"] = float(inference_activation_bytes(h, s, b))
        f["weights"] = (f"{format_number(n, 4)} params × {wbits:g} bits ({config.precision}) / 8 "
                        f"= {_gb(mem['weights'])}")
        kv_shape = (f"{arch.kv_latent_dim} latent" if arch.kv_latent_dim
                    else f"2·{arch.kv_heads} KV heads·{arch.head_dim}")
        f["kv_cache"] = (f"{L} layers · {kv_shape} · {s} context · {b} batch · "
                         f"{kvbits / 8:g} B ({config.kv_precision}) = {_gb(mem['kv_cache'])}")
        f["activations"] = (f"one layer's prefill working set 34·s·b·h = 34·{s}·{b}·{h} "
                            f"= {_gb(mem['activations'])}")
        f["gradients"] = f["optimizer_states"] = "none in inference"
    body = sum(mem.values())
    mem["overhead"] = OVERHEAD_FIXED_BYTES + OVERHEAD_FRACTION * body
    mem["total"] = body + mem["overhead"]
    if training:
        f.setdefault("kv_cache", "none in training")
    f["overhead"] = (f"{_gb(OVERHEAD_FIXED_BYTES)} per GPU (CUDA context, workspaces) + "
                     f"{OVERHEAD_FRACTION:.0%} of the rest = {_gb(mem['overhead'])} for one GPU")
    f["total"] = f"sum for one replica before sharding = {_gb(mem['total'])}"

    cap = gpu.capacity_bytes
    fit = minimum_layout(mem, cap, mode=config.mode, zero_stage=config.zero_stage, layers=L)
    gpus_to_fit = None if fit is None else fit.gpus
    nodes = None if fit is None else math.ceil(fit.gpus / GPUS_PER_NODE)
    if training:
        layout = layout_on(mem, cap, config.num_gpus, mode=config.mode,
                           zero_stage=config.zero_stage, layers=L)
    else:  # one serving replica; with nothing fitting, the widest model parallelism there is
        layout = fit or Layout(int(_model_parallel_ladder(L)[-1]), 1)
    per_gpu = per_gpu_bytes(mem, layout, mode=config.mode, zero_stage=config.zero_stage)
    zero = f", ZeRO-{config.zero_stage}" if training else ""
    if fit is None:
        f["gpus_to_fit"] = (f"no layout fits: activations ÷ 8 (tensor parallel) + overhead exceed "
                            f"{gpu.name}'s {_gb(cap)}; lower the batch/sequence or recompute")
    else:
        f["gpus_to_fit"] = (
            f"smallest m·d with per-GPU memory ≤ {_gb(cap)}: model parallel m = {fit.model_parallel} "
            f"(tensor {fit.tensor_parallel} × pipeline {fit.model_parallel // fit.tensor_parallel})"
            f" × data parallel {fit.data_parallel}{zero} = {fit.gpus} GPUs; model state ÷ m·(d by "
            f"ZeRO stage), activations ÷ tensor parallel only, {_gb(OVERHEAD_FIXED_BYTES)} per GPU")
    f["per_gpu"] = (f"on {layout.gpus} GPUs: tensor {layout.tensor_parallel} × pipeline "
                    f"{layout.model_parallel // layout.tensor_parallel} × data {layout.data_parallel}"
                    f"{zero} → {_gb(per_gpu['total'])} per GPU of {_gb(cap)}")
    out: dict[str, Any] = {}

    if training:
        tokens_v = _number(tokens, "tokens")
        peak = gpu.peak_flops(config.precision)
        flops = 6.0 * n_active * tokens_v
        hours = float(training_gpu_hours(flops, peak, config.mfu))
        days = hours / (config.num_gpus * 24.0)
        need = max(math.ceil(hours / (24.0 * config.target_days) * (1 - 1e-12)), gpus_to_fit or 1)
        out.update(flops=flops, gpu_hours=hours, days=days, gpus_for_target_days=need,
                   cost=hours * config.price_per_gpu_hour)
        moe = " (active params only)" if arch.is_moe else ""
        f["flops"] = f"6·N·D = 6 · {format_number(n_active, 4)}{moe} · {format_number(tokens_v, 4)} = {format_number(flops)} FLOP"
        f["gpu_hours"] = (f"FLOPs / (peak · MFU · 3600) = {format_number(flops)} / ({peak / 1e12:g} TFLOP/s "
                          f"{config.precision} dense · {config.mfu:.0%} · 3600) = {format_number(hours, 4)} GPU-h")
        f["days"] = f"GPU-hours / (GPUs · 24) = {format_number(hours, 4)} / ({config.num_gpus} · 24) = {format_number(days)} days"
        f["gpus_for_target_days"] = (
            f"max(⌈GPU-hours / (24 · {config.target_days:g} days)⌉, GPUs to fit "
            f"{gpus_to_fit if gpus_to_fit else '—'}) = {need:,}")
        f["cost"] = (f"GPU-hours · price = {format_number(hours, 4)} · ${config.price_per_gpu_hour:g}"
                     f" = ${format_number(out['cost'], 4)}")
        if gpu.power_w is not None:
            out["energy_mwh"] = hours * gpu.power_w * config.pue / 1e6
            f["energy_mwh"] = (f"GPU-hours · power · PUE = {format_number(hours, 4)} · {gpu.power_w:g} W · "
                               f"{config.pue:g} = {format_number(out['energy_mwh'], 4)} MWh (GPU power only)")
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
        out.update(decode_tokens_per_s_per_sequence=per_seq,
                   decode_tokens_per_s_upper=per_seq * config.batch)
        moe = f" (active {format_number(n_active)} of {format_number(n)} params)" if arch.is_moe else ""
        f["decode_tokens_per_s_upper"] = (
            f"batch · bandwidth / bytes read per step = {config.batch} · {t} × "
            f"{gpu.bandwidth_tb_s:g} TB/s / (weights {_gb(active_w)}{moe} + KV {_gb(mem['kv_cache'])}"
            f" at full context) = {format_number(per_seq * config.batch, 4)} tokens/s; memory-bound ceiling, "
            f"tensor parallel {t} adds bandwidth, pipeline stages run in turn")
    return HardwareEstimate(
        config=config, gpu=gpu, architecture=arch, memory_bytes=mem, per_gpu_bytes=per_gpu,
        layout=layout, gpus_to_fit=gpus_to_fit, nodes_to_fit=nodes,
        fits_on_one=gpus_to_fit == 1, formulas=f, **out,
    )



def gpu_days(compute: float, gpu_id: str = "h100-80gb", mfu: float = DEFAULT_MFU) -> float:
    """Days one GPU of ``gpu_id`` needs for ``compute`` FLOPs at utilisation ``mfu`` (bf16 dense
    peak from the catalog): the explorer's plain-language reading of a compute budget."""
    if not 0 < mfu <= 1:
        raise HardwareInputError(f"mfu {mfu!r} must be in (0, 1]")
    return compute / (get_gpu(gpu_id).peak_flops("bf16") * mfu * 86400.0)
