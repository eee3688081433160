"""Which reader handles a file: every reader module (or package) in
``bcprimary.importing.readers`` is asked in turn whether the file's head has its dataset's shape."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

import openpyxl

from bcprimary.importing import readers
from bcprimary.importing.base import DatasetReader, FileHead
from bcprimary.importing.errors import ImportRejected
from bcprimary.importing.sources import InputFile, detect_encoding, read_csv_head

HEAD_RECORDS = 3
HEAD_SHEET_ROWS = 15


@cache
def all_readers() -> tuple[type[DatasetReader], ...]:
    found: list[type[DatasetReader]] = []
    for module in pkgutil.iter_modules(readers.__path__):
        loaded = importlib.import_module(f"{readers.__name__}.{module.name}")
        for value in vars(loaded).values():
            if (
                isinstance(value, type)
                and issubclass(value, DatasetReader)
                and value is not DatasetReader
                and _defined_in(value, loaded.__name__)
                and getattr(value, "dataset", None)
            ):
                found.append(value)
    return tuple(sorted(found, key=lambda r: r.dataset))


def _defined_in(reader: type, module: str) -> bool:
    """Defined in ``module`` itself or, for a reader package, in one of its modules."""
    return reader.__module__ == module or reader.__module__.startswith(module + ".")


def read_head(source: InputFile) -> FileHead:
    if source.kind == "xlsx":
        return FileHead(kind="xlsx", sheets=_sheet_heads(source))
    encoding = detect_encoding(source)
    records = read_csv_head(source, HEAD_RECORDS)
    if not records or not any(cell.strip() for cell in records[0]):
        raise ImportRejected(source.display_name, "the file has no header row or no rows at all")
    return FileHead(kind="csv", encoding=encoding, records=records)


def _sheet_heads(source: InputFile) -> dict[str, list[list[object]]]:
    try:
        with source.open_binary() as handle:
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
            try:
                for sheet in workbook.worksheets:
                    sheet.reset_dimensions()  # a claimed used range of XFD1048576 pads rows
                return {
                    sheet.title: [
                        list(row)
                        for row in sheet.iter_rows(max_row=HEAD_SHEET_ROWS, values_only=True)
                    ]
                    for sheet in workbook.worksheets
                }
            finally:
                workbook.close()
    except ImportRejected:
        raise
    except Exception as exc:  # openpyxl raises many types for damaged workbooks
        raise ImportRejected(
            source.display_name, f"the workbook cannot be opened ({type(exc).__name__}: {exc})"
        ) from exc


def detect(source: InputFile, head: FileHead) -> DatasetReader:
    matching = [reader for reader in all_readers() if reader.matches(head)]
    if not matching:
        what = (
            f"the header starts {', '.join(head.records[0][:6])}"
            if head.kind == "csv" and head.records
            else f"sheets: {', '.join(head.sheets)}"
        )
        known = "; ".join(reader.title for reader in all_readers())
        raise ImportRejected(
            source.display_name,
            f"this is not a file the app recognises ({what}). It reads: {known}.",
        )
    if len(matching) > 1:
        raise ImportRejected(
            source.display_name,
            "the file looks like more than one dataset: "
            + ", ".join(reader.title for reader in matching),
        )
    return matching[0]()
