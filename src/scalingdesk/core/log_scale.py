"""A logarithmic scale: the value ↔ position maths of a log knob, Qt-free.

A position t in [0, 1] maps to log10(value) linearly over [log10(minimum), log10(maximum)]; the
ends of the scale are its physical stops (a position or log value past an end gives that end).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class LogScale:
    minimum: float
    maximum: float
    log_min: float = field(init=False)
    log_max: float = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "log_min", math.log10(self.minimum))
        object.__setattr__(self, "log_max", math.log10(self.maximum))

    @property
    def decades(self) -> float:
        return self.log_max - self.log_min

    def fraction(self, value: float) -> float:
        """Where ``value`` sits on the scale, 0 … 1 (held at the ends)."""
        t = (math.log10(value) - self.log_min) / (self.log_max - self.log_min)
        return min(1.0, max(0.0, t))

    def value_at_log(self, lg: float) -> float:
        """The value at log10 = ``lg``; past an end, that end's exact value."""
        if lg <= self.log_min:
            return self.minimum
        if lg >= self.log_max:
            return self.maximum
        return 10.0**lg

    def value_at(self, t: float) -> float:
        """The value at position ``t`` (0 = minimum, 1 = maximum)."""
        return self.value_at_log(self.log_min + t * (self.log_max - self.log_min))
