"""A frame drawn around the field that has the keyboard, in the palette's highlight colour.

The Fusion style marks a focused combo box only by a faint change of its border, which is easy
to miss in a form of look-alike fields; this frame is 2 px wide and outside the field, so the
field itself keeps its look and size.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QWidget

MARGIN = 3  # px around the field
WIDTH = 2  # px of the frame's line


class FocusFrame(QWidget):
    """Follows the keyboard among the fields it is told to watch (children of its parent)."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.field: QWidget | None = None
        self.hide()

    def watch(self, field: QWidget) -> None:
        """Frame this field while it has the keyboard."""
        field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """Show on focus in, hide on focus out, follow moves and resizes."""
        kind = event.type()
        if isinstance(watched, QWidget):
            if kind == QEvent.Type.FocusIn:
                self.field = watched
                self._place()
                self.show()
                self.raise_()
            elif kind in (QEvent.Type.FocusOut, QEvent.Type.Hide) and watched is self.field:
                self.hide()
                self.field = None
            elif kind in (QEvent.Type.Move, QEvent.Type.Resize) and watched is self.field:
                self._place()
        return super().eventFilter(watched, event)

    def _place(self) -> None:
        if self.field is not None:
            top_left = self.field.mapTo(self.parentWidget(), self.field.rect().topLeft())
            frame = QRect(top_left, self.field.size()).adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
            self.setGeometry(frame)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        """Draw the frame."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), WIDTH)
        painter.setPen(pen)
        half = WIDTH / 2
        painter.drawRoundedRect(self.rect().toRectF().adjusted(half, half, -half, -half), 3, 3)
