"""Colour themes: dark, light, and a projector profile for rooms.

Series colours come from the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"),
which stays distinguishable under the common colour-vision deficiencies.  The projector theme
uses a light background, high contrast, thicker lines and larger type, and at most four colours.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from PySide6 import QtGui

OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
}


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    panel: str  # control panel / card background
    foreground: str  # main text and axes
    muted: str  # secondary text (never thin grey on the projector)
    grid: str
    accent: str  # the current point, the lever, the active family
    optimum: str  # the compute-optimal frontier and the optimum marker
    ghost: str  # naive guess, other families, previous curves
    warning: str  # extrapolation, does not fit
    good: str  # fits
    series: tuple[str, ...]  # training curves, stacked bars…
    font_scale: float = 1.0
    line_width: float = 2.0
    dark: bool = True

    def color(self, name: str, alpha: int | None = None) -> QtGui.QColor:
        c = QtGui.QColor(getattr(self, name))
        if alpha is not None:
            c.setAlpha(alpha)
        return c


DARK = Theme(
    name="dark",
    background="#15181d",
    panel="#1e232a",
    foreground="#e8eaed",
    muted="#a9b0ba",
    grid="#39414c",
    accent=OKABE_ITO["orange"],
    optimum=OKABE_ITO["sky"],
    ghost="#8a929c",
    warning=OKABE_ITO["vermillion"],
    good=OKABE_ITO["green"],
    series=(
        OKABE_ITO["sky"],
        OKABE_ITO["green"],
        OKABE_ITO["yellow"],
        OKABE_ITO["purple"],
        OKABE_ITO["orange"],
        OKABE_ITO["vermillion"],
    ),
)

LIGHT = Theme(
    name="light",
    background="#fbfbfa",
    panel="#f0f1f3",
    foreground="#1b1f24",
    muted="#4d5560",
    grid="#d5d9de",
    accent=OKABE_ITO["vermillion"],
    optimum=OKABE_ITO["blue"],
    ghost="#7d8691",
    warning=OKABE_ITO["vermillion"],
    good=OKABE_ITO["green"],
    series=(
        OKABE_ITO["blue"],
        OKABE_ITO["green"],
        OKABE_ITO["orange"],
        OKABE_ITO["purple"],
        OKABE_ITO["sky"],
        OKABE_ITO["vermillion"],
    ),
    dark=False,
)

#: For projectors and LED walls: white background, black text, four strong colours, fat lines.
PROJECTOR = Theme(
    name="projector",
    background="#ffffff",
    panel="#ffffff",
    foreground="#000000",
    muted="#222222",
    grid="#bbbbbb",
    accent=OKABE_ITO["vermillion"],
    optimum=OKABE_ITO["blue"],
    ghost="#555555",
    warning=OKABE_ITO["vermillion"],
    good=OKABE_ITO["green"],
    series=(OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["green"], OKABE_ITO["orange"]),
    font_scale=1.75,
    line_width=4.0,
    dark=False,
)

THEMES = {t.name: t for t in (DARK, LIGHT, PROJECTOR)}


class ThemeModel:
    """The theme the views observe: the current :class:`Theme`, ``set`` (name and type scale)
    and ``subscribe``.  A window owns one (see :func:`install`); views reach the one in use
    through :func:`model` and subscribe with scalingdesk.qt.binding.observe, which unsubscribes
    them when they are destroyed (so a listener here is never a deleted widget)."""

    def __init__(self, theme: Theme = DARK) -> None:
        self._theme = theme
        self._listeners: list[Callable[[Theme], None]] = []

    @property
    def theme(self) -> Theme:
        return self._theme

    def set(self, name: str, *, scale: float | None = None) -> Theme:
        """Switch the theme and tell every listener (widgets re-read their colours).

        ``scale`` sets the projector theme's type size for the screen it is on (see
        scalingdesk.qt.layout.projector_scale); the other themes keep their own."""
        try:
            base = THEMES[name]
        except KeyError:
            raise ValueError(f"unknown theme {name!r}; choose one of {', '.join(THEMES)}") from None
        if scale is not None and not 0.5 <= scale <= 4.0:
            raise ValueError(f"font scale {scale!r} is outside 0.5 to 4.0")
        self._theme = replace(base, font_scale=scale) if scale is not None and name == "projector" else base
        for listener in list(self._listeners):
            if listener in self._listeners:  # one unsubscribed by another's listener is not called
                listener(self._theme)
        return self._theme

    def subscribe(self, listener: Callable[[Theme], None]) -> Callable[[], None]:
        """Call ``listener(theme)`` after every switch; returns the function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def __len__(self) -> int:
        """How many listeners are subscribed."""
        return len(self._listeners)

    def __bool__(self) -> bool:
        return True  # a model with no listeners yet is still a model (``theme or default``)


#: The models in use, the newest (the window opened last) last; the first serves widgets
#: made outside any window (tests, the CLI's renders).
_models: list[ThemeModel] = [ThemeModel()]


def model() -> ThemeModel:
    """The theme model in use: the one views subscribe to and read."""
    return _models[-1]


def install(theme_model: ThemeModel) -> Callable[[], None]:
    """Put ``theme_model`` in use (a window does, for itself, before it builds its views);
    returns the function that takes it out again (the window calls it when destroyed)."""
    _models.append(theme_model)
    return lambda: _models.remove(theme_model) if theme_model in _models[1:] else None


def current() -> Theme:
    """The current theme of the model in use (a shortcut for ``model().theme``)."""
    return model().theme


def set_theme(name: str, *, scale: float | None = None) -> Theme:
    """Switch the model in use (a shortcut for ``model().set``)."""
    return model().set(name, scale=scale)
