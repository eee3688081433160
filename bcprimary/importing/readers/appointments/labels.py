"""The vocabulary of the Appointments in General Practice practice-level crosstab.

Column names and the labels of its five categorical columns, spelt exactly as NHS England
publishes them (note the double spaces in "8  to 14 Days" and friends). The reader matches
labels case-insensitively with runs of spaces collapsed, so a later publication that tidies the
spacing still maps onto the same dimension value; the generator writes these spellings.
"""

from __future__ import annotations

#: The published column order of ``Practice_Level_Crosstab_<Mon>_<YY>.csv``.
CROSSTAB_COLUMNS = (
    "APPOINTMENT_MONTH_START_DATE",
    "GP_CODE",
    "GP_NAME",
    "SUPPLIER",
    "PCN_CODE",
    "PCN_NAME",
    "SUB_ICB_LOCATION_CODE",
    "SUB_ICB_LOCATION_NAME",
    "HCP_TYPE",
    "APPT_MODE",
    "NATIONAL_CATEGORY",
    "TIME_BETWEEN_BOOK_AND_APPT",
    "COUNT_OF_APPOINTMENTS",
    "APPT_STATUS",
)

HCP_TYPES = ("GP", "Other Practice staff", "Unknown")

APPT_MODES = ("Face-to-Face", "Telephone", "Video Conference/Online", "Home Visit", "Unknown")

#: The national categories as published since the 2021 mapping, plus the two data-quality
#: buckets. ("Patient contact during Care Home Round" is the published wording.)
NATIONAL_CATEGORIES = (
    "General Consultation Routine",
    "General Consultation Acute",
    "Clinical Triage",
    "Planned Clinics",
    "Planned Clinical Procedure",
    "Unplanned Clinical Activity",
    "Structured Medication Review",
    "Home Visit",
    "Care Home Visit",
    "Patient contact during Care Home Round",
    "Care Home Needs Assessment & Personalised Care and Support Planning",
    "Walk-in",
    "Social Prescribing Service",
    "Service provided by organisation external to the practice",
    "Non-contractual chargeable work",
    "Group Consultation and Group Education",
    "Inconsistent Mapping",
    "Unmapped",
)

TIME_BETWEEN_BOOK_AND_APPT = (
    "Same Day",
    "1 Day",
    "2 to 7 Days",
    "8  to 14 Days",
    "15  to 21 Days",
    "22  to 28 Days",
    "More than 28 Days",
    "Unknown / Data Quality",
)

APPT_STATUSES = ("Attended", "DNA", "Unknown")

#: Dimension kind (as stored in ``appointment_dimension.kind``) → (CSV column, known labels).
DIMENSIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "hcp_type": ("HCP_TYPE", HCP_TYPES),
    "appt_mode": ("APPT_MODE", APPT_MODES),
    "national_category": ("NATIONAL_CATEGORY", NATIONAL_CATEGORIES),
    "time_between_book_and_appt": ("TIME_BETWEEN_BOOK_AND_APPT", TIME_BETWEEN_BOOK_AND_APPT),
    "appt_status": ("APPT_STATUS", APPT_STATUSES),
}


def label_key(label: str) -> str:
    """How labels are compared: case, surrounding and repeated spaces ignored."""
    return " ".join(str(label).split()).casefold()
