"""Appointments in General Practice, practice-level crosstab: the reader and its helpers.

``labels`` and ``store`` keep the crosstab's dimension labels as small integer codes,
``checks`` validates each chunk, ``streaming`` (with ``chunks`` and ``parse_worker``) reads a
national month in chunks with flat memory.
"""

from bcprimary.importing.readers.appointments.reader import AppointmentsReader

__all__ = ["AppointmentsReader"]
