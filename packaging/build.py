"""Build the one-folder desktop app with PyInstaller: ``python packaging/build.py``.

The result is ``packaging/dist/BCPrimaryPlanner/``: the window (``BCPrimaryPlanner``, on
Windows ``BCPrimaryPlanner.exe`` without a console), the command line (``bcprimary``) and an
``_internal`` folder with Python, Qt, HiGHS, the reference tables and the sample data. The same
command on Windows makes the Windows build (icon and version resource included); PyInstaller
cannot cross-build, so that step runs on a Windows machine.

One folder, not one file: a one-file build unpacks itself into %TEMP% on every start (slow,
and the pattern antivirus tools flag), and locked-down laptops often forbid running programs
from %TEMP%. A folder installs per user under %LOCALAPPDATA%\\Programs (see installer.iss).

``--check`` then runs the build from a clean environment (see :func:`check`): opens the
window offscreen and closes it, runs ``demo --out plan.xlsx`` (a solve in the child process),
and prints the build's size and cold-start time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DIST = HERE / "dist"
WORK = HERE / "build"
NAME = "BCPrimaryPlanner"
SIZE_TARGET_MB = 400
COLD_START_TARGET_S = 3.0

VERSION_INFO = """\
VSVersionInfo(
  ffi=FixedFileInfo(filevers={tuple4}, prodvers={tuple4}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('080904B0', [
      StringStruct('CompanyName', 'BC Primary Care'),
      StringStruct('FileDescription', 'BC Primary Care Planner'),
      StringStruct('FileVersion', '{version}'),
      StringStruct('InternalName', 'BCPrimaryPlanner'),
      StringStruct('OriginalFilename', 'BCPrimaryPlanner.exe'),
      StringStruct('ProductName', 'BC Primary Care Planner'),
      StringStruct('ProductVersion', '{version}')])]),
    VarFileInfo([VarStruct('Translation', [2057, 1200])])
  ]
)
"""


def app_version() -> str:
    sys.path.insert(0, str(REPO))
    from bcprimary import __version__

    return __version__


def write_version_info(folder: Path) -> Path:
    """The Windows version resource (Explorer's Details tab; what IT inventories read)."""
    version = app_version()
    numbers = [int(part) for part in version.split(".")[:4] if part.isdigit()]
    tuple4 = tuple([*numbers, 0, 0, 0, 0][:4])
    path = folder / "version_info.txt"
    path.write_text(VERSION_INFO.format(version=version, tuple4=tuple4), encoding="utf-8")
    return path


def build(dist: Path = DIST, work: Path = WORK) -> Path:
    work.mkdir(parents=True, exist_ok=True)
    env = dict(
        os.environ,
        BCPRIMARY_REPO=str(REPO),
        BCPRIMARY_VERSION_FILE=str(write_version_info(work)),
    )
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable, "-m", "PyInstaller", str(HERE / "bcprimary.spec"),
            "--noconfirm", "--clean", "--log-level", "WARN",
            "--distpath", str(dist), "--workpath", str(work),
        ],
        check=True,
        cwd=REPO,
        env=env,
    )  # fmt: skip
    folder = dist / NAME
    print(f"Built {folder} in {time.perf_counter() - started:.0f} s")
    print(f"Build size: {folder_mb(folder):.0f} MB (target ≤ {SIZE_TARGET_MB} MB)")
    return folder


def folder_mb(folder: Path) -> float:
    """Size on disk; links (PyInstaller links Qt's libraries on Linux) are counted once."""
    files = (p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return sum(p.stat().st_size for p in files) / 2**20


def executable(folder: Path, name: str) -> Path:
    return folder / (f"{name}.exe" if sys.platform == "win32" else name)


def clean_environment(home: Path) -> dict[str, str]:
    """What a user's session has: no PYTHONPATH, no virtual environment, no source tree;
    the user data and settings folders redirected into ``home``."""
    keep = ("PATH", "SYSTEMROOT", "WINDIR", "TEMP", "TMP", "LANG", "LC_ALL", "USERNAME", "USER")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        LOCALAPPDATA=str(home / "AppData" / "Local"),
        APPDATA=str(home / "AppData" / "Roaming"),
        QT_QPA_PLATFORM="offscreen",
    )
    return env


def check(folder: Path) -> dict[str, float]:
    """Run the built app as a user would, from an empty folder; return the figures."""
    figures = {"size_mb": folder_mb(folder)}
    with tempfile.TemporaryDirectory(prefix="bcprimary frozen ") as temp:
        home = Path(temp)
        env = clean_environment(home)
        window = executable(folder, NAME)
        starts = []
        for _ in range(2):  # the first start is cold (nothing in the OS file cache yet)
            launched = time.time()
            result = subprocess.run(
                [str(window), "gui"],
                env={**env, "BCPRIMARY_SMOKE_TEST": "1", "BCPRIMARY_LAUNCHED_AT": str(launched)},
                cwd=home,
                capture_output=True,
                text=True,
                timeout=120,
            )
            starts.append(time.time() - launched)
            if result.returncode != 0 or "solver check passed" not in result.stdout:
                raise SystemExit(f"The window did not open and close cleanly:\n{_out(result)}")
        figures["cold_start_s"], figures["warm_start_s"] = starts
        plan = home / "plan.xlsx"
        started = time.perf_counter()
        result = subprocess.run(
            [str(executable(folder, "bcprimary")), "demo", "--out", str(plan)],
            env=env,
            cwd=home,
            capture_output=True,
            text=True,
            timeout=600,
        )
        figures["demo_s"] = time.perf_counter() - started
        if result.returncode != 0 or not plan.is_file() or "Solver highs" not in result.stdout:
            raise SystemExit(f"demo did not solve and export:\n{_out(result)}")
    print(
        f"Frozen build: {figures['size_mb']:.0f} MB (target ≤ {SIZE_TARGET_MB} MB); "
        f"start to shown window {figures['cold_start_s']:.2f} s cold, "
        f"{figures['warm_start_s']:.2f} s warm (target ≤ {COLD_START_TARGET_S:.0f} s); "
        f"demo (import, solve with HiGHS in a child process, export) {figures['demo_s']:.1f} s"
    )
    return figures


def _out(result: subprocess.CompletedProcess) -> str:
    return f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="run the built app afterwards")
    parser.add_argument("--check-only", action="store_true", help="check an existing build")
    parser.add_argument("--dist", type=Path, default=DIST, help=f"output folder ({DIST})")
    args = parser.parse_args()
    dist = args.dist.resolve()
    work = WORK if dist == DIST else dist.parent / f"{dist.name}-work"
    folder = dist / NAME if args.check_only else build(dist, work)
    if args.check or args.check_only:
        check(folder)
    if shutil.which("iscc") and sys.platform == "win32":
        print("Inno Setup found: `iscc packaging\\installer.iss` makes the per-user installer.")


if __name__ == "__main__":
    main()
