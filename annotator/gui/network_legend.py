"""What the Network view's colours, shapes and widths mean: the legend beside the graph, and
the colour rules the drawing uses (one home, so the legend cannot say what the graph does not).

The legend is a widget of its own, not part of the scene, so zooming the graph leaves it
readable; its words are painted as plain text, never HTML."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from annotator.analysis.options import NetworkOptions
from annotator.core.text import elide

# Okabe and Ito's colours, told apart by colour-blind readers too.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#F0E442", "#D55E00", "#000000")
POSITIVE, NEGATIVE, NEUTRAL = QColor("#009E73"), QColor("#D55E00"), QColor("#8a8a8a")
PLAIN_TIE = QColor("#6f8aa6")  # a tie whose weight says nothing of stances
TOPIC_FILL, TOPIC_EDGE = QColor("#dddddd"), QColor("#555555")
NO_TYPE = "(no type)"


@dataclass(frozen=True)
class LegendEntry:
    """One line of the legend: a swatch (circle, square or line) in a colour, and its words."""

    shape: str  # "circle", "square", "line" or "" (words only)
    colour: QColor
    text: str


def type_colours(types: Iterable[str]) -> dict[str, QColor]:
    """Give each actor type a colour of the palette, in order of the types' names."""
    ordered = sorted(set(types), key=lambda t: (t.casefold(), t))
    return {t: QColor(PALETTE[i % len(PALETTE)]) for i, t in enumerate(ordered)}


def tie_colour(weight: float, options: NetworkOptions) -> QColor:
    """Return a tie's colour: its sign where the weight weighs stances, else a plain one."""
    aggregation = options.qualifier_aggregation
    if aggregation in ("ignore", "combine"):
        return PLAIN_TIE
    if aggregation == "conflict":  # its weights count conflict, positive as they are
        return NEGATIVE
    return POSITIVE if weight > 0 else NEGATIVE


def tie_meanings(options: NetworkOptions) -> list[LegendEntry]:
    """Return what the ties' colours mean under these options."""
    aggregation, one_mode = options.qualifier_aggregation, options.network_type == "onemode"
    if aggregation == "ignore":
        what = {
            "onemode": "tie: topics in common",
            "twomode": "tie: claims on the topic",
            "speaker-target": "tie: claims about the target",
        }[options.network_type]
        return [LegendEntry("line", PLAIN_TIE, what)]
    if aggregation == "combine":
        return [LegendEntry("line", PLAIN_TIE, "tie: a combination of stances (hover)")]
    if aggregation == "congruence":
        return [LegendEntry("line", POSITIVE, "agree")]
    if aggregation == "conflict":
        return [LegendEntry("line", NEGATIVE, "conflict")]
    if one_mode:
        return [LegendEntry("line", POSITIVE, "agree"), LegendEntry("line", NEGATIVE, "conflict")]
    return [
        LegendEntry("line", POSITIVE, "more support"),
        LegendEntry("line", NEGATIVE, "more opposition"),
    ]


def legend_entries(
    types: Iterable[str], colours: dict[str, QColor], topics: bool, options: NetworkOptions
) -> list[LegendEntry]:
    """Return the legend of a network with actors of these types (and topic nodes or not)."""
    entries = [
        LegendEntry("circle", colours.get(t, NEUTRAL), elide(t, 30) if t else NO_TYPE)
        for t in sorted(set(types), key=lambda t: (t.casefold(), t))
    ]
    if topics:
        entries.append(LegendEntry("square", TOPIC_FILL, "topic"))
    entries.extend(tie_meanings(options))
    entries.append(LegendEntry("", NEUTRAL, "thicker: heavier tie · bigger: more claims"))
    return entries


class NetworkLegend(QWidget):
    """The legend's entries in a line, wrapped onto more lines when the width runs out."""

    SWATCH, GAP, SPACING, MARGIN = 12, 5, 16, 4

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.entries: list[LegendEntry] = []
        # Its height follows its width (the entries wrap): set on each resize, as a fixed
        # height, since a splitter's pane does not ask its children for height-for-width.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(0)

    def show_entries(self, entries: list[LegendEntry]) -> None:
        """Show these entries."""
        self.entries = list(entries)
        self.setToolTip("\n".join(e.text for e in self.entries))
        self.setAccessibleDescription("; ".join(e.text for e in self.entries))
        self._fit_height()
        self.update()

    def texts(self) -> list[str]:
        """Return the entries' words, in order."""
        return [e.text for e in self.entries]

    def _places(self, width: int) -> tuple[list[QRectF], int]:
        """Return each entry's rectangle when laid out in lines of the width, and the height."""
        metrics = self.fontMetrics()
        line = max(metrics.height(), self.SWATCH) + 2
        x = y = self.MARGIN
        places = []
        for entry in self.entries:
            swatch = self.SWATCH + self.GAP if entry.shape else 0
            wide = swatch + metrics.horizontalAdvance(entry.text)
            if x > self.MARGIN and x + wide > width - self.MARGIN:
                x, y = self.MARGIN, y + line
            places.append(QRectF(x, y, wide, line))
            x += wide + self.SPACING
        return places, (y + line + self.MARGIN if self.entries else 0)

    def _fit_height(self) -> None:
        height = self._places(self.width())[1]
        if height != self.height():
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        """Take the height the entries need at the new width."""
        super().resizeEvent(event)
        self._fit_height()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        """Draw each entry's swatch and words."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        places, _height = self._places(self.width())
        text_colour = self.palette().windowText().color()
        for entry, place in zip(self.entries, places, strict=True):
            middle = place.center().y()
            x = place.left()
            if entry.shape:
                self._swatch(
                    painter, entry, QRectF(x, middle - self.SWATCH / 2, self.SWATCH, self.SWATCH)
                )
                x += self.SWATCH + self.GAP
            painter.setPen(text_colour)
            text_box = QRectF(x, place.top(), place.right() - x, place.height())
            painter.drawText(text_box, Qt.AlignmentFlag.AlignVCenter, entry.text)
        painter.end()

    def _swatch(self, painter: QPainter, entry: LegendEntry, box: QRectF) -> None:
        if entry.shape == "line":
            painter.setPen(QPen(entry.colour, 3))
            middle = box.center().y()
            painter.drawLine(QPointF(box.left(), middle), QPointF(box.right(), middle))
            return
        painter.setBrush(QBrush(entry.colour))
        if entry.shape == "square":
            painter.setPen(QPen(TOPIC_EDGE, 1))
            painter.drawRect(box.adjusted(1, 1, -1, -1))
        else:
            painter.setPen(QPen(QColor("#333333"), 1))
            painter.drawEllipse(box.adjusted(1, 1, -1, -1))
