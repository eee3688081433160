"""The desktop app's persistent settings: defaults plus a QSettings store.

Everything the window remembers between runs goes through :class:`AppSettings`, which wraps one
``QSettings`` object handed in by whoever builds the window. The app passes the per-user store;
tests and the screenshot script pass an INI file in a temporary folder, so a test run never
touches the user's real settings.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION_NAME = "BCPrimaryCare"
APPLICATION_NAME = "BCPrimaryCarePlanner"
#: An INI file to use instead of the per-user store (tests, screenshots, benchmarks).
SETTINGS_FILE_ENV = "BCPRIMARY_SETTINGS_FILE"
MAX_RECENT_DATABASES = 8


def settings_store() -> QSettings:
    """The settings store the app uses: the INI file named in the environment, else per-user."""
    override = os.environ.get(SETTINGS_FILE_ENV)
    if override:
        return QSettings(override, QSettings.Format.IniFormat)
    return QSettings(
        QSettings.Format.IniFormat,
        QSettings.Scope.UserScope,
        ORGANISATION_NAME,
        APPLICATION_NAME,
    )


class AppSettings:
    """Typed access to what the window remembers: databases, last view, geometry and state."""

    def __init__(self, store: QSettings) -> None:
        self._store = store

    @property
    def store(self) -> QSettings:
        return self._store

    def sync(self) -> None:
        self._store.sync()

    # --- databases -------------------------------------------------------------------------

    def recent_databases(self) -> list[str]:
        """Databases opened before, most recent first (paths or SQLAlchemy URLs)."""
        value = self._store.value("databases/recent", [])
        if isinstance(value, str):  # QSettings returns a lone string for a one-item list
            value = [value]
        return [str(v) for v in value or [] if v]

    def add_recent_database(self, target: str) -> None:
        recent = [target, *(d for d in self.recent_databases() if d != target)]
        self._store.setValue("databases/recent", recent[:MAX_RECENT_DATABASES])
        self._store.setValue("databases/last", target)

    def remove_recent_database(self, target: str) -> None:
        recent = [d for d in self.recent_databases() if d != target]
        self._store.setValue("databases/recent", recent)

    def last_database(self) -> str | None:
        value = self._store.value("databases/last")
        return str(value) if value else None

    def last_folder(self) -> str:
        """Where the last file dialog was pointed (so the next one opens there)."""
        return str(self._store.value("files/last_folder", str(Path.home())))

    def set_last_folder(self, folder: str | Path) -> None:
        self._store.setValue("files/last_folder", str(folder))

    # --- window ----------------------------------------------------------------------------

    def last_view(self) -> str | None:
        value = self._store.value("window/last_view")
        return str(value) if value else None

    def set_last_view(self, key: str) -> None:
        self._store.setValue("window/last_view", key)

    def window_geometry(self) -> QByteArray | None:
        value = self._store.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def window_state(self) -> QByteArray | None:
        value = self._store.value("window/state")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._store.setValue("window/geometry", geometry)
        self._store.setValue("window/state", state)

    # --- first run -------------------------------------------------------------------------

    def sample_offer_dismissed(self) -> bool:
        return self._store.value("first_run/sample_offer_dismissed", False, type=bool)

    def set_sample_offer_dismissed(self, dismissed: bool = True) -> None:
        self._store.setValue("first_run/sample_offer_dismissed", dismissed)
