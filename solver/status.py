"""Outcome of a solve, named the way a commissioner would read it."""

from __future__ import annotations

from enum import StrEnum


class SolveStatus(StrEnum):
    """What happened; the value is the text shown to users and stored with scenarios."""

    OPTIMAL = "optimal"
    """Proven optimal within the requested MIP gap."""
    FEASIBLE_TIME_LIMIT = "feasible (time limit)"
    """The time limit was reached; the best plan found is reported with its MIP gap."""
    INFEASIBLE = "infeasible"
    """No plan meets every limit; the message says which limit cannot be met."""
    UNBOUNDED = "unbounded"
    """The objective can improve without limit (a modelling error; should never happen)."""
    NOT_SOLVED = "not solved"
    """The solver stopped (time limit or error) without any plan."""
    CANCELLED = "cancelled"
    """The user cancelled the solve."""
    INVALID_INPUT = "invalid input"
    """Pre-solve checks found errors in the inputs; nothing was solved."""
    HEURISTIC = "heuristic"
    """A baseline plan built by a rule (fair shares, greedy), not by the optimiser."""

    @property
    def has_plan(self) -> bool:
        """True when the result carries an allocation."""
        return self in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE_TIME_LIMIT, SolveStatus.HEURISTIC)
