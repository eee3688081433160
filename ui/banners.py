"""Non-modal banners across the top of the window: first-run offer and synthetic-data warning."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget


class Banner(QFrame):
    """A one-line notice with an optional action button and an optional close button.

    Signals:
        action_clicked: the action button was pressed.
        dismissed: the user closed the banner.
    """

    action_clicked = Signal()
    dismissed = Signal()

    def __init__(
        self,
        text: str,
        *,
        kind: str = "info",
        action: str | None = None,
        closable: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setProperty("bannerKind", kind)  # style.qss colours info and warning banners
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.action_button = QPushButton(action) if action else None
        self.close_button = QToolButton() if closable else None
        self._build_layout()
        self._connect_signals()
        self.hide()

    def _build_layout(self) -> None:
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        layout.addWidget(self.label, 1)
        if self.action_button is not None:
            layout.addWidget(self.action_button)
        if self.close_button is not None:
            self.close_button.setText("✕")
            self.close_button.setToolTip("Hide this message")
            self.close_button.setAutoRaise(True)
            layout.addWidget(self.close_button)

    def _connect_signals(self) -> None:
        if self.action_button is not None:
            self.action_button.clicked.connect(self.action_clicked)
        if self.close_button is not None:
            self.close_button.clicked.connect(self._dismiss)

    def _dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()


def sample_data_banner(parent: QWidget | None = None) -> Banner:
    return Banner(
        "This database is empty. Import the files you downloaded (File → Import files…, or "
        "drop them on this window), or start with the Black Country sample data.",
        action="Load sample data",
        parent=parent,
    )


def synthetic_data_banner(parent: QWidget | None = None) -> Banner:
    return Banner(
        "SYNTHETIC DATA: some inputs in this database (e.g. the sample appointments) are "
        "generated, not published figures. Do not use the results for decisions.",
        kind="warning",
        closable=False,
        parent=parent,
    )
