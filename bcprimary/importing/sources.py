"""Opening what the user hands us: CSV or XLSX files, or ZIPs holding them.

Takes care of the things downloads come with: UTF-8 with or without a byte-order mark, cp1252,
quoted fields with embedded newlines, and ZIPs with folders or stray files in them.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from bcprimary.importing.errors import ImportRejected

DATA_SUFFIXES = {".csv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx"}
#: Largest ZIP member we will unpack (a national appointments month is ~1 GB).
MAX_MEMBER_BYTES = 4 * 1024**3
#: A member that unpacks to more than this many times its packed size is refused (a ZIP bomb).
MAX_COMPRESSION_RATIO = 200
SNIFF_BYTES = 1 << 20


@dataclass(frozen=True)
class InputFile:
    """One data file to import: a file on disk or a member of a ZIP."""

    path: Path
    member: str | None
    kind: str  # "csv" or "xlsx"
    size: int

    @property
    def display_name(self) -> str:
        return f"{self.path.name} › {self.member}" if self.member else self.path.name

    @property
    def name(self) -> str:
        """The data file's own name (the member's name inside a ZIP)."""
        return Path(self.member).name if self.member else self.path.name

    def open_binary(self) -> IO[bytes]:
        if self.member is None:
            return self.path.open("rb")
        archive = zipfile.ZipFile(self.path)
        handle = archive.open(self.member)
        # Keep the archive open for as long as the member is being read.
        handle._bcprimary_archive = archive  # type: ignore[attr-defined]
        return handle

    def sha256(self) -> str:
        digest = hashlib.sha256()
        try:
            with self.open_binary() as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            # A damaged ZIP member fails its CRC check only once it has been read to the end.
            raise ImportRejected(
                self.display_name, f"the ZIP member cannot be read ({exc}); download it again"
            ) from exc
        return digest.hexdigest()


def expand_inputs(path: Path) -> list[InputFile]:
    """The data files in ``path``: the file itself, or every CSV/XLSX member of a ZIP."""
    path = Path(path)
    display = path.name
    if not path.exists():
        raise ImportRejected(display, "the file does not exist")
    if path.is_dir():
        raise ImportRejected(display, "this is a folder; choose the files inside it")
    size = path.stat().st_size
    if size == 0:
        raise ImportRejected(display, "the file is empty (0 bytes)")
    if zipfile.is_zipfile(path) and not _is_workbook(path):
        return _zip_members(path)
    kind = DATA_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        kind = "xlsx" if _is_workbook(path) else _kind_from_content(path)
    return [InputFile(path, None, kind, size)]


def _is_workbook(path: Path) -> bool:
    """An .xlsx is itself a ZIP: tell a workbook from a ZIP of data files by its parts."""
    try:
        with zipfile.ZipFile(path) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _kind_from_content(path: Path) -> str:
    with path.open("rb") as handle:
        start = handle.read(8)
    if start.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRejected(
            path.name, "this is an old-style Excel .xls workbook; save it as .xlsx or CSV"
        )
    if start.startswith(b"%PDF"):
        raise ImportRejected(path.name, "this is a PDF, not a data file")
    return "csv"


def _zip_members(path: Path) -> list[InputFile]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise ImportRejected(path.name, f"the ZIP file is damaged ({exc})") from exc
    members = []
    with archive:
        for info in archive.infolist():
            name = info.filename
            if info.is_dir() or "__MACOSX" in name or Path(name).name.startswith("."):
                continue
            kind = DATA_SUFFIXES.get(Path(name).suffix.lower())
            if kind is None:
                continue
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > MAX_MEMBER_BYTES or ratio > MAX_COMPRESSION_RATIO:
                raise ImportRejected(
                    f"{path.name} › {name}",
                    f"the member unpacks to {info.file_size:,} bytes "
                    f"({ratio:,.0f} times its packed size); the limit is "
                    f"{MAX_MEMBER_BYTES:,} bytes and {MAX_COMPRESSION_RATIO} times. "
                    "Unpack it yourself if you trust it.",
                )
            if info.file_size == 0:
                raise ImportRejected(f"{path.name} › {name}", "the file is empty (0 bytes)")
            members.append(InputFile(path, name, kind, info.file_size))
    if not members:
        raise ImportRejected(path.name, "the ZIP holds no CSV or XLSX data file")
    return members


# --- text -----------------------------------------------------------------------------------


def detect_encoding(source: InputFile) -> str:
    """``utf-8-sig`` when the start of the file is valid UTF-8 (with or without BOM), else cp1252.

    UTF-16 files (Excel's "Unicode text") are refused with a message saying how to re-save.
    """
    with source.open_binary() as handle:
        start = handle.read(SNIFF_BYTES)
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in start[:4096]:
        raise ImportRejected(
            source.display_name,
            "the file is not text in UTF-8 or Windows-1252 (it looks like UTF-16 or binary); "
            "in Excel use Save As → 'CSV UTF-8 (Comma delimited)'",
        )
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(start, final=False)  # a multi-byte character may be cut at the end
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def open_text(source: InputFile, encoding: str | None = None) -> io.TextIOWrapper:
    """The file as text with universal newlines kept inside quoted fields (``newline=''``)."""
    encoding = encoding or detect_encoding(source)
    return io.TextIOWrapper(source.open_binary(), encoding=encoding, newline="")


def read_csv_head(source: InputFile, rows: int = 1) -> list[list[str]]:
    """The first ``rows`` records of a CSV, properly parsed (quoted newlines and all)."""
    try:
        with open_text(source) as text:
            reader = csv.reader(text)
            head = []
            for record in reader:
                head.append(record)
                if len(head) >= rows:
                    break
    except UnicodeDecodeError as exc:
        raise ImportRejected(
            source.display_name, f"the file cannot be read as text ({exc.reason})"
        ) from exc
    except csv.Error as exc:
        raise ImportRejected(source.display_name, f"the file is not valid CSV ({exc})") from exc
    return head


def normalise_header(name: object) -> str:
    """Header text compared without case, BOM, line breaks or repeated spaces."""
    text = "" if name is None else str(name)
    text = text.replace("\ufeff", "").replace("\n", " ").replace("\r", " ")
    return " ".join(text.split()).upper()
