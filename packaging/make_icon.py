"""Draw the app's icon (``icon.ico`` for Windows, ``icon.png`` elsewhere) with Qt.

Run ``python packaging/make_icon.py`` after changing the design; both files are committed.
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter

HERE = Path(__file__).resolve().parent
NHS_BLUE = "#005EB8"


def draw(size: int = 256) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(NHS_BLUE))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(QRectF(8, 8, size - 16, size - 16), size * 0.18, size * 0.18)
    painter.setPen(QColor("white"))
    font = QFont("DejaVu Sans", int(size * 0.36))
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, "BC")
    painter.end()
    return image


def main() -> None:
    QGuiApplication([])
    image = draw()
    image.save(str(HERE / "icon.png"))
    image.save(str(HERE / "icon.ico"))


if __name__ == "__main__":
    main()
