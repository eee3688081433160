"""The glossary: the one place where every figure and choice the app shows gets its words.

Each :class:`Term` has a code (the column or key the code uses), a short label, a unit and a
one-line definition. The app's tooltips, table headers and chart axes, the command line's text
and every workbook sheet (down to the Read me definitions list) read their words from here, so
a figure is called the same thing and means the same thing wherever it appears; a test fails
when a label or definition is written anywhere else.

Choices (budget rule, objective, need uplift, priority weights, solver) are terms too, with
codes ``<setting>.<value>``; :func:`choices` lists the options of one setting in order.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One figure or choice: what the code calls it and what a reader is told."""

    code: str
    label: str
    definition: str
    #: Written for people ("%", "£", "patients", "per 1,000"); the app picks number formats
    #: from it and :func:`header` adds it to a label that does not already say it.
    unit: str = ""


_TERMS: list[Term] = [
    # --- who and where ---------------------------------------------------------------------
    Term("code", "Code", "ODS code of the practice, PCN or place."),
    Term("name", "Name", "Name as published by NHS England / NHS Digital."),
    Term(
        "pcn_code",
        "PCN",
        "Primary Care Network the practice belongs to at the chosen date (U = not in a PCN).",
    ),
    Term("pcn_name", "PCN name", "Name of the Primary Care Network as published."),
    Term(
        "place",
        "Place",
        "Place of the PCN (Black Country: Dudley, Sandwell, Walsall, Wolverhampton from the "
        "app's PCN→place table; elsewhere the sub-ICB location).",
    ),
    Term("practices", "Practices", "Number of GP practices."),
    Term("pcns", "PCNs", "Number of Primary Care Networks."),
    Term("places", "Places", "Number of places the PCNs of the area belong to."),
    # --- population and deprivation --------------------------------------------------------
    Term(
        "registered_patients",
        "Registered patients",
        "Patients registered at the practice on the extract date (NHS Digital, all ages).",
        "patients",
    ),
    Term(
        "weighted_patients",
        "Weighted patients",
        "Carr-Hill weighted list (average for the financial year, NHS Payments to General "
        "Practice); ARRS entitlement is based on it.",
        "patients",
    ),
    Term(
        "weighted_estimated",
        "Weighted list estimated",
        "True where the payments file has no weighted list for the practice and it was "
        "estimated as registered patients × the area's weighted/registered ratio.",
    ),
    Term(
        "imd_score",
        "IMD score",
        "Deprivation score (Index of Multiple Deprivation) of the practice population (OHID "
        "Fingertips); for a PCN or place the list-weighted mean of its practices. Higher = "
        "more deprived.",
    ),
    Term(
        "imd_edition", "IMD edition", "Which IMD edition the score comes from (IMD 2019 or 2025)."
    ),
    Term(
        "imd_decile",
        "IMD decile",
        "National decile of the IMD score among all practices in the deprivation file "
        "(1 = most deprived 10%).",
    ),
    Term(
        "imd_quintile",
        "IMD quintile",
        "National quintile of the IMD score among all practices in the deprivation file "
        "(1 = most deprived 20%).",
    ),
    Term(
        "core20_share",
        "Core20 share",
        "Share of registered patients in practices in the most deprived national quintile "
        "(Core20PLUS5).",
        "%",
    ),
    # --- appointments and access -----------------------------------------------------------
    Term(
        "appointment_months",
        "Months of appointments",
        "Number of months of appointment data in the window that the averages use.",
    ),
    Term(
        "appointments_per_month",
        "Appointments per month",
        "Mean monthly appointments with status Attended or Unknown over the appointment "
        "window (DNAs shown separately).",
        "appointments",
    ),
    Term(
        "dna_per_month",
        "DNAs per month",
        "Mean monthly appointments the patient did not attend.",
        "appointments",
    ),
    Term(
        "appointments_per_1000_registered",
        "Appointments per 1,000 registered",
        "Appointments per month per 1,000 registered patients.",
        "per 1,000",
    ),
    Term(
        "appointments_per_1000_weighted",
        "Appointments per 1,000 weighted",
        "Appointments per month per 1,000 weighted patients: the access measure the plan targets.",
        "per 1,000",
    ),
    Term(
        "gp_share",
        "GP share",
        "Share of appointments (attended + unknown) delivered by a GP (HCP type GP).",
        "%",
    ),
    Term(
        "face_to_face_share", "Face-to-face share", "Share of appointments held face to face.", "%"
    ),
    Term(
        "same_day_share",
        "Same-day share",
        "Share of appointments booked and held on the same day.",
        "%",
    ),
    Term(
        "dna_rate",
        "DNA rate",
        "Did-not-attend appointments as a share of all appointments (attended, DNA and unknown).",
        "%",
    ),
    Term(
        "target_rate",
        "Target rate",
        "Target appointments per 1,000 weighted patients per month (default: the loaded area's "
        "PCN upper quartile).",
        "per 1,000",
    ),
    Term(
        "target_appointments",
        "Target appointments",
        "Target rate × weighted patients / 1,000 × deprivation need uplift (if chosen).",
        "appointments",
    ),
    Term(
        "access_gap",
        "Access gap",
        "Target appointments minus appointments per month, where positive (0 when at or above "
        "target); summed over PCNs for a place or the area.",
        "appointments",
    ),
    Term(
        "access_gap_per_1000_weighted",
        "Access gap per 1,000 weighted",
        "Access gap (appointments a month) per 1,000 weighted patients, so PCNs of different "
        "sizes compare.",
        "per 1,000",
    ),
    # --- demand: telephony and online consultations ----------------------------------------
    Term(
        "inbound_calls",
        "Calls received",
        "Calls to the practice's cloud telephony in the month (NHS England Cloud Based "
        "Telephony); for a PCN, place or area also the calls of shared phone accounts mapped "
        "to it.",
        "calls",
    ),
    Term(
        "inbound_calls_per_1000_per_working_day",
        "Calls per 1,000 per working day",
        "Inbound calls per 1,000 registered patients of the reporting practices per working "
        "day. A PCN's calls include its shared-account calls; its denominator is only the "
        "patients of practices that report (never a non-reporting practice as zero).",
        "per 1,000",
    ),
    Term(
        "working_days",
        "Working days",
        "Weekdays (Monday to Friday) in the month less England's bank holidays on them, as the "
        "telephony publication counts them.",
        "days",
    ),
    Term(
        "answered_share",
        "Share of calls answered",
        "Answered calls as a share of inbound calls.",
        "%",
    ),
    Term(
        "missed_share",
        "Share of calls missed",
        "Missed calls (the caller hung up in the queue) as a share of inbound calls.",
        "%",
    ),
    Term(
        "answered_within_minute_share",
        "Answered within a minute",
        "Calls answered in less than a minute as a share of answered calls (the publication's "
        "wait-time bands).",
        "%",
    ),
    Term(
        "callbacks_made_share",
        "Call-backs made",
        "Call-backs made as a share of call-backs requested.",
        "%",
    ),
    Term(
        "shared_account_calls",
        "Shared-account calls",
        "Calls of shared phone accounts the publication maps only to this PCN or area "
        "(practice 'Unassigned'): real calls, counted here and above, never in a practice.",
        "calls",
    ),
    Term(
        "telephony_coverage",
        "Telephony coverage",
        "Share of registered patients whose practice reports cloud telephony data this month.",
        "%",
    ),
    Term(
        "oc_submissions",
        "Online consultations",
        "Submissions via online consultation systems in the month (NHS England), at practices "
        "that take part in the collection.",
        "submissions",
    ),
    Term(
        "oc_submissions_per_1000",
        "Online consultations per 1,000",
        "Online consultation submissions in the month per 1,000 registered patients of the "
        "practices that take part (where the month's file gives no participation flag, those "
        "that received any).",
        "per 1,000",
    ),
    Term(
        "oc_clinical_per_1000",
        "Clinical submissions per 1,000",
        "Clinical online consultation submissions per 1,000 registered patients of the "
        "practices that take part.",
        "per 1,000",
    ),
    Term(
        "oc_administrative_per_1000",
        "Administrative submissions per 1,000",
        "Administrative online consultation submissions per 1,000 registered patients of the "
        "practices that take part.",
        "per 1,000",
    ),
    Term(
        "oc_coverage",
        "Online consultation coverage",
        "Share of registered patients whose practice takes part in the online consultation "
        "collection this month.",
        "%",
    ),
    Term(
        "telephony_caveat",
        "Telephony data quality",
        "Cloud Based Telephony is official statistics in development: a new collection from "
        "system suppliers whose quality is variable; not every practice reports, and shared "
        "phone accounts are mapped only to a PCN or wider area.",
    ),
    Term(
        "oc_caveat",
        "Online consultation data quality",
        "Online consultation submissions are official statistics in development: systems were "
        "not designed to count consistently, practices use them differently, some suppliers "
        "send partial months or no type, and only participating practices are covered.",
    ),
    # --- practice and ARRS workforce -------------------------------------------------------
    Term(
        "gp_fte_per_10k_weighted",
        "GP FTE per 10,000 weighted",
        "All GPs, full-time equivalent (TOTAL_GP_FTE, incl. trainees and locums), per 10,000 "
        "weighted patients.",
    ),
    Term(
        "nurse_fte_per_10k_weighted",
        "Nurse FTE per 10,000 weighted",
        "Practice nurse FTE (TOTAL_NURSES_FTE) per 10,000 weighted patients.",
    ),
    Term(
        "dpc_fte_per_10k_weighted",
        "DPC FTE per 10,000 weighted",
        "Direct patient care staff FTE (TOTAL_DPC_FTE) per 10,000 weighted patients.",
    ),
    Term(
        "admin_fte_per_10k_weighted",
        "Admin FTE per 10,000 weighted",
        "Admin and non-clinical FTE (TOTAL_ADMIN_FTE) per 10,000 weighted patients.",
    ),
    Term(
        "arrs_fte",
        "ARRS staff FTE",
        "FTE of PCN-employed staff in ARRS roles (PCN workforce publication).",
    ),
    Term(
        "arrs_entitlement_gbp",
        "ARRS entitlement",
        "Entitlement rate per weighted patient for the financial year × PCN weighted list.",
        "£",
    ),
    Term(
        "arrs_in_post_cost_gbp",
        "ARRS staff in post (cost)",
        "ARRS FTE in post (PCN workforce publication) × the catalogue's maximum reimbursable "
        "amount for the role.",
        "£",
    ),
    Term(
        "arrs_headroom_gbp",
        "Entitlement headroom",
        "ARRS entitlement minus the cost of ARRS staff in post: what the PCN could still claim "
        "(negative = over).",
        "£",
    ),
    Term("financial_year", "Financial year", "Financial year of the ARRS entitlement rates used."),
    Term("staff_group", "Staff group", "Staff group as published in the PCN workforce data."),
    Term("staff_role", "Staff role", "Staff role as published in the PCN workforce data."),
    Term(
        "role_code",
        "ARRS role",
        "The ARRS catalogue role the staff role counts as (resources/arrs_staff_roles.csv); "
        "blank = not an ARRS role.",
    ),
    Term("fte", "FTE", "Full-time equivalent staff in post."),
    # --- inequality ------------------------------------------------------------------------
    Term(
        "sii",
        "Slope index of inequality",
        "Modelled difference in appointments per 1,000 weighted patients between the least and "
        "the most deprived end of the national IMD deciles (positive = less deprived areas get "
        "more; 0 = equal access).",
        "per 1,000 weighted",
    ),
    Term(
        "quintile_gap",
        "Quintile gap",
        "Appointments per 1,000 weighted patients in the least deprived quintile minus the "
        "most deprived quintile (Q5 − Q1).",
        "per 1,000 weighted",
    ),
    # --- dental ----------------------------------------------------------------------------
    Term(
        "uda_contracted",
        "UDAs contracted",
        "Units of dental activity contracted per year (NHS dental contracts).",
        "UDAs",
    ),
    Term("uda_delivered", "UDAs delivered", "UDAs contracted × final delivered share.", "UDAs"),
    Term(
        "udas_per_head",
        "UDAs contracted per head",
        "UDAs contracted per registered patient of the place (GP registered list as the "
        "population).",
    ),
    Term(
        "uda_delivery_share",
        "UDA delivery",
        "UDAs delivered as a share of UDAs contracted (final delivered activity).",
        "%",
    ),
    Term("contracts", "Contracts", "NHS dental contracts placed in the place."),
    Term("contract_number", "Contract", "NHS dental contract number.", "text"),
    Term("provider_name", "Provider", "Contract holder as published.", "text"),
    Term("practice_name", "Dental practice", "Dental practice (site) name as published.", "text"),
    Term(
        "postcode",
        "Postcode",
        "Postcode of the practice; its district places the contract.",
        "text",
    ),
    Term(
        "population",
        "Population",
        "Registered GP patients of the place: the denominator of UDAs per head.",
        "patients",
    ),
    Term("activity_year", "Activity year", "Financial year of the dental activity data."),
    Term(
        "uda_financial_value_gbp",
        "UDA contract value",
        "Annual financial value of the UDA part of the contracts.",
        "£",
    ),
    Term(
        "uda_value_gbp",
        "£ per UDA",
        "Price of one UDA: contract value divided by UDAs contracted in the place (the local "
        "UDA value).",
        "£",
    ),
    Term("uda_target", "UDA target", "Target UDAs per head × population.", "UDAs"),
    Term(
        "uda_shortfall",
        "UDA shortfall",
        "UDA target minus UDAs contracted (with the plan: plus extra UDAs), where positive.",
        "UDAs",
    ),
    Term("extra_udas", "Extra UDAs", "UDAs a year the plan commissions on top.", "UDAs"),
    # --- the plan, by PCN ------------------------------------------------------------------
    Term(
        "priority_weight",
        "Priority weight",
        "Weight of a PCN's access gap in the objective: by national IMD quintile (default "
        "2.0 / 1.6 / 1.3 / 1.1 / 1.0 for quintiles 1–5) or rising with the IMD score.",
    ),
    Term(
        "role_appointments_added",
        "Appointments from new roles",
        "WTE added × appointments per WTE per month of each role (an assumption per role).",
        "appointments",
    ),
    Term(
        "commissioned_appointments",
        "Commissioned appointments",
        "Extra appointments per month bought as sessions (e.g. enhanced access) at the "
        "commissioned price.",
        "appointments",
    ),
    Term(
        "appointments_added",
        "Appointments added",
        "Appointments per month the plan adds: new roles × appointments per WTE, plus "
        "commissioned appointments.",
        "appointments",
    ),
    Term(
        "weighted_gap",
        "Deprivation-weighted gap",
        "Σ priority weight × access gap, over PCNs.",
        "appointments",
    ),
    Term(
        "worst_relative_gap",
        "Worst PCN gap",
        "Largest access gap of any PCN as a share of its target appointments.",
        "%",
    ),
    Term(
        "gap_closed",
        "Gap closed",
        "Access gap before the plan minus access gap after it.",
        "appointments",
    ),
    Term(
        "relative_gap_after",
        "Gap after / target",
        "Access gap after the plan as a share of target appointments.",
        "%",
    ),
    Term(
        "role_cost_gbp",
        "Cost of new roles",
        "WTE added × annual cost per WTE of each role.",
        "£ a year",
    ),
    Term(
        "commissioned_cost_gbp",
        "Cost of commissioned appointments",
        "Commissioned appointments per month × 12 × price per appointment.",
        "£ a year",
    ),
    Term(
        "cost_gbp",
        "Annual cost",
        "What the plan spends a year: new roles and commissioned appointments, plus extra UDAs "
        "in the area's total.",
        "£ a year",
    ),
    Term(
        "cost_share",
        "Share of the plan's cost",
        "This row's annual cost as a share of the plan's.",
        "%",
    ),
    # --- ARRS roles (the scenario's role table and the allocation) -------------------------
    Term("in_play", "In play", "Tick the roles the plan may recruit."),
    Term("role_name", "Role", "ARRS role as named in the app's role catalogue."),
    Term(
        "annual_cost_per_wte",
        "Cost per WTE (£ a year)",
        "Maximum reimbursable amount per WTE a year (salary + on-costs).",
        "£ a year",
    ),
    Term(
        "appointments_per_wte_month",
        "Appointments per WTE a month",
        "Appointments one WTE adds a month (an assumption unless the source says otherwise).",
    ),
    Term("step_wte", "Step (WTE)", "Posts are planned in steps of this many WTE."),
    Term(
        "recruitment_pool_wte",
        "Recruitment pool (WTE)",
        "Most WTE the whole area can recruit in the role. Blank: the default pool, about 0.75 "
        "WTE per 100,000 weighted patients of the area (an assumption).",
    ),
    Term(
        "cap_rule",
        "Cap per PCN",
        "e.g. '2 WTE per PCN' or '1 WTE per 50000 patients' (empty = no cap).",
    ),
    Term(
        "cost_source",
        "Cost source",
        "Where the cost figure comes from (Network Contract DES, or 'assumption').",
    ),
    Term(
        "yield_source",
        "Appointments source",
        "Where the appointments figure comes from ('assumption' unless published).",
    ),
    Term("wte", "WTE", "New whole-time equivalent staff of the role in the PCN.", "WTE"),
    Term(
        "commitment",
        "Commitment",
        "At least: WTE already committed, which the plan must keep (counts against the budget, "
        "entitlement and pool). At most: a cap for this PCN that replaces the role's rule.",
    ),
    # --- the plan's headline figures -------------------------------------------------------
    Term(
        "budget_gbp",
        "Budget",
        "Extra money a year for ARRS roles and commissioned appointments (one budget for the "
        "area).",
        "£ a year",
    ),
    Term("dental_cost_gbp", "Dental cost", "Extra UDAs × UDA value.", "£ a year"),
    Term(
        "wte_added",
        "WTE added",
        "Whole-time equivalents of ARRS roles the plan recruits.",
        "WTE",
    ),
    Term(
        "share_weighted_gap_remaining",
        "Weighted gap remaining",
        "Deprivation-weighted access gap left after the plan, as a share of the weighted gap "
        "before it: what the optimiser minimises (lower is better).",
        "%",
    ),
    Term("status", "Status", "How the solve ended (optimal, time limit, infeasible, …)."),
    Term(
        "objective_value",
        "Objective value",
        "Weighted gap share + dental term + a tiny cost tie-break: what is minimised (lower is "
        "better).",
    ),
    Term(
        "mip_gap",
        "MIP gap",
        "How far the plan could be from the proven best (0 = proven optimal).",
    ),
    Term("seconds", "Solve time (s)", "Seconds the solver took."),
    Term(
        "verified",
        "Independently verified",
        "The plan was re-checked from its tables (budget, caps, pools, gaps).",
    ),
    Term(
        "marginal_budget_value",
        "Value of £1,000 more budget",
        "Deprivation-weighted appointments a month of gap one more £1,000 a year would close "
        "(LP relaxation shadow price; 0 when the budget is not binding).",
    ),
    # --- plans compared --------------------------------------------------------------------
    Term(
        "plan",
        "Plan",
        "Optimised plan: the optimiser's allocation. Fair shares: the budget split by weighted "
        "population, each PCN buying its most cost-effective mix. Greedy: repeatedly the WTE "
        "step with the best weighted-gap reduction per £.",
    ),
    Term("plan.optimised", "Optimised plan", "The optimiser's allocation."),
    Term(
        "plan.fair_shares",
        "Fair shares",
        "The budget split by weighted-population share, each PCN buying its most "
        "cost-effective mix.",
    ),
    Term(
        "plan.greedy",
        "Greedy",
        "Repeatedly add the WTE step with the best deprivation-weighted gap reduction per £.",
    ),
    # --- the scenario's choices ------------------------------------------------------------
    Term(
        "budget_mode",
        "Budget rule",
        "One budget for the area, or each PCN spends up to its ARRS entitlement less the cost "
        "of the ARRS staff it already employs.",
    ),
    Term(
        "budget_mode.pooled",
        "One budget for the area",
        "The plan spends one annual budget wherever it closes the weighted gap most.",
    ),
    Term(
        "budget_mode.entitlement",
        "PCN entitlements",
        "Each PCN spends up to its ARRS entitlement less the cost of its ARRS staff in post.",
    ),
    Term(
        "objective",
        "Objective",
        "Weighted: minimise the deprivation-weighted access gap left. Equity: first make the "
        "worst relative gap of any PCN as small as possible, then the weighted gap.",
    ),
    Term(
        "objective.weighted",
        "Weighted gap",
        "Minimise the deprivation-weighted access gap left.",
    ),
    Term(
        "objective.equity",
        "Equity first",
        "First make the worst relative gap of any PCN as small as possible, then the weighted gap.",
    ),
    Term(
        "need_uplift",
        "Need uplift",
        "Multiplier m ≥ 1 on the target of more deprived PCNs: none (m = 1), by national IMD "
        "quintile or rising with the IMD score.",
    ),
    Term("need_uplift.none", "None", "Every PCN has the same target rate."),
    Term(
        "need_uplift.quintile",
        "By IMD quintile",
        "The target rises by a fixed factor per national IMD quintile.",
    ),
    Term("need_uplift.score", "By IMD score", "The target rises with the PCN's IMD score."),
    Term(
        "priority_mode",
        "Priority weights",
        "How the weight of each PCN's gap in the objective is set (assumption).",
    ),
    Term(
        "priority_mode.quintile",
        "By quintile",
        "One weight per national IMD quintile, as entered.",
    ),
    Term("priority_mode.score", "By score", "A weight rising with the PCN's IMD score."),
    Term(
        "demand_need",
        "Demand term in the need",
        "Off by default. On: each PCN's target is multiplied by f = 1 + β · clip(z, −c, c), "
        "z the PCN's missed-call rate standardised across the plan's PCNs (PCNs whose "
        "reporting practices hold under half their patients: z = 0).",
    ),
    Term(
        "demand_need_beta",
        "Demand term strength (β)",
        "β of the demand term: how much one standard deviation of missed-call rate moves the "
        "target (0.1 = 10%; an assumption).",
    ),
    Term(
        "demand_need_z_cap",
        "Demand term cap (c)",
        "Standardised missed-call rates are capped at ± c before the demand term uses them.",
    ),
    Term(
        "demand_need_factor",
        "Demand factor",
        "f = 1 + β · clip(z, −c, c) on the PCN's target (1 when the demand term is off).",
    ),
    Term(
        "demand_money_moved_gbp",
        "Money moved by the demand term",
        "Half the sum over PCNs of the absolute change in annual cost between the plan solved "
        "with and without the demand term: the money it moved between PCNs.",
        "£ a year",
    ),
    Term(
        "funded",
        "Funded by the plan",
        "Whether the plan spends anything in the PCN (new roles or commissioned appointments).",
    ),
    Term("solver", "Solver", "The MILP solver that finds the plan."),
    Term("solver.highs", "HiGHS", "The HiGHS solver (default)."),
    Term("solver.cbc", "CBC", "The COIN-OR CBC solver."),
]


def _before_and_after(base: str, prefix: str | None = None) -> list[Term]:
    """``<prefix>_before`` and ``<prefix>_after``: a figure as the plan finds and leaves it."""
    figure = next(t for t in _TERMS if t.code == base)
    text = figure.definition
    if text[1:2].islower():
        text = text[0].lower() + text[1:]
    return [
        Term(
            f"{prefix or base}_{when}",
            f"{figure.label} {when}",
            f"{figure.label} {when} the plan: {text}",
            figure.unit,
        )
        for when in ("before", "after")
    ]


_TERMS += [
    *_before_and_after("appointments_per_month", "appointments"),
    *_before_and_after("access_gap", "gap"),
    *_before_and_after("appointments_per_1000_weighted", "rate_per_1000_weighted"),
    *_before_and_after("weighted_gap"),
    *_before_and_after("worst_relative_gap"),
    *_before_and_after("sii"),
    *_before_and_after("quintile_gap"),
    *_before_and_after("uda_shortfall", "shortfall"),
    *_before_and_after("udas_per_head"),
]

GLOSSARY: dict[str, Term] = {t.code: t for t in _TERMS}

#: Other column names of a figure the glossary already holds (tables made by different
#: stages of the pipeline name the same idea differently).
ALIASES: dict[str, str] = {
    "deprivation_score": "imd_score",
    "entitlement_gbp": "arrs_entitlement_gbp",
    "arrs_spend_in_post_gbp": "arrs_in_post_cost_gbp",
    "entitlement_headroom_gbp": "arrs_headroom_gbp",
    "role_wte_added": "wte_added",
    "total_cost_gbp": "cost_gbp",
    "udas_contracted": "uda_contracted",
    "dental_shortfall_before": "shortfall_before",
    "dental_shortfall_after": "shortfall_after",
    "uda_delivered_share": "uda_delivery_share",
    "annual_cost_gbp": "annual_cost_per_wte",
}


def lookup(code: str) -> Term | None:
    """The term of ``code`` (or of the figure it is another name for), if the glossary has it."""
    return GLOSSARY.get(ALIASES.get(code, code))


def term(code: str) -> Term:
    """The term of ``code``; a column the glossary does not know is shown by its name."""
    found = lookup(code)
    return found if found is not None else Term(code, code.replace("_", " ").capitalize(), "")


def label(code: str) -> str:
    return term(code).label


def definition(code: str) -> str:
    return term(code).definition


def unit(code: str) -> str:
    return term(code).unit


#: Units that say nothing a reader needs in a header.
_SILENT_UNITS = frozenset({"", "text", "count"})


def header(code: str) -> str:
    """The label with its unit, e.g. "Access gap after (appointments)", for headers and axes."""
    found = term(code)
    if found.unit in _SILENT_UNITS or found.unit.lower() in found.label.lower():
        return found.label
    return f"{found.label} ({found.unit})"


def choices(setting: str) -> dict[str, str]:
    """The options of a choice setting, value → label, in the glossary's order."""
    prefix = setting + "."
    return {c.removeprefix(prefix): t.label for c, t in GLOSSARY.items() if c.startswith(prefix)}


def labels(codes: list[str] | tuple[str, ...]) -> dict[str, str]:
    """Code → label of each of ``codes`` (for a table's headers)."""
    return {code: label(code) for code in codes}


def definitions(codes: list[str] | tuple[str, ...] | None = None) -> dict[str, str]:
    """Code → definition of each of ``codes`` (of every term when ``None``), for tooltips."""
    if codes is None:
        return {code: t.definition for code, t in GLOSSARY.items()}
    return {code: definition(code) for code in codes if definition(code)}
