"""The appointment mix behind the synthetic crosstabs, calibrated to national published figures.

The joint share of a cell factorises as
``p(hcp) · p(mode | hcp) · p(category | hcp) · p(interval | category) · p(status | interval)``:
GPs see fewer people face to face than other staff, acute and triage work happens on the day,
and the longer the wait the more patients do not attend. The base factors below are rough
national shapes; :class:`MixModel` then shifts three of them so that, nationally, the shares of
face-to-face, same-day and DNA appointments equal the :class:`Calibration` targets exactly.
Each practice draws its own mix around the national one (Dirichlet / logit noise), so practices
differ the way real ones do while England adds up to the published figures.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

import numpy as np

from bcprimary.importing.readers.appointments.labels import (
    APPT_MODES,
    APPT_STATUSES,
    HCP_TYPES,
    NATIONAL_CATEGORIES,
    TIME_BETWEEN_BOOK_AND_APPT,
)
from sample_data.synthetic.practices import ENGLAND_IMD_SCORE, PracticeProfile

#: Labels of every cell, in the order the generator writes a practice's rows.
CELL_LABELS = list(
    itertools.product(
        HCP_TYPES, APPT_MODES, NATIONAL_CATEGORIES, TIME_BETWEEN_BOOK_AND_APPT, APPT_STATUSES
    )
)


@dataclass(frozen=True)
class Calibration:
    """National targets (Appointments in General Practice, 2024–25 orders of magnitude)."""

    #: Appointments of any status per 1,000 registered patients per month (England ~480–520).
    appointments_per_1000: float = 500.0
    #: Standard deviation of a practice's log rate around the national rate (persistent).
    practice_spread: float = 0.20
    #: Month-to-month noise of a practice's log rate.
    monthly_noise: float = 0.04
    #: Relative change of the rate per IMD point above England (negative: deprived see fewer).
    deprivation_slope: float = -0.003
    #: Relative change of the DNA rate per IMD point above England.
    dna_deprivation_slope: float = 0.015
    gp_share: float = 0.45
    unknown_hcp_share: float = 0.03
    face_to_face_share: float = 0.65
    same_day_share: float = 0.43
    dna_share: float = 0.045
    unknown_status_share: float = 0.025
    #: Share of the national mix drawn as if the five columns were independent (then refitted
    #: to the same margins): spreads appointments over more of the rare combinations.
    cell_spread: float = 0.3
    #: How alike practices' mixes are (Dirichlet concentration; lower = more varied).
    practice_similarity: float = 60.0
    #: Relative activity by calendar month (January first); mean 1.
    seasonality: tuple[float, ...] = (
        1.01, 0.98, 1.025, 0.97, 0.99, 1.00, 1.01, 0.97, 1.01, 1.025, 1.025, 0.975,
    )  # fmt: skip


# Base shapes. Rows: GP, Other Practice staff, Unknown.
_MODE_BY_HCP = np.array(
    [
        # F2F  Tel   Video  Home   Unknown
        [0.56, 0.38, 0.015, 0.010, 0.035],
        [0.73, 0.22, 0.010, 0.005, 0.035],
        [0.60, 0.30, 0.010, 0.010, 0.080],
    ]
)
# Columns follow NATIONAL_CATEGORIES.
_CATEGORY_BY_HCP = np.array(
    [
        [0.30, 0.26, 0.14, 0.03, 0.01, 0.02, 0.010, 0.008, 0.005, 0.005, 0.002, 0.003, 0.001,
         0.005, 0.004, 0.0005, 0.09, 0.05],
        [0.27, 0.10, 0.07, 0.17, 0.20, 0.02, 0.015, 0.004, 0.003, 0.003, 0.002, 0.006, 0.012,
         0.012, 0.002, 0.002, 0.07, 0.05],
        [0.25, 0.15, 0.08, 0.10, 0.10, 0.02, 0.010, 0.005, 0.004, 0.004, 0.002, 0.005, 0.006,
         0.008, 0.003, 0.001, 0.12, 0.12],
    ]
)  # fmt: skip
# Log-odds of "Same Day" by category (before calibration).
_SAME_DAY_LOGIT = np.array(
    [-0.9, 1.2, 1.8, -1.4, -1.3, 0.9, -1.5, 0.4, 0.0, -0.5, -1.0, 3.0, -1.5, -0.8, -1.0, -1.5,
     -0.2, -0.2]
)  # fmt: skip
# How the rest of the appointments spread over the other intervals.
_LATER_INTERVALS = np.array([0.14, 0.36, 0.20, 0.12, 0.08, 0.09, 0.01])
# Relative DNA risk by interval: the longer the wait, the more do not attend.
_DNA_RISK = np.array([0.35, 0.9, 1.2, 1.6, 1.8, 1.9, 2.0, 1.0])


def _normalise(a: np.ndarray, axis: int = -1) -> np.ndarray:
    return a / a.sum(axis=axis, keepdims=True)


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _solve_shift(share_at, target: float) -> float:
    """The shift s with share_at(s) == target (share_at increasing), by bisection."""
    low, high = -10.0, 10.0
    for _ in range(60):
        mid = (low + high) / 2
        if share_at(mid) < target:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def _independent(joint: np.ndarray) -> np.ndarray:
    """The product of ``joint``'s one-way margins."""
    result = np.ones(())
    for axis in range(joint.ndim):
        others = tuple(a for a in range(joint.ndim) if a != axis)
        result = np.multiply.outer(result, joint.sum(axis=others))
    return result


def _fit_margins(joint: np.ndarray, target: np.ndarray, sweeps: int = 30) -> np.ndarray:
    """Rescale ``joint`` until each one-way margin equals ``target``'s (iterative fitting)."""
    fitted = joint / joint.sum()
    for _ in range(sweeps):
        for axis in range(fitted.ndim):
            others = tuple(a for a in range(fitted.ndim) if a != axis)
            ratio = target.sum(axis=others) / fitted.sum(axis=others)
            shape = [1] * fitted.ndim
            shape[axis] = -1
            fitted = fitted * ratio.reshape(shape)
    return fitted


class MixModel:
    """National mix calibrated to :class:`Calibration`; draws one practice-month at a time."""

    def __init__(self, calibration: Calibration) -> None:
        self.calibration = c = calibration
        self.hcp = np.array([c.gp_share, 1 - c.gp_share - c.unknown_hcp_share, c.unknown_hcp_share])
        self.category = _normalise(_CATEGORY_BY_HCP)
        base_mode = _normalise(_MODE_BY_HCP)

        def mode_at(shift: float) -> np.ndarray:
            odds = base_mode.copy()
            odds[:, 0] *= np.exp(shift)
            return _normalise(odds)

        self.mode = mode_at(
            _solve_shift(lambda s: self.hcp @ mode_at(s)[:, 0], c.face_to_face_share)
        )
        category_share = self.hcp @ self.category
        self.same_day_shift = _solve_shift(
            lambda s: category_share @ _logistic(_SAME_DAY_LOGIT + s), c.same_day_share
        )
        interval_share = category_share @ self._intervals(0.0)
        self.dna_scale = c.dna_share / float(interval_share @ _DNA_RISK)
        self.national = self._joint(
            self.hcp,
            self.mode,
            self.category,
            self._intervals(0.0),
            self._statuses(1.0, c.unknown_status_share),
        )
        independent = _independent(self.national)
        spread = (1 - c.cell_spread) * self.national + c.cell_spread * independent
        self.flat = _fit_margins(spread, self.national)

    def _statuses(self, dna_multiplier: float, unknown: float) -> np.ndarray:
        """p(status | interval): Attended, DNA, Unknown."""
        dna = np.clip(self.dna_scale * _DNA_RISK * dna_multiplier, 0, 0.5)
        return np.column_stack([1 - dna - unknown, dna, np.full_like(dna, unknown)])

    @staticmethod
    def _joint(hcp, mode, category, intervals, statuses) -> np.ndarray:
        return (
            hcp[:, None, None, None, None]
            * mode[:, :, None, None, None]
            * category[:, None, :, None, None]
            * intervals[None, None, :, :, None]
            * statuses[None, None, None, :, :]
        )

    def _intervals(self, practice_shift: float) -> np.ndarray:
        """p(interval | category) with the practice's same-day tendency."""
        same_day = _logistic(_SAME_DAY_LOGIT + self.same_day_shift + practice_shift)
        later = np.outer(1 - same_day, _normalise(_LATER_INTERVALS))
        return np.column_stack([same_day, later])

    def practice_month_counts(
        self,
        practice: PracticeProfile,
        month: dt.date,
        persistent: np.random.Generator,
        monthly: np.random.Generator,
    ) -> np.ndarray:
        """Counts of every cell (flattened in :data:`CELL_LABELS` order) for one month."""
        c = self.calibration
        # Persistent practice character (drawn first, in a fixed order, from its own stream).
        rate_effect = persistent.normal(-(c.practice_spread**2) / 2, c.practice_spread)
        k = c.practice_similarity
        hcp = persistent.dirichlet(self.hcp * k + 0.5)
        mode = np.vstack([persistent.dirichlet(row * k + 0.3) for row in self.mode])
        category = np.vstack([persistent.dirichlet(row * k / 2 + 0.2) for row in self.category])
        same_day_shift = persistent.normal(0, 0.35)
        dna_effect = persistent.normal(-(0.25**2) / 2, 0.25)
        unknown_status = c.unknown_status_share * persistent.lognormal(-(0.5**2) / 2, 0.5)

        imd_gap = practice.imd_or_england - ENGLAND_IMD_SCORE
        deprivation = float(np.clip(1 + c.deprivation_slope * imd_gap, 0.8, 1.2))
        rate = c.appointments_per_1000 * c.seasonality[month.month - 1] * deprivation
        expected = practice.list_size / 1000 * rate * np.exp(rate_effect)
        expected *= np.exp(monthly.normal(0, c.monthly_noise))
        total = int(monthly.poisson(max(expected, 0.0)))

        dna_multiplier = np.exp(dna_effect) * float(
            np.clip(1 + c.dna_deprivation_slope * imd_gap, 0.5, 2.0)
        )
        own = self._joint(
            hcp,
            mode,
            category,
            self._intervals(same_day_shift),
            self._statuses(dna_multiplier, min(unknown_status, 0.3)),
        )
        # The practice's deviation from the national mix, applied to the flattened national mix.
        joint = (self.flat * own / self.national).ravel()
        return monthly.multinomial(total, joint / joint.sum())
