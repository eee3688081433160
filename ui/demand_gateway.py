"""What the Demand view and the Results view's demand line read: the demand picture beside the
access picture, the signals of the PCNs a plan funds and does not, and the publications'
data-quality caveats (glossary words)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from bcprimary import glossary
from bcprimary.analysis.demand import DemandPicture, build_demand_picture, demand_of_groups
from ui.analysis_gateway import DataNotReady, access_picture
from ui.formatting import format_decimal, format_gbp, format_percent

if TYPE_CHECKING:
    from bcprimary.db import Database

#: The figures the Results view names for funded and unfunded PCNs.
SIGNALS = ("missed_share", "inbound_calls_per_1000_per_working_day", "telephony_coverage")


def caveats() -> str:
    """Both publications' data-quality caveats, for tooltips."""
    return "\n\n".join(
        f"{glossary.label(code)}: {glossary.definition(code)}"
        for code in ("telephony_caveat", "oc_caveat")
    )


def load_demand(db: Database) -> DemandPicture:
    picture = access_picture(db)
    if picture.pcns.empty:
        raise DataNotReady(
            "Demand needs a registered patients file and a practice→PCN map (the patients and "
            "PCNs the rates are for), then the telephony and online consultation workbooks."
        )
    with db.session() as session:
        return build_demand_picture(session, picture)


def funded_signals(db: Database, pcn_table: pd.DataFrame) -> pd.DataFrame | None:
    """Demand metrics of the PCNs the plan funds and of those it does not (None: no data)."""
    try:
        demand = load_demand(db)
    except DataNotReady:
        return None
    if demand.empty:
        return None
    funded = pcn_table.set_index("pcn_code")["cost_gbp"].fillna(0.0) > 0.5
    groups = {code: ("funded" if yes else "unfunded") for code, yes in funded.items()}
    return demand_of_groups(demand, groups).set_index("code")


def funded_signals_text(table: pd.DataFrame | None, effect: dict | None) -> str:
    """One line per group, and what the demand term moved when the plan used it."""
    lines = []
    if table is not None:
        for group in ("funded", "unfunded"):
            if group not in table.index:
                continue
            row = table.loc[group]
            prefix = "" if group == "funded" else "not "
            lines.append(
                f"PCNs {prefix}{glossary.label('funded').lower()} ({int(row['pcns'])}): "
                f"{glossary.label('missed_share')} {format_percent(row['missed_share'])}, "
                f"{glossary.label('inbound_calls_per_1000_per_working_day')} "
                f"{format_decimal(row['inbound_calls_per_1000_per_working_day'])}, "
                f"{glossary.label('telephony_coverage')} "
                f"{format_percent(row['telephony_coverage'])}."
            )
    if effect and effect.get("money_moved_gbp") is not None:
        lines.append(
            f"{glossary.label('demand_money_moved_gbp')}: "
            f"{format_gbp(effect['money_moved_gbp'])} a year (β = {effect.get('beta')})."
        )
    return "\n".join(lines)
