"""Short texts describing what data a database holds (for the status bar and window title)."""

from __future__ import annotations

from bcprimary import glossary

#: Dataset codes as the import log stores them → what a commissioner calls them.
DATASET_TITLES = {
    "registered_patients": glossary.label("registered_patients"),
    "pcn_membership": "Practice → PCN map",
    "practice_pcn_map": "Practice → PCN map",
    "pcn_map": "Practice → PCN map",
    "epcn": "PCN membership (ODS ePCN)",
    "epraccur": "GP practices (ODS epraccur)",
    "weighted_list": "Weighted list",
    "deprivation": "Deprivation (IMD)",
    "appointments": "Appointments",
    "practice_workforce": "Practice workforce",
    "pcn_workforce": "PCN workforce",
    "dental_contracts": "Dental contracts",
    "dental": "Dental contracts",
}


def dataset_title(dataset: str) -> str:
    return DATASET_TITLES.get(dataset, dataset.replace("_", " ").capitalize())


def data_dates_text(status: dict) -> str:
    """'Data: Registered patients 2026-04-01 · Appointments 2025-10 (+11 earlier) · …'."""
    latest: dict[str, list[str]] = {}
    for snap in status.get("snapshots", []):
        latest.setdefault(snap["dataset"], []).append(str(snap["snapshot"]))
    if not latest:
        return "No data loaded"
    parts = []
    for dataset, snapshots in latest.items():
        snapshots = sorted(set(snapshots))
        text = f"{dataset_title(dataset)} {snapshots[-1]}"
        if len(snapshots) > 1:
            text += f" (+{len(snapshots) - 1} earlier)"
        parts.append(text)
    synthetic = " · includes SYNTHETIC inputs" if status.get("synthetic_inputs") else ""
    return "Data: " + " · ".join(parts) + synthetic
