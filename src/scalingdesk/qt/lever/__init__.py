"""The lever and the machine: diminishing returns you can feel, and effort you can see.

The package splits by job: ``motion`` (how a pull moves), ``layout`` (where things go),
``rows`` (each pull's effort against its gain), ``painter`` (the machine and the gauge),
``scene`` (the painted widget), ``widget`` (state, keys, buttons), ``keys`` (window-wide keys).
The numbers come from :mod:`scalingdesk.core.lever`.
"""

from scalingdesk.core.lever import caption_for, describe, gain_label, gain_parts
from scalingdesk.qt.lever.keys import install_lever_keys
from scalingdesk.qt.lever.widget import (
    DEFAULT_MAX_PULLS,
    DEFAULT_START_COMPUTE,
    KEY_HINT,
    LeverWidget,
)

__all__ = [
    "DEFAULT_MAX_PULLS",
    "DEFAULT_START_COMPUTE",
    "KEY_HINT",
    "LeverWidget",
    "caption_for",
    "describe",
    "gain_label",
    "gain_parts",
    "install_lever_keys",
]
