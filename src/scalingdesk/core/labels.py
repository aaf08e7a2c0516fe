"""Where the plots' names go: a greedy placement of text boxes that keeps them apart.

The views measure each label's candidate boxes in pixels (the text's size at each place it may
go, in order of preference); this module picks, label by label in the order given, the first
candidate that stays inside the plot and clear of every box placed before it and of the
obstacles (markers, the "your model" dot, the legend).  A label with no free place is left out
(its name stays in the marker's tooltip) rather than drawn over another.  Pure and Qt-free.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Box:
    """An axis-aligned box in pixels, y growing downwards: left, top, right, bottom."""

    x0: float
    y0: float
    x1: float
    y1: float

    @staticmethod
    def around(x: float, y: float, half_w: float, half_h: float | None = None) -> Box:
        h = half_w if half_h is None else half_h
        return Box(x - half_w, y - h, x + half_w, y + h)

    def overlaps(self, other: Box, pad: float = 0.0) -> bool:
        return (
            self.x0 < other.x1 + pad
            and other.x0 < self.x1 + pad
            and self.y0 < other.y1 + pad
            and other.y0 < self.y1 + pad
        )

    def inside(self, frame: Box, tolerance: float = 0.5) -> bool:
        return (
            self.x0 >= frame.x0 - tolerance
            and self.y0 >= frame.y0 - tolerance
            and self.x1 <= frame.x1 + tolerance
            and self.y1 <= frame.y1 + tolerance
        )


#: The sides of a point a name may take, as (anchor x, anchor y, gap x, gap y): the anchor is
#: the fraction of the text's box on the point (0, 0 its top-left), the gap how many gaps away.
SIDES: dict[str, tuple[float, float, float, float]] = {
    "right": (0.0, 0.5, 1.0, 0.0),
    "left": (1.0, 0.5, -1.0, 0.0),
    "above": (0.5, 1.0, 0.0, -1.0),
    "below": (0.5, 0.0, 0.0, 1.0),
    "above left": (1.0, 1.0, -0.7, -0.7),
    "above right": (0.0, 1.0, 0.7, -0.7),
    "below left": (1.0, 0.0, -0.7, 0.7),
    "below right": (0.0, 0.0, 0.7, 0.7),
}


def anchored(
    x: float,
    y: float,
    width: float,
    height: float,
    anchor: tuple[float, float],
    offset: tuple[float, float] = (0.0, 0.0),
) -> Box:
    """The box of a ``width`` x ``height`` text whose ``anchor`` fraction sits on (x, y) moved
    by ``offset`` pixels (anchor (0, 0): top-left corner on the point; (0.5, 1): centred above)."""
    x0 = x + offset[0] - anchor[0] * width
    y0 = y + offset[1] - anchor[1] * height
    return Box(x0, y0, x0 + width, y0 + height)


def beside(x: float, y: float, width: float, height: float, side: str, gap: float) -> Box:
    """The box of a text put on ``side`` (one of SIDES) of the point (x, y), ``gap`` px away."""
    if side not in SIDES:
        raise ValueError(f"unknown label side {side!r}; use one of {', '.join(SIDES)}")
    ax, ay, gx, gy = SIDES[side]
    return anchored(x, y, width, height, (ax, ay), (gx * gap, gy * gap))


def sides_from(preferred: str) -> list[str]:
    """Every side, the preferred one first, then the others in a fixed order."""
    return [preferred] + [s for s in SIDES if s != preferred]


def distance(box: Box, x: float, y: float) -> float:
    """Pixels from the point (x, y) to the nearest point of ``box`` (0 inside it)."""
    dx = max(box.x0 - x, 0.0, x - box.x1)
    dy = max(box.y0 - y, 0.0, y - box.y1)
    return (dx * dx + dy * dy) ** 0.5


def place(
    candidates: Sequence[Sequence[Box]],
    frame: Box,
    obstacles: Sequence[Box] = (),
    *,
    pad: float = 1.0,
    rounds: Sequence[Sequence[int]] | None = None,
    owners: Sequence[tuple[float, float] | None] | None = None,
    markers: Sequence[tuple[float, float]] = (),
) -> list[int | None]:
    """For each label (in priority order) the index of the candidate box it takes, or None.

    A candidate is taken when it lies inside ``frame`` and overlaps neither an obstacle nor a
    box already taken (``pad`` pixels of air between texts).  With ``rounds`` (a round number
    per candidate) every label first tries its round-0 places, then the labels still without
    one try round 1, and so on: a label's far place never takes a neighbour's near one.  With
    ``owners`` (the point a label names, or None) a round-0 candidate clearly nearer to another
    of ``markers`` than to its owner is skipped, so no name seems to belong to the wrong marker
    (the views tie a name in a later round to its marker with a leader line).
    """
    n = len(candidates)
    rounds = rounds if rounds is not None else [[0] * len(c) for c in candidates]
    last = max((r for rs in rounds for r in rs), default=0)
    taken: list[Box] = []
    chosen: list[int | None] = [None] * n

    def ambiguous(i: int, box: Box) -> bool:
        own = owners[i] if owners is not None else None
        if own is None:
            return False
        mine = distance(box, *own)
        return any(
            distance(box, *m) < 0.75 * mine - 1.0
            for m in markers
            if abs(m[0] - own[0]) > 0.5 or abs(m[1] - own[1]) > 0.5
        )

    for r in range(last + 1):
        for i, boxes in enumerate(candidates):
            if chosen[i] is not None:
                continue
            for j, box in enumerate(boxes):
                if rounds[i][j] != r or not box.inside(frame):
                    continue
                if any(box.overlaps(o) for o in obstacles) or any(box.overlaps(t, pad) for t in taken):
                    continue
                if r == 0 and ambiguous(i, box):  # a far place gets a leader line instead
                    continue
                chosen[i] = j
                taken.append(box)
                break
    return chosen
