"""Practice → PCN membership from three publications: the readers (``reader``) and the reading
and checking of the two ODS files behind them (``sources``)."""

from bcprimary.importing.readers.pcn_map.reader import (
    EpcnReader,
    EpraccurReader,
    PracticePcnMapReader,
)

__all__ = ["EpcnReader", "EpraccurReader", "PracticePcnMapReader"]
