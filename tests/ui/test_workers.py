"""TaskRunner: results, errors, progress and cancellation arrive on the GUI thread."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread

from bcprimary.progress import Cancelled
from ui.workers import TaskRunner


@pytest.fixture
def runner(qtbot):
    task_runner = TaskRunner()
    yield task_runner
    task_runner.cancel()
    task_runner.wait(5000)


def test_result_and_progress_arrive_on_the_gui_thread(qtbot, runner):
    seen = []
    gui_thread = QThread.currentThread()
    runner.progress.connect(lambda f, m: seen.append((f, m, QThread.currentThread() is gui_thread)))
    worker_threads = []

    def work(progress, cancel):
        worker_threads.append(threading.current_thread())
        progress(0.5, "half way")
        return 42

    with qtbot.waitSignal(runner.finished, timeout=5000) as done:
        runner.start(work)
    assert done.args == [42]
    assert worker_threads[0] is not threading.main_thread()
    qtbot.waitUntil(lambda: bool(seen), timeout=2000)
    assert seen == [(0.5, "half way", True)]
    assert not runner.running


def test_an_exception_becomes_a_failed_signal(qtbot, runner):
    def work(progress, cancel):
        raise ValueError("row 7, column CODE: expected a practice code")

    with qtbot.waitSignal(runner.failed, timeout=5000) as failed:
        runner.start(work)
    failure = failed.args[0]
    assert isinstance(failure.error, ValueError)
    assert "row 7" in str(failure)
    assert "Traceback" in failure.traceback


def test_cancel_sets_the_token_and_the_late_result_is_dropped(qtbot, runner):
    started, release = threading.Event(), threading.Event()
    tokens = []

    def work(progress, cancel):
        tokens.append(cancel)
        started.set()
        release.wait(5)
        return "too late"

    results = []
    runner.finished.connect(results.append)
    runner.start(work)
    assert started.wait(5)
    with qtbot.waitSignal(runner.cancelled, timeout=1000):
        runner.cancel()
    assert tokens[0].cancelled
    release.set()
    runner.wait(5000)
    qtbot.wait(50)  # give a stray queued result the chance to arrive
    assert results == []


def test_starting_a_new_task_cancels_the_old_one(qtbot, runner):
    release = threading.Event()
    tokens = []

    def slow(progress, cancel):
        tokens.append(cancel)
        release.wait(5)
        return "old"

    results = []
    runner.finished.connect(results.append)
    runner.start(slow)
    with qtbot.waitSignal(runner.finished, timeout=5000):
        runner.start(lambda progress, cancel: "new")
    release.set()
    runner.wait(5000)
    qtbot.wait(50)
    assert results == ["new"]
    qtbot.waitUntil(lambda: bool(tokens), timeout=2000)
    assert tokens[0].cancelled


def test_a_routine_that_raises_cancelled_reports_cancelled(qtbot, runner):
    def work(progress, cancel):
        raise Cancelled()

    with qtbot.waitSignal(runner.cancelled, timeout=5000):
        runner.start(work)
    assert not runner.running


def test_request_cancel_still_delivers_a_partial_result(qtbot, runner):
    started = threading.Event()

    def work(progress, cancel):
        started.set()
        while not cancel.cancelled:
            threading.Event().wait(0.005)
        return "partial"

    with qtbot.waitSignal(runner.finished, timeout=5000) as done:
        runner.start(work)
        assert started.wait(5)
        runner.request_cancel()
    assert done.args == ["partial"]
