"""The practice list synthetic files are generated for: who the practices are and how big.

A :class:`PracticeProfile` carries what every generator needs (codes and names as published,
list size, IMD score). :func:`load_practice_profiles` builds the list from the real published
files (registered patients, the practice→PCN map and optionally the Fingertips IMD file), read
with the csv module so that generating test inputs never depends on the importers under test.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

#: England's practice-weighted mean IMD 2019 score (Fingertips 93553, England row): the score
#: assumed for a practice without one.
ENGLAND_IMD_SCORE = 21.72


@dataclass(frozen=True)
class PracticeProfile:
    """One GP practice as the generators see it."""

    code: str
    name: str
    pcn_code: str
    pcn_name: str
    sub_icb_code: str
    sub_icb_name: str
    list_size: int
    imd_score: float | None = None
    supplier: str = "EMIS"
    icb_code: str = ""
    icb_name: str = ""
    region_code: str = ""
    region_name: str = ""

    @property
    def imd_or_england(self) -> float:
        return ENGLAND_IMD_SCORE if self.imd_score is None else self.imd_score


def _rows(path: Path) -> Iterable[dict[str, str]]:
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


def load_practice_profiles(
    registered_patients_csv: Path,
    practice_map_csv: Path,
    imd_csv: Path | None = None,
    sub_icb_codes: Iterable[str] | None = None,
) -> list[PracticeProfile]:
    """Practices of ``gp-reg-pat-prac-all.csv`` joined to ``gp-reg-pat-prac-map.csv``.

    ``imd_csv`` is a Fingertips practice export (Area Code, Value); ``sub_icb_codes`` keeps
    only those sub-ICB locations (e.g. ``["D2P2L"]`` for the Black Country). Practices missing
    from the map keep their code as name and PCN ``U``.
    """
    wanted = {c.upper() for c in sub_icb_codes} if sub_icb_codes is not None else None
    mapping = {row["PRACTICE_CODE"].strip().upper(): row for row in _rows(practice_map_csv)}
    imd: dict[str, float] = {}
    if imd_csv is not None:
        for row in _rows(imd_csv):
            if row.get("Area Type", "GPs") in ("GP", "GPs") and row.get("Value"):
                imd[row["Area Code"].strip().upper()] = float(row["Value"])
    profiles = []
    for row in _rows(registered_patients_csv):
        code = row["CODE"].strip().upper()
        sub_icb = (row.get("SUB_ICB_LOCATION_CODE") or row.get("CCG_CODE") or "").strip()
        if wanted is not None and sub_icb.upper() not in wanted:
            continue
        link = mapping.get(code, {})
        profiles.append(
            PracticeProfile(
                code=code,
                name=link.get("PRACTICE_NAME", code),
                pcn_code=link.get("PCN_CODE", "U") or "U",
                pcn_name=link.get("PCN_NAME", "Unallocated") or "Unallocated",
                sub_icb_code=sub_icb,
                sub_icb_name=link.get("SUB_ICB_LOCATION_NAME", sub_icb),
                list_size=int(row["NUMBER_OF_PATIENTS"]),
                imd_score=imd.get(code),
                supplier=link.get("SUPPLIER_NAME", "EMIS") or "EMIS",
                icb_code=link.get("ICB_CODE", ""),
                icb_name=link.get("ICB_NAME", ""),
                region_code=link.get("COMM_REGION_CODE", ""),
                region_name=link.get("COMM_REGION_NAME", ""),
            )
        )
    return profiles
