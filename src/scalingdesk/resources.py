"""Where the plain-data resources (GPU catalog, model presets, tour scenes…) are found.

Installed wheels carry them as ``scalingdesk/_resources``; a source checkout (editable install)
reads the repository's ``resources/``; a frozen PyInstaller bundle carries them beside the app.
"""

from __future__ import annotations

import json
import os
import sys
from functools import cache, lru_cache
from pathlib import Path
from typing import Any


@lru_cache(maxsize=1)
def resources_dir() -> Path:
    candidates: list[Path] = []
    if env := os.environ.get("SCALINGDESK_RESOURCES"):
        candidates.append(Path(env))
    if frozen := getattr(sys, "_MEIPASS", None):
        candidates.append(Path(frozen) / "resources")
    here = Path(__file__).resolve().parent
    candidates += [here / "_resources", here.parents[1] / "resources"]
    for path in candidates:
        if (path / "gpus.json").is_file():
            return path
    raise FileNotFoundError(
        "ScalingDesk's resources folder was not found; looked in: " + ", ".join(str(p) for p in candidates)
    )


def resource_path(name: str) -> Path:
    return resources_dir() / name


@cache
def load_json(name: str) -> Any:
    """Parse a JSON resource once; callers must treat the result as read-only."""
    with open(resource_path(name), encoding="utf-8") as f:
        return json.load(f)
