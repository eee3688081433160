"""Cloud Based Telephony data in General Practice: call outcomes and answer times by practice."""

from bcprimary.importing.readers.telephony.reader import TelephonyReader

__all__ = ["TelephonyReader"]
