"""Deriving the PCN → place map (``resources/pcn_places.csv``) from published files.

Black Country ICB has four places, and each was a CCG until July 2022: 05C Dudley, 05L Sandwell
and West Birmingham, 05Y Walsall, 06A Wolverhampton. The January 2021 "Patients Registered at a
GP Practice" file still names each practice's CCG. Joining it to a current practice → PCN map
gives each PCN's member practices' former CCGs; a PCN's place is the former CCG that holds the
majority of its practices' registered patients. Practices that opened after January 2021 (or
moved in from another CCG) have no Black Country CCG of their own and simply go with the other
practices of their PCN; a PCN with no practice in any of the CCGs is left out.

Only PCNs now in the ICB (QUA) are placed: the West Birmingham practices of Sandwell and West
Birmingham CCG moved to Birmingham and Solihull ICB in July 2022 and belong to no Black Country
place.

Run ``python -m resources.derive_places REG_2021.csv MAP.csv --out resources/pcn_places.csv``
to rebuild the table.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

BLACK_COUNTRY_ICB = "QUA"
#: Former CCG code → Black Country place.
BLACK_COUNTRY_PLACES = {
    "05C": "Dudley",
    "05L": "Sandwell",
    "05Y": "Walsall",
    "06A": "Wolverhampton",
}
CSV_COLUMNS = ["pcn_code", "place", "icb_code", "derivation"]


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _former_ccgs(reg_csv: Path) -> tuple[pd.DataFrame, str]:
    """practice_code, former_ccg, patients from an all-ages registered-patients file."""
    reg = _read(reg_csv)
    ccg = "CCG_CODE" if "CCG_CODE" in reg.columns else "SUB_ICB_LOCATION_CODE"
    if "SEX" in reg.columns:  # keep the all-ages, all-sexes rows only
        reg = reg[(reg["SEX"].str.upper() == "ALL") & (reg["AGE"].str.upper() == "ALL")]
    extract = pd.to_datetime(reg["EXTRACT_DATE"].iloc[0], format="mixed").strftime("%b %Y")
    out = pd.DataFrame(
        {
            "practice_code": reg["CODE"].str.strip().str.upper(),
            "former_ccg": reg[ccg].str.strip().str.upper(),
            "patients": pd.to_numeric(reg["NUMBER_OF_PATIENTS"]),
        }
    )
    return out, extract


def derive_pcn_places(
    reg_2021_csv: str | Path,
    map_csv: str | Path,
    former_ccg_places: Mapping[str, str] = BLACK_COUNTRY_PLACES,
    icb_code: str = BLACK_COUNTRY_ICB,
) -> pd.DataFrame:
    """One row per PCN of ``icb_code`` with a practice formerly in one of the CCGs of
    ``former_ccg_places``.

    Columns: ``pcn_code``, ``pcn_name``, ``place``, ``icb_code``, ``derivation`` (a sentence
    with the patient counts behind the choice), ``spans`` (True when the PCN's practices came
    from more than one former CCG, or some were not registered in the earlier file).
    """
    former, extract = _former_ccgs(Path(reg_2021_csv))
    pcn_map = _read(Path(map_csv))
    members = pd.DataFrame(
        {
            "practice_code": pcn_map["PRACTICE_CODE"].str.strip().str.upper(),
            "pcn_code": pcn_map["PCN_CODE"].str.strip().str.upper(),
            "pcn_name": pcn_map["PCN_NAME"].map(lambda v: " ".join(v.split())),
            "icb_code": pcn_map.get("ICB_CODE", pd.Series("", index=pcn_map.index)).str.strip(),
        }
    )
    members = members[(members["pcn_code"] != "U") & (members["icb_code"] == icb_code)]
    members = members.merge(former, on="practice_code", how="left")
    in_scope = members.groupby("pcn_code")["former_ccg"].transform(
        lambda ccgs: ccgs.isin(list(former_ccg_places)).any()
    )
    rows = []
    for pcn_code, practices in members[in_scope].groupby("pcn_code", sort=True):
        by_ccg = (
            practices.dropna(subset=["former_ccg"])
            .groupby("former_ccg")["patients"]
            .agg(["sum", "size"])
            .sort_values("sum", ascending=False)
        )
        majority = by_ccg.index[0]
        if majority not in former_ccg_places:
            continue  # most patients came from outside the places' CCGs: not ours to place
        new = practices[practices["former_ccg"].isna()]["practice_code"].tolist()
        text = (
            f"former CCG {majority} holds {int(by_ccg.loc[majority, 'sum']):,} of "
            f"{int(by_ccg['sum'].sum()):,} {extract} registered patients of its practices "
            f"({int(by_ccg.loc[majority, 'size'])} of {len(practices)} practices)"
        )
        others = [
            f"{ccg}: {int(n):,} patients, {int(k)} practice{'s' if k > 1 else ''}"
            for ccg, (n, k) in by_ccg.iloc[1:].iterrows()
        ]
        if others:
            text += "; also " + "; ".join(others)
        if new:
            text += f"; not registered in {extract}: {', '.join(new)} (placed with its PCN)"
        rows.append(
            {
                "pcn_code": pcn_code,
                "pcn_name": practices["pcn_name"].iloc[0],
                "place": former_ccg_places[majority],
                "icb_code": icb_code,
                "derivation": text,
                "spans": bool(others or new),
            }
        )
    return pd.DataFrame(
        rows, columns=["pcn_code", "pcn_name", "place", "icb_code", "derivation", "spans"]
    )


def write_reference_csv(places: pd.DataFrame, out: Path, sources: list[str]) -> None:
    """The table as ``resources/pcn_places.csv`` wants it, with a note of where it came from."""
    note = (
        "# PCN -> place for the Black Country, derived by resources.derive_places from "
        + " and ".join(sources)
        + "; see pcn_places.md\n"
    )
    with out.open("w", encoding="utf-8", newline="") as handle:
        handle.write(note)
        places[CSV_COLUMNS].to_csv(handle, index=False, lineterminator="\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("registered_2021", type=Path, help="gp-reg-pat-prac-all.csv with CCGs")
    parser.add_argument("pcn_map", type=Path, help="gp-reg-pat-prac-map.csv (current)")
    parser.add_argument("--out", type=Path, help="write the reference CSV here")
    args = parser.parse_args(argv)
    places = derive_pcn_places(args.registered_2021, args.pcn_map)
    if args.out:
        write_reference_csv(places, args.out, [args.registered_2021.name, args.pcn_map.name])
    else:
        places.to_csv(sys.stdout, index=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
