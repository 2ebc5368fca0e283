"""The team hub's sync indicator in the status bar: a dot and a line of plain text; a click
syncs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QToolButton, QWidget

from annotator.gui.plain_text import plain_tip

# The dot's colour per state (the words say the state too: colour is never the only sign).
STATE_COLOURS = {
    "connecting": "#c8c8c8",
    "syncing": "#f0a202",
    "online": "#2a9d4b",
    "offline": "#7d8597",
    "failed": "#c0392b",
    "stopped": "#c8c8c8",
}


class HubIndicatorWidget(QToolButton):
    """Shows the hub's state, the last sync and the edits waiting; clicked: sync now."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAutoRaise(True)  # flat like a label until the mouse is over it
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab stays among the coding widgets
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.state = ""
        self._icons: dict[str, QIcon] = {}

    def show_state(self, state: str, text: str, tip: str) -> None:
        """Show a state's dot, a line of text and a tooltip (all plain text)."""
        if state != self.state:
            self.state = state
            self.setIcon(self._icon(state))
        # A button's text is never rich text; "&" would underline the next letter.
        self.setText(text.replace("&", "&&"))
        self.setToolTip(plain_tip(tip))

    def _icon(self, state: str) -> QIcon:
        if state not in self._icons:
            colour = QColor(STATE_COLOURS.get(state, "#c8c8c8"))
            pixmap = QPixmap(12, 12)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(colour.darker(130))
            painter.setBrush(colour)
            painter.drawEllipse(1, 1, 10, 10)
            painter.end()
            self._icons[state] = QIcon(pixmap)
        return self._icons[state]
