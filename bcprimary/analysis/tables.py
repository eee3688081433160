"""The metrics tables of ``bcprimary table practice|pcn|place`` and the app's tables."""

from __future__ import annotations

import pandas as pd

from bcprimary.analysis.access import AccessPicture

LEVELS = ("practice", "pcn", "place")

_COMMON = [
    "registered_patients",
    "weighted_patients",
    "imd_score",
    "imd_edition",
    "imd_quintile",
    "imd_decile",
    "appointment_months",
    "appointments_per_month",
    "dna_per_month",
    "appointments_per_1000_registered",
    "appointments_per_1000_weighted",
    "gp_share",
    "face_to_face_share",
    "same_day_share",
    "dna_rate",
    "target_appointments",
    "access_gap",
    "gp_fte_per_10k_weighted",
    "nurse_fte_per_10k_weighted",
    "dpc_fte_per_10k_weighted",
    "admin_fte_per_10k_weighted",
]

COLUMNS = {
    "practice": ["code", "name", "pcn_code", "place", *_COMMON, "weighted_estimated"],
    "pcn": ["code", "name", "pcn_code", "place", "practices", *_COMMON, "core20_share"],
    "place": ["code", "name", "place", "pcns", "practices", *_COMMON, "core20_share"],
}


def metrics_table(picture: AccessPicture, level: str) -> pd.DataFrame:
    """One row per unit with the columns of :data:`COLUMNS` (those that exist)."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}")
    source = {"practice": picture.practices, "pcn": picture.pcns, "place": picture.places}[level]
    frame = source.copy()
    if level == "place":
        frame["place"] = frame["code"]
    columns = [c for c in COLUMNS[level] if c in frame]
    sort = ["place", "code"] if "place" in frame else ["code"]
    return frame[columns].sort_values(sort, na_position="last").reset_index(drop=True)
