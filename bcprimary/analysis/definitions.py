"""One-line definitions of every metric, shown as tooltips in the app and written into exports.

Keeping them next to each other (and next to the code that computes them) is what lets the app
"explain itself": a number is never shown without a way to ask what it means.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    label: str
    definition: str
    unit: str = ""


METRICS: dict[str, Metric] = {
    "code": Metric("Code", "ODS code of the practice, PCN or place."),
    "name": Metric("Name", "Name as published by NHS England / NHS Digital."),
    "pcn_code": Metric(
        "PCN", "Primary Care Network the practice belongs to at the chosen date (U = not in a PCN)."
    ),
    "place": Metric(
        "Place",
        "Place of the PCN (Black Country: Dudley, Sandwell, Walsall, "
        "Wolverhampton from the app's PCN→place table; elsewhere the sub-ICB "
        "location).",
    ),
    "practices": Metric("Practices", "Number of GP practices."),
    "registered_patients": Metric(
        "Registered patients",
        "Patients registered at the practice on the extract date (NHS Digital, all ages).",
        "patients",
    ),
    "weighted_patients": Metric(
        "Weighted patients",
        "Carr-Hill weighted list (average for the "
        "financial year, NHS Payments to General Practice); ARRS "
        "entitlement is based on it.",
        "patients",
    ),
    "weighted_estimated": Metric(
        "Weighted list estimated",
        "True where the payments file has "
        "no weighted list for the practice and it was estimated as "
        "registered patients × the area's weighted/registered ratio.",
    ),
    "imd_score": Metric(
        "IMD score",
        "Deprivation score (Index of Multiple Deprivation) of the "
        "practice population (OHID Fingertips); for a PCN or place the "
        "list-weighted mean of its practices. Higher = more deprived.",
    ),
    "imd_edition": Metric(
        "IMD edition", "Which IMD edition the score comes from (IMD 2019 or IMD 2025)."
    ),
    "imd_decile": Metric(
        "IMD decile",
        "National decile of the IMD score among all practices in "
        "the deprivation file (1 = most deprived 10%).",
    ),
    "imd_quintile": Metric(
        "IMD quintile",
        "National quintile of the IMD score among all "
        "practices in the deprivation file (1 = most deprived 20%).",
    ),
    "core20_share": Metric(
        "Core20 share",
        "Share of registered patients in practices in the "
        "most deprived national quintile (Core20PLUS5).",
        "%",
    ),
    "appointment_months": Metric(
        "Months of appointments",
        "Number of months of appointment data in the window that the averages use.",
    ),
    "appointments_per_month": Metric(
        "Appointments per month",
        "Mean monthly appointments with "
        "status Attended or Unknown over the window (DNAs shown "
        "separately).",
        "appointments",
    ),
    "dna_per_month": Metric(
        "DNAs per month", "Mean monthly appointments the patient did not attend.", "appointments"
    ),
    "appointments_per_1000_registered": Metric(
        "Appointments per 1,000 registered",
        "Appointments per month per 1,000 registered patients.",
        "per 1,000",
    ),
    "appointments_per_1000_weighted": Metric(
        "Appointments per 1,000 weighted",
        "Appointments per month per 1,000 weighted patients: the access measure the plan targets.",
        "per 1,000",
    ),
    "gp_share": Metric(
        "GP share",
        "Share of appointments (attended + unknown) delivered by a GP (HCP type GP).",
        "%",
    ),
    "face_to_face_share": Metric(
        "Face-to-face share", "Share of appointments held face to face.", "%"
    ),
    "same_day_share": Metric(
        "Same-day share", "Share of appointments booked and held on the same day.", "%"
    ),
    "dna_rate": Metric(
        "DNA rate",
        "Did-not-attend appointments as a share of all appointments (attended, DNA and unknown).",
        "%",
    ),
    "target_rate": Metric(
        "Target rate",
        "Target appointments per 1,000 weighted patients per "
        "month (default: the loaded area's PCN upper quartile).",
        "per 1,000",
    ),
    "target_appointments": Metric(
        "Target appointments",
        "Target rate × weighted patients / 1,000 × deprivation need uplift (if chosen).",
        "appointments",
    ),
    "access_gap": Metric(
        "Access gap",
        "Target appointments minus appointments per month, where "
        "positive (0 when at or above target).",
        "appointments",
    ),
    "gp_fte_per_10k_weighted": Metric(
        "GP FTE per 10,000 weighted",
        "All GPs, full-time "
        "equivalent (TOTAL_GP_FTE, incl. trainees and locums), "
        "per 10,000 weighted patients.",
    ),
    "nurse_fte_per_10k_weighted": Metric(
        "Nurse FTE per 10,000 weighted",
        "Practice nurse FTE (TOTAL_NURSES_FTE) per 10,000 weighted patients.",
    ),
    "dpc_fte_per_10k_weighted": Metric(
        "DPC FTE per 10,000 weighted",
        "Direct patient care staff FTE (TOTAL_DPC_FTE) per 10,000 weighted patients.",
    ),
    "admin_fte_per_10k_weighted": Metric(
        "Admin FTE per 10,000 weighted",
        "Admin and non-clinical FTE (TOTAL_ADMIN_FTE) per 10,000 weighted patients.",
    ),
    "arrs_fte": Metric(
        "ARRS staff FTE", "FTE of PCN-employed staff in ARRS roles (PCN workforce publication)."
    ),
    "arrs_entitlement_gbp": Metric(
        "ARRS entitlement",
        "Entitlement rate per weighted patient for the financial year × PCN weighted list.",
        "£",
    ),
    "arrs_in_post_cost_gbp": Metric(
        "ARRS staff in post (cost)",
        "ARRS FTE in post × the catalogue's maximum reimbursable amount for the role.",
        "£",
    ),
    "arrs_headroom_gbp": Metric(
        "ARRS headroom", "Entitlement minus the cost of ARRS staff in post (negative = over).", "£"
    ),
    "sii": Metric(
        "Slope index of inequality",
        "Slope index of inequality of appointments per "
        "1,000 weighted patients across national IMD deciles: the modelled difference "
        "between the least and the most deprived end (positive = less deprived areas "
        "get more).",
        "per 1,000",
    ),
    "quintile_gap": Metric(
        "Quintile gap",
        "Appointments per 1,000 weighted patients in the "
        "least deprived quintile minus the most deprived quintile.",
        "per 1,000",
    ),
    "uda_contracted": Metric(
        "UDAs contracted",
        "Units of dental activity contracted per year (NHS dental contracts).",
        "UDAs",
    ),
    "uda_delivered": Metric("UDAs delivered", "UDAs contracted × final delivered share.", "UDAs"),
    "udas_per_head": Metric(
        "UDAs contracted per head",
        "UDAs contracted per registered "
        "patient of the place (GP registered list as the population).",
    ),
    "uda_delivery_share": Metric(
        "UDA delivery", "UDAs delivered as a share of UDAs contracted.", "%"
    ),
    "contracts": Metric("Contracts", "NHS dental contracts placed in the place."),
    "population": Metric(
        "Population",
        "Registered GP patients of the place: the denominator of UDAs per head.",
        "patients",
    ),
    "activity_year": Metric("Activity year", "Financial year of the dental activity data."),
    "uda_financial_value_gbp": Metric(
        "UDA contract value", "Annual financial value of the UDA part of the contracts.", "£"
    ),
    "uda_value_gbp": Metric(
        "£ per UDA", "Contract value divided by UDAs contracted (the local UDA value).", "£"
    ),
    "financial_year": Metric("Financial year", "Financial year of the ARRS rates used."),
    "staff_group": Metric("Staff group", "Staff group as published in the PCN workforce data."),
    "staff_role": Metric("Staff role", "Staff role as published in the PCN workforce data."),
    "role_code": Metric(
        "ARRS role",
        "The ARRS catalogue role the staff role counts as "
        "(resources/arrs_staff_roles.csv); blank = not an ARRS role.",
    ),
    "fte": Metric("FTE", "Full-time equivalent staff in post."),
}


def definition(column: str) -> str:
    metric = METRICS.get(column)
    return metric.definition if metric else ""
