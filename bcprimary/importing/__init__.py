"""Importing the published NHS files: detection, validation, one transaction per file."""

from bcprimary.importing.errors import ImportIssue, ImportRejected
from bcprimary.importing.pipeline import ImportOutcome, import_files, import_source

__all__ = ["ImportIssue", "ImportOutcome", "ImportRejected", "import_files", "import_source"]
