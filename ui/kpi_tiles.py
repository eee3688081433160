"""Headline-figure tiles: a big number, its label, and the metric's definition as a tooltip."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.formatting import MISSING


class KpiTile(QFrame):
    """One headline figure with its label; the metric definition is its tooltip."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kpiTile")
        self.value_label = QLabel(MISSING)
        self.value_label.setObjectName("kpiValue")
        self.caption = QLabel(label)
        self.caption.setObjectName("kpiCaption")
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(self.value_label)
        layout.addWidget(self.caption)

    def set_value(self, text: str, tooltip: str = "") -> None:
        self.value_label.setText(text)
        self.setToolTip(tooltip)


class KpiStrip(QWidget):
    """A row of tiles, keyed like the figures they show."""

    def __init__(self, labels: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tiles = {key: KpiTile(label) for key, label in labels.items()}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        for tile in self.tiles.values():
            layout.addWidget(tile, 1)

    def set_value(self, key: str, text: str, tooltip: str = "") -> None:
        self.tiles[key].set_value(text, tooltip)

    def set_caption(self, key: str, text: str) -> None:
        self.tiles[key].caption.setText(text)

    def text(self, key: str) -> str:
        return self.tiles[key].value_label.text()
