"""Metrics of access, need and workforce (DESIGN §3). Qt-free; every metric has a definition
in :mod:`bcprimary.glossary`."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bcprimary.analysis.access import AccessPicture, build_access_picture
from bcprimary.analysis.dental import dental_by_place, dental_contracts
from bcprimary.analysis.options import AnalysisOptions, ResolvedOptions
from bcprimary.analysis.tables import LEVELS, metrics_table
from bcprimary.analysis.trend import monthly_trend
from bcprimary.analysis.workforce import arrs_entitlement, arrs_staff_by_role


def practice_metrics(session: Session, options: AnalysisOptions | None = None):
    return metrics_table(build_access_picture(session, options), "practice")


def pcn_metrics(session: Session, options: AnalysisOptions | None = None):
    return metrics_table(build_access_picture(session, options), "pcn")


def place_metrics(session: Session, options: AnalysisOptions | None = None):
    return metrics_table(build_access_picture(session, options), "place")


def area_summary(session: Session, options: AnalysisOptions | None = None) -> dict:
    return build_access_picture(session, options).area


__all__ = [
    "LEVELS",
    "AccessPicture",
    "AnalysisOptions",
    "ResolvedOptions",
    "area_summary",
    "arrs_entitlement",
    "arrs_staff_by_role",
    "build_access_picture",
    "dental_by_place",
    "dental_contracts",
    "metrics_table",
    "monthly_trend",
    "pcn_metrics",
    "place_metrics",
    "practice_metrics",
]
