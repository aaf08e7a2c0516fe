"""Binding Qt objects to models: one way to guard a feedback loop, one way to subscribe.

* :func:`signals_blocked` — set widgets to a model's value without their signals going back to
  the model as an intent (in the spirit of napari's ``qt_signals_blocked``), always restored.
* :func:`observe` — subscribe a QObject's method to a model (the scenario, the document, the
  theme): held weakly, and unsubscribed when the object is destroyed, so a model never keeps
  a closed view alive nor calls a deleted one.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from PySide6 import QtCore


@contextmanager
def signals_blocked(*objects: QtCore.QObject) -> Iterator[None]:
    """Block the objects' signals inside the ``with`` block; restore each one's own setting."""
    before = [obj.blockSignals(True) for obj in objects]
    try:
        yield
    finally:
        for obj, was in zip(objects, before, strict=True):
            obj.blockSignals(was)


class Observable(Protocol):
    def subscribe(self, listener: Callable[..., None], /) -> Callable[[], None]: ...


def observe(
    owner: QtCore.QObject,
    model: Any,
    slot: Callable[..., None],
    fields: Iterable[str] | None = None,
) -> Callable[[], None]:
    """Call ``slot`` on the model's changes (only ``fields``' where the model names fields)
    until ``owner`` is destroyed or garbage-collected; returns the function that unsubscribes.

    ``slot`` is a method of ``owner`` (held weakly) or a function that keeps no reference to
    ``owner``.  The subscription ends when ``owner`` is destroyed on the C++ side (its parent
    closed) or its Python side is collected, whichever comes first."""
    unsubscribe: Callable[[], None] = lambda: None  # noqa: E731 (replaced below)
    done = False

    def stop(*_args: Any) -> None:
        nonlocal done
        if not done:
            done = True
            unsubscribe()

    if getattr(slot, "__self__", None) is owner:
        method = weakref.WeakMethod(slot)  # type: ignore[arg-type]

        def listener(*args: Any) -> None:
            bound = method()
            if bound is None:
                stop()
            else:
                bound(*args)

    else:
        listener = slot
    unsubscribe = model.subscribe(listener) if fields is None else model.subscribe(listener, fields=fields)
    when_gone(owner, stop)
    return stop


def when_gone(owner: QtCore.QObject, callback: Callable[[], None]) -> None:
    """Call ``callback()`` once ``owner`` is destroyed on the C++ side or collected on the
    Python side (whichever comes first; later calls are the callback's to ignore).
    ``callback`` must keep no reference to ``owner``."""
    owner.destroyed.connect(lambda *_: callback())
    weakref.finalize(owner, callback)
