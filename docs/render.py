"""Developer tooling: recalculate and render a plan workbook with LibreOffice (not used by the app).

The app never shells out; this module exists for the tests (a real spreadsheet engine must
recalculate the Allocation formulas and agree with the solver) and for the documentation
(a picture of each sheet, to look at and to show in the README). It needs LibreOffice
(``soffice``) and, for pictures, ``pdftoppm`` from poppler-utils.

    python -m docs.render plan.xlsx --out docs/screenshots

Each run uses a private LibreOffice profile, so parallel runs do not clash and a user's own
LibreOffice settings never change the result; the profile asks LibreOffice to recalculate
every formula on load instead of trusting cached values.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl

#: LibreOffice settings: always recalculate .xlsx (and .ods) formulas on load.
_RECALC_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


class RenderError(RuntimeError):
    """LibreOffice or pdftoppm is missing or failed."""


def find_soffice() -> str | None:
    """Path of the LibreOffice binary, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _profile(folder: Path) -> str:
    user = folder / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(_RECALC_SETTINGS, encoding="utf-8")
    return f"-env:UserInstallation={folder.resolve().as_uri()}"


def convert(source: Path, target_format: str, out_dir: Path, timeout: float = 180) -> Path:
    """``soffice --headless --convert-to`` into `out_dir`; returns the file written."""
    soffice = find_soffice()
    if soffice is None:
        raise RenderError("LibreOffice (soffice) is not installed.")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bcp-lo-profile-") as profile:
        command = [
            soffice,
            _profile(Path(profile)),
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            target_format,
            "--outdir",
            str(out_dir),
            str(source),
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    extension = target_format.split(":")[0]
    written = out_dir / f"{source.stem}.{extension}"
    if done.returncode != 0 or not written.exists():
        raise RenderError(f"LibreOffice could not convert {source.name}: {done.stderr.strip()}")
    return written


def recalculate(workbook: Path, out_dir: Path) -> Path:
    """A copy of `workbook` saved by LibreOffice after recalculating every formula."""
    return convert(workbook, "xlsx", out_dir)


def to_pdf(workbook: Path, out_dir: Path, one_page_per_sheet: bool = False) -> Path:
    """The workbook printed to PDF (print areas and page set-up), or one page per sheet."""
    target = "pdf"
    if one_page_per_sheet:
        options = {"SinglePageSheets": {"type": "boolean", "value": "true"}}
        target = f"pdf:calc_pdf_Export:{json.dumps(options)}"
    return convert(workbook, target, out_dir)


def pdf_to_png(pdf: Path, out_dir: Path, dpi: int = 110) -> list[Path]:
    """One PNG per PDF page (``<stem>-<n>.png``)."""
    if shutil.which("pdftoppm") is None:
        raise RenderError("pdftoppm (poppler-utils) is not installed.")
    out_dir.mkdir(parents=True, exist_ok=True)
    prefix = out_dir / pdf.stem
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True)
    return sorted(out_dir.glob(f"{pdf.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def render_sheets(workbook: Path, out_dir: Path, dpi: int = 110) -> dict[str, Path]:
    """One PNG per visible sheet, named after the sheet (``Summary.png``…)."""
    names = [
        sheet.title
        for sheet in openpyxl.load_workbook(workbook, read_only=True).worksheets
        if sheet.sheet_state == "visible"
    ]
    with tempfile.TemporaryDirectory(prefix="bcp-render-") as work:
        pdf = to_pdf(workbook, Path(work), one_page_per_sheet=True)
        pages = pdf_to_png(pdf, Path(work) / "pages", dpi)
        out_dir.mkdir(parents=True, exist_ok=True)
        rendered = {}
        for name, page in zip(names, pages, strict=False):
            target = out_dir / f"{name.replace(' ', '_')}.png"
            shutil.copyfile(page, target)
            rendered[name] = target
    return rendered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbook", type=Path)
    parser.add_argument("--out", type=Path, default=Path("rendered"))
    parser.add_argument("--dpi", type=int, default=110)
    parser.add_argument("--pdf", action="store_true", help="also write the printed PDF")
    args = parser.parse_args()
    for name, path in render_sheets(args.workbook, args.out, args.dpi).items():
        print(f"{name:<14} {path}")
    if args.pdf:
        print(f"printed PDF    {to_pdf(args.workbook, args.out)}")


if __name__ == "__main__":
    main()
