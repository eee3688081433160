"""Importing through the window: real files, rejected files, cancel — on a worker thread."""

from __future__ import annotations

from pathlib import Path

import pytest

from bcprimary.db.status import database_status
from ui.import_job import FileState, file_position

HEADER = (
    "PUBLICATION,EXTRACT_DATE,TYPE,SUB_ICB_LOCATION_CODE,ONS_SUB_ICB_LOCATION_CODE,CODE,"
    "POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS\n"
)


def registered_file(path: Path, rows: int) -> Path:
    """A registered-patients file of the published shape with ``rows`` made-up practices."""
    letters = "ABCDEFGHJKLMNPQRSTUVWXY"
    lines = [
        f"GP_PRAC_PAT_LIST,2026-04-01,GP,D2P2L,E38000259,"
        f"{letters[i // 99_999]}{i % 99_999 + 1:05d},B63 1AB,ALL,ALL,{1_000 + i % 5_000}\n"
        for i in range(rows)
    ]
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


def _content(db) -> dict:
    status = database_status(db)
    return {"snapshots": status["snapshots"], "rows": status["rows"]}


def test_a_real_file_imports_through_the_window(qtbot, window, registered_file):
    with (
        qtbot.waitSignal(window.data_changed, timeout=30000),
        qtbot.waitSignal(window.importer.finished, timeout=30000) as done,
    ):
        assert window.import_files([registered_file])
    report = done.args[0]
    assert [f.state for f in report.files] == [FileState.LOADED]
    (outcome,) = report.loaded
    assert (outcome.dataset, outcome.snapshot, outcome.rows_kept) == (
        "registered_patients",
        "2026-04-01",
        169,
    )
    dialog = window.importer.dialog
    assert dialog.bars[0].value() == dialog.bars[0].maximum()
    assert dialog.states[0].text() == "Loaded"
    (row,) = dialog.result_rows()
    assert row[:5] == [
        registered_file.name,
        "Patients Registered at a GP Practice",
        "2026-04-01",
        "169 / 169",
        "0",
    ]
    assert row[5] == "Loaded"
    assert outcome.summary() in dialog.details.toPlainText()  # the command line's words
    assert dialog.close_button.isEnabled() and not dialog.cancel_button.isVisible()
    assert database_status(window.database)["rows"]["registered_patients"] == 169


def test_a_rejected_file_is_explained_and_leaves_the_database_as_it_was(
    qtbot, window, registered_file, tmp_path
):
    with qtbot.waitSignal(window.importer.finished, timeout=30000):
        window.import_files([registered_file])
    before = _content(window.database)
    bad = tmp_path / "gp-reg-pat-prac-all.csv"
    bad.write_text(
        HEADER + "GP_PRAC_PAT_LIST,2026-05-01,GP,D2P2L,E38000259,M87001,B63 1AB,ALL,ALL,6409\n"
        "GP_PRAC_PAT_LIST,2026-05-01,GP,D2P2L,E38000259,NOT-A-CODE,B63 1AB,ALL,ALL,10\n",
        encoding="utf-8",
    )
    changes = []
    window.data_changed.connect(lambda: changes.append(True))
    with qtbot.waitSignal(window.importer.finished, timeout=30000) as done:
        window.import_files([bad])
    report = done.args[0]
    assert report.files[0].state is FileState.REJECTED
    (rejected,) = report.rejected
    assert "row 3" in rejected.error and "CODE" in rejected.error
    dialog = window.importer.dialog
    (row,) = dialog.result_rows()
    assert row[0] == bad.name
    assert row[1].startswith("Rejected: ") and "row 3" in row[1]  # one sentence
    assert dialog.states[0].text() == "Rejected"
    assert f"rejected: {rejected.error}" in dialog.details.toPlainText()  # behind Details
    assert _content(window.database) == before
    assert changes == []  # nothing changed, so nothing is rebuilt


def test_cancel_stops_the_import_and_keeps_the_database_consistent(
    qtbot, window, registered_file, tmp_path
):
    big = _big_file(tmp_path)
    before = _content(window.database)
    runner = window.importer.runner

    def cancel_once_reading(fraction: float, message: str) -> None:
        # Press Cancel once the worker is inside the first file.
        runner.progress.disconnect(cancel_once_reading)
        window.importer.dialog.cancel_button.click()

    runner.progress.connect(cancel_once_reading)
    with qtbot.waitSignal(window.importer.finished, timeout=60000) as done:
        window.import_files([big, registered_file])
    report = done.args[0]
    assert report.cancelled
    assert [f.state for f in report.files] == [FileState.CANCELLED, FileState.NOT_STARTED]
    assert _content(window.database) == before  # the half-read file was rolled back
    dialog = window.importer.dialog
    assert dialog.message.text().startswith("Import cancelled.")
    assert dialog.states[0].text() == FileState.CANCELLED.value
    assert dialog.states[1].text() == FileState.NOT_STARTED.value


def _big_file(tmp_path: Path) -> Path:
    # Large enough that the import is still running when Cancel is pressed (about a second).
    return registered_file(tmp_path / "gp-reg-pat-prac-all-big.csv", 15_000)


def test_closing_the_dialog_while_importing_means_cancel(qtbot, window, tmp_path):
    big = _big_file(tmp_path)
    with qtbot.waitSignal(window.importer.finished, timeout=60000) as done:
        window.import_files([big])
        window.importer.dialog.reject()
        assert window.importer.dialog.isVisible()  # stays open to show what happened
    assert done.args[0].cancelled


def test_a_second_import_waits_for_the_first(qtbot, window, registered_file):
    with qtbot.waitSignal(window.importer.finished, timeout=30000):
        assert window.import_files([registered_file])
        assert not window.import_files([registered_file])
    assert "already running" in window.statusBar().currentMessage()


@pytest.mark.parametrize(
    ("fraction", "files", "expected"),
    [
        (0.0, 3, (0, 0.0)),
        (0.5, 2, (1, 0.0)),
        (0.75, 2, (1, 0.5)),
        (1.0, 3, (2, 1.0)),
        (1 / 3, 3, (1, 0.0)),
    ],
)
def test_batch_fraction_maps_back_to_a_file(fraction, files, expected):
    index, part = file_position(fraction, files)
    assert index == expected[0]
    assert part == pytest.approx(expected[1], abs=1e-6)
