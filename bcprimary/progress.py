"""Progress reporting and cancellation for long routines (imports, solves, exports).

Long routines are Qt-free: they accept an optional ``progress`` callable and an optional
``CancelToken``. The desktop app adapts both to signals on a worker thread; the command
line prints or ignores them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

#: ``progress(fraction, message)`` with ``fraction`` in [0, 1].
ProgressCallback = Callable[[float, str], None]


class Cancelled(Exception):
    """Raised inside a long routine when its cancel token has been set."""

    def __init__(self, message: str = "Cancelled by the user") -> None:
        super().__init__(message)


class CancelToken:
    """A thread-safe flag a caller sets to ask a running routine to stop."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()


def no_progress(fraction: float, message: str) -> None:
    """The default progress callback: ignore."""


def check_cancel(cancel: CancelToken | None) -> None:
    """Raise :class:`Cancelled` when ``cancel`` is set; a ``None`` token never cancels."""
    if cancel is not None:
        cancel.raise_if_cancelled()
