"""Published model-FLOPs utilisation presets (issue 16 item 6): one 40% default makes Llama 3.1
8B's and 70B's GPU-hours 65% and 36% low, so the hardware panel offers what runs achieved, each
with its source (resources/model_presets.json, "mfu_presets")."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from scalingdesk.resources import load_json


@dataclass(frozen=True)
class MfuPreset:
    id: str
    name: str
    mfu: float  # fraction of dense peak, 0 < mfu ≤ 1
    source: str


@lru_cache(maxsize=1)
def mfu_presets() -> dict[str, MfuPreset]:
    out = {}
    for row in load_json("model_presets.json")["mfu_presets"]:
        p = MfuPreset(str(row["id"]), str(row["name"]), float(row["mfu"]), str(row["source"]))
        if not 0 < p.mfu <= 1:
            raise ValueError(f"model_presets.json: MFU preset {p.id!r} has mfu {p.mfu!r}; use (0, 1]")
        if not p.source.strip():
            raise ValueError(f"model_presets.json: MFU preset {p.id!r} has no source")
        out[p.id] = p
    return out


def preset_for(mfu: float) -> MfuPreset | None:
    """The preset whose value this is (to 0.1 percentage point), if any."""
    return next((p for p in mfu_presets().values() if abs(p.mfu - mfu) < 5e-4), None)


def implied_mfu(params: float, tokens: float, gpu_hours: float, peak_flops: float) -> float:
    """MFU implied by a run's published GPU-hours: 6·N·D / (GPU-hours · 3600 · peak)."""
    return 6.0 * params * tokens / (gpu_hours * 3600.0 * peak_flops)
