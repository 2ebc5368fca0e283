"""The article list: a lazy Qt model over the session's SQL queries, fetched a page at a time."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from annotator.core.model import ArticleSummary
from annotator.gui.models.table_model import Index, ReadOnlyTableModel
from annotator.session import Session

PAGE_SIZE = 200


class ArticleListModel(ReadOnlyTableModel):
    """Rows are articles in import order; only the pages scrolled to are ever loaded."""

    HEADERS = ("Title", "Date", "Marks")
    TITLE, DATE, MARKS = range(3)
    ArticleIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, session: Session, parent: Any = None):
        super().__init__(parent)
        self._session = session
        self._rows: list[ArticleSummary] = []
        self._row_of: dict[str, int] = {}
        self._total = session.article_count()
        session.articles_changed.connect(self.reload)
        session.annotator_changed.connect(self.reload)
        session.mark_added.connect(self._mark_touched)
        session.mark_removed.connect(self._mark_touched)

    def reload(self, *_: object) -> None:
        """Reload the rows, as many pages as were loaded before (at least one)."""
        loaded = max(len(self._rows), 1)
        self.beginResetModel()
        self._rows = []
        self._row_of = {}
        self._total = self._session.article_count()
        self.endResetModel()
        while len(self._rows) < loaded and self.canFetchMore():
            self.fetchMore()

    def _row_count(self) -> int:
        return len(self._rows)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008
        """Say whether more articles remain to be loaded."""
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008
        """Load the next page of articles."""
        if parent.isValid():
            return
        page = self._session.article_summaries(len(self._rows), PAGE_SIZE)
        if not page:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        for offset, summary in enumerate(page):
            self._row_of[summary.id] = first + offset
        self._rows.extend(page)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return a cell's text, tooltip, alignment or article id."""
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.title, row.date or "", str(row.mark_count))[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.title}\n{row.date or 'no date'} · status: {row.status.value}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.MARKS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.ArticleIdRole:
            return row.id
        return None

    def article_id(self, row: int) -> str | None:
        """Return the id of the article in a loaded row."""
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_of(self, article_id: str) -> int | None:
        """Return the row of an article, loading pages until it is found."""
        while article_id not in self._row_of and self.canFetchMore():
            self.fetchMore()
        return self._row_of.get(article_id)

    def _mark_touched(self, mark: Any) -> None:
        row = self._row_of.get(mark.article_id)
        if row is None:
            return
        self._rows[row] = self._session.article_summary(mark.article_id)
        self._row_changed(row)
