"""Paint the marks table's cells with laid-out text kept from one paint to the next.

Qt's default delegate asks the model for seven roles per cell and shapes each cell's text on
every paint: a new mark, which shifts the rows below it, cost some 13 ms of painting for one
screen of the table. This one asks the model once per cell and keeps each text's
layout (QStaticText) by text and width, so a repaint mostly blits glyphs: about a third.
Selection, alternating rows, the label's colour swatch, eliding and the focus frame look as
before (drawn from the view's palette and style).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QStaticText
from PySide6.QtWidgets import (
    QStyle,
    QStyledItemDelegate,
    QStyleOptionFocusRect,
    QStyleOptionViewItem,
)

_CACHE_LIMIT = 4000  # laid-out texts kept (a few screens of the table)
_PADDING = 4
_SELECTED = QStyle.StateFlag.State_Selected.value
_HAS_FOCUS = QStyle.StateFlag.State_HasFocus.value
_ENABLED = QStyle.StateFlag.State_Enabled.value
_ACTIVE = QStyle.StateFlag.State_Active.value
_ALTERNATE = QStyleOptionViewItem.ViewItemFeature.Alternate.value
_GROUP_FLAGS = _ENABLED | _ACTIVE


class CachedTextDelegate(QStyledItemDelegate):
    """Draws a cell's background, swatch and elided text, reusing laid-out text.

    ``cell(row, column)`` returns what a cell shows: (text, colour swatch or None, whether
    it is right-aligned).
    """

    def __init__(self, cell: Callable[[int, int], tuple[str, QColor | None, bool]], parent: Any):
        super().__init__(parent)
        self._cell = cell
        self._texts: dict[tuple[str, int], QStaticText] = {}
        self._palette_colours: dict[tuple[int, int], tuple[QColor, QColor, QColor, QColor]] = {}

    def paint(  # noqa: D102 (Qt override)
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        text, swatch, right = self._cell(index.row(), index.column())
        # Flags as plain integers: Python enum arithmetic costs more than the drawing.
        state = option.state.value
        palette = option.palette
        key = (palette.cacheKey(), state & _GROUP_FLAGS)
        colours = self._palette_colours.get(key)
        if colours is None:
            colours = self._colours(palette, key)
        rect = option.rect
        if state & _SELECTED:
            painter.fillRect(rect, colours[0])
            painter.setPen(colours[1])
        else:
            if option.features.value & _ALTERNATE:
                painter.fillRect(rect, colours[2])
            painter.setPen(colours[3])
        left = rect.x() + _PADDING
        if swatch is not None:
            side = min(rect.height() - 8, 14)
            top = rect.y() + (rect.height() - side) // 2
            painter.fillRect(QRect(left, top, side, side), swatch)
            left += side + _PADDING
        width = rect.right() - _PADDING - left
        if text and width > 0:
            laid = self._texts.get((text, width))
            if laid is None:
                laid = self._lay_out(text, width, option)
            size = laid.size()
            x = rect.right() - _PADDING - size.width() if right else left
            top = rect.y() + (rect.height() - size.height()) / 2
            painter.drawStaticText(QPointF(x, top), laid)
        if state & _HAS_FOCUS:
            frame = QStyleOptionFocusRect()
            frame.rect = rect
            frame.palette = palette
            frame.state = option.state
            style = option.widget.style() if option.widget else None
            if style is not None:
                style.drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, frame, painter)

    def _colours(
        self, palette: QPalette, key: tuple[int, int]
    ) -> tuple[QColor, QColor, QColor, QColor]:
        """Return (and keep) the palette's highlight, highlighted text, alternate base, text."""
        flags = key[1]
        if not flags & _ENABLED:
            group = QPalette.ColorGroup.Disabled
        elif flags & _ACTIVE:
            group = QPalette.ColorGroup.Active
        else:
            group = QPalette.ColorGroup.Inactive
        role = QPalette.ColorRole
        colours = self._palette_colours[key] = (
            palette.color(group, role.Highlight),
            palette.color(group, role.HighlightedText),
            palette.color(group, role.AlternateBase),
            palette.color(group, role.Text),
        )
        return colours

    def _lay_out(self, text: str, width: int, option: QStyleOptionViewItem) -> QStaticText:
        """Return (and keep) the text elided to the width, laid out."""
        if len(self._texts) > _CACHE_LIMIT:
            self._texts.clear()
        shown = option.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
        laid = self._texts[(text, width)] = QStaticText(shown)
        laid.setTextFormat(Qt.TextFormat.PlainText)
        return laid

    def forget(self) -> None:
        """Drop the laid-out texts (the font changed)."""
        self._texts.clear()
