"""OHID Fingertips deprivation score (IMD) by practice, PCN, ICB and England.

Indicator 93553 "Deprivation score (IMD 2019)" and 94240 "Deprivation score (IMD 2025)"; the
edition ("IMD 2019", "IMD 2025") is kept with every score because the two are not comparable.
Layouts read:

* long — one row per indicator, area and period: the API ``indicator-data`` CSV and the
  website's "Download data" CSV (with or without "Time period Sortable" / "Time period range"
  and with whichever "Compared to …" columns), and the same table saved by the fingertipsR
  package (``IndicatorID``, ``AreaCode``, ``Timeperiod``: headers are compared on letters and
  digits only);
* wide — one row per area with the score in a column headed by the indicator's name
  ("Area Code", "Area Name", "Deprivation score (IMD 2019)"), as a profile table export or a
  pivot saves it; the period is then the edition's year, as Fingertips itself labels it.

The fingertipsR/R export writes the literal text ``NA`` in empty fields (read as empty) and may
carry the practice's national decile (``IMD_Decile``, ``IMD 2019 decile``…), stored as
``published_decile``. The API's compact long layout (``IndicatorID, Year, AreaCode, AreaName,
IsAreaCurrent, Value``) may hold several years: the newest is kept and a warning says which.

Rows that are not a deprivation score, rows of a category breakdown and rows of an older period
of the same edition (the latest is kept) are counted as not loaded and summarised in warnings.
"""

from __future__ import annotations

import re

import pandas as pd
from sqlalchemy import delete

from bcprimary.db.bulk import insert_frame
from bcprimary.db.models import Deprivation
from bcprimary.importing.base import DatasetReader, FileHead, ImportContext
from bcprimary.importing.csvframe import read_text_frame, reject_cut_off
from bcprimary.importing.numbers import numbers
from bcprimary.importing.validate import (
    PCN_CODE,
    PRACTICE_CODE,
    loose_header,
    resolve_columns,
    spreadsheet_rows,
)

KNOWN_INDICATORS = {"93553": "IMD 2019", "94240": "IMD 2025"}
EDITION_IN_NAME = re.compile(r"DEPRIVATION SCORE \(IMD (\d{4})\)", re.IGNORECASE)
#: Fingertips area codes: ONS codes (E92000001 England, E38… sub-ICBs, E54… ICBs), practice
#: codes (M88006), PCN codes (U12345) and short ODS codes (QUA, 05C, D2P2L).
AREA_CODE = re.compile(r"^(E\d{8}|[A-Z]\d{5}|U\d{5}|[A-Z0-9]{3,5})$")
EXPECTED_INDICATOR = (
    "Fingertips indicator 93553 'Deprivation score (IMD 2019)' or 94240 'Deprivation score "
    "(IMD 2025)'"
)
LONG_COLUMNS = {
    "indicator_id": ["Indicator ID"],
    "indicator_name": ["Indicator Name"],
    "area_code": ["Area Code"],
    "area_name": ["Area Name"],
    "area_type": ["Area Type"],
    "category": ["Category"],
    "time_period": ["Time period", "Year"],
    "sortable": ["Time period Sortable"],
    "value": ["Value"],
}
LONG_OPTIONAL = (
    "indicator_id",
    "indicator_name",
    "area_name",
    "area_type",
    "category",
    "time_period",
    "sortable",
)
WIDE_COLUMNS = {"area_code": ["Area Code"], "area_name": ["Area Name"], "area_type": ["Area Type"]}


def edition_of(indicator_id: str, indicator_name: str) -> str | None:
    """'IMD 2019' from the indicator ID or, for IDs we do not know, from its name."""
    if indicator_id.strip() in KNOWN_INDICATORS:
        return KNOWN_INDICATORS[indicator_id.strip()]
    match = EDITION_IN_NAME.search(indicator_name)
    return f"IMD {match[1]}" if match else None


def area_type_of(text: str, code: str) -> str:
    """Fingertips area types in one spelling (its 'GP' and 'GPs' are the same thing)."""
    t = text.strip().upper()
    if t in {"GP", "GPS"} or "PRACTICE" in t:
        return "GPs"
    if "PCN" in t:
        return "PCNs"
    if "SUB" in t and ("ICB" in t or "CCG" in t):
        return "Sub-ICBs"
    if "ICB" in t:
        return "ICBs"
    if t == "ENGLAND":
        return "England"
    if t:
        return text.strip()[:32]
    if PRACTICE_CODE.match(code):
        return "GPs"
    if PCN_CODE.match(code):
        return "PCNs"
    return "England" if code == "E92000001" else "Unknown"


def _decile_column(columns: list[str]) -> str | None:
    """The national decile column of an export (``IMD_Decile``), not a "Compared to …" one."""
    for column in columns:
        key = loose_header(column)
        if "DECILE" in key and not key.startswith("COMPARED") and key != "CATEGORY":
            return column
    return None


def _wide_editions(columns: list[str]) -> dict[str, str]:
    """Column → edition for columns headed "Deprivation score (IMD yyyy)"."""
    return {
        c: f"IMD {m[1]}"
        for c in columns
        if (m := EDITION_IN_NAME.search(str(c))) and "DECILE" not in loose_header(c)
    }


class DeprivationReader(DatasetReader):
    dataset = "deprivation"
    title = "OHID Fingertips deprivation score (IMD 2019 / IMD 2025)"

    @classmethod
    def matches(cls, head: FileHead) -> bool:
        if head.kind != "csv" or not head.records:
            return False
        present = {loose_header(c) for c in head.records[0]}
        if "AREACODE" not in present:
            return False
        long = bool(present & {"INDICATORID", "INDICATORNAME"})  # Value is then required
        return long or bool(_wide_editions(head.records[0]))

    def load(self, ctx: ImportContext, head: FileHead) -> None:
        frame = read_text_frame(ctx, head)
        # Fingertips files end without a line break; a cut row still loses fields.
        reject_cut_off(ctx, head, final_line_break=False)
        if frame.empty:
            ctx.reject("the file has a header but no rows")
        # R's write.csv (the fingertipsR export) writes missing values as the text NA.
        frame = frame.mask(frame.apply(lambda c: c.str.strip()) == "NA", "")
        rows = spreadsheet_rows(frame)
        present = {loose_header(c) for c in frame.columns}
        if present & {"INDICATORID", "INDICATORNAME"}:
            scores = self._long(ctx, frame, rows)
        else:
            scores = self._wide(ctx, frame, rows)
        decile = _decile_column(list(frame.columns))
        scores["decile"] = frame.loc[scores["source_index"], decile].to_numpy() if decile else ""
        scores["decile_column"] = decile or ""
        if scores.empty:
            ctx.reject(
                expected=f"rows of {EXPECTED_INDICATOR} for areas (no category breakdown)",
                found="none: every row was another indicator, a breakdown or an older period",
            )
        scores = self._checked(ctx, scores)
        ctx.progress(0.5, f"Checked {len(scores):,} deprivation scores")
        ctx.check_cancel()

        editions = sorted(scores["edition"].unique())
        label = " + ".join(editions)
        ctx.replace_snapshot(
            self.dataset, label, None, delete(Deprivation).where(Deprivation.edition.in_(editions))
        )
        if len(editions) > 1:
            # A file with both editions also supersedes earlier imports of either one alone.
            for edition in editions:
                ctx.replace_snapshot(self.dataset, edition, None)
            ctx.replace_snapshot(self.dataset, label, None)
        columns = [
            "edition",
            "area_code",
            "area_type",
            "area_name",
            "score",
            "time_period",
            "published_decile",
        ]
        insert_frame(
            ctx.conn, Deprivation.__table__, scores[columns].assign(import_id=ctx.import_id)
        )
        ctx.rows_kept = len(scores)

    def _long(self, ctx: ImportContext, frame: pd.DataFrame, rows: pd.Series) -> pd.DataFrame:
        cols = resolve_columns(
            ctx, list(frame.columns), LONG_COLUMNS, LONG_OPTIONAL, key=loose_header
        )
        blank = pd.Series("", index=frame.index)
        ids = frame[cols["indicator_id"]] if "indicator_id" in cols else blank
        names = frame[cols["indicator_name"]] if "indicator_name" in cols else blank
        edition = pd.Series(
            [edition_of(i, n) for i, n in zip(ids, names, strict=True)],
            index=frame.index,
            dtype=object,
        )
        if edition.isna().all():
            ctx.reject(
                row=2,
                column=cols.get("indicator_id", cols.get("indicator_name")),
                expected=EXPECTED_INDICATOR,
                found=f"indicator {ids.iloc[0]} '{names.iloc[0]}'".replace(" ''", ""),
            )
        other = edition.isna()
        if other.any():
            listed = ", ".join(sorted(set(ids[other] + " " + names[other]))[:5])
            self._not_loaded(ctx, other, f"rows are other indicators ({listed})")
        keep = ~other
        if "category" in cols:
            breakdown = keep & (frame[cols["category"]].str.strip() != "")
            self._not_loaded(
                ctx,
                breakdown,
                "rows are a category breakdown (e.g. by deprivation "
                "decile), not an area's own score",
            )
            keep &= ~breakdown
        period = frame[cols["time_period"]].str.strip() if "time_period" in cols else blank
        order = frame[cols["sortable"]].str.strip() if "sortable" in cols else period
        latest = keep & self._latest_period(ctx, edition.where(keep), order, period)
        return pd.DataFrame(
            {
                "edition": edition,
                "area_code": frame[cols["area_code"]],
                "area_name": frame[cols["area_name"]] if "area_name" in cols else blank,
                "area_type": frame[cols["area_type"]] if "area_type" in cols else blank,
                "time_period": period,
                "value": frame[cols["value"]],
                "value_column": cols["value"],
                "row": rows,
                "source_index": frame.index,
            }
        )[latest]

    def _latest_period(self, ctx, edition: pd.Series, order: pd.Series, period: pd.Series):
        """True on rows of the latest period of their edition; older ones are reported."""
        keep = pd.Series(True, index=edition.index)
        for each in edition.dropna().unique():
            mine = edition == each
            # "Time period Sortable" (20190000) orders correctly; the plain label only
            # when it starts with the year, which Fingertips labels do (2019, 2019/20).
            newest = order[mine].max()
            older = mine & (order != newest)
            if older.any():
                shown = ", ".join(sorted(set(period[older])))
                self._not_loaded(
                    ctx,
                    older,
                    f"{each} rows are for older periods ({shown}); "
                    f"only the latest, {period[mine & ~older].iloc[0]}, is kept",
                )
                keep &= ~older
        return keep

    def _wide(self, ctx: ImportContext, frame: pd.DataFrame, rows: pd.Series) -> pd.DataFrame:
        cols = resolve_columns(
            ctx, list(frame.columns), WIDE_COLUMNS, ("area_name", "area_type"), key=loose_header
        )
        editions = _wide_editions(list(frame.columns))
        blank = pd.Series("", index=frame.index)
        parts = [
            pd.DataFrame(
                {
                    "edition": edition,
                    "area_code": frame[cols["area_code"]],
                    "area_name": frame[cols["area_name"]] if "area_name" in cols else blank,
                    "area_type": frame[cols["area_type"]] if "area_type" in cols else blank,
                    "time_period": edition.removeprefix("IMD "),
                    "value": frame[column],
                    "value_column": column,
                    "row": rows,
                    "source_index": frame.index,
                }
            )
            for column, edition in editions.items()
        ]
        return pd.concat(parts, ignore_index=True)

    def _checked(self, ctx: ImportContext, scores: pd.DataFrame) -> pd.DataFrame:
        code = scores["area_code"].str.strip().str.upper()
        bad = ~code.str.match(AREA_CODE)
        if bad.any():
            first = scores[bad].iloc[0]
            ctx.reject(
                row=int(first["row"]),
                column="Area Code",
                expected="an area code (e.g. M88006 for a practice, E92000001 England)",
                found=first["area_code"],
            )
        score = pd.concat(
            numbers(ctx, part["value"], column, part["row"], allow_blank=True, field="imd_score")
            for column, part in scores.groupby("value_column", sort=False)
        ).reindex(scores.index)
        decile = pd.Series(None, index=scores.index, dtype=object)
        if scores["decile_column"].iloc[0]:
            decile = numbers(
                ctx,
                scores["decile"],
                scores["decile_column"].iloc[0],
                scores["row"],
                whole=True,
                allow_blank=True,
                field="imd_decile",
            ).astype("Int64")
        out = scores.assign(
            area_code=code,
            score=score,
            published_decile=decile.astype(object).where(decile.notna(), None),
            area_type=[area_type_of(t, c) for t, c in zip(scores["area_type"], code, strict=True)],
            area_name=scores["area_name"].str.strip().replace("", None),
            time_period=scores["time_period"].replace("", None),
        )
        missing = int(out["score"].isna().sum())
        if missing:
            ctx.warn(
                f"{missing:,} areas have no value (suppressed or not calculated); they are "
                "kept without a score"
            )
        return self._one_per_area(ctx, out)

    def _one_per_area(self, ctx: ImportContext, scores: pd.DataFrame) -> pd.DataFrame:
        """Fingertips lists England under itself and under no parent: identical repeats of an
        area are kept once (and counted); different values for one area reject the file."""
        keys = ["edition", "area_code"]
        repeated = scores.duplicated(keys, keep="first")
        if not repeated.any():
            return scores
        same = scores.duplicated([*keys, "score"], keep="first")
        conflict = repeated & ~same
        if conflict.any():
            second = scores[conflict].iloc[0]
            first = scores[
                (scores["edition"] == second["edition"])
                & (scores["area_code"] == second["area_code"])
            ].iloc[0]
            ctx.reject(
                row=int(second["row"]),
                column=second["value_column"],
                expected=f"one {second['edition']} score per area",
                found=f"{second['area_code']} again with {second['score']} (row "
                f"{int(first['row'])} has {first['score']})",
            )
        codes = ", ".join(sorted(set(scores.loc[repeated, "area_code"]))[:5])
        self._not_loaded(
            ctx,
            repeated,
            f"rows repeat an area with the same score ({codes}); each area is kept once",
        )
        return scores[~repeated]

    @staticmethod
    def _not_loaded(ctx: ImportContext, mask: pd.Series, why: str) -> None:
        count = int(mask.sum())
        if count:
            ctx.rows_rejected += count
            ctx.warn(f"{count:,} {why}; they were not loaded")
