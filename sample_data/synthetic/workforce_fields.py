"""The structure behind the 805 fields of the GP Workforce Detailed Practice-Level CSV.

Field names are read from NHS England's definitions workbook at generation time; this module
knows how they relate so generated files add up: each staff group (GPs, nurses, direct patient
care, admin) splits into disjoint roles ("atoms"); group totals and the GP aggregates (EXTG:
excluding trainees, EXL: excluding locums, EXTGL: excluding both) are sums of atoms; every
TOTAL_ figure is MALE_ + FEMALE_; age and country-of-qualification bands split their base field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import openpyxl

DEFINITIONS_SHEET = "Practice-Level CSV Definitions"

GP_PERMANENT = {
    "SEN_PTNR": 0.08,
    "PTNR_PROV": 0.45,
    "SAL_BY_PRAC": 0.40,
    "SAL_BY_OTH": 0.03,
    "RET": 0.04,
}
GP_TRAINEES = {
    "TRN_GR_ST1": 0.25,
    "TRN_GR_ST2": 0.25,
    "TRN_GR_ST3": 0.35,
    "TRN_GR_ST4": 0.05,
    "TRN_GR_OTH": 0.02,
    "TRN_GR_F1_2": 0.08,
}
GP_LOCUMS = {"LOCUM_VAC": 0.4, "LOCUM_ABS": 0.3, "LOCUM_OTH": 0.3}
#: GP aggregates: name suffix → atoms summed.
GP_AGGREGATES = {
    "": (GP_PERMANENT, GP_TRAINEES, GP_LOCUMS),
    "EXTG": (GP_PERMANENT, GP_LOCUMS),
    "EXL": (GP_PERMANENT, GP_TRAINEES),
    "EXTGL": (GP_PERMANENT,),
}
#: Typical shares of a group's FTE by role; roles not listed share a small default.
ROLE_SHARES = {
    "NURSES": {
        "PRAC_NURSE": 0.60,
        "ADV_NURSE_PRAC": 0.15,
        "ENH_PRAC_NURSE": 0.05,
        "NURSE_SPEC": 0.04,
        "TRAINEE_NURSE": 0.03,
        "NURSE_OTH": 0.06,
    },
    "DPC": {
        "HCA": 0.35,
        "PHARMA": 0.12,
        "DISPENSER": 0.08,
        "PHLEB": 0.05,
        "PHARMT": 0.04,
        "PHYSICIAN_ASSOC": 0.03,
        "PARAMED": 0.03,
        "ADV_PHARMA_PRAC": 0.02,
        "OTH": 0.05,
    },
    "ADMIN": {
        "RECEPT": 0.45,
        "OTH": 0.20,
        "MED_SECRETARY": 0.12,
        "MANAGER": 0.10,
        "TELEPH": 0.03,
        "ESTATES_ANC": 0.03,
        "APP": 0.02,
        "MANAGE_PTNR": 0.01,
    },
}
DEFAULT_ROLE_SHARE = 0.004
#: Published irregular names: the field → the name it should have had.
ALIASES = {"FEMALE_TRAINEE_DPC_NURSE_ASSOC_HC": "FEMALE_DPC_TRAINEE_NURSE_ASSOC_HC"}


def read_field_names(definitions_xlsx: Path) -> list[str]:
    """Field names in published order (column 'Name of Field' of the definitions sheet)."""
    return list(_field_names(Path(definitions_xlsx).resolve()))


@cache
def _field_names(definitions_xlsx: Path) -> tuple[str, ...]:
    # Cached: the workbook takes a moment to open and does not change while the app runs.
    workbook = openpyxl.load_workbook(definitions_xlsx, read_only=True, data_only=True)
    try:
        sheet = workbook[DEFINITIONS_SHEET]
        rows = sheet.iter_rows(values_only=True)
        header = [str(c or "").strip().upper() for c in next(rows)]
        column = header.index("NAME OF FIELD")
        return tuple(str(r[column]).strip() for r in rows if r[column] not in (None, ""))
    finally:
        workbook.close()


@dataclass(frozen=True)
class StaffGroup:
    """A staff group's total field stem (``GP``, ``NURSES``…) and its role atoms."""

    key: str
    total_stem: str  # TOTAL_<stem>_FTE
    role_prefix: str  # TOTAL_<role_prefix><ROLE>_FTE
    roles: dict[str, float]


def staff_groups(fields: list[str]) -> list[StaffGroup]:
    """The four staff groups with the roles the definitions list for them."""
    present = set(fields)
    gp_roles = {**GP_PERMANENT, **GP_TRAINEES, **GP_LOCUMS}
    groups = [StaffGroup("GP", "GP", "GP_", gp_roles)]
    for key, stem, prefix in (
        ("NURSES", "NURSES", "N_"),
        ("DPC", "DPC", "DPC_"),
        ("ADMIN", "ADMIN", "ADMIN_"),
    ):
        pattern = re.compile(rf"^TOTAL_{prefix}(.+)_FTE$")
        roles = {}
        for name in fields:
            match = pattern.match(name)
            if match and not match[1].startswith(("FTE", "HC")) and f"TOTAL_{stem}_FTE" in present:
                roles[match[1]] = ROLE_SHARES[key].get(match[1], DEFAULT_ROLE_SHARE)
        groups.append(StaffGroup(key, stem, prefix, roles))
    return groups


def band_families(fields: list[str]) -> dict[str, list[str]]:
    """Base field → its band fields (``TOTAL_GP_HC`` → ``TOTAL_GP_HC_UNDER30``, …)."""
    present = set(fields)
    families: dict[str, list[str]] = {}
    for name in fields:
        match = re.match(r"^(.+_(?:HC|FTE))_([A-Z0-9_]+)$", name)
        if match and match[1] in present:
            families.setdefault(match[1], []).append(name)
    return families


def band_weight(band: str) -> float:
    """Relative size of an age or country-of-qualification band."""
    if band.endswith("UNKNOWN_AGE") or band.endswith("UNKNOWN"):
        return 0.01
    if band.startswith("COQ_"):
        return {
            "COQ_UK": 0.70,
            "COQ_ASIA_SOUTH": 0.12,
            "COQ_AFRICA": 0.06,
            "COQ_EEA": 0.05,
            "COQ_MIDDLE_EAST": 0.03,
        }.get(band, 0.008)
    numbers = [int(n) for n in re.findall(r"\d+", band)]
    if "UNDER" in band:
        age = numbers[0] - 3 if numbers else 25
    elif "PLUS" in band:
        age = numbers[0] + 2 if numbers else 70
    else:
        age = sum(numbers) / len(numbers) if numbers else 45
    return float(2.718 ** (-(((age - 45) / 12) ** 2)))
