"""Database: typed models, opening/migrating, reference tables, bulk writes and queries."""

from bcprimary.db.engine import Database, database_url, open_database

__all__ = ["Database", "database_url", "open_database"]
