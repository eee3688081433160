"""Targets and access gaps, written once (DESIGN §3, §5).

T_p = τ · W_p / 1000 · m_p and G_p = max(0, T_p − A_p), with the need uplift m_p and the priority
weight w_p set by the plan's options. The access picture (practices, PCNs, places, the area), the
optimiser, its baselines, its check and the workbook all call these functions, so "access gap"
is the same number wherever it is shown. Arrays in, arrays out: no pandas, no PCN objects.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from solver.options import PlanOptions
from solver.parameters import PlanParameters


@dataclass(frozen=True)
class AccessTargets:
    """Need uplift m, target T and gap G of each unit (same order as the inputs)."""

    need_uplift: np.ndarray
    target: np.ndarray
    access_gap: np.ndarray
    """max(0, T − A); NaN where current appointments are unknown."""


def _score_position(options: PlanOptions, score: ArrayLike) -> np.ndarray:
    """Where each IMD score sits in `deprivation_score_range`, 0..1 (unknown scores at 0)."""
    scores = np.asarray(score, dtype=float)
    low, high = options.deprivation_score_range
    if high <= low:
        return np.zeros_like(scores)
    position = np.clip((scores - low) / (high - low), 0.0, 1.0)
    return np.where(np.isfinite(position), position, 0.0)


def _by_quintile(mapping: dict[int, float], quintile: ArrayLike, missing: float) -> np.ndarray:
    """Look up each quintile in ``mapping``; unknown quintiles and quintiles not in it get
    ``missing``."""
    values = np.asarray(quintile, dtype=float)
    out = np.full(values.shape, missing, dtype=float)
    for key, value in mapping.items():
        out[values == key] = value
    return out


def need_uplift(options: PlanOptions, imd_quintile: ArrayLike, imd_score: ArrayLike) -> np.ndarray:
    """Target multiplier m ≥ 0 of each unit under ``options.need_uplift`` (1 where unknown)."""
    shape = np.shape(np.asarray(imd_quintile, dtype=float))
    if options.need_uplift == "quintile":
        return _by_quintile(options.uplift_by_quintile, imd_quintile, 1.0)
    if options.need_uplift == "score":
        return 1.0 + (options.uplift_score_max - 1.0) * _score_position(options, imd_score)
    return np.ones(shape)


def priority_weight(
    options: PlanOptions, imd_quintile: ArrayLike, imd_score: ArrayLike
) -> np.ndarray:
    """Priority weight w of each unit under ``options.priority_mode`` (NaN for a quintile the
    weights do not name; presolve reports it before a solve)."""
    if options.priority_mode == "score":
        return 1.0 + (options.priority_score_max - 1.0) * _score_position(options, imd_score)
    return _by_quintile(options.priority_weights_by_quintile, imd_quintile, float("nan"))


def access_targets(
    options: PlanOptions,
    target_rate: float,
    weighted_patients: ArrayLike,
    current_appointments: ArrayLike,
    imd_quintile: ArrayLike,
    imd_score: ArrayLike,
) -> AccessTargets:
    """Targets and gaps at ``target_rate`` appointments a month per 1,000 weighted patients."""
    uplift = need_uplift(options, imd_quintile, imd_score)
    target = target_rate * np.asarray(weighted_patients, dtype=float) / 1000.0 * uplift
    current = np.asarray(current_appointments, dtype=float)
    with np.errstate(invalid="ignore"):
        gap = np.where(np.isnan(current), np.nan, np.maximum(0.0, target - current))
    return AccessTargets(uplift, target, gap)


def plan_targets(params: PlanParameters) -> AccessTargets:
    """Targets and gaps of the plan's PCNs (the rate must be filled in)."""
    pcns = params.pcns
    found = access_targets(
        params.options,
        params.options.target_rate or 0.0,
        [p.weighted_patients for p in pcns],
        [p.current_appointments for p in pcns],
        [p.imd_quintile for p in pcns],
        [p.deprivation_score for p in pcns],
    )
    index = np.array([p.need_index for p in pcns], dtype=float)
    if np.all(index == 1.0):
        return found
    target = found.target * index
    current = np.array([p.current_appointments for p in pcns], dtype=float)
    with np.errstate(invalid="ignore"):
        gap = np.where(np.isnan(current), np.nan, np.maximum(0.0, target - current))
    return AccessTargets(found.need_uplift * index, target, gap)


def plan_priority_weights(params: PlanParameters) -> np.ndarray:
    """Priority weight w_p of the plan's PCNs."""
    pcns = params.pcns
    return priority_weight(
        params.options, [p.imd_quintile for p in pcns], [p.deprivation_score for p in pcns]
    )
