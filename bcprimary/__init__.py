"""BC Primary Care Planner core: data, analysis, scenarios and exports. Never imports Qt."""

__version__ = "0.1.0"
