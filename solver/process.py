"""Run the solve pipeline in a child process that Cancel can end at once.

The child is started with the "spawn" method (the only one on Windows, and safe beside Qt's
threads), streams progress back through a pipe, and sends the `PlanResult` at the end. When the
cancel token is set, the parent kills the child's whole process group (POSIX), which also ends a
CBC executable the child started; on Windows the child is killed and a CBC executable it started
stops at its own time limit. Spawning costs ~0.7 s of interpreter start-up and imports.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
import traceback
from typing import Any

from solver.parameters import PlanParameters
from solver.pipeline import Progress, SupportsCancel, solve_in_process
from solver.results import PlanResult
from solver.status import SolveStatus


def _child_main(connection: Any, params: PlanParameters, options: dict[str, bool]) -> None:
    """Entry point of the solve process: run the pipeline, stream progress, send the result."""
    if hasattr(os, "setpgrp"):
        # Own process group, so the parent can end CBC's executable together with us.
        os.setpgrp()

    def progress(fraction: float, message: str) -> None:
        connection.send(("progress", fraction, message))

    try:
        result = solve_in_process(params, progress=progress, **options)
        connection.send(("result", result))
    except BaseException:
        connection.send(("error", traceback.format_exc()))
    finally:
        connection.close()


def _stop(process: multiprocessing.process.BaseProcess) -> None:
    """End the solve process and anything it started (CBC runs as its own executable)."""
    if process.pid is not None and hasattr(os, "killpg"):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    # On Windows this ends the worker; a CBC executable it started stops at its time limit.
    process.kill()
    process.join(timeout=5)


def solve_in_child(
    params: PlanParameters,
    cancel: SupportsCancel | None,
    progress: Progress | None,
    **options: bool,
) -> PlanResult:
    started = time.perf_counter()
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_child_main, args=(sender, params, options), name="bcplan-solve", daemon=True
    )
    process.start()
    sender.close()  # only the child writes; lets recv() see EOF if the child dies
    try:
        while True:
            if cancel is not None and cancel.cancelled:
                _stop(process)
                return PlanResult(
                    status=SolveStatus.CANCELLED,
                    message="Cancelled; the solve was stopped and no plan was produced.",
                    objective=params.options.objective,
                    solver=params.options.solver,
                    total_seconds=time.perf_counter() - started,
                )
            if receiver.poll(0.05):
                try:
                    message = receiver.recv()
                except EOFError:
                    message = ("error", "The solve process ended unexpectedly.")
                if message[0] == "progress":
                    if progress is not None:
                        progress(message[1], message[2])
                    continue
                process.join(timeout=5)
                if message[0] == "result":
                    return message[1]
                return PlanResult(
                    status=SolveStatus.NOT_SOLVED,
                    message="The solver failed unexpectedly; details are in the log.",
                    objective=params.options.objective,
                    solver=params.options.solver,
                    solver_detail=message[1],
                    total_seconds=time.perf_counter() - started,
                )
            if not process.is_alive() and not receiver.poll():
                return PlanResult(
                    status=SolveStatus.NOT_SOLVED,
                    message=f"The solve process stopped (exit code {process.exitcode}).",
                    objective=params.options.objective,
                    solver=params.options.solver,
                    total_seconds=time.perf_counter() - started,
                )
    finally:
        receiver.close()
        if process.is_alive():
            _stop(process)
