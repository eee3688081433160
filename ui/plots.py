"""Chart building blocks on pyqtgraph: the deprivation palette, bar charts, scatter, trend.

Every chart has axis labels and a legend, and keeps its data in plain pyqtgraph items so that
tests can read it back (``BarGraphItem.opts``, ``PlotDataItem.getData()``) instead of pixels.
The IMD quintile palette is viridis, which stays distinguishable for the common forms of colour
blindness and in greyscale; quintile 1 (most deprived) is the darkest.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont

from bcprimary import glossary
from ui.formatting import is_missing

#: IMD quintile → colour; 1 = most deprived (dark purple) … 5 = least deprived (yellow).
QUINTILE_COLOURS: dict[int, str] = {
    1: "#440154",
    2: "#3b528b",
    3: "#21918c",
    4: "#5ec962",
    5: "#fde725",
}
NO_QUINTILE_COLOUR = "#9e9e9e"
QUINTILE_NAMES: dict[int, str] = {
    1: "IMD Q1 most deprived",
    2: "IMD Q2",
    3: "IMD Q3",
    4: "IMD Q4",
    5: "IMD Q5 least deprived",
}
TARGET_COLOUR = "#d55e00"  # Okabe–Ito vermillion: stands out from the viridis bars
FIT_COLOUR = "#cc79a7"
LINE_COLOUR = "#0072b2"
OUTLINE = pg.mkPen("#333333", width=0.5)
#: Okabe–Ito colours for series that are not quintiles (scenarios, plans, staff groups).
SERIES_COLOURS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442")
#: The optimised plan and its baselines, the same colour on every chart.
PLAN_COLOURS = {
    glossary.label("plan.optimised"): "#0072b2",
    glossary.label("plan.fair_shares"): "#e69f00",
    glossary.label("plan.greedy"): "#009e73",
}


class NumberAxis(pg.AxisItem):
    """An axis that writes 1,500 rather than 1500, and never rescales to '(x1e+06)'."""

    def __init__(self, orientation: str, **kwargs: object) -> None:
        super().__init__(orientation, **kwargs)
        self.enableAutoSIPrefix(False)

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        if spacing >= 1:
            return [f"{value * scale:,.0f}" for value in values]
        return super().tickStrings(values, scale, spacing)


def configure_pyqtgraph() -> None:
    """Light background and antialiasing, set once before the first plot is made."""
    pg.setConfigOptions(background="w", foreground="#222222", antialias=True)


def quintile_colour(quintile: object) -> str:
    try:
        return QUINTILE_COLOURS.get(int(quintile), NO_QUINTILE_COLOUR)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return NO_QUINTILE_COLOUR


def new_plot(
    title: str,
    x_label: str,
    y_label: str,
    axis_items: dict | None = None,
    legend_columns: int = 3,
) -> pg.PlotWidget:
    """A white plot with a title, labelled axes, a light grid and a legend below the axes.

    The legend sits under the plot rather than inside it, so it never hides a bar or a point.
    """
    axes = {"left": NumberAxis("left"), "bottom": NumberAxis("bottom"), **(axis_items or {})}
    plot = pg.PlotWidget(axisItems=axes)
    plot.setTitle(title, size="11pt")
    plot.setLabel("bottom", x_label)
    plot.setLabel("left", y_label)
    plot.showGrid(x=True, y=True, alpha=0.15)
    plot.setMenuEnabled(False)
    _add_export_action(plot, title)
    legend = pg.LegendItem(colCount=legend_columns, labelTextSize="8pt", horSpacing=12)
    # Spanning the left axis column too, so a wide legend does not push the plot off-screen.
    plot.plotItem.layout.addItem(legend, 4, 0, 1, 2)
    plot.plotItem.legend = legend  # items added with a name now appear in it
    font = QFont()
    font.setPointSize(9)
    for axis in ("left", "bottom"):
        plot.getAxis(axis).setTickFont(font)
    return plot


def _add_export_action(plot: pg.PlotWidget, title: str) -> None:
    """Right-click → 'Export chart as PNG…' (through the safe writer)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction

    from ui import view_export

    plot.export_action = QAction("Export chart as PNG…", plot)
    plot.export_action.triggered.connect(
        lambda: view_export.ask_and_export_png(plot, plot, title or "chart")
    )
    plot.addAction(plot.export_action)
    plot.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)


def clear_plot(plot: pg.PlotWidget) -> None:
    plot.clear()
    legend = plot.plotItem.legend
    if legend is not None:
        legend.clear()


def quintile_bars(
    plot: pg.PlotWidget,
    names: Sequence[str],
    values: Sequence[float],
    quintiles: Sequence[object],
) -> list[pg.BarGraphItem]:
    """Horizontal bars, one per unit (top = first), one bar item per quintile for the legend.

    Long PCN names stay readable on the vertical axis, which horizontal text on a bottom axis
    would not allow for 27 bars.
    """
    positions = np.arange(len(names))[::-1].astype(float)  # first row at the top
    items: list[pg.BarGraphItem] = []
    groups = sorted({_quintile_key(q) for q in quintiles}, key=lambda q: (q is None, q))
    for quintile in groups:
        mask = np.array([_quintile_key(q) == quintile for q in quintiles])
        colour = QColor(quintile_colour(quintile))
        item = pg.BarGraphItem(
            x0=np.zeros(mask.sum()),
            y=positions[mask],
            width=np.asarray(values, dtype=float)[mask],
            height=0.7,
            brush=colour,
            pen=OUTLINE,
            name=QUINTILE_NAMES.get(quintile, "No IMD score") if quintile else "No IMD score",
        )
        plot.addItem(item)
        items.append(item)
    ticks = [(float(p), shorten_label(n)) for p, n in zip(positions, names, strict=True)]
    plot.getAxis("left").setTicks([ticks])
    plot.setYRange(-0.7, len(names) - 0.3, padding=0)
    return items


def target_line(
    plot: pg.PlotWidget, value: float, span: tuple[float, float], label: str
) -> pg.PlotDataItem:
    """A dashed vertical line at ``value`` across ``span`` (bars are horizontal), in the legend."""
    pen = pg.mkPen(TARGET_COLOUR, width=2, style=pg.QtCore.Qt.PenStyle.DashLine)
    line = pg.PlotDataItem([value, value], list(span), pen=pen, name=label)
    plot.addItem(line)
    return line


def scatter_with_fit(
    plot: pg.PlotWidget,
    x: Sequence[float],
    y: Sequence[float],
    quintiles: Sequence[object],
    tips: Sequence[str],
) -> tuple[pg.ScatterPlotItem, pg.PlotDataItem | None]:
    """Points coloured by quintile and a least-squares line through them (if ≥ 3 points)."""
    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=float)
    ok = np.isfinite(xs) & np.isfinite(ys)
    # One brush per colour, shared: pyqtgraph then draws each symbol once, not once per PCN.
    brushes = {
        colour: pg.mkBrush(colour) for colour in {*QUINTILE_COLOURS.values(), NO_QUINTILE_COLOUR}
    }
    spots = [
        {
            "pos": (float(xs[i]), float(ys[i])),
            "brush": brushes[quintile_colour(quintiles[i])],
            "data": tips[i],
        }
        for i in np.flatnonzero(ok)
    ]
    scatter = pg.ScatterPlotItem(size=10, pen=OUTLINE, hoverable=True, tip=_spot_tip)
    scatter.addPoints(spots)
    plot.addItem(scatter)
    for quintile in sorted({_quintile_key(quintiles[i]) for i in np.flatnonzero(ok)} - {None}):
        sample = pg.ScatterPlotItem(size=10, pen=OUTLINE, brush=quintile_colour(quintile))
        plot.plotItem.legend.addItem(sample, QUINTILE_NAMES[quintile])
    fit = None
    if ok.sum() >= 3 and np.ptp(xs[ok]) > 0:
        slope, intercept = np.polyfit(xs[ok], ys[ok], 1)
        ends = np.array([xs[ok].min(), xs[ok].max()])
        fit = pg.PlotDataItem(
            ends,
            intercept + slope * ends,
            pen=pg.mkPen(FIT_COLOUR, width=2),
            name=f"Fitted line {slope:+.1f} per IMD point",
        )
        plot.addItem(fit)
    return scatter, fit


def _spot_tip(x: float, y: float, data: object) -> str:
    return f"{data}\nIMD score {x:.1f}\n{y:,.1f} per 1,000 weighted"


def quintile_name(quintile: object) -> str:
    """'IMD Q1 most deprived' … or 'No IMD score'."""
    return QUINTILE_NAMES.get(_quintile_key(quintile), "No IMD score")  # type: ignore[arg-type]


def _quintile_key(quintile: object) -> int | None:
    try:
        value = int(quintile)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return value if value in QUINTILE_COLOURS else None


def unit_label(code: object, name: object, limit: int = 34) -> str:
    """'NAME (CODE)' short enough for an axis: the name is cut, never the code.

    Without a known name, the code alone. The ' PCN' every PCN name ends with is dropped.
    """
    if is_missing(name) or not str(name).strip():
        return str(code)
    text = " ".join(str(name).split())
    text = text[:-4] if text.upper().endswith(" PCN") else text
    room = max(limit - len(str(code)) - 3, 8)
    if len(text) > room:
        text = text[: room - 1].rstrip() + "…"
    return f"{text} ({code})"


def shorten_label(name: str, limit: int = 34) -> str:
    """One line of at most ``limit`` characters."""
    name = " ".join(str(name).split())
    return name if len(name) <= limit else name[: limit - 1] + "…"


def category_bars(
    plot: pg.PlotWidget,
    labels: Sequence[str],
    values: Sequence[float],
    colours: Sequence[str],
    value_text: Sequence[str] | None = None,
    legend: bool = True,
) -> list[pg.BarGraphItem]:
    """One horizontal bar per category (top = first), in the legend under its label.

    ``value_text`` is written just past the end of each bar, so the figure can be read without
    the grid. ``legend=False`` when another chart beside this one already names the colours.
    """
    positions = np.arange(len(labels))[::-1].astype(float)
    items = []
    for position, label, value, colour in zip(positions, labels, values, colours, strict=True):
        width = 0.0 if is_missing(value) else float(value)
        item = pg.BarGraphItem(
            x0=[0.0],
            y=[position],
            width=[width],
            height=0.6,
            brush=colour,
            pen=OUTLINE,
            name=label if legend else None,
        )
        plot.addItem(item)
        items.append(item)
    if value_text is not None:
        for position, value, text in zip(positions, values, value_text, strict=True):
            label = pg.TextItem(text, color="#222222", anchor=(0, 0.5))
            label.setPos(0.0 if is_missing(value) else float(value), position)
            plot.addItem(label)
    ticks = [(float(p), shorten_label(t)) for p, t in zip(positions, labels, strict=True)]
    plot.getAxis("left").setTicks([ticks])
    plot.setYRange(-0.6, len(labels) - 0.4, padding=0)
    finite = [float(v) for v in values if not is_missing(v)]
    # Room on the right for the value labels.
    plot.setXRange(0, max(finite, default=1.0) * 1.25 or 1.0, padding=0)
    return items


def grouped_bars(
    plot: pg.PlotWidget,
    categories: Sequence[str],
    series: dict[str, Sequence[float]],
) -> dict[str, pg.BarGraphItem]:
    """Vertical bars: one group per category, one bar (and legend entry) per series."""
    count = max(len(series), 1)
    width = 0.8 / count
    x = np.arange(len(categories), dtype=float)
    items = {}
    for number, (name, values) in enumerate(series.items()):
        heights = np.array([0.0 if is_missing(v) else float(v) for v in values])
        item = pg.BarGraphItem(
            x=x - 0.4 + width * (number + 0.5),
            height=heights,
            width=width * 0.92,
            brush=SERIES_COLOURS[number % len(SERIES_COLOURS)],
            pen=OUTLINE,
            name=name,
        )
        plot.addItem(item)
        items[name] = item
    plot.getAxis("bottom").setTicks([[(float(i), str(c)) for i, c in enumerate(categories)]])
    plot.setXRange(-0.6, len(categories) - 0.4, padding=0)
    return items


def plain_numbers(plot: pg.PlotWidget, *axes: str) -> None:
    """Show the axis numbers as they are: no '(x1e+06)' scaling that nobody reads."""
    for axis in axes:
        plot.getAxis(axis).enableAutoSIPrefix(False)


# --- long category charts: a scrolling window, hover values, clicks, top/bottom N -----------

#: How many bars a category chart shows at once; the rest scroll into view (wheel or drag).
VISIBLE_BARS = 30
#: The "Show" choices of a category chart: all, or the top/bottom N by the chart's value.
SHOW_CHOICES: dict[str, tuple[str, int] | None] = {
    "All": None,
    "Top 25": ("top", 25),
    "Bottom 25": ("bottom", 25),
    "Top 10": ("top", 10),
    "Bottom 10": ("bottom", 10),
}


def pick_rows(frame, column: str, choice: tuple[str, int] | None):
    """``frame`` sorted by ``column`` (largest first), cut to the top or bottom N if chosen."""
    ordered = frame.sort_values(column, ascending=False, na_position="last")
    if choice is None:
        return ordered
    end, count = choice
    if end == "top":
        return ordered.head(count)
    return ordered.dropna(subset=[column]).tail(count)


def scroll_window(plot: pg.PlotWidget, count: int, visible: int = VISIBLE_BARS) -> None:
    """Show the first ``visible`` of ``count`` horizontal bars; the wheel scrolls the rest.

    Horizontal zoom and pan stay off: the value axis keeps its scale while scrolling.
    """
    box = plot.getViewBox()
    box.setMouseEnabled(x=False, y=count > visible)
    box.setLimits(yMin=-1.0, yMax=max(count, 1) + 0.0, minYRange=min(count, 5), maxYRange=None)
    if count > visible:
        plot.setYRange(count - visible - 0.5, count - 0.5, padding=0)


class BarPicker:
    """Hover values and clicks on horizontal bars drawn with the first row at the top.

    ``tips[i]`` is what hovering over row ``i`` shows; ``codes[i]`` what a click on it reports
    to ``on_click`` (e.g. a PCN code, to open its practices).
    """

    def __init__(
        self,
        plot: pg.PlotWidget,
        tips: Sequence[str],
        codes: Sequence[str] | None = None,
        on_click=None,
    ) -> None:
        self.plot = plot
        self.tips = list(tips)
        self.codes = list(codes) if codes is not None else None
        self.on_click = on_click
        self.hover_text = ""
        plot.scene().sigMouseMoved.connect(self._moved)
        plot.scene().sigMouseClicked.connect(self._clicked)

    def detach(self) -> None:
        for signal, slot in (
            (self.plot.scene().sigMouseMoved, self._moved),
            (self.plot.scene().sigMouseClicked, self._clicked),
        ):
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)

    def row_at(self, y: float) -> int | None:
        """The row whose bar is at height ``y`` in data coordinates (None between bars)."""
        count = len(self.tips)
        position = round(y)
        if abs(y - position) > 0.45 or not 0 <= position < count:
            return None
        return count - 1 - position

    def tip_at(self, y: float) -> str:
        row = self.row_at(y)
        return self.tips[row] if row is not None else ""

    def code_at(self, y: float) -> str | None:
        row = self.row_at(y)
        return self.codes[row] if row is not None and self.codes else None

    def _moved(self, scene_pos) -> None:
        box = self.plot.getViewBox()
        if not box.sceneBoundingRect().contains(scene_pos):
            return
        point = box.mapSceneToView(scene_pos)
        self.hover_text = self.tip_at(point.y())
        self.plot.setToolTip(self.hover_text)

    def _clicked(self, event) -> None:
        if self.on_click is None or event.button() != pg.QtCore.Qt.MouseButton.LeftButton:
            return
        box = self.plot.getViewBox()
        if not box.sceneBoundingRect().contains(event.scenePos()):
            return
        code = self.code_at(box.mapSceneToView(event.scenePos()).y())
        if code:
            self.on_click(code)


def single_month_range(plot: pg.PlotWidget, times: Sequence[float]) -> None:
    """With one month of data, show a month either side, so the date axis reads as dates
    (a range of one point makes the axis count seconds)."""
    if len(times) and max(times) - min(times) < 40 * 86400:
        middle = (max(times) + min(times)) / 2
        plot.setXRange(middle - 40 * 86400, middle + 40 * 86400, padding=0)
