"""GPUs, model shapes and the hardware configuration (see scalingdesk.core.hardware)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from functools import lru_cache
from typing import Any, TypeVar

import numpy as np

from scalingdesk.core.units import format_count
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
    "fp32": 32.0,
    "bf16": 16.0,
    "fp16": 16.0,
    "fp8": 8.0,
    "int8": 8.0,
    "q8_0": 8.5,
    "q4_0": 4.5,
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
        raise HardwareInputError(f"unknown {what} {value!r}; choose one of {', '.join(options)}")
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
    #: GPUs per server node joined by NVLink/Infinity Fabric (8 for HGX/DGX and OAM boards);
    #: None for cards sold one per slot (PCIe, consumer, Apple, TPU chips): no "node of 8".
    node_gpus: int | None = None

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
        node = values.get("node_gpus")
        if node is not None and (isinstance(node, bool) or not isinstance(node, int) or node < 1):
            raise HardwareInputError(f"GPU node_gpus must be a whole number ≥ 1 or null, got {node!r}")
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
            node_gpus=node,
        )

    @property
    def capacity_bytes(self) -> float:
        return self.memory_gb * 1e9

    def peak_flops(self, precision: str) -> float:
        """Dense peak FLOP/s for training at this precision (fp8 needs fp8 matrix units)."""
        if precision == "fp8":
            if self.fp8_tflops is None:
                raise HardwareInputError(f"precision 'fp8': {self.name} has no fp8 matrix units; train in bf16")
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
        raise HardwareInputError(f"active params {params_active!r} cannot exceed total params {params!r}")
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
