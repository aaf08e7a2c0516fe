"""The plots' titles, longest first: a narrow plot shows the longest one that fits its width.

Pure and Qt-free: the views measure the candidates and pick (see scalingdesk.qt.plot_title);
the smallest type a title may shrink to before the shortest one is used anyway is
:data:`MIN_TITLE_SCALE`.
"""

from __future__ import annotations

from collections.abc import Callable

#: Each plot's title, then shorter ones saying the same thing (the first is the plot's name).
TITLES: dict[str, tuple[str, ...]] = {
    "loss": (
        "Loss falls as a power law in compute, toward a floor",
        "Loss: a power law in compute, toward a floor",
        "Loss against compute, toward a floor",
        "Loss against compute",
    ),
    "isoflop": (
        "IsoFLOP valley: fixed compute",
        "IsoFLOP valley",
    ),
    "plane": (
        "Balance: parameters vs data",
        "Parameters vs data",
        "N vs D",
    ),
}
#: The title's type shrinks to no less than this share of its size, then stops shrinking.
MIN_TITLE_SCALE = 0.7


def title_options(full: str) -> tuple[str, ...]:
    """The candidates for a plot titled ``full``, longest first (just ``full`` if unknown)."""
    for options in TITLES.values():
        if options[0] == full:
            return options
    return (full,)


def choose_title(
    options: tuple[str, ...], room: float, width_at: Callable[[str, float], float], steps: int = 6
) -> tuple[str, float]:
    """(text, scale): the longest option that fits ``room`` at full size; else the shortest at
    the largest scale down to :data:`MIN_TITLE_SCALE` that fits; else the shortest at that
    smallest scale (the caller's check reports it).  ``width_at(text, scale)`` measures."""
    if not options:
        raise ValueError("a plot title needs at least one option")
    for text in options:
        if width_at(text, 1.0) <= room:
            return text, 1.0
    shortest = options[-1]
    for i in range(1, steps + 1):
        scale = 1.0 - (1.0 - MIN_TITLE_SCALE) * i / steps
        if width_at(shortest, scale) <= room:
            return shortest, scale
    return shortest, MIN_TITLE_SCALE
