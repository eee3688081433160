"""Install everything the project needs on this machine, then the project itself.

Usage: ``python .ci/install.py`` (the app) or ``python .ci/install.py --test`` (app + test
tools + LibreOffice for recalculating exported workbooks + a PostgreSQL server for the team
database tests + PyInstaller for the frozen build). On Debian/Ubuntu run as root it installs
the system libraries Qt needs; elsewhere (Windows, macOS) those come with PySide6.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

#: Shared libraries PySide6 loads even offscreen, then those Qt's xcb platform plugin (a real
#: window on an X11 desktop) needs since Qt 6.5; without them the window aborts at start-up.
DEBIAN_APP = [
    "libegl1",
    "libgl1",
    "libxkbcommon0",
    "libfontconfig1",
    "libdbus-1-3",
    "libglib2.0-0",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xfixes0",
    "libxcb-xinerama0",
    "libxcb-xkb1",
    "libxkbcommon-x11-0",
    "libx11-xcb1",
]
#: libreoffice-calc-nogui recalculates exported workbooks in the tests; poppler-utils
#: (pdftoppm) turns LibreOffice's PDF of a workbook into the pictures in docs/screenshots.
DEBIAN_TEST = ["xvfb", "libreoffice-calc-nogui", "poppler-utils", "fonts-dejavu-core"]
#: The team-database tests run against a real server (.ci/postgres.sh starts one on loopback).
DEBIAN_TEST += ["postgresql"]


def _missing_debian(packages: list[str]) -> list[str]:
    missing = []
    for package in packages:
        result = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True
        )
        if "install ok installed" not in result.stdout:
            missing.append(package)
    return missing


def install_debian(packages: list[str]) -> None:
    if not sys.platform.startswith("linux") or shutil.which("apt-get") is None:
        return
    missing = _missing_debian(packages)
    if not missing:
        return
    if os.geteuid() != 0:
        print(f"Please install these system packages: {' '.join(missing)}", file=sys.stderr)
        return
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
        check=True,
        env=env,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--test", action="store_true", help="also install the test tools")
    args = parser.parse_args()
    install_debian(DEBIAN_APP + (DEBIAN_TEST if args.test else []))
    target = ".[test,postgres,build]" if args.test else "."
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "-e", target],
        check=True,
        cwd=REPO,
    )


if __name__ == "__main__":
    main()
