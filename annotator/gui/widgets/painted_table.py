"""A read-only table view that paints the rows in view in one pass, reusing laid-out text.

QTableView calls its delegate once per cell (and the style once more per cell for the row's
background): for a Python delegate that is a wrapped painter, option and index per cell, some
90 calls into Python per screen of the marks table, which a new mark repaints twice. This view
paints what is in view itself: a row's background once, each cell's colour swatch and elided
text (kept laid out as QStaticText between paints), then the grid and the focus frame, looking
as the view's palette and style make a QTableView look. Selection, keyboard, header, sorting
and scrolling are QTableView's own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QLineF, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen, QStaticText
from PySide6.QtWidgets import (
    QStyle,
    QStyleOptionFocusRect,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

Cell = tuple[str, QColor | None, bool]  # text, colour swatch (or None), right-aligned
LaidText = tuple[QStaticText, float, float]  # the elided text laid out, its width and height

_CACHE_LIMIT = 4000  # laid-out texts kept (a few screens of the table)
_PADDING = 4
_ENABLED = QStyle.StateFlag.State_Enabled.value
_ACTIVE = QStyle.StateFlag.State_Active.value


class PaintedTableView(QTableView):
    """Paints its cells from ``cell(row, column)`` in one pass per paint event."""

    def __init__(self, cell: Callable[[int, int], Cell], parent: QWidget | None = None):
        super().__init__(parent)
        self.cell_of = cell  # the source of every painted cell (tests count its calls)
        self._texts: dict[tuple[str, int], LaidText] = {}

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        """Paint the rows that the event's area touches."""
        model = self.model()
        area = event.rect()
        first = self.rowAt(area.top())
        if model is None or first < 0 or model.columnCount() == 0:
            return  # no rows there: the viewport's own background is all there is
        last = self.rowAt(area.bottom())
        last = model.rowCount() - 1 if last < 0 else last
        columns = self._columns_in(area)
        if not columns:
            return
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        highlight, highlighted_text, alternate_base, text_colour = _colours(option)
        grid = 1 if self.showGrid() else 0
        left, right = columns[0][1], columns[-1][1] + columns[-1][2]
        alternate = self.alternatingRowColors()
        selection = self.selectionModel()
        root = self.rootIndex()
        cell = self.cell_of  # a local: looked up once, called per cell
        painter = QPainter(self.viewport())
        try:
            for row in range(first, last + 1):
                y = self.rowViewportPosition(row)
                height = self.rowHeight(row) - grid
                if selection is not None and selection.isRowSelected(row, root):
                    painter.fillRect(QRect(left, y, right - left, height), highlight)
                    painter.setPen(highlighted_text)
                else:
                    if alternate and row & 1:
                        painter.fillRect(QRect(left, y, right - left, height), alternate_base)
                    painter.setPen(text_colour)
                for column, x, width in columns:
                    self._paint_cell(painter, option, cell(row, column), x, y, width - grid, height)
            if grid:
                self._paint_grid(painter, option, area, columns, first, last)
            self._paint_focus(painter, option, first, last)
        finally:
            painter.end()

    def _columns_in(self, area: QRect) -> list[tuple[int, int, int]]:
        """Return (column, x, width) of the shown columns the area touches, left to right."""
        header = self.horizontalHeader()
        found = []
        for visual in range(header.count()):
            column = header.logicalIndex(visual)
            if header.isSectionHidden(column):
                continue
            x = header.sectionViewportPosition(column)
            width = header.sectionSize(column)
            if x + width > area.left() and x <= area.right():
                found.append((column, x, width))
        return found

    def _paint_cell(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        cell: Cell,
        x: int,
        y: int,
        width: int,
        height: int,
    ) -> None:
        text, swatch, right_aligned = cell
        start = x + _PADDING
        if swatch is not None:
            side = min(height - 8, 14)
            painter.fillRect(QRect(start, y + (height - side) // 2, side, side), swatch)
            start += side + _PADDING
        room = x + width - 1 - _PADDING - start
        if not text or room <= 0:
            return
        found = self._texts.get((text, room))
        if found is None:
            found = self._lay_out(text, room, option)
        laid, text_width, text_height = found
        left = x + width - 1 - _PADDING - text_width if right_aligned else start
        painter.drawStaticText(QPointF(left, y + (height - text_height) / 2), laid)

    def _paint_grid(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        area: QRect,
        columns: list[tuple[int, int, int]],
        first: int,
        last: int,
    ) -> None:
        hint = self.style().styleHint(QStyle.StyleHint.SH_Table_GridLineColor, option, self)
        painter.setPen(QPen(QColor.fromRgba(hint & 0xFFFFFFFF), 1, self.gridStyle()))
        lines = []
        for row in range(first, last + 1):
            bottom = self.rowViewportPosition(row) + self.rowHeight(row) - 1 + 0.5
            lines.append(QLineF(area.left() + 0.5, bottom, area.right() + 0.5, bottom))
        for _column, x, width in columns:
            edge = x + width - 1 + 0.5
            lines.append(QLineF(edge, area.top() + 0.5, edge, area.bottom() + 0.5))
        painter.drawLines(lines)

    def _paint_focus(
        self, painter: QPainter, option: QStyleOptionViewItem, first: int, last: int
    ) -> None:
        """Frame the current cell while the table has the keyboard, as item views do."""
        current = self.currentIndex()
        if not self.hasFocus() or not current.isValid() or not first <= current.row() <= last:
            return
        frame = QStyleOptionFocusRect()
        frame.rect = self.visualRect(current)
        frame.palette = option.palette
        frame.state = option.state | QStyle.StateFlag.State_HasFocus
        if self.selectionModel().isSelected(current):
            frame.state |= QStyle.StateFlag.State_Selected
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, frame, painter, self)

    def _lay_out(self, text: str, width: int, option: QStyleOptionViewItem) -> LaidText:
        """Return (and keep) the text elided to the width, laid out, with its size."""
        if len(self._texts) > _CACHE_LIMIT:
            self._texts.clear()
        shown = option.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
        laid = QStaticText(shown)
        laid.setTextFormat(Qt.TextFormat.PlainText)
        size = laid.size()
        found = self._texts[(text, width)] = (laid, size.width(), size.height())
        return found

    def changeEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        """Drop the laid-out texts when the font changes."""
        if event.type() == event.Type.FontChange:
            self._texts.clear()
        super().changeEvent(event)


def _colours(option: QStyleOptionViewItem) -> tuple[QColor, QColor, QColor, QColor]:
    """Return the highlight, highlighted text, alternate base and text colours of the state."""
    state = option.state.value
    if not state & _ENABLED:
        group = QPalette.ColorGroup.Disabled
    elif state & _ACTIVE:
        group = QPalette.ColorGroup.Active
    else:
        group = QPalette.ColorGroup.Inactive
    palette, role = option.palette, QPalette.ColorRole
    return (
        palette.color(group, role.Highlight),
        palette.color(group, role.HighlightedText),
        palette.color(group, role.AlternateBase),
        palette.color(group, role.Text),
    )
