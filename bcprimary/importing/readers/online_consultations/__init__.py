"""Submissions via Online Consultation (OC) Systems in General Practice, by practice."""

from bcprimary.importing.readers.online_consultations.reader import OnlineConsultationsReader

__all__ = ["OnlineConsultationsReader"]
