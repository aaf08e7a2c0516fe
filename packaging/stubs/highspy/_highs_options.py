"""Stand-in for SciPy's HiGHS linear-programming solver in the packaged ScalingDesk.

The real ``scipy.optimize._highspy`` extensions are 6.7 MB that the app never runs (it calls
``brentq`` and ``minimize_scalar`` only), but ``import scipy.optimize`` imports them; this module
lets that import succeed.  Any use of the solver (``linprog``, ``milp``) fails (an error, never
a wrong answer): calling a stand-in raises ImportError.
The same file ships as ``_core`` and ``_highs_options`` (packaging/scalingdesk.spec).
"""


class _Absent:
    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, name: str) -> "_Absent":
        if name.startswith("__"):
            raise AttributeError(name)
        return _Absent(f"{self._name}.{name}")

    def __call__(self, *args, **kwargs):
        raise ImportError(f"SciPy's HiGHS solver ({self._name}) is not part of the packaged ScalingDesk")

    def __repr__(self) -> str:
        return f"<absent HiGHS {self._name}>"


def __getattr__(name: str) -> _Absent:
    if name.startswith("__"):
        raise AttributeError(name)
    return _Absent(name)
