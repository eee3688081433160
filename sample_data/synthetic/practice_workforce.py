"""Synthetic General Practice Workforce "Detailed Practice-Level CSV" files (805 columns).

Field names and their order come from NHS England's definitions workbook (passed in), so the
file has exactly the published header. Staff-group FTE is calibrated per practice from a real
per-practice table (``derived_practice_fte_2016-2024.csv``: permanent GPs, locums + trainees,
nurses, direct patient care, admin for 2024); practices missing there get national FTE per
patient. Where the real table says "NA" for a group, so does the file (with GP_SOURCE & co.
saying "No data provided"), which is how the publication marks practices in the sub-ICB
estimates. Figures are consistent the way the definitions imply (see
:mod:`sample_data.synthetic.workforce_fields`): roles sum to their group total, totals equal male
plus female, bands sum to their base.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sample_data.synthetic.appointments import csv_field, practice_seed
from sample_data.synthetic.practices import PracticeProfile
from sample_data.synthetic.workforce_fields import (
    ALIASES,
    GP_AGGREGATES,
    GP_LOCUMS,
    GP_TRAINEES,
    StaffGroup,
    band_families,
    band_weight,
    read_field_names,
    staff_groups,
)

#: FTE per 10,000 patients when a practice has no calibration row (England 2024 orders).
FALLBACK_PER_10K = {"GP_EXTGL": 4.2, "LOCUUM_TRN": 0.9, "NURSES": 2.6, "DPC": 2.8, "ADMIN": 11.5}
MALE_SHARE = {"GP": 0.45, "NURSES": 0.03, "DPC": 0.15, "ADMIN": 0.08}
FTE_PER_HEAD = {"GP": 0.70, "NURSES": 0.75, "DPC": 0.80, "ADMIN": 0.72}
PATIENT_AGES = {
    "0TO4": 0.05,
    "5TO14": 0.115,
    "15TO44": 0.40,
    "45TO64": 0.26,
    "65TO74": 0.095,
    "75TO84": 0.058,
    "85PLUS": 0.022,
}
#: Regular field name → the irregular name the publication actually uses.
ALIAS_OF = {real: published for published, real in ALIASES.items()}
SOURCE_FIELDS = {
    "GP": "GP_SOURCE",
    "NURSES": "NURSE_SOURCE",
    "DPC": "DPC_SOURCE",
    "ADMIN": "ADMIN_SOURCE",
}


@dataclass(frozen=True)
class WorkforceSummary:
    path: Path
    practices: int
    columns: int
    gp_fte: float
    not_available: int

    def __str__(self) -> str:
        return (
            f"{self.practices:,} practices × {self.columns} fields, total GP FTE "
            f"{self.gp_fte:,.1f}, {self.not_available} staff groups 'NA'"
        )


def read_calibration(path: Path, year: str = "2024") -> dict[str, dict[str, float | None]]:
    """Practice → staff-group FTE (None where the table says NA) for ``year``."""
    table: dict[str, dict[str, float | None]] = {}
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Year"] != year:
                continue
            table[row["Practice.Code"].strip().upper()] = {
                key: (
                    None
                    if row[f"TOTAL_{key}_FTE"] in ("NA", "")
                    else float(row[f"TOTAL_{key}_FTE"])
                )
                for key in FALLBACK_PER_10K
            }
    return table


def write_practice_workforce(
    path: str | Path,
    practices: Sequence[PracticeProfile],
    *,
    snapshot: dt.date,
    definitions_xlsx: Path,
    calibration_csv: Path | None = None,
    seed: int = 0,
) -> WorkforceSummary:
    """Write one month's file. ``snapshot`` only seeds the monthly noise: like the published
    file, the CSV itself carries no date (put the month in its name)."""
    fields = read_field_names(Path(definitions_xlsx))
    calibration = read_calibration(calibration_csv) if calibration_csv else {}
    builder = _PracticeBuilder(fields)
    gp_total, not_available = 0.0, 0
    path = Path(path)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(fields) + "\n")
        for practice in practices:
            rng = np.random.default_rng(
                [*practice_seed(seed, practice.code), snapshot.year, snapshot.month]
            )
            values = builder.build(practice, calibration.get(practice.code), rng)
            gp_total += (
                float(values.get("TOTAL_GP_FTE", "0"))
                if values.get("TOTAL_GP_FTE", "NA") != "NA"
                else 0.0
            )
            not_available += sum(
                values.get(f) == "NA"
                for f in ("TOTAL_GP_FTE", "TOTAL_NURSES_FTE", "TOTAL_DPC_FTE", "TOTAL_ADMIN_FTE")
            )
            out.write(",".join(csv_field(values.get(f, "0")) for f in fields) + "\n")
    return WorkforceSummary(path, len(practices), len(fields), gp_total, not_available)


def _fte(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value else "0"


def _split(total: float, weights: np.ndarray, rng: np.random.Generator, step: float) -> np.ndarray:
    """``total`` split by noisy ``weights`` into multiples of ``step`` that add up exactly."""
    units = round(total / step)
    if units <= 0:
        return np.zeros(len(weights))
    shares = rng.dirichlet(np.asarray(weights) * 40 + 1e-3)
    return rng.multinomial(units, shares / shares.sum()) * step


class _PracticeBuilder:
    def __init__(self, fields: list[str]) -> None:
        self.fields = fields
        self.present = set(fields)
        self.groups = staff_groups(fields)
        self.families = band_families(fields)
        # Per group, worked out once: its fields, its band bases (male/female first), weights.
        self.group_fields = {g.key: [f for f in fields if _belongs(f, g)] for g in self.groups}
        self.group_bases = {
            g.key: sorted(
                (b for b in self.families if _belongs(b, g)), key=lambda b: b.startswith("TOTAL_")
            )
            for g in self.groups
        }
        self.band_weights = {
            base: np.array([band_weight(b[len(base) + 1 :]) for b in bands])
            for base, bands in self.families.items()
        }

    def build(
        self, practice: PracticeProfile, targets: dict | None, rng: np.random.Generator
    ) -> dict[str, str]:
        v: dict[str, str] = {
            "PRAC_CODE": practice.code,
            "PRAC_NAME": practice.name,
            "PCN_CODE": practice.pcn_code if practice.pcn_code != "U" else "Unaligned",
            "PCN_NAME": practice.pcn_name if practice.pcn_code != "U" else "Unaligned",
            "SUB_ICB_CODE": practice.sub_icb_code,
            "SUB_ICB_NAME": practice.sub_icb_name,
            "ICB_CODE": practice.icb_code,
            "ICB_NAME": practice.icb_name,
            "REGION_CODE": practice.region_code,
            "REGION_NAME": practice.region_name,
        }
        self._patients(v, practice.list_size, rng)
        per_10k = practice.list_size / 10_000
        fallback = {k: r * per_10k * rng.lognormal(0, 0.25) for k, r in FALLBACK_PER_10K.items()}
        targets = targets if targets is not None else fallback
        for group in self.groups:
            self._group(v, group, targets, rng)
        return v

    def _patients(self, v: dict[str, str], list_size: int, rng: np.random.Generator) -> None:
        unknown = int(rng.binomial(list_size, 0.0002))
        male = int(rng.binomial(list_size - unknown, 0.496))
        v |= {
            "TOTAL_PATIENTS": str(list_size),
            "TOTAL_MALE": str(male),
            "TOTAL_FEMALE": str(list_size - unknown - male),
            "TOTAL_UNKNOWN_GENDER": str(unknown),
        }
        weights = np.array(list(PATIENT_AGES.values()))
        for sex, count in (("MALE", male), ("FEMALE", list_size - unknown - male)):
            bands = rng.multinomial(count, weights / weights.sum())
            for band, n in zip(PATIENT_AGES, bands, strict=True):
                v[f"{sex}_PATIENTS_{band}"] = str(int(n))

    def _group(
        self, v: dict[str, str], group: StaffGroup, targets: dict, rng: np.random.Generator
    ) -> None:
        if group.key == "GP":
            permanent, temporary = targets.get("GP_EXTGL"), targets.get("LOCUUM_TRN")
            total = None if permanent is None or temporary is None else permanent + temporary
        else:
            total = targets.get(group.key)
        group_fields = self.group_fields[group.key]
        v[SOURCE_FIELDS[group.key]] = "Fully provided" if total is not None else "No data provided"
        if total is None:  # published as not available: the practice is in sub-ICB estimates
            for name in group_fields:
                v[name] = "ND" if "_FTE_" in name else "NA"
            return
        roles = list(group.roles)
        if group.key == "GP":
            fte = np.concatenate(
                [
                    _split(permanent, [group.roles[r] for r in roles[:5]], rng, 0.01),
                    _split(temporary * 0.65, list(GP_TRAINEES.values()), rng, 0.01),
                    _split(
                        temporary - round(temporary * 0.65, 2), list(GP_LOCUMS.values()), rng, 0.01
                    ),
                ]
            )
        else:
            fte = _split(total, [group.roles[r] for r in roles], rng, 0.01)
        heads = np.where(
            fte > 0,
            np.maximum(
                1, np.round(fte / FTE_PER_HEAD[group.key] * rng.uniform(0.9, 1.1, len(fte)))
            ),
            0,
        )
        male_heads = rng.binomial(heads.astype(int), MALE_SHARE[group.key])
        male_fte = np.round(np.where(heads > 0, fte * male_heads / np.maximum(heads, 1), 0), 2)
        by_sex = {
            "TOTAL": (fte, heads),
            "MALE": (male_fte, male_heads),
            "FEMALE": (np.round(fte - male_fte, 2), heads - male_heads),
        }
        for sex, (role_fte, role_heads) in by_sex.items():
            for i, role in enumerate(roles):
                self._set(v, f"{sex}_{group.role_prefix}{role}", role_fte[i], role_heads[i])
            for suffix, members in self._aggregates(group):
                mask = np.array([r in members for r in roles])
                name = f"{sex}_{group.total_stem}" + (f"_{suffix}" if suffix else "")
                self._set(v, name, role_fte[mask].sum(), role_heads[mask].sum())
        self._bands(v, group, rng)

    @staticmethod
    def _aggregates(group: StaffGroup) -> list[tuple[str, set[str]]]:
        if group.key != "GP":
            return [("", set(group.roles))]
        return [(suffix, set().union(*parts)) for suffix, parts in GP_AGGREGATES.items()]

    def _set(self, v: dict[str, str], stem: str, fte: float, heads: float) -> None:
        for name, text in (
            (f"{stem}_FTE", _fte(round(float(fte), 2))),
            (f"{stem}_HC", str(int(heads))),
        ):
            target = ALIAS_OF.get(name, name)
            if target in self.present:
                v[target] = text

    def _bands(self, v: dict[str, str], group: StaffGroup, rng: np.random.Generator) -> None:
        # Male and female bands first, so total bands can be their sums.
        for base in self.group_bases[group.key]:
            bands = self.families[base]
            weights = self.band_weights[base]
            sexed = [b.replace("TOTAL_", "MALE_", 1) for b in bands]
            if base.startswith("TOTAL_") and all(s in v for s in sexed):
                female = [b.replace("TOTAL_", "FEMALE_", 1) for b in bands]
                for band, m, f in zip(bands, sexed, female, strict=True):
                    v[band] = _add(v[m], v.get(f, "0"))
                continue
            if base.endswith("_HC"):
                counts = rng.multinomial(int(float(v.get(base, "0"))), weights / weights.sum())
                values = [str(int(c)) for c in counts]
            else:
                values = [_fte(x) for x in _split(float(v.get(base, "0")), weights, rng, 0.01)]
            v.update(zip(bands, values, strict=True))


def _add(a: str, b: str) -> str:
    total = float(a) + float(b)
    return str(int(total)) if "." not in a + b else _fte(round(total, 2))


def _belongs(name: str, group: StaffGroup) -> bool:
    """Whether a HC/FTE field counts staff of ``group``."""
    if not name.endswith(("_HC", "_FTE")) and "_HC_" not in name and "_FTE_" not in name:
        return False
    body = name.split("_", 1)[1]
    if group.key == "GP":
        return body.startswith("GP_")
    if group.key == "NURSES":
        return body.startswith(("NURSES_", "N_"))
    return body.startswith(f"{group.key}_") or body.startswith(f"TRAINEE_{group.key}_")
