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

from scalingdesk.core.hardware.estimate import (  # noqa: F401
    HardwareEstimate,
    Layout,
    _gb,
    _min_data_parallel,
    _model_parallel_ladder,
    _split,
    estimate,
    gpu_days,
    inference_activation_bytes,
    kv_cache_bytes,
    layout_on,
    minimum_layout,
    per_gpu_bytes,
    training_activation_bytes,
    training_gpu_hours,
)
from scalingdesk.core.hardware.spec import (  # noqa: F401  (the public names, as before the split)
    _HEAD_DIM,
    _KV_HEADS,
    _VOCAB,
    ACT_BYTES_CHECKPOINT,
    ACT_BYTES_PER_LAYER,
    BITS_PER_WEIGHT,
    DEFAULT_MFU,
    GPUS_PER_NODE,
    GRADIENT_BYTES,
    KV_BITS,
    MEMORY_KEYS,
    MODES,
    OPTIMIZER_BYTES,
    OVERHEAD_FIXED_BYTES,
    OVERHEAD_FRACTION,
    TRAINING_PRECISIONS,
    WEIGHT_BYTES_TRAINING,
    GpuSpec,
    HardwareConfig,
    HardwareInputError,
    ModelArchitecture,
    _choice,
    _number,
    _one_of,
    _whole,
    architecture_for_params,
    get_gpu,
    get_preset,
    gpu_catalog,
    model_presets,
)
