"""The help pane (F1): a dock beside the views with the text of :mod:`bcprimary.help`.

It shows how the figures and the plan are made, the publications the app reads and the glossary
of every figure; :meth:`HelpPane.show_topic` opens it at one of them (a link in the import
dialog opens the list of publications).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QTextBrowser, QWidget

from bcprimary import help as help_text


class HelpPane(QDockWidget):
    """The help, docked on the right; built the first time it is opened."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Help", parent)
        self.setObjectName("helpPane")
        self.setAllowedAreas(
            Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.browser = QTextBrowser()
        self.browser.setObjectName("helpText")
        self.browser.setMinimumWidth(360)  # a paragraph per glance, not a word per line
        self.browser.setOpenExternalLinks(True)
        self.setWidget(self.browser)
        self._filled = False

    def show_topic(self, topic: str | None = None) -> None:
        """Show the pane, at ``topic`` (an anchor of :func:`bcprimary.help.topics`) if given."""
        if not self._filled:
            self.browser.setHtml(help_text.help_html())
            self._filled = True
        self.show()
        self.raise_()
        if topic:
            self.browser.scrollToAnchor(topic)
        self.browser.setFocus()

    def text(self) -> str:
        return self.browser.toPlainText()
