"""The views of the main window, one module per view, each a :class:`~ui.panels.base.Panel`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PanelSpec:
    """A navigation entry; the panel's module is imported the first time it is shown."""

    key: str
    title: str
    module: str
    class_name: str


#: The navigation, in order. Importing a panel's module (and pyqtgraph with it) is deferred
#: until the view is first visited, which keeps the app's cold start short.
PANELS: tuple[PanelSpec, ...] = (
    PanelSpec("overview", "Overview", "ui.panels.overview", "OverviewPanel"),
    PanelSpec("practices", "Practices & PCNs", "ui.panels.practices", "PracticesPanel"),
    PanelSpec("access", "Access", "ui.panels.access", "AccessPanel"),
    PanelSpec("demand", "Demand", "ui.panels.demand", "DemandPanel"),
    PanelSpec("workforce", "Workforce", "ui.panels.workforce", "WorkforcePanel"),
    PanelSpec("dental", "Dental", "ui.panels.dental", "DentalPanel"),
    PanelSpec("scenario", "Scenario", "ui.panels.scenario", "ScenarioPanel"),
    PanelSpec("results", "Results", "ui.panels.results", "ResultsPanel"),
    PanelSpec("compare", "Compare", "ui.panels.compare", "ComparePanel"),
)
