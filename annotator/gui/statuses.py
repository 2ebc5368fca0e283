"""How an article's status looks in the window: its words and a coloured dot."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from annotator.core.model import ArticleStatus

STATUS_TEXT: dict[ArticleStatus, str] = {
    ArticleStatus.NEW: "new",
    ArticleStatus.IN_PROGRESS: "in progress",
    ArticleStatus.DONE: "done",
    ArticleStatus.SKIPPED: "skipped",
}
STATUS_COLOURS: dict[ArticleStatus, str] = {
    ArticleStatus.NEW: "#c8c8c8",
    ArticleStatus.IN_PROGRESS: "#f0a202",
    ArticleStatus.DONE: "#2a9d4b",
    ArticleStatus.SKIPPED: "#7d8597",
}

_icons: dict[ArticleStatus, QIcon] = {}


def status_icon(status: ArticleStatus) -> QIcon:
    """Return a small dot in the status's colour (made once, after the application exists)."""
    if status not in _icons:
        pixmap = QPixmap(12, 12)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QColor(STATUS_COLOURS[status]).darker(130))
        painter.setBrush(QColor(STATUS_COLOURS[status]))
        painter.drawEllipse(1, 1, 10, 10)
        painter.end()
        _icons[status] = QIcon(pixmap)
    return _icons[status]
