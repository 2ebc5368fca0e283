"""Columns that make way in a narrow table: below a width of its own, a column is hidden so
that the column that matters (an article's title, a mark's text) stays readable."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QTableView


class ColumnRoom(QObject):
    """Hides each given column while the table's viewport is narrower than its width."""

    def __init__(self, view: QTableView, shown_from: dict[int, int]):
        super().__init__(view)
        self._view = view
        self.shown_from = shown_from  # column -> the viewport width from which it is shown
        view.viewport().installEventFilter(self)
        self.fit()

    def fit(self) -> None:
        """Show or hide the columns for the viewport's width now."""
        width = self._view.viewport().width()
        for column, needed in self.shown_from.items():
            self._view.setColumnHidden(column, width < needed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """Fit again when the table is resized."""
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return super().eventFilter(watched, event)
