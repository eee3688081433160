"""Imports a person can read: every file ends on its own row, one failure never stops the
batch, a rejection is one sentence with Details, an unknown file links to the files read."""

from __future__ import annotations

import shutil

from bcprimary.db.status import database_status
from ui.import_job import UNRECOGNISED, FileState


def test_a_crash_in_one_reader_never_stops_the_batch(
    qtbot, window, registered_file, tmp_path, monkeypatch
):
    from bcprimary.importing.readers.registered_patients import RegisteredPatientsReader

    crashing = tmp_path / "crash.csv"
    shutil.copy(registered_file, crashing)
    unknown = tmp_path / "minutes of the board.csv"
    unknown.write_text("Item,Owner,Due\nBudget,ICB,March\n", encoding="utf-8")
    real_load = RegisteredPatientsReader.load

    def load(self, ctx, head):
        # An unexpected bug in a reader, on one file only: the fault this test is about.
        if ctx.source.display_name == crashing.name:
            raise KeyError("SUB_ICB_LOCATION_CODE")
        return real_load(self, ctx, head)

    monkeypatch.setattr(RegisteredPatientsReader, "load", load)
    with qtbot.waitSignal(window.importer.finished, timeout=60000) as done:
        window.import_files([unknown, crashing, registered_file])
    report = done.args[0]
    assert [f.state for f in report.files] == [
        FileState.REJECTED,
        FileState.REJECTED,
        FileState.LOADED,
    ]
    assert database_status(window.database)["rows"]["registered_patients"] == 169

    dialog = window.importer.dialog
    assert [s.text() for s in dialog.states] == ["Rejected", "Rejected", "Loaded"]
    rows = dialog.result_rows()
    assert rows[0][1] == f"Rejected: {UNRECOGNISED}"
    # The core turns a reader that fails unexpectedly into that file's own sentence.
    assert rows[1][1].startswith("Rejected: crash.csv: ")
    assert "SUB_ICB_LOCATION_CODE" in rows[1][1]
    assert rows[1][1].count(". ") == 0  # one sentence
    # Details are folded away until asked for; they hold the full reasons and the traceback.
    assert not dialog.details.isVisible() and dialog.details_toggle.isVisible()
    dialog.details_toggle.click()
    assert dialog.details.isVisible()
    details = dialog.details.toPlainText()
    assert "It reads:" in details and "KeyError" in details

    # The unknown file links to the list of publications the app reads.
    assert dialog.sources_link.isVisible()
    dialog.sources_link.linkActivated.emit("help:sources")
    assert window.help_pane.isVisible()
    assert "Patients Registered at a GP Practice" in window.help_pane.text()


def test_a_batch_that_fails_leaves_no_row_importing(qtbot, window, registered_file):
    from ui.dialogs.import_dialog import ImportDialog

    dialog = ImportDialog([registered_file, registered_file])
    qtbot.addWidget(dialog)
    dialog.set_progress(0.6, "Reading the second file")
    assert [s.text() for s in dialog.states] == ["Done", "Importing…"]
    dialog.show_failure("the disk is full", "Traceback: OSError")
    assert all("Importing" not in s.text() for s in dialog.states)
    assert dialog.states[1].text().startswith("Stopped")
    assert dialog.close_button.isEnabled()
