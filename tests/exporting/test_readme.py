"""The Read me sheet is honest: synthetic inputs in bold at the top, every file and its hash."""

from __future__ import annotations

from bcprimary import __version__, glossary


def _texts(sheet) -> list[str]:
    return [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]


def test_synthetic_inputs_are_stated_in_bold_at_the_top(workbook, exported_plan):
    assert exported_plan.solved.snapshots["synthetic_inputs"]
    banner = workbook["Read me"]["A2"]
    assert banner.value.startswith("SYNTHETIC INPUTS")
    assert banner.font.b
    assert "appointments data (3 files)" in banner.value
    listed = {row[2].value: row[5].value for row in workbook["Read me"].iter_rows() if len(row) > 5}
    for entry in exported_plan.solved.snapshots["files"]:
        assert listed[entry["file"]] == ("SYNTHETIC" if entry["synthetic"] else "published")


def test_every_file_is_listed_with_its_sha256(workbook, exported_plan):
    sheet = workbook["Read me"]
    rows = {
        (row[2].value, row[3].value)
        for row in sheet.iter_rows()
        if len(row) > 3 and isinstance(row[3].value, str) and len(row[3].value) == 64
    }
    files = exported_plan.solved.snapshots["files"]
    assert len(files) >= 8
    assert rows == {(f["file"], f["sha256"]) for f in files}


def test_scenario_version_dates_and_definitions(workbook, exported_plan):
    texts = _texts(workbook["Read me"])
    joined = "\n".join(texts)
    assert exported_plan.solved.name in texts
    assert f"BC Primary Care Planner {__version__}" in texts
    snapshots = exported_plan.solved.snapshots
    for key in ("registered_patients", "weighted_list_year", "imd_edition", "appointment_window"):
        assert snapshots[key] in texts, key
    assert "Slope index of inequality" in texts
    # The definitions list is the glossary: label beside definition (and unit).
    gap = glossary.term("gap_after")
    assert gap.label in texts
    assert f"{gap.definition} ({gap.unit})" in texts
    assert "Which figures are assumptions" in joined
    assert "assumption" in joined.lower()
