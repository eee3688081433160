"""The ARRS role catalogue and entitlement rates as stored in the database (editable copies of
``resources/arrs_roles.csv`` and ``resources/entitlement_rates.csv``), the staff-role map and the
national ARRS staff-in-post series (``resources/arrs_staff_roles.csv``, ``arrs_national_fte.csv``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from bcprimary.db.models import ArrsRole, EntitlementRate
from bcprimary.db.reference import read_reference_csv
from bcprimary.paths import resource_path


def financial_years(session: Session) -> list[str]:
    return sorted(session.execute(select(ArrsRole.financial_year).distinct()).scalars())


def planning_year(session: Session, year: str | None = None) -> str | None:
    """The requested year, else the latest year with both roles and an entitlement rate whose
    rate is not provisional (a provisional year is planned only when asked for)."""
    if year:
        return year
    roles = set(financial_years(session))
    rates = session.execute(select(EntitlementRate.financial_year, EntitlementRate.provisional))
    settled = {y for y, provisional in rates if not provisional}
    both = sorted(roles & settled)
    return both[-1] if both else (sorted(roles)[-1] if roles else None)


#: role_catalogue() columns: the v1 columns first (callers index them), then the v2 ones.
CATALOGUE_COLUMNS = {
    "financial_year": "financial_year",
    "role_code": "role_code",
    "role_name": "role_name",
    "pay_band": "pay_band",
    "annual_cost_gbp": "max_reimbursable_gbp",
    "cost_source": "cost_source",
    "appointments_per_wte_month": "appointments_per_wte_month",
    "yield_source": "yield_source",
    "cap_rule": "cap_rule",
    "appointments_per_wte_month_low": "appointments_per_wte_month_low",
    "appointments_per_wte_month_high": "appointments_per_wte_month_high",
    "appointment_types": "appointment_types",
    "types_source": "types_source",
    "cap_source": "cap_source",
    "arrs_eligible": "arrs_eligible",
    "provisional": "provisional",
}


def role_catalogue(
    session: Session, year: str | None = None, *, include_all: bool = False
) -> pd.DataFrame:
    """Roles of one financial year with cost, yield, cap rule, appointment types and sources.

    By default only the roles a plan can recruit: ARRS-eligible that year, with a cost and a
    positive yield. ``include_all`` adds the rest (roles not yet reimbursable that year and
    roles with no appointments, such as the digital and transformation lead).
    """
    year = planning_year(session, year)
    rows = session.execute(select(ArrsRole).where(ArrsRole.financial_year == year)).scalars()
    frame = pd.DataFrame(
        [{name: getattr(r, attr) for name, attr in CATALOGUE_COLUMNS.items()} for r in rows],
        columns=list(CATALOGUE_COLUMNS),
    )
    if not include_all:
        plannable = (
            frame["arrs_eligible"].fillna(True).astype(bool)
            & frame["annual_cost_gbp"].notna()
            & (frame["appointments_per_wte_month"].fillna(0) > 0)
        )
        frame = frame[plannable]
    return frame.sort_values("role_code").reset_index(drop=True) if not frame.empty else frame


@dataclass(frozen=True)
class Entitlement:
    """A year's ARRS entitlement per weighted patient, with its part-year GP add-on."""

    financial_year: str
    gbp_per_weighted_patient: float
    source: str | None
    gp_addon_gbp_per_weighted_patient: float = 0.0
    gp_addon_months: str | None = None
    gp_addon_source: str | None = None
    provisional: bool = False

    @property
    def total_gbp_per_weighted_patient(self) -> float:
        """Everything a PCN may claim in the year per weighted patient (the add-on is already
        the whole sum for its months, so it is added, not annualised)."""
        return self.gbp_per_weighted_patient + self.gp_addon_gbp_per_weighted_patient


def entitlement(session: Session, year: str | None = None) -> Entitlement | None:
    """The year's entitlement (the planning year if none given); ``None`` if it has no rate."""
    year = planning_year(session, year)
    row = session.get(EntitlementRate, year) if year else None
    if row is None:
        return None
    return Entitlement(
        financial_year=row.financial_year,
        gbp_per_weighted_patient=row.gbp_per_weighted_patient,
        source=row.source,
        gp_addon_gbp_per_weighted_patient=row.gp_addon_gbp_per_weighted_patient or 0.0,
        gp_addon_months=row.gp_addon_months,
        gp_addon_source=row.gp_addon_source,
        provisional=bool(row.provisional),
    )


def entitlement_rate(session: Session, year: str | None = None) -> tuple[float | None, str | None]:
    """(£ per weighted patient, source) for the year (the latest if none given); the rate
    includes any part-year GP add-on."""
    found = entitlement(session, year)
    return (found.total_gbp_per_weighted_patient, found.source) if found else (None, None)


def year_start(year: str) -> dt.date:
    """1 April of a financial year written "2025/26"."""
    return dt.date(int(year[:4]), 4, 1)


def national_arrs_fte() -> list[tuple[dt.date, float, str]]:
    """(date, national ARRS FTE in post, source) from resources/arrs_national_fte.csv."""
    rows = read_reference_csv(resource_path("arrs_national_fte.csv"), ("arrs_fte",))
    points = [(dt.date.fromisoformat(r["date"]), r["arrs_fte"], r["source"]) for r in rows]
    return sorted(points)


def staff_role_map() -> dict[str, str]:
    """PCN workforce STAFF_ROLE → catalogue role_code (resources/arrs_staff_roles.csv)."""
    return {
        row["staff_role"]: row["role_code"]
        for row in read_reference_csv(resource_path("arrs_staff_roles.csv"))
    }


_PER_PCN = re.compile(r"^\s*([\d.]+)\s*WTE per PCN", re.IGNORECASE)
_PER_PATIENTS = re.compile(r"^\s*([\d.]+)\s*WTE per ([\d,]+)\s*(weighted\s+)?patients", re.I)
_BY_SIZE = re.compile(
    r"^\s*([\d.]+)\s*WTE below ([\d,]+) patients,\s*([\d.]+)\s*WTE from \2 patients\s*$", re.I
)


def cap_for_pcn(rule: str | None, weighted_patients: float) -> float | None:
    """The per-PCN WTE cap a catalogue ``cap_rule`` sets (``None`` = no cap).

    Rules read "2 WTE per PCN", "1 WTE per 50000 patients" (pro rata to the weighted list) or
    "3 WTE below 100000 patients, 6 WTE from 100000 patients" (a step by list size).
    """
    if not rule or rule.strip().lower() in {"none", "no cap"}:
        return None
    if m := _PER_PCN.match(rule):
        return float(m[1])
    if m := _PER_PATIENTS.match(rule):
        return float(m[1]) * weighted_patients / float(m[2].replace(",", ""))
    if m := _BY_SIZE.match(rule):
        threshold = float(m[2].replace(",", ""))
        return float(m[3]) if weighted_patients >= threshold else float(m[1])
    raise ValueError(
        f"cap rule not understood: {rule!r} (write 'N WTE per PCN', 'N WTE per NNNNN patients' "
        "or 'N WTE below NNNNN patients, M WTE from NNNNN patients')"
    )
