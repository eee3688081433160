"""Exports: the Excel plan workbook and simple tables."""
