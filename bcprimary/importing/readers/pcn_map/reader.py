"""Practice → PCN membership and the organisation tables, from three publications.

* ``gp-reg-pat-prac-map.csv`` (NHS Digital, monthly with the registered-patients release): one
  row per practice with its PCN, sub-ICB location (older files: CCG) and ICB on EXTRACT_DATE.
* ODS ``ePCN.xlsx``: sheet "PCN Core Partner Details" lists every practice → PCN relationship
  with start and end dates (``20191001``); sheet "PCNDetails" names the PCNs.
* ODS ``epraccur.csv``: every prescribing organisation, no header row; it has no PCN but
  refreshes practice names, postcodes, status, sub-ICB and ICB.

PCN code ``U`` means "not in a PCN": those practices are kept, as members of PCN ``U``
(named "Unallocated"), and each is reported as a warning.

PCN and practice names are stored on one line (see ``organisations.display_name``): line
breaks and repeated spaces become one space; commas and all else are kept as published.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import delete, select

from bcprimary.db.bulk import insert_frame
from bcprimary.db.models import PcnMembership, RegisteredPatients
from bcprimary.importing.base import DatasetReader, FileHead, ImportContext
from bcprimary.importing.csvframe import read_text_frame, reject_cut_off
from bcprimary.importing.organisations import (
    PRACTICE_EXPECTED,
    Organisations,
    display_name,
    refresh_organisations,
)
from bcprimary.importing.readers.pcn_map.sources import (
    CORE_SHEET,
    DETAILS_SHEET,
    epraccur_snapshot,
    is_epraccur_record,
    read_epcn,
)
from bcprimary.importing.sources import normalise_header
from bcprimary.importing.validate import (
    PCN_CODE,
    PRACTICE_CODE,
    SUB_ICB_CODE,
    codes,
    reject_duplicates,
    resolve_columns,
    single_date,
    spreadsheet_rows,
)

UNALLOCATED = "U"
UNALLOCATED_NAME = "Unallocated"
PCN_EXPECTED = "a PCN code (U and five digits, e.g. U57294, or U for no PCN)"


def _names(values: pd.Series) -> list[str | None]:
    return [display_name(v) for v in values]


def _most_common(frame: pd.DataFrame, key: str, value: str) -> dict[str, str]:
    """For each ``key``, the ``value`` most of its rows carry (a PCN's usual sub-ICB)."""
    known = frame[frame[value] != ""]
    if known.empty:
        return {}
    counts = known.groupby([key, value]).size().reset_index(name="n")
    counts = counts.sort_values([key, "n", value], ascending=[True, False, True])
    return dict(counts.drop_duplicates(key)[[key, value]].itertuples(index=False, name=None))


def _warn_unallocated(
    ctx: ImportContext, practices: pd.Series, pcns: pd.Series, rows: pd.Series, column: str
) -> None:
    """Practices in no PCN are kept; each is named so that nobody wonders where it went."""
    for index in practices.index[pcns == UNALLOCATED]:
        ctx.warn(
            f"practice {practices[index]} is not in a PCN (PCN code U); it is kept and shown "
            "as Unallocated",
            row=int(rows[index]),
            column=column,
        )


def _warn_unmatched(ctx: ImportContext, snapshot: dt.date, practices: set[str]) -> None:
    """The map and the registered-patients list of the same date should name the same
    practices (they are one publication); say so when they do not."""
    registered = set(
        ctx.conn.execute(
            select(RegisteredPatients.practice_code).where(
                RegisteredPatients.snapshot_date == snapshot
            )
        ).scalars()
    )
    if not registered:
        return
    day = f"{snapshot:%d %b %Y}"
    for missing, message in (
        (practices - registered, f"are in this map but not in the {day} registered-patients list"),
        (registered - practices, f"are in the {day} registered-patients list but not in this map"),
    ):
        if missing:
            shown = ", ".join(sorted(missing)[:10]) + (" …" if len(missing) > 10 else "")
            ctx.warn(f"{len(missing):,} practices {message}: {shown}")


# --- gp-reg-pat-prac-map.csv ---------------------------------------------------------------

MAP_COLUMNS = {
    "extract_date": ["EXTRACT_DATE"],
    "practice_code": ["PRACTICE_CODE"],
    "practice_name": ["PRACTICE_NAME"],
    "postcode": ["PRACTICE_POSTCODE"],
    "pcn_code": ["PCN_CODE"],
    "pcn_name": ["PCN_NAME"],
    # Files before July 2022 name CCGs; the CCG code is kept as the sub-ICB code.
    "sub_icb_code": ["SUB_ICB_LOCATION_CODE", "CCG_CODE"],
    "sub_icb_name": ["SUB_ICB_LOCATION_NAME", "CCG_NAME"],
    "ons_sub_icb_code": ["ONS_SUB_ICB_LOCATION_CODE", "ONS_CCG_CODE"],
    "icb_code": ["ICB_CODE"],
    "icb_name": ["ICB_NAME"],
    "region_code": ["COMM_REGION_CODE"],
    "region_name": ["COMM_REGION_NAME"],
}
MAP_OPTIONAL = (
    "practice_name",
    "postcode",
    "pcn_name",
    "sub_icb_name",
    "ons_sub_icb_code",
    "icb_code",
    "icb_name",
    "region_code",
    "region_name",
    "sub_icb_code",
)


class PracticePcnMapReader(DatasetReader):
    dataset = "pcn_map"
    title = "GP practice to PCN mapping (gp-reg-pat-prac-map.csv)"

    @classmethod
    def matches(cls, head: FileHead) -> bool:
        # Recognised by its identifying pair; EXTRACT_DATE is then required with a clear message.
        return head.kind == "csv" and head.has_columns("PRACTICE_CODE", "PCN_CODE")

    def load(self, ctx: ImportContext, head: FileHead) -> None:
        frame = read_text_frame(ctx, head)
        reject_cut_off(ctx, head)
        cols = resolve_columns(ctx, list(frame.columns), MAP_COLUMNS, MAP_OPTIONAL)
        if frame.empty:
            ctx.reject("the file has a header but no practice rows")
        rows = spreadsheet_rows(frame)
        text = {f: frame[c].str.strip() for f, c in cols.items()}
        snapshot = single_date(ctx, frame[cols["extract_date"]], cols["extract_date"], rows)
        practice = codes(
            ctx,
            frame[cols["practice_code"]],
            cols["practice_code"],
            PRACTICE_CODE,
            PRACTICE_EXPECTED,
            rows,
        )
        pcn = codes(ctx, frame[cols["pcn_code"]], cols["pcn_code"], PCN_CODE, PCN_EXPECTED, rows)
        table = pd.DataFrame({"practice_code": practice, "pcn_code": pcn})
        reject_duplicates(
            ctx, table, ["practice_code"], rows, "practice", column=cols["practice_code"]
        )
        sub_icb = text["sub_icb_code"].str.upper() if "sub_icb_code" in cols else None
        if sub_icb is not None:
            codes(
                ctx,
                frame[cols["sub_icb_code"]],
                cols["sub_icb_code"],
                SUB_ICB_CODE,
                "a sub-ICB location code such as D2P2L or 05C",
                rows,
                allow_blank=True,
            )
        _warn_unallocated(ctx, practice, pcn, rows, cols["pcn_code"])
        ctx.progress(0.4, f"Checked {len(table):,} practices")
        ctx.check_cancel()

        ctx.replace_snapshot(
            self.dataset,
            snapshot.isoformat(),
            snapshot,
            delete(PcnMembership).where(
                PcnMembership.source == self.dataset, PcnMembership.snapshot_date == snapshot
            ),
        )
        insert_frame(
            ctx.conn,
            PcnMembership.__table__,
            table.assign(source=self.dataset, snapshot_date=snapshot, import_id=ctx.import_id),
        )
        ctx.progress(0.7, "Wrote memberships")
        ctx.check_cancel()
        refresh_organisations(ctx, self._organisations(table, text, sub_icb), snapshot)
        _warn_unmatched(ctx, snapshot, set(table["practice_code"]))
        ctx.rows_kept = len(table)

    @staticmethod
    def _organisations(
        table: pd.DataFrame, text: dict[str, pd.Series], sub_icb: pd.Series | None
    ) -> Organisations:
        blank = pd.Series("", index=table.index)
        sub = sub_icb if sub_icb is not None else blank
        icb = text.get("icb_code", blank).str.upper()
        found = Organisations()
        found.practices = [
            {
                "code": c,
                "name": n,
                "postcode": p or None,
                "sub_icb_code": s or None,
                "icb_code": i or None,
            }
            for c, n, p, s, i in zip(
                table["practice_code"],
                _names(text.get("practice_name", blank)),
                text.get("postcode", blank),
                sub,
                icb,
                strict=True,
            )
        ]
        pcn_names = dict(zip(table["pcn_code"], _names(text.get("pcn_name", blank)), strict=True))
        both = table.assign(sub_icb=sub, icb=icb)
        allocated = both[both["pcn_code"] != UNALLOCATED]
        pcn_sub = _most_common(allocated, "pcn_code", "sub_icb")
        pcn_icb = _most_common(allocated, "pcn_code", "icb")
        found.pcns = [
            {
                "code": code,
                "name": UNALLOCATED_NAME if code == UNALLOCATED else pcn_names[code],
                "sub_icb_code": pcn_sub.get(code),
                "icb_code": pcn_icb.get(code),
            }
            for code in pcn_names
        ]
        ons = text.get("ons_sub_icb_code", blank)
        found.sub_icbs = [
            {"code": s, "name": n, "ons_code": o or None, "icb_code": i or None}
            for s, n, o, i in zip(
                sub, _names(text.get("sub_icb_name", blank)), ons, icb, strict=True
            )
        ]
        found.icbs = [
            {"code": i, "name": n, "region_code": r or None, "region_name": rn}
            for i, n, r, rn in zip(
                icb,
                _names(text.get("icb_name", blank)),
                text.get("region_code", blank).str.upper(),
                _names(text.get("region_name", blank)),
                strict=True,
            )
        ]
        return found


# --- ODS ePCN.xlsx -----------------------------------------------------------------------------


class EpcnReader(DatasetReader):
    dataset = "epcn"
    title = "ODS ePCN workbook (ePCN.xlsx, sheets PCN Core Partner Details and PCNDetails)"

    @classmethod
    def matches(cls, head: FileHead) -> bool:
        sheets = {normalise_header(name) for name in head.sheets}
        return head.kind == "xlsx" and bool(sheets & {CORE_SHEET, DETAILS_SHEET})

    def load(self, ctx: ImportContext, head: FileHead) -> None:
        epcn = read_epcn(ctx)
        links = epcn.links
        ctx.progress(0.4, f"Checked {len(links):,} practice–PCN relationships")
        ctx.check_cancel()
        ctx.replace_snapshot(
            self.dataset,
            epcn.snapshot.isoformat(),
            epcn.snapshot,
            delete(PcnMembership).where(
                PcnMembership.source == self.dataset, PcnMembership.snapshot_date == epcn.snapshot
            ),
        )
        insert_frame(
            ctx.conn,
            PcnMembership.__table__,
            links[["practice_code", "pcn_code", "valid_from", "valid_to"]].assign(
                source=self.dataset, snapshot_date=epcn.snapshot, import_id=ctx.import_id
            ),
        )
        ctx.progress(0.7, "Wrote memberships")
        ctx.check_cancel()
        current = (
            links[links["valid_to"].isna()]
            .sort_values("valid_from")
            .drop_duplicates("practice_code", keep="last")
        )
        found = Organisations()
        found.practices = [
            {"code": c, "name": display_name(n), "sub_icb_code": s or None}
            for c, n, s in zip(
                current["practice_code"],
                current["practice_name"],
                current["practice_sub_icb"],
                strict=True,
            )
        ]
        found.pcns = epcn.pcns
        found.sub_icbs = epcn.sub_icbs
        refresh_organisations(ctx, found, epcn.snapshot)
        ctx.rows_kept = len(links)


# --- ODS epraccur.csv -------------------------------------------------------------------------

#: ODS prescribing settings (field 26); only 4 is a GP practice.
PRESCRIBING_SETTINGS = {
    "0": "Other",
    "1": "Walk-in centre",
    "2": "Out of hours",
    "3": "Walk-in and out of hours",
    "4": "GP practice",
    "8": "Public health service",
    "9": "Community health service",
    "10": "Hospital service",
    "11": "Optometry service",
    "12": "Urgent and emergency care",
    "13": "Hospice",
    "14": "Care home / nursing home",
    "15": "Border force",
    "16": "Young offender institution",
    "17": "Secure training centre",
    "18": "Secure children's home",
    "19": "Immigration removal centre",
    "20": "Court",
    "21": "Police custody",
    "22": "Sexual assault referral centre",
    "24": "Other justice estate",
    "25": "Prison",
}
GP_PRACTICE_SETTING = "4"
STATUS = {"A": "Active", "C": "Closed", "D": "Dormant", "P": "Proposed"}
# Zero-based positions of the fields we use in the 27-field record.
CODE, NAME, ICB_FIELD, POSTCODE, STATUS_FIELD, COMMISSIONER, SETTING = 0, 1, 3, 9, 12, 14, 25
EPRACCUR_FIELDS = 27
CODE_HEADING = "field 1 (organisation code)"


class EpraccurReader(DatasetReader):
    dataset = "epraccur"
    title = "ODS GP practices (epraccur.csv, no header row)"

    @classmethod
    def matches(cls, head: FileHead) -> bool:
        return (
            head.kind == "csv"
            and bool(head.records)
            and all(is_epraccur_record(record) for record in head.records)
        )

    def load(self, ctx: ImportContext, head: FileHead) -> None:
        frame = read_text_frame(ctx, head, header=False)
        reject_cut_off(ctx, head)
        if frame.shape[1] != EPRACCUR_FIELDS:
            ctx.reject(
                expected=f"{EPRACCUR_FIELDS} fields on every row (the ODS epraccur layout)",
                found=f"{frame.shape[1]} fields",
            )
        rows = spreadsheet_rows(frame, first_data_row=1)
        cells = frame.apply(lambda column: column.str.strip())
        setting = cells[SETTING]
        is_practice = setting == GP_PRACTICE_SETTING
        if not is_practice.any():
            ctx.reject(
                column=f"field {SETTING + 1} (prescribing setting)",
                expected="some rows with prescribing setting 4 (GP practice)",
                found="none",
            )
        others = setting[~is_practice].value_counts()
        if len(others):
            listed = ", ".join(
                f"{n:,} × {code} {PRESCRIBING_SETTINGS.get(code, 'unknown setting')}"
                for code, n in others.items()
            )
            ctx.warn(
                f"{int(others.sum()):,} rows are not GP practices (prescribing setting "
                f"other than 4: {listed}) and were not loaded",
                column=f"field {SETTING + 1} (prescribing setting)",
            )
        ctx.rows_rejected = int((~is_practice).sum())
        practices = cells[is_practice]
        code = codes(
            ctx,
            practices[CODE],
            CODE_HEADING,
            PRACTICE_CODE,
            PRACTICE_EXPECTED,
            rows,
        )
        reject_duplicates(
            ctx, pd.DataFrame({"code": code}), ["code"], rows, "practice", column=CODE_HEADING
        )
        status = practices[STATUS_FIELD]
        bad = ~status.isin(list(STATUS))
        if bad.any():
            first = bad.idxmax()
            ctx.reject(
                row=int(rows[first]),
                column=f"field {STATUS_FIELD + 1} (status)",
                expected="A, C, D or P (active, closed, dormant, proposed)",
                found=status[first],
            )
        snapshot = epraccur_snapshot(ctx, practices, rows)
        ctx.progress(0.5, f"Checked {len(practices):,} GP practices")
        ctx.check_cancel()
        ctx.replace_snapshot(self.dataset, snapshot.isoformat(), snapshot)

        icb, sub_icb = practices[ICB_FIELD].str.upper(), practices[COMMISSIONER].str.upper()
        active = status == "A"
        found = Organisations()
        found.practices = [
            {
                "code": c,
                "name": display_name(n),
                "postcode": p or None,
                "status": STATUS[s],
                "sub_icb_code": sc or None,
                "icb_code": ic or None,
            }
            for c, n, p, s, sc, ic in zip(
                code, practices[NAME], practices[POSTCODE], status, sub_icb, icb, strict=True
            )
        ]
        # Closed practices keep the commissioner they had; only open ones say where a sub-ICB
        # location sits today.
        found.sub_icbs = [
            {"code": sc, "icb_code": ic or None}
            for sc, ic in zip(sub_icb[active], icb[active], strict=True)
        ]
        found.icbs = [{"code": ic} for ic in icb[active]]
        refresh_organisations(ctx, found, snapshot)
        ctx.rows_kept = len(practices)
