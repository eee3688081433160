"""The database schema: SQLAlchemy 2.x typed models.

Conventions that every importer and query relies on:

* Every published dataset is stored by *snapshot* (the publication's own date or year) so that
  re-importing the same snapshot replaces it and several snapshots can sit side by side.
* Organisation codes are stored exactly as published (upper case ODS codes).
* ``import_id`` points at the :class:`ImportLog` row of the file a row came from, so every
  figure can be traced back to a file name and SHA-256.
"""

from __future__ import annotations

import datetime as dt
import getpass

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def current_user() -> str | None:
    """Who is at work: the operating-system user name (on a shared team database, this is what
    tells one commissioner's imports and plans from another's). ``None`` if it cannot be told."""
    try:
        return getpass.getuser()[:64] or None
    except (OSError, KeyError, ImportError):
        return None


# --- bookkeeping ---------------------------------------------------------------------------


class Meta(Base):
    """Key/value facts about the database itself (``schema_version``)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ImportLog(Base):
    """One row per file (or ZIP member) successfully imported."""

    __tablename__ = "import_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(Text)
    file_path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    dataset: Mapped[str] = mapped_column(String(64), index=True)
    snapshot: Mapped[str] = mapped_column(String(32))
    snapshot_date: Mapped[dt.date | None] = mapped_column(Date)
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    rows_kept: Mapped[int] = mapped_column(Integer, default=0)
    rows_rejected: Mapped[int] = mapped_column(Integer, default=0)
    seconds: Mapped[float] = mapped_column(Float, default=0.0)
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    replaced_previous: Mapped[bool] = mapped_column(Boolean, default=False)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    # schema v2: who imported the file (the OS user name; empty for imports made before v2)
    imported_by: Mapped[str | None] = mapped_column(String(64), default=current_user)
    warnings: Mapped[list[ImportWarning]] = relationship(
        back_populates="import_log", cascade="all, delete-orphan"
    )


class ImportWarning(Base):
    """A problem found in an imported file that did not stop the import."""

    __tablename__ = "import_warning"
    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(
        ForeignKey("import_log.id", ondelete="CASCADE"), index=True
    )
    row: Mapped[int | None] = mapped_column(Integer)
    column: Mapped[str | None] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)
    import_log: Mapped[ImportLog] = relationship(back_populates="warnings")


# --- organisations -------------------------------------------------------------------------


class ICB(Base):
    __tablename__ = "icb"
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str | None] = mapped_column(Text)
    #: NHS England commissioning region (ODS code, e.g. Y60) as the practice→PCN map gives it.
    region_code: Mapped[str | None] = mapped_column(String(8))
    region_name: Mapped[str | None] = mapped_column(Text)


class SubICBLocation(Base):
    """A sub-ICB location (formerly a CCG); the default 'place' where no PCN→place map exists."""

    __tablename__ = "sub_icb_location"
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str | None] = mapped_column(Text)
    ons_code: Mapped[str | None] = mapped_column(String(12))
    icb_code: Mapped[str | None] = mapped_column(String(8))


class Practice(Base):
    """A GP practice; names and postcodes are refreshed by any dataset that carries them."""

    __tablename__ = "practice"
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str | None] = mapped_column(Text)
    postcode: Mapped[str | None] = mapped_column(String(10))
    sub_icb_code: Mapped[str | None] = mapped_column(String(8), index=True)
    icb_code: Mapped[str | None] = mapped_column(String(8), index=True)
    status: Mapped[str | None] = mapped_column(String(16))


class PCN(Base):
    """A Primary Care Network. Code ``U`` stands for practices not in any PCN (unallocated)."""

    __tablename__ = "pcn"
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str | None] = mapped_column(Text)
    sub_icb_code: Mapped[str | None] = mapped_column(String(8), index=True)
    icb_code: Mapped[str | None] = mapped_column(String(8), index=True)


class PcnMembership(Base):
    """Practice → PCN as published in one snapshot of one source.

    ``snapshot_date`` is the publication date; ``valid_from``/``valid_to`` come from sources that
    publish relationship dates (ODS ePCN) and are empty otherwise. Membership at a date uses the
    latest snapshot on or before it (see ``bcprimary.db.repository``).
    """

    __tablename__ = "pcn_membership"
    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(32))
    snapshot_date: Mapped[dt.date] = mapped_column(Date)
    practice_code: Mapped[str] = mapped_column(String(8))
    pcn_code: Mapped[str] = mapped_column(String(8))
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("import_log.id", ondelete="CASCADE"))
    __table_args__ = (
        Index("ix_pcn_membership_snapshot", "snapshot_date", "practice_code"),
        UniqueConstraint("source", "snapshot_date", "practice_code", "pcn_code", "valid_from"),
    )


class PcnPlace(Base):
    """Reference table: which place a PCN belongs to (see resources/pcn_places.csv)."""

    __tablename__ = "pcn_place"
    pcn_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    place: Mapped[str] = mapped_column(Text)
    icb_code: Mapped[str | None] = mapped_column(String(8))
    derivation: Mapped[str | None] = mapped_column(Text)


# --- published datasets --------------------------------------------------------------------


class RegisteredPatients(Base):
    """Patients Registered at a GP Practice (all ages, all sexes) on an extract date."""

    __tablename__ = "registered_patients"
    snapshot_date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    practice_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    sub_icb_code: Mapped[str | None] = mapped_column(String(8))
    postcode: Mapped[str | None] = mapped_column(String(10))
    patients: Mapped[int] = mapped_column(Integer)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("import_log.id", ondelete="CASCADE"))


class WeightedList(Base):
    """Carr-Hill weighted list from NHS Payments to General Practice (annual average)."""

    __tablename__ = "weighted_list"
    financial_year: Mapped[str] = mapped_column(String(7), primary_key=True)
    practice_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    pcn_code: Mapped[str | None] = mapped_column(String(8))
    registered_patients: Mapped[float | None] = mapped_column(Float)
    weighted_patients: Mapped[float] = mapped_column(Float)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("import_log.id", ondelete="CASCADE"))


class Deprivation(Base):
    """OHID Fingertips deprivation score (IMD) by area, kept per IMD edition."""

    __tablename__ = "deprivation"
    edition: Mapped[str] = mapped_column(String(16), primary_key=True)
    area_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    area_type: Mapped[str] = mapped_column(String(32))
    area_name: Mapped[str | None] = mapped_column(Text)
    score: Mapped[float | None] = mapped_column(Float)
    time_period: Mapped[str | None] = mapped_column(String(16))
    #: The national IMD decile (1 = most deprived) when the export carries one (``IMD_Decile``).
    published_decile: Mapped[int | None] = mapped_column(Integer, nullable=True)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("import_log.id", ondelete="CASCADE"))


class AppointmentDimension(Base):
    """Labels of the crosstab's categorical columns, stored once and referred to by id."""

    __tablename__ = "appointment_dimension"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(Text)
    __table_args__ = (UniqueConstraint("kind", "label"),)


class Appointments(Base):
    """Appointments in General Practice, practice-level crosstab, one month.

    The five categorical columns hold :class:`AppointmentDimension` ids (kinds ``hcp_type``,
    ``appt_mode``, ``national_category``, ``time_between_book_and_appt``, ``appt_status``) so a
    national month (~8 million rows) stays compact.
    """

    __tablename__ = "appointments"
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    practice_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    hcp_type: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    appt_mode: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    national_category: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    time_between_book_and_appt: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    appt_status: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    __table_args__ = ({"sqlite_with_rowid": False},)


class AppointmentMonth(Base):
    """One row per imported crosstab month: which file it came from and its totals."""

    __tablename__ = "appointment_month"
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    rows: Mapped[int] = mapped_column(Integer)
    appointments: Mapped[int] = mapped_column(Integer)
    practices: Mapped[int] = mapped_column(Integer)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("import_log.id", ondelete="CASCADE"))


class PracticeWorkforce(Base):
    """General Practice Workforce, practice-level CSV: one published field per row (long form).

    ``snapshot_date`` is the census date (last day of the month). ``value`` is empty when the
    publication says the figure is not available; ``note`` then holds its code: ``NA`` (no
    valid records for the staff group, so the practice is in the sub-ICB estimates) or ``ND``
    (no valid data).
    """

    __tablename__ = "practice_workforce"
    snapshot_date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    practice_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    measure: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(String(4))
    import_id: Mapped[int | None] = mapped_column(ForeignKey("import_log.id", ondelete="CASCADE"))
    __table_args__ = ({"sqlite_with_rowid": False},)


class PcnWorkforce(Base):
    """Primary Care Networks – Individual Level: PCN-employed staff, one row per person-role.

    ``snapshot_date`` is the census date (last day of CENSUS_YEAR/CENSUS_MONTH);
    ``data_source`` tells staff records (``NWRS Staff``) from contracted services.
    """

    __tablename__ = "pcn_workforce"
    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_date: Mapped[dt.date] = mapped_column(Date, index=True)
    data_source: Mapped[str | None] = mapped_column(String(64))
    pcn_code: Mapped[str] = mapped_column(String(8), index=True)
    staff_group: Mapped[str | None] = mapped_column(Text)
    staff_role: Mapped[str | None] = mapped_column(Text)
    detailed_staff_role: Mapped[str | None] = mapped_column(Text)
    fte: Mapped[float] = mapped_column(Float)
    unique_identifier: Mapped[str | None] = mapped_column(String(32))
    import_id: Mapped[int | None] = mapped_column(ForeignKey("import_log.id", ondelete="CASCADE"))


class DentalContract(Base):
    """NHS dental contract (UDA) list for one activity year, as published per ICB."""

    __tablename__ = "dental_contract"
    activity_year: Mapped[str] = mapped_column(String(7), primary_key=True)
    contract_number: Mapped[str] = mapped_column(String(32), primary_key=True)
    provider_name: Mapped[str | None] = mapped_column(Text)
    practice_name: Mapped[str | None] = mapped_column(Text)
    postcode: Mapped[str | None] = mapped_column(String(10))
    icb_code: Mapped[str | None] = mapped_column(String(8), index=True)
    uda_contracted: Mapped[float | None] = mapped_column(Float)
    uda_financial_value_gbp: Mapped[float | None] = mapped_column(Float)
    uda_value_gbp: Mapped[float | None] = mapped_column(Float)
    uda_delivered_share: Mapped[float | None] = mapped_column(Float)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("import_log.id", ondelete="CASCADE"))


#: Level of a demand row: a practice, or a shared account the publication maps only to a PCN,
#: a sub-ICB location, an ICB, a region or to nothing (``national``).
DEMAND_LEVELS = ("practice", "pcn", "sub_icb", "icb", "region", "national")


class TelephonyCalls(Base):
    """Cloud Based Telephony data in General Practice: call outcomes and answer times, one month.

    One row per row of the publication's practice tables (Table 3 outcomes joined with Table 4
    answer times). Rows of shared phone accounts (practice ``Unassigned``) keep ``practice_code``
    NULL and ``level`` says which geography the calls are mapped to; they count in that
    geography's totals and above, never in a practice's.
    """

    __tablename__ = "telephony_calls"
    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, index=True)
    level: Mapped[str] = mapped_column(String(8))
    practice_code: Mapped[str | None] = mapped_column(String(8), index=True)
    pcn_code: Mapped[str | None] = mapped_column(String(8))
    sub_icb_code: Mapped[str | None] = mapped_column(String(8))
    icb_code: Mapped[str | None] = mapped_column(String(8))
    region_code: Mapped[str | None] = mapped_column(String(8))
    inbound: Mapped[int] = mapped_column(Integer)
    answered: Mapped[int | None] = mapped_column(Integer)
    ivr_ended: Mapped[int | None] = mapped_column(Integer)
    callback_requested: Mapped[int | None] = mapped_column(Integer)
    missed: Mapped[int | None] = mapped_column(Integer)
    callbacks_made: Mapped[int | None] = mapped_column(Integer)
    #: answered calls by time to answer (Table 4 wait-time bands)
    answered_within_1min: Mapped[int | None] = mapped_column(Integer)
    answered_1_2min: Mapped[int | None] = mapped_column(Integer)
    answered_2_5min: Mapped[int | None] = mapped_column(Integer)
    answered_over_5min: Mapped[int | None] = mapped_column(Integer)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("import_log.id", ondelete="CASCADE"))


class OnlineConsultations(Base):
    """Submissions via Online Consultation (OC) Systems in General Practice, Table 2, one month.

    ``participation`` is the publication's flag (1 = the practice takes part in the collection,
    0 = it does not; NULL where the month's file does not say, e.g. '*').
    """

    __tablename__ = "online_consultations"
    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, index=True)
    level: Mapped[str] = mapped_column(String(8))
    practice_code: Mapped[str | None] = mapped_column(String(8), index=True)
    pcn_code: Mapped[str | None] = mapped_column(String(8))
    sub_icb_code: Mapped[str | None] = mapped_column(String(8))
    icb_code: Mapped[str | None] = mapped_column(String(8))
    supplier: Mapped[str | None] = mapped_column(Text)
    submissions: Mapped[int] = mapped_column(Integer)
    clinical: Mapped[int | None] = mapped_column(Integer)
    administrative: Mapped[int | None] = mapped_column(Integer)
    other_type: Mapped[int | None] = mapped_column(Integer)
    registered_patients: Mapped[int | None] = mapped_column(Integer)
    participation: Mapped[int | None] = mapped_column(SmallInteger)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("import_log.id", ondelete="CASCADE"))


# --- reference tables (the app's own, editable and versioned) ------------------------------


class ArrsRole(Base):
    """ARRS role catalogue: one row per role and financial year. ``source`` or 'assumption'."""

    __tablename__ = "arrs_role"
    financial_year: Mapped[str] = mapped_column(String(7), primary_key=True)
    role_code: Mapped[str] = mapped_column(String(48), primary_key=True)
    role_name: Mapped[str] = mapped_column(Text)
    pay_band: Mapped[str | None] = mapped_column(String(16))
    max_reimbursable_gbp: Mapped[float | None] = mapped_column(Float)
    cost_source: Mapped[str | None] = mapped_column(Text)
    appointments_per_wte_month: Mapped[float | None] = mapped_column(Float)
    yield_source: Mapped[str | None] = mapped_column(Text)
    cap_rule: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # schema v2: yield range, appointment types, cap source, eligibility, provisional figures
    appointments_per_wte_month_low: Mapped[float | None] = mapped_column(Float)
    appointments_per_wte_month_high: Mapped[float | None] = mapped_column(Float)
    #: "gp", "other" (crosstab HCP types; "gp,other" for both) or "none" (not an appointment role)
    appointment_types: Mapped[str | None] = mapped_column(String(16))
    types_source: Mapped[str | None] = mapped_column(Text)
    cap_source: Mapped[str | None] = mapped_column(Text)
    #: False: a PCN workforce role listed for a year in which ARRS did not yet reimburse it
    arrs_eligible: Mapped[bool] = mapped_column(Boolean, default=True)
    #: True: figures of a year whose Network Contract DES is not yet published
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)


class EntitlementRate(Base):
    """ARRS entitlement per weighted patient for a financial year."""

    __tablename__ = "entitlement_rate"
    financial_year: Mapped[str] = mapped_column(String(7), primary_key=True)
    gbp_per_weighted_patient: Mapped[float] = mapped_column(Float)
    source: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # schema v2: a part-year add-on (the 2024/25 ARRS GP sum) and provisional figures
    #: £ per weighted patient for the add-on's months (the whole sum for them, not annualised)
    gp_addon_gbp_per_weighted_patient: Mapped[float | None] = mapped_column(Float)
    #: the months the add-on covers, "YYYY-MM/YYYY-MM"
    gp_addon_months: Mapped[str | None] = mapped_column(String(16))
    gp_addon_source: Mapped[str | None] = mapped_column(Text)
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)


class Scenario(Base):
    """A saved planning scenario: its settings, the data snapshots it used, and its results.

    ``settings`` is `ScenarioSettings.to_dict()`; ``results`` holds the plan's parameters and
    result and, once computed, its budget frontier (see `bcprimary.scenarios.service`)."""

    __tablename__ = "scenario"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    snapshots: Mapped[dict] = mapped_column(JSON, default=dict)
    results: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    modified_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, onupdate=_now)
    # schema v2: who last changed the scenario and who last solved it (OS user names)
    modified_by: Mapped[str | None] = mapped_column(
        String(64), default=current_user, onupdate=current_user
    )
    solved_by: Mapped[str | None] = mapped_column(String(64))
