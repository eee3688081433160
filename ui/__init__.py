"""The desktop app (PySide6 + pyqtgraph) over the Qt-free core in bcprimary and solver."""
