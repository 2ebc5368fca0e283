"""Charts of the statistics, drawn with matplotlib: one Figure per Chart, the same figure the
window shows (on a Qt canvas) and ``annotator stats`` saves as PNG and SVG.

Figures are made with ``matplotlib.figure.Figure`` directly, never pyplot: no global state, no
GUI backend chosen here, so the command line needs no display and the window embeds the figure.
Text is set as text (``svg.fonttype = none``), so labels in an SVG stay searchable and editable.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from annotator.analysis.statistics import Chart, Statistic

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# Colour-blind-safe (Okabe–Ito), in series order; stances get fixed colours so support is the
# same green in every chart.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
FIXED = {
    "support": "#009E73",
    "oppose": "#D55E00",
    "neutral": "#999999",
    "(none)": "#DDDDDD",
    "done": "#009E73",
    "in_progress": "#E69F00",
    "new": "#DDDDDD",
    "skipped": "#999999",
    "finished": "#009E73",
    "remaining": "#DDDDDD",
}
MAX_CATEGORIES = 40  # beyond this a bar chart shows the first 40 (the table has them all)
MIN_SLOTS = 6  # room for this many bars at least


def figure(statistic: Statistic, width: float = 8.0, height: float | None = None) -> Figure:
    """Return the statistic's chart as a matplotlib Figure (inches; height from the data)."""
    from matplotlib.figure import Figure

    chart = statistic.chart
    shown = min(len(chart.categories), MAX_CATEGORIES)
    if height is None:
        height = max(3.0, 0.28 * shown + 1.6) if chart.horizontal else 4.5
    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.add_subplot()
    axes.set_title(statistic.table.title, fontsize=11, loc="left")
    if not chart.categories or not chart.series:
        axes.text(0.5, 0.5, "Nothing coded yet", ha="center", va="center", color="#666666")
        axes.set_axis_off()
        return fig
    if chart.kind == "lines":
        _lines(axes, chart)
    else:
        _bars(axes, chart, shown)
    if len(chart.series) > 1:
        axes.legend(fontsize=8, frameon=False, loc="best")
    from matplotlib.ticker import MaxNLocator

    # Counts: whole-number ticks (no "0.25 marks").
    value_axis = axes.xaxis if chart.horizontal else axes.yaxis
    value_axis.set_major_locator(MaxNLocator(integer=True))
    axes.spines[["top", "right"]].set_visible(False)
    return fig


def save(statistic: Statistic, folder: Path) -> list[Path]:
    """Write the statistic's chart as ``KEY.png`` and ``KEY.svg`` into a folder; return them."""
    return [save_as(statistic, folder / f"{statistic.key}.{suffix}") for suffix in ("png", "svg")]


def save_as(statistic: Statistic, path: Path) -> Path:
    """Write the statistic's chart to a file, PNG or SVG by its suffix; return the path."""
    import matplotlib

    svg = path.suffix.lower() == ".svg"
    # No date in an SVG and a fixed hash salt: the same chart is the same file every time.
    metadata = {"Date": None} if svg else {"Software": "annotator"}
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": statistic.key}):
        figure(statistic).savefig(path, dpi=150, metadata=metadata, format="svg" if svg else "png")
    return path


def colour(name: str, index: int) -> str:
    """Return a series' colour: fixed for stances and statuses, else the palette's."""
    return FIXED.get(name, PALETTE[index % len(PALETTE)])


def _lines(axes: Axes, chart: Chart) -> None:
    positions = range(len(chart.categories))
    for index, (name, values) in enumerate(chart.series.items()):
        axes.plot(
            positions, values, marker="o", markersize=3, label=name, color=colour(name, index)
        )
    _category_ticks(axes, chart.categories, vertical=False)
    axes.set_xlabel(chart.x_label)
    axes.set_ylabel(chart.y_label)
    axes.set_ylim(bottom=0)


def _bars(axes: Axes, chart: Chart, shown: int) -> None:
    categories = list(chart.categories[:shown])
    positions = list(range(shown))
    names = list(chart.series)
    bar = axes.barh if chart.horizontal else axes.bar
    if chart.kind == "stacked":
        base = [0.0] * shown
        for index, name in enumerate(names):
            values = list(chart.series[name][:shown])
            offset = {"left": base} if chart.horizontal else {"bottom": base}
            bar(positions, values, 0.7, label=name, color=colour(name, index), **offset)
            base = [b + v for b, v in zip(base, values, strict=True)]
    else:
        width = 0.8 / max(len(names), 1)
        for index, name in enumerate(names):
            moved = [p - 0.4 + width * (index + 0.5) for p in positions]
            bar(
                moved,
                list(chart.series[name][:shown]),
                width,
                label=name,
                color=colour(name, index),
            )
    slots = max(shown, MIN_SLOTS) - 0.5  # a bar or two stay bar-thick, not a wall
    if chart.horizontal:
        axes.set_yticks(positions, categories, fontsize=8)
        axes.set_ylim(slots, -0.5)  # the first category on top, as the table reads
        axes.set_xlabel(chart.x_label or chart.y_label)
    else:
        _category_ticks(axes, categories, vertical=True)
        axes.set_xlim(-0.5, slots)
        axes.set_ylabel(chart.y_label or chart.x_label)


def _category_ticks(axes: Axes, categories: list[str] | tuple[str, ...], vertical: bool) -> None:
    """Label the x axis with categories, thinned to at most ~16 labels so they stay legible."""
    step = max(1, len(categories) // 16)
    ticks = list(range(0, len(categories), step))
    rotation = 45 if vertical or len(categories) > 6 else 0
    axes.set_xticks(
        ticks,
        [categories[i] for i in ticks],
        rotation=rotation,
        ha="right" if rotation else "center",
        fontsize=8,
    )
