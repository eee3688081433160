"""The ARRS role catalogue and entitlement rates as stored in the database (editable copies of
``resources/arrs_roles.csv`` and ``resources/entitlement_rates.csv``)."""

from __future__ import annotations

import re

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from bcprimary.db.models import ArrsRole, EntitlementRate
from bcprimary.db.reference import read_reference_csv
from bcprimary.paths import resource_path


def financial_years(session: Session) -> list[str]:
    return sorted(session.execute(select(ArrsRole.financial_year).distinct()).scalars())


def planning_year(session: Session, year: str | None = None) -> str | None:
    """The requested year, else the latest year with both roles and an entitlement rate."""
    if year:
        return year
    roles = set(financial_years(session))
    rates = set(session.execute(select(EntitlementRate.financial_year)).scalars())
    both = sorted(roles & rates)
    return both[-1] if both else (sorted(roles)[-1] if roles else None)


def role_catalogue(session: Session, year: str | None = None) -> pd.DataFrame:
    """Roles of one financial year with cost, yield, cap rule and their sources."""
    year = planning_year(session, year)
    rows = session.execute(select(ArrsRole).where(ArrsRole.financial_year == year)).scalars()
    frame = pd.DataFrame(
        [
            {
                "financial_year": r.financial_year,
                "role_code": r.role_code,
                "role_name": r.role_name,
                "pay_band": r.pay_band,
                "annual_cost_gbp": r.max_reimbursable_gbp,
                "cost_source": r.cost_source,
                "appointments_per_wte_month": r.appointments_per_wte_month,
                "yield_source": r.yield_source,
                "cap_rule": r.cap_rule,
            }
            for r in rows
        ]
    )
    return frame.sort_values("role_code").reset_index(drop=True) if not frame.empty else frame


def entitlement_rate(session: Session, year: str | None = None) -> tuple[float | None, str | None]:
    """(£ per weighted patient, source) for the year (the latest if none given)."""
    year = planning_year(session, year)
    row = session.get(EntitlementRate, year) if year else None
    return (row.gbp_per_weighted_patient, row.source) if row else (None, None)


def staff_role_map() -> dict[str, str]:
    """PCN workforce STAFF_ROLE → catalogue role_code (resources/arrs_staff_roles.csv)."""
    return {
        row["staff_role"]: row["role_code"]
        for row in read_reference_csv(resource_path("arrs_staff_roles.csv"))
    }


_PER_PCN = re.compile(r"^\s*([\d.]+)\s*WTE per PCN", re.IGNORECASE)
_PER_PATIENTS = re.compile(r"^\s*([\d.]+)\s*WTE per ([\d,]+)\s*(weighted\s+)?patients", re.I)


def cap_for_pcn(rule: str | None, weighted_patients: float) -> float | None:
    """The per-PCN WTE cap a catalogue ``cap_rule`` sets (``None`` = no cap).

    Rules read "2 WTE per PCN" or "1 WTE per 50000 patients" (pro rata to the weighted list).
    """
    if not rule or rule.strip().lower() in {"none", "no cap"}:
        return None
    if m := _PER_PCN.match(rule):
        return float(m[1])
    if m := _PER_PATIENTS.match(rule):
        return float(m[1]) * weighted_patients / float(m[2].replace(",", ""))
    raise ValueError(
        f"cap rule not understood: {rule!r} (write 'N WTE per PCN' or 'N WTE per NNNNN patients')"
    )
