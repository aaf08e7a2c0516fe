"""PySide6's ``__feature__`` check, without reading every module's source (start-up, issue 18).

Once PySide6 is imported, every module imported after it is passed to
``shibokensupport.feature.feature_imported``, which records whether the module "uses PySide"
(selection 0) or can be ignored by the ``__feature__`` machinery (selection -1).  PySide6 6.x
decides that with ``"PySide6" in inspect.getsource(module)``: for each of the ~340 modules this
app imports after PySide6 (pyqtgraph, the views, parts of the standard library) it reads and
decodes the ``.py`` file that the import itself skipped by loading the bytecode.  That is 2-3% of
a warm start and, with a cold page cache, hundreds of extra file reads.

:func:`install` replaces that check with one that looks at what the module bound: it "uses
PySide6" when one of its globals is a PySide6 or shiboken6 module, or a class or function defined
in one (``import PySide6``, ``from PySide6 import QtCore``, ``from PySide6.QtCore import Qt``).
Both checks are heuristics, and they disagree on ten of the ~300 modules a start imports (a
module checked while it is still being imported; PySide6's misses most of pyqtgraph, which
reaches Qt through its own mirror modules).  Neither answer changes what any code sees until
some module enables a feature (``from __feature__ import snake_case``): selection 0 switches Qt
classes to the default feature set, -1 leaves them in the set last selected, which is the
default set while no feature is enabled.  ScalingDesk and its libraries enable none
(tests/qt/test_feature_check.py checks it after a full start).

If the PySide6 in use has no such check (another version), :func:`install` does nothing and says
so by returning False.
"""

from __future__ import annotations

import sys
from types import ModuleType

#: Top-level packages whose modules and objects mark a module as "using PySide6".
_PYSIDE_ROOTS = ("PySide6", "shiboken6")


def _is_pyside(value: object) -> bool:
    if isinstance(value, ModuleType):
        name = value.__name__
    else:
        name = getattr(value, "__module__", None)
        if not isinstance(name, str):
            return False
    root = name.partition(".")[0]
    return root in _PYSIDE_ROOTS


def uses_pyside(module: ModuleType) -> bool:
    """True when ``module`` has bound a PySide6 (or shiboken6) module, class or function."""
    try:
        values = list(vars(module).values())
    except TypeError:
        return False
    return any(_is_pyside(v) for v in values if not isinstance(v, (str, int, float, bool, type(None))))


def install() -> bool:
    """Use :func:`uses_pyside` for PySide6's per-module check; returns True if installed."""
    import PySide6  # noqa: F401  (loads shibokensupport, which defines the check)

    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = uses_pyside
    return True
