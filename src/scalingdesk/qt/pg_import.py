"""pyqtgraph, imported for less (issue 18, start-up time): two changes to *when*, none to *what*.

1. **Qt classes on first use.**  PySide6 (6.7+) builds a Qt class, and its Python enums, the first
   time a module attribute names it.  ``pyqtgraph.Qt`` copies *every* attribute of QtCore, QtGui
   and QtWidgets into its own mirror modules (``_copy_attrs``: ``dir()`` then ``getattr`` of each
   name), which builds all ~720 classes and ~600 enums, about a third of pyqtgraph's import, for
   classes the app never uses.  While ``pyqtgraph.Qt`` runs, the three PySide6 modules list
   (``__dir__``) only the names they have built so far, so the copy takes only those; each mirror
   gets a module ``__getattr__`` (PEP 562) that fetches any other name from PySide6 when pyqtgraph
   first asks for it.  ``pyqtgraph.Qt.QtWidgets.X is PySide6.QtWidgets.X`` for every X, as before.

2. **Unused widgets on first use.**  pyqtgraph's ``__init__`` imports every widget module for its
   namespace (``from .widgets.SpinBox import *``, ...); :data:`DEFERRED_WIDGETS` are the ones no
   view here uses, which bring the parameter tree, ``multiprocessing``, ``pickle``, ``socket``...
   While that ``__init__`` runs, each of them is a stand-in module: the package's own
   ``import *`` of it binds nothing, and any other import of it gets the real module at once.
   Afterwards the stand-ins are gone and the package gets a module ``__getattr__``:
   ``pg.SpinBox`` (or ``from pyqtgraph import SpinBox``) imports the real module then, and binds
   its names as the ``import *`` would have.  ``import pyqtgraph.widgets.SpinBox`` works as ever.

:func:`install` adds an import hook for ``pyqtgraph`` and ``pyqtgraph.Qt`` that wraps their
loaders; it removes itself once ``pyqtgraph.Qt`` is found.  The PySide6 modules get their own
``__dir__`` back as soon as ``pyqtgraph.Qt`` has run (or failed).  If pyqtgraph is already
imported, nothing changes.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

QT_MODULES = ("QtCore", "QtGui", "QtWidgets")

#: Widget modules of pyqtgraph (``pyqtgraph.widgets.<module>``) that ``pyqtgraph/__init__.py``
#: imports and no view of ScalingDesk uses (src uses pg.PlotWidget, pg.GraphicsLayoutWidget and
#: the graphics items), each with the names it gives the package (its ``__all__`` in pyqtgraph
#: 0.13.7-0.14; tests/qt/test_pg_import.py checks them against the installed one).  Each is
#: imported when one of its names is first asked for.
DEFERRED_WIDGETS: dict[str, tuple[str, ...]] = {
    "BusyCursor": ("BusyCursor",),
    "CheckTable": ("CheckTable",),
    "ColorButton": ("ColorButton",),
    "ColorMapMenu": ("ColorMapMenu",),
    "ColorMapWidget": ("ColorMapWidget", "ColorMapParameter"),
    "ComboBox": ("ComboBox",),
    "DataFilterWidget": ("DataFilterWidget",),
    "DataTreeWidget": ("DataTreeWidget",),
    "DiffTreeWidget": ("DiffTreeWidget",),
    "FeedbackButton": ("FeedbackButton",),
    "GradientWidget": ("GradientWidget",),
    "GroupBox": ("GroupBox",),
    "HistogramLUTWidget": ("HistogramLUTWidget",),
    "JoystickButton": ("JoystickButton",),
    "LayoutWidget": ("LayoutWidget",),
    "PathButton": ("PathButton",),
    "ProgressDialog": ("ProgressDialog",),
    "RawImageWidget": ("RawImageWidget", "RawImageGLWidget"),
    "RemoteGraphicsView": ("RemoteGraphicsView",),
    "ScatterPlotWidget": ("ScatterPlotWidget",),
    "SpinBox": ("SpinBox",),
    "TableWidget": ("TableWidget",),
    "TreeWidget": ("TreeWidget", "TreeWidgetItem"),
    "ValueLabel": ("ValueLabel",),
    "VerticalLabel": ("VerticalLabel",),
}


class _Wrapped:
    """A loader that runs the original one inside :meth:`exec_module`'s arrangements."""

    def __init__(self, loader: Any) -> None:
        self._loader = loader

    def __getattr__(self, name: str) -> Any:  # get_code, get_source, is_package, resources...
        return getattr(self._loader, name)

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)


class _LazyMirrorLoader(_Wrapped):
    """Runs ``pyqtgraph.Qt`` with the PySide6 modules listing only their built names."""

    def exec_module(self, module: ModuleType) -> None:
        real = {name: importlib.import_module(f"PySide6.{name}") for name in QT_MODULES}
        saved = {name: mod.__dict__.get("__dir__") for name, mod in real.items()}
        try:
            for name, mod in real.items():
                mod.__dir__ = _built_names(mod)  # type: ignore[method-assign]
                # The mirror (pyqtgraph/Qt/QtCore/__init__.py, ...) is loaded here, before
                # pyqtgraph.Qt's own ``from . import QtCore, ...`` finds it in sys.modules.
                mirror = importlib.import_module(f"{module.__name__}.{name}")
                mirror.__getattr__ = _forward(mod)  # type: ignore[method-assign]
            self._loader.exec_module(module)
        finally:
            for name, mod in real.items():
                if saved[name] is None:
                    mod.__dict__.pop("__dir__", None)
                else:
                    mod.__dir__ = saved[name]  # type: ignore[method-assign,assignment]


def _built_names(mod: ModuleType):
    return lambda: list(mod.__dict__)


def _forward(mod: ModuleType):
    def __getattr__(name: str) -> Any:
        return getattr(mod, name)  # AttributeError names the PySide6 module, as it should

    return __getattr__


class _NotYet:
    """What the package's own ``from .widgets.X import Name`` binds while it runs (then removed)."""


_NOT_YET = _NotYet()


class _StandIn(ModuleType):
    """``pyqtgraph.widgets.<name>`` while the package runs: nothing for the package's own imports,
    the real module for anyone else's."""

    __all__: list[str] = []

    def __init__(self, name: str, package: str) -> None:
        super().__init__(name)
        self.__all__ = []
        self._package = package

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__"):
            raise AttributeError(attr)
        if sys._getframe(1).f_globals.get("__name__") == self._package:
            return _NOT_YET  # pyqtgraph/__init__.py's ``from .widgets.X import Name``
        return getattr(_real(self.__name__), attr)


def _real(name: str) -> ModuleType:
    if isinstance(sys.modules.get(name), _StandIn):
        del sys.modules[name]
    return importlib.import_module(name)


class _LeanPackageLoader(_Wrapped):
    """Runs ``pyqtgraph/__init__.py`` with :data:`DEFERRED_WIDGETS` stood in for."""

    def exec_module(self, module: ModuleType) -> None:
        package = module.__name__
        names = [f"{package}.widgets.{w}" for w in DEFERRED_WIDGETS]
        stand_ins = {n: _StandIn(n, package) for n in names if n not in sys.modules}
        deferred = {
            name: f"{package}.widgets.{w}"
            for w, exported in DEFERRED_WIDGETS.items()
            if f"{package}.widgets.{w}" in stand_ins
            for name in exported
        }
        sys.modules.update(stand_ins)
        try:
            self._loader.exec_module(module)
        finally:
            for n, stand_in in stand_ins.items():
                if sys.modules.get(n) is stand_in:
                    del sys.modules[n]
            for key in [k for k, v in vars(module).items() if v is _NOT_YET]:
                delattr(module, key)
        if "__getattr__" not in vars(module):
            module.__getattr__ = _deferred_names(module, deferred)  # type: ignore[method-assign]


def _deferred_names(package: ModuleType, deferred: dict[str, str]):
    """The package's ``__getattr__``: a deferred widget's name imports its module, whose names
    (its ``__all__``) are then bound as the package's ``import *`` would have bound them."""

    def __getattr__(name: str) -> Any:
        module_name = deferred.get(name)
        if module_name is not None:
            mod = importlib.import_module(module_name)
            for public in getattr(mod, "__all__", ()):
                if public not in vars(package):
                    setattr(package, public, getattr(mod, public))
            if name in vars(package):
                return vars(package)[name]
        raise AttributeError(f"module {package.__name__!r} has no attribute {name!r}")

    return __getattr__


_LOADERS = {"pyqtgraph": _LeanPackageLoader, "pyqtgraph.Qt": _LazyMirrorLoader}


class _Finder:
    """Finds ``pyqtgraph`` and ``pyqtgraph.Qt`` the usual way, once, and wraps their loaders."""

    def find_spec(self, fullname: str, path: Any, target: ModuleType | None = None) -> ModuleSpec | None:
        wrapper = _LOADERS.get(fullname)
        if wrapper is None:
            return None
        if fullname == "pyqtgraph.Qt":
            uninstall()  # the last one
        else:
            sys.meta_path.remove(self)  # while the usual finders look
        try:
            spec = importlib.util.find_spec(fullname)
        finally:
            if fullname != "pyqtgraph.Qt":
                sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        spec.loader = wrapper(spec.loader)  # type: ignore[assignment]
        return spec


_FINDER = _Finder()


def install() -> bool:
    """Add the hook (idempotent); False when pyqtgraph is already imported (nothing to do)."""
    if "pyqtgraph" in sys.modules:
        return False
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)
    return True


def uninstall() -> None:
    while _FINDER in sys.meta_path:
        sys.meta_path.remove(_FINDER)
