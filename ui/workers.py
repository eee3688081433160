"""Run Qt-free long routines off the GUI thread (the Orange ``concurrent.py`` pattern).

A long routine in ``bcprimary`` or ``solver`` has the shape ``fn(progress, cancel)``: it
reports through a ``progress(fraction, message)`` callback, checks a
:class:`~bcprimary.progress.CancelToken` and returns a result or raises. :class:`TaskRunner`
is the one adapter that runs such a routine on a :class:`QThreadPool` worker and turns its
progress, result, cancellation and exceptions into signals delivered on the GUI thread.

Each runner belongs to one owner (a panel, the importer, the solver view) and runs one task at a
time: starting a new task cancels the previous one, and anything the previous task still emits is
dropped, so a slow, superseded computation can never overwrite a newer one on screen.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from bcprimary.progress import Cancelled, CancelToken, ProgressCallback

log = logging.getLogger(__name__)

#: A routine the runner can run: ``fn(progress, cancel) -> result``.
TaskFunction = Callable[[ProgressCallback, CancelToken], Any]


class TaskFailure:
    """An exception raised by a task, with its formatted traceback for a details box."""

    def __init__(self, error: BaseException) -> None:
        self.error = error
        self.traceback = "".join(traceback.format_exception(error))

    def __str__(self) -> str:
        return str(self.error) or type(self.error).__name__


class _TaskSignals(QObject):
    """Signals of one task; emitted from the worker, delivered queued on the GUI thread."""

    progress = Signal(int, float, str)
    finished = Signal(int, object)
    failed = Signal(int, object)
    cancelled = Signal(int)


class _Task(QRunnable):
    """One run of a task function on a pool thread."""

    def __init__(self, task_id: int, fn: TaskFunction, signals: _TaskSignals) -> None:
        super().__init__()
        self.task_id = task_id
        self.fn = fn
        self.signals = signals
        self.token = CancelToken()
        self.setAutoDelete(True)

    def _emit(self, signal_name: str, *args: object) -> None:
        # RuntimeError: the owner (and with it the signals object) was deleted while the task
        # ran; nobody is listening any more, which is fine.
        with contextlib.suppress(RuntimeError):
            getattr(self.signals, signal_name).emit(self.task_id, *args)

    def _progress(self, fraction: float, message: str) -> None:
        # A cancelled task stops reporting at once, even if its routine keeps going for a while.
        if not self.token.cancelled:
            self._emit("progress", float(fraction), str(message))

    def run(self) -> None:
        try:
            result = self.fn(self._progress, self.token)
        except Cancelled:
            self._emit("cancelled")
        except BaseException as exc:  # every failure must reach the GUI thread
            log.debug("task %s failed", self.task_id, exc_info=True)
            self._emit("failed", TaskFailure(exc))
        else:
            self._emit("finished", result)


class TaskRunner(QObject):
    """Runs one background task at a time for its owner and reports on the GUI thread.

    Signals:
        started: a task was started.
        progress(fraction, message): the current task's progress, fraction in [0, 1].
        finished(result): the current task returned ``result``.
        failed(failure): the current task raised; ``failure`` is a :class:`TaskFailure`.
        cancelled: the current task stopped because it was cancelled.
        idle: no task is running any more (after finished, failed or cancelled).
    """

    started = Signal()
    progress = Signal(float, str)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    idle = Signal()

    _ids = itertools.count(1)

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._current: _Task | None = None
        self._signals = _TaskSignals(self)
        self._signals.progress.connect(self._on_progress)
        self._signals.finished.connect(self._on_finished)
        self._signals.failed.connect(self._on_failed)
        self._signals.cancelled.connect(self._on_cancelled)
        # Tasks cancelled but still running: kept so that wait() can account for them.
        self._running: set[int] = set()

    @property
    def running(self) -> bool:
        """True while the current task has not reported its end."""
        return self._current is not None

    def start(self, fn: TaskFunction) -> None:
        """Run ``fn(progress, cancel)`` on a worker, cancelling any task already running."""
        self.cancel()
        task = _Task(next(self._ids), fn, self._signals)
        self._current = task
        self._running.add(task.task_id)
        self.started.emit()
        self._pool.start(task)

    def cancel(self) -> None:
        """Ask the current task to stop; its later results are ignored."""
        task, self._current = self._current, None
        if task is not None:
            task.token.cancel()
            self.cancelled.emit()
            self.idle.emit()

    def request_cancel(self) -> None:
        """Ask the current task to stop but still deliver what it returns (e.g. partial work).

        The routine sees ``cancel.cancelled`` and may return a partial result instead of
        raising; that result arrives through :attr:`finished` as usual.
        """
        if self._current is not None:
            self._current.token.cancel()

    def wait(self, msecs: int = 5000) -> bool:
        """Block until this runner's tasks (including cancelled ones) have ended (for shutdown)."""
        return self._pool.waitForDone(msecs) if self._running else True

    def _is_current(self, task_id: int) -> bool:
        return self._current is not None and self._current.task_id == task_id

    @Slot(int, float, str)
    def _on_progress(self, task_id: int, fraction: float, message: str) -> None:
        if self._is_current(task_id):
            self.progress.emit(fraction, message)

    @Slot(int, object)
    def _on_finished(self, task_id: int, result: object) -> None:
        self._running.discard(task_id)
        if self._is_current(task_id):
            self._current = None
            self.finished.emit(result)
            self.idle.emit()

    @Slot(int, object)
    def _on_failed(self, task_id: int, failure: object) -> None:
        self._running.discard(task_id)
        if self._is_current(task_id):
            self._current = None
            self.failed.emit(failure)
            self.idle.emit()

    @Slot(int)
    def _on_cancelled(self, task_id: int) -> None:
        self._running.discard(task_id)
        if self._is_current(task_id):
            self._current = None
            self.cancelled.emit()
            self.idle.emit()
