"""Labels and one-line definitions of every figure the plan workbook shows.

The metrics of the access picture are defined in :data:`bcprimary.analysis.definitions.METRICS`;
this module adds the plan's own figures (the optimiser's result columns and headline figures)
in the same form, so the workbook can put a definition beside every number: in the header
comments of each table and in the list on the Read me sheet.
"""

from __future__ import annotations

from bcprimary.analysis.definitions import METRICS, Metric

PLAN_TERMS: dict[str, Metric] = {
    "pcn_name": Metric("PCN name", "Name of the Primary Care Network as published."),
    "deprivation_score": Metric(
        "IMD score", "List-weighted mean IMD score of the PCN's practices (higher = more deprived)."
    ),
    "pcns": Metric("PCNs", "Number of Primary Care Networks."),
    "priority_weight": Metric(
        "Priority weight",
        "Weight of a PCN's access gap in the objective: by national IMD quintile (default "
        "2.0 / 1.6 / 1.3 / 1.1 / 1.0 for quintiles 1–5) or rising with the IMD score.",
    ),
    "need_uplift": Metric(
        "Need uplift", "Multiplier on the target for deprivation (1 = no uplift chosen)."
    ),
    "appointments_before": Metric(
        "Appointments per month now",
        "Mean monthly appointments (attended + unknown status) over the appointment window.",
        "appointments",
    ),
    "role_wte_added": Metric("WTE added", "Whole-time equivalent staff the plan adds.", "WTE"),
    "role_appointments_added": Metric(
        "Appointments from new roles",
        "WTE added × appointments per WTE per month of each role (an assumption per role).",
        "appointments",
    ),
    "commissioned_appointments": Metric(
        "Commissioned appointments",
        "Extra appointments per month bought as sessions (e.g. enhanced access) at the "
        "commissioned price.",
        "appointments",
    ),
    "appointments_added": Metric(
        "Appointments added",
        "Appointments per month the plan adds: new roles plus commissioned appointments.",
        "appointments",
    ),
    "appointments_after": Metric(
        "Appointments per month after", "Appointments per month now plus appointments added."
    ),
    "gap_before": Metric(
        "Access gap now",
        "Target appointments minus appointments per month now, where positive.",
        "appointments",
    ),
    "gap_after": Metric(
        "Access gap after",
        "Target appointments minus appointments per month after the plan, where positive.",
        "appointments",
    ),
    "gap_closed": Metric("Gap closed", "Access gap now minus access gap after.", "appointments"),
    "relative_gap_after": Metric(
        "Gap after / target", "Access gap after the plan as a share of target appointments.", "%"
    ),
    "rate_per_1000_weighted_before": Metric(
        "Rate now (per 1,000 weighted)",
        "Appointments per month per 1,000 weighted patients now.",
        "per 1,000",
    ),
    "rate_per_1000_weighted_after": Metric(
        "Rate after (per 1,000 weighted)",
        "Appointments per month per 1,000 weighted patients after the plan.",
        "per 1,000",
    ),
    "role_cost_gbp": Metric(
        "Cost of new roles", "WTE added × annual cost per WTE of each role.", "£ a year"
    ),
    "commissioned_cost_gbp": Metric(
        "Cost of commissioned appointments",
        "Commissioned appointments per month × 12 × price per appointment.",
        "£ a year",
    ),
    "cost_gbp": Metric("Annual cost", "What the plan spends here per year.", "£ a year"),
    "entitlement_gbp": Metric(
        "ARRS entitlement", "Entitlement rate per weighted patient × PCN weighted list.", "£"
    ),
    "arrs_spend_in_post_gbp": Metric(
        "ARRS staff in post (cost)",
        "Cost of ARRS staff already in post (PCN workforce publication × catalogue cost).",
        "£",
    ),
    "entitlement_headroom_gbp": Metric(
        "Entitlement headroom", "ARRS entitlement minus the cost of ARRS staff in post.", "£"
    ),
    # Dental
    "population": Metric(
        "Population", "Registered GP patients of the place: the denominator of UDAs per head."
    ),
    "udas_contracted": Metric("UDAs contracted", "Units of dental activity contracted a year."),
    "uda_target": Metric("UDA target", "Target UDAs per head × population.", "UDAs"),
    "shortfall_before": Metric(
        "UDA shortfall now", "UDA target minus UDAs contracted, where positive.", "UDAs"
    ),
    "extra_udas": Metric("Extra UDAs", "UDAs a year the plan commissions on top.", "UDAs"),
    "shortfall_after": Metric(
        "UDA shortfall after", "UDA target minus UDAs after the plan, where positive.", "UDAs"
    ),
    "udas_per_head_before": Metric("UDAs per head now", "UDAs contracted per head."),
    "udas_per_head_after": Metric("UDAs per head after", "UDAs per head after the plan."),
    "uda_value_gbp": Metric(
        "UDA value", "Price of one UDA: contract value / UDAs contracted in the place.", "£"
    ),
    "contracts": Metric("Contracts", "NHS dental contracts placed in the place."),
    "uda_financial_value_gbp": Metric(
        "UDA contract value", "Annual financial value of the UDAs contracted.", "£"
    ),
    # Allocation
    "wte": Metric("WTE", "New whole-time equivalent staff of the role in the PCN.", "WTE"),
    "annual_cost_per_wte": Metric(
        "Annual cost per WTE", "Maximum reimbursable amount per WTE a year (salary + on-costs)."
    ),
    "appointments_per_wte_month": Metric(
        "Appointments per WTE a month", "Appointments one WTE delivers a month (assumption)."
    ),
    # Headline figures
    "budget_gbp": Metric("Budget", "Annual budget the plan may spend (pooled mode).", "£ a year"),
    "total_cost_gbp": Metric(
        "Total annual cost", "New roles + commissioned appointments + extra UDAs.", "£ a year"
    ),
    "dental_cost_gbp": Metric("Dental cost", "Extra UDAs × UDA value.", "£ a year"),
    "wte_added": Metric("WTE added", "Whole-time equivalent staff the plan adds.", "WTE"),
    "weighted_gap_before": Metric(
        "Deprivation-weighted gap now", "Σ priority weight × access gap now over PCNs."
    ),
    "weighted_gap_after": Metric(
        "Deprivation-weighted gap after", "Σ priority weight × access gap after over PCNs."
    ),
    "share_weighted_gap_remaining": Metric(
        "Share of weighted gap remaining",
        "Deprivation-weighted gap after / weighted gap now: what the optimiser minimises "
        "(lower is better).",
        "%",
    ),
    "worst_relative_gap_before": Metric(
        "Worst PCN gap now", "Largest access gap now as a share of the PCN's target.", "%"
    ),
    "worst_relative_gap_after": Metric(
        "Worst PCN gap after", "Largest access gap after as a share of the PCN's target.", "%"
    ),
    "sii_before": Metric("SII now", METRICS["sii"].definition, "per 1,000"),
    "sii_after": Metric("SII after", METRICS["sii"].definition, "per 1,000"),
    "quintile_gap_before": Metric("Quintile gap now", METRICS["quintile_gap"].definition),
    "quintile_gap_after": Metric("Quintile gap after", METRICS["quintile_gap"].definition),
}


def term(key: str) -> Metric:
    """The label and definition of a figure (plan terms first, then the metrics catalogue)."""
    if key in PLAN_TERMS:
        return PLAN_TERMS[key]
    if key in METRICS:
        return METRICS[key]
    return Metric(key.replace("_", " ").capitalize(), "")
