"""Help → About: the app's version, what it is for, and where its data lives."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QMessageBox, QWidget

from bcprimary import __version__


def show_about(parent: QWidget, title: str, database: str) -> None:
    from bcprimary.paths import user_data_dir

    folder = user_data_dir()
    QMessageBox.about(
        parent,
        f"About {title}",
        f"<h3>{title} {__version__}</h3>"
        "<p>Access to primary care, deprivation and ARRS workforce planning from the files "
        "NHS England, NHS Digital and OHID publish.</p>"
        f"<p>Data folder: <a href='{QUrl.fromLocalFile(str(folder)).toString()}'>{folder}</a>"
        f"<br>Database: {database}</p>",
    )
