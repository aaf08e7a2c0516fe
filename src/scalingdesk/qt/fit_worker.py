"""The fit's worker thread: the core's one pipeline (fit_pipeline.fit_runs), reported through queued signals
(the fit dialog stays responsive; Cancel stops it between optimiser iterations)."""

from __future__ import annotations

import threading

import numpy as np
from PySide6 import QtCore

from scalingdesk.core.fit_pipeline import FitCancelled, fit_chinchilla, fit_runs


class FitThread(QtCore.QThread):
    """Runs fit_runs (the fit, then the bootstrap); reports through queued signals."""

    progress = QtCore.Signal(float)
    succeeded = QtCore.Signal(object)
    failed = QtCore.Signal(str)
    cancelled = QtCore.Signal()

    def __init__(
        self,
        table_arrays: tuple[np.ndarray, np.ndarray, np.ndarray],
        drop: int,
        n_boot: int,
        budget: float,
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._arrays, self._drop, self._n_boot, self._budget = table_arrays, drop, n_boot, budget
        self._stop = threading.Event()
        self._last_percent = -1

    def cancel(self) -> None:
        self._stop.set()

    def _report(self, fraction: float) -> None:
        percent = int(fraction * 1000)
        if percent != self._last_percent:  # at most 1,000 signals per fit
            self._last_percent = percent
            self.progress.emit(fraction)

    def run(self) -> None:  # runs in the worker thread
        n, d, loss = self._arrays
        try:
            report = fit_runs(
                n,
                d,
                loss,
                drop_outliers=self._drop,
                n_boot=self._n_boot,
                budget=self._budget,
                cancel=self._stop.is_set,
                progress=self._report,
                fit=fit_chinchilla,  # looked up here, so a test can hold the fit with a gate
            )
            self.succeeded.emit(report)
        except FitCancelled:
            self.cancelled.emit()
        except ValueError as err:
            self.failed.emit(str(err))
        except Exception as err:  # noqa: BLE001 - a worker must never take the app down
            self.failed.emit(f"the fit failed unexpectedly: {type(err).__name__}: {err}")
