"""NHS England (Midlands) primary care dental contract list: the reader and its sheet layout."""

from bcprimary.importing.readers.dental.reader import DentalContractsReader

__all__ = ["DentalContractsReader"]
