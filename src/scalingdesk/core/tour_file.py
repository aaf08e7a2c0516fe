"""Reading a tour file from outside through the boundary (bounded, regular files only,
depth-limited JSON), then the tour's own validation (core.tour.parse_tour).  Qt-free."""

from __future__ import annotations

import os
from pathlib import Path

from scalingdesk.core import boundary
from scalingdesk.core.tour import Scene, TourError, parse_tour

#: A tour of a dozen scenes is about 20 kB.
MAX_TOUR_BYTES = 500_000


def read_tour(path: str | os.PathLike[str]) -> list[Scene]:
    """The validated scenes of a tour file; :class:`TourError` (one line, naming the file)."""
    name = boundary.one_line(Path(path).name or os.fspath(path), 120)
    try:
        data = boundary.load_json_file(path, MAX_TOUR_BYTES, "tour file")
    except boundary.BoundaryError as err:
        raise TourError(boundary.one_line(err)) from None
    try:
        return parse_tour(data)
    except TourError as err:
        raise TourError(f"{name}: {boundary.one_line(err)}") from None
    except (ArithmeticError, TypeError, ValueError, KeyError, RecursionError) as err:
        raise TourError(f"{name}: the tour is not usable ({boundary.one_line(err, 160)})") from None
