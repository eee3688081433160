"""How the app's reference tables in ``resources/`` were derived from published data."""
