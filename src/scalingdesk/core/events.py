"""Change events: what a model says when it changes, and who it tells.

A model that changes builds one :class:`Change` naming the fields that differ, and hands it to
its :class:`Subscribers`; each listener asked for some fields (or all of them) and is called
only when one of those changed.  Qt-free, so the core's models and the tests share it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Change(Generic[T]):
    """One change of a model: the value before, the value after, and the fields that differ."""

    old: T
    new: T
    fields: frozenset[str]

    def touches(self, fields: Iterable[str]) -> bool:
        return not self.fields.isdisjoint(fields)


Listener = Callable[[Change[Any]], None]


class Subscribers:
    """Listeners, each with the fields it asked for (``None``: every change).

    ``known`` names the fields a model can report; asking for another one is refused (a typo
    would otherwise be a listener that is never called)."""

    def __init__(self, known: Iterable[str]) -> None:
        self.known = frozenset(known)
        self._entries: list[tuple[Listener, frozenset[str] | None]] = []

    def add(self, listener: Listener, fields: Iterable[str] | None = None) -> Callable[[], None]:
        """Call ``listener(change)`` when one of ``fields`` changes; returns the unsubscribe."""
        wanted = None if fields is None else frozenset([fields] if isinstance(fields, str) else fields)
        if wanted is not None:
            unknown = sorted(wanted - self.known)
            if unknown:
                raise ValueError(
                    f"unknown field(s) {', '.join(map(repr, unknown))}; choose from {', '.join(sorted(self.known))}"
                )
        entry = (listener, wanted)
        self._entries.append(entry)

        def unsubscribe() -> None:
            if entry in self._entries:
                self._entries.remove(entry)

        return unsubscribe

    def emit(self, change: Change[Any]) -> None:
        if not change.fields:
            return
        for entry in list(self._entries):
            listener, wanted = entry
            # One that unsubscribed during this emit (a view closed by another's listener) is not called.
            if (wanted is None or change.touches(wanted)) and entry in self._entries:
                listener(change)

    def __len__(self) -> int:
        return len(self._entries)
