"""The areas a user can look at: England, a region, an ICB, a sub-ICB location or a place.

Everything is read from the loaded files, nothing is hard-coded:

* ICBs and sub-ICB locations, with their names, come from the files that carry them (the
  practice→PCN map, the appointments crosstab, the workforce files). Only those with practices
  in the registered list in use are offered. A practice's ICB is its own where a file named
  it, otherwise the ICB of its sub-ICB location.
* Regions are *derived*: the NHS England commissioning region each ICB belongs to, as the
  practice→PCN map publishes it (COMM_REGION_CODE / COMM_REGION_NAME). Without such a file no
  region is offered.
* Places come from the PCN→place reference map (``resources/pcn_places.csv``, editable). A PCN
  the map does not list falls back to its sub-ICB location, which the sub-ICB level already
  offers, so only mapped places are listed here.

An :class:`Area` turns into the scope fields of :class:`~bcprimary.analysis.AnalysisOptions`
(and of a scenario's settings) with :meth:`Area.scope`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bcprimary import glossary
from bcprimary.analysis.options import AnalysisOptions
from bcprimary.db.models import ICB, PcnPlace, Practice, RegisteredPatients, SubICBLocation

KINDS = ("england", "region", "icb", "sub_icb", "place")
KIND_TITLES = {
    "england": "England",
    "region": "Region",
    "icb": "ICB",
    "sub_icb": "Sub-ICB location",
    "place": glossary.label("place"),
}


@dataclass(frozen=True)
class Area:
    """One choosable area. ``code`` is the ODS code (a place's name for a place)."""

    kind: str
    code: str
    name: str
    #: The ICB codes the area covers (a region's ICBs; an ICB itself; a sub-ICB's or place's ICB).
    icb_codes: tuple[str, ...] = ()
    #: The ICB (or, for an ICB, the region) the area sits in, for ordering and indenting.
    parent: str | None = None

    @property
    def key(self) -> str:
        """A stable text key, e.g. ``icb:QUA`` (what the app remembers per database)."""
        return f"{self.kind}:{self.code}"

    def label(self) -> str:
        """What a person reads, e.g. 'ICB: NHS Black Country ICB (QUA)'."""
        if self.kind == "england":
            return "England (every practice loaded)"
        title = KIND_TITLES[self.kind]
        if self.kind == "place" or not self.name or self.name == self.code:
            return f"{title}: {self.name or self.code}"
        return f"{title}: {self.name} ({self.code})"

    def scope(self) -> dict[str, tuple[str, ...]]:
        """The scope fields of `AnalysisOptions` / `ScenarioSettings` for this area."""
        empty: tuple[str, ...] = ()
        scope = {"icb_codes": empty, "sub_icb_codes": empty, "places": empty}
        if self.kind in ("region", "icb"):
            scope["icb_codes"] = self.icb_codes
        elif self.kind == "sub_icb":
            scope["sub_icb_codes"] = (self.code,)
        elif self.kind == "place":
            scope["places"] = (self.code,)
        return scope

    def apply(self, options: AnalysisOptions) -> AnalysisOptions:
        """``options`` limited to this area (snapshot choices are kept)."""
        return replace(options, **self.scope())


ENGLAND = Area("england", "", "England")


def _short_icb_name(name: str | None) -> str | None:
    """'NHS Black Country Integrated Care Board' → 'NHS Black Country ICB'."""
    if not name:
        return name
    return name.replace("Integrated Care Board", "ICB")


def list_areas(session: Session) -> list[Area]:
    """England, then each region, its ICBs, and each ICB's sub-ICB locations and places."""
    latest = session.execute(select(func.max(RegisteredPatients.snapshot_date))).scalar()
    if latest is None:
        return [ENGLAND]
    rows = session.execute(
        select(
            RegisteredPatients.sub_icb_code,
            func.coalesce(Practice.icb_code, SubICBLocation.icb_code),
        )
        .distinct()
        .join(Practice, Practice.code == RegisteredPatients.practice_code, isouter=True)
        .join(
            SubICBLocation,
            SubICBLocation.code == RegisteredPatients.sub_icb_code,
            isouter=True,
        )
        .where(RegisteredPatients.snapshot_date == latest)
    ).all()
    icb_codes = sorted({icb for _sub, icb in rows if icb})
    sub_icbs = sorted({(icb, sub) for sub, icb in rows if sub})
    icbs = {
        code: (name, region, region_name)
        for code, name, region, region_name in session.execute(
            select(ICB.code, ICB.name, ICB.region_code, ICB.region_name)
        )
    }
    sub_names = dict(session.execute(select(SubICBLocation.code, SubICBLocation.name)).all())
    places = session.execute(select(PcnPlace.place, PcnPlace.icb_code).distinct()).all()

    def icb_area(code: str) -> Area:
        name, region, _ = icbs.get(code, (None, None, None))
        return Area("icb", code, _short_icb_name(name) or code, (code,), region)

    regions: dict[str, tuple[str, list[str]]] = {}
    for code in icb_codes:
        _, region, region_name = icbs.get(code, (None, None, None))
        if region:
            regions.setdefault(region, (region_name or region, []))[1].append(code)

    areas = [ENGLAND]
    for region, (name, members) in sorted(regions.items(), key=lambda item: item[1][0]):
        areas.append(Area("region", region, name, tuple(members)))
    ordered = sorted(icb_codes, key=lambda c: (icb_area(c).name or c).casefold())
    for icb in ordered:
        areas.append(icb_area(icb))
        for place in sorted({p for p, i in places if i == icb}):
            areas.append(Area("place", place, place, (icb,), icb))
        for owner, sub in sub_icbs:
            if owner == icb:
                areas.append(Area("sub_icb", sub, sub_names.get(sub) or sub, (icb,), icb))
    orphans = sorted(sub for owner, sub in sub_icbs if owner is None)
    areas.extend(Area("sub_icb", sub, sub_names.get(sub) or sub) for sub in orphans)
    return areas


def find_area(areas: list[Area], key: str | None) -> Area | None:
    """The area whose :attr:`Area.key` is ``key`` (``None`` if it is not loaded any more)."""
    return next((area for area in areas if area.key == key), None)


def icbs_of(areas: list[Area]) -> list[Area]:
    return [area for area in areas if area.kind == "icb"]


def default_area(areas: list[Area]) -> Area | None:
    """The area to open on without asking: the one ICB of a single-ICB database, England when
    no ICB is known; ``None`` when the user should choose (several ICBs, e.g. national files)."""
    icbs = icbs_of(areas)
    if len(icbs) == 1:
        return icbs[0]
    return ENGLAND if not icbs else None


def area_of_options(areas: list[Area], options: AnalysisOptions) -> Area:
    """The listed area whose scope the options have (England when none matches)."""
    scope = {
        "icb_codes": tuple(options.icb_codes),
        "sub_icb_codes": tuple(options.sub_icb_codes),
        "places": tuple(options.places),
    }
    return next((area for area in areas if area.scope() == scope), ENGLAND)
