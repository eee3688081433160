"""What the checks before and after a solve report: one finding, naming the offending row.

Its own module because both the pre-solve checks (:mod:`solver.presolve`) and the explanation of
conflicting commitments (:mod:`solver.explain`) produce findings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Issue:
    """One finding of the pre-solve checks."""

    severity: Severity
    """"error" stops the solve; "warning" is shown beside the result."""
    code: str
    """Stable identifier of the check, e.g. ``role_cost``, ``locks_exceed_budget``."""
    message: str
    """Plain sentence naming the offending row(s)."""
    infeasible: bool = False
    """True when the inputs are valid but the limits contradict each other."""
