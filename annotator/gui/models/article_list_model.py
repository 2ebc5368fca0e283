"""The article list: a lazy Qt model over the session's SQL queries, fetched a page at a time."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QGuiApplication

from annotator.core.model import ArticleFilter, ArticleSummary, DocumentLabels, Mark
from annotator.gui.models.table_model import Index, ReadOnlyTableModel
from annotator.gui.signals import follow
from annotator.gui.statuses import STATUS_COLOURS, STATUS_TEXT, status_icon
from annotator.session import Session

PAGE_SIZE = 200


class ArticleListModel(ReadOnlyTableModel):
    """Rows are the articles the filter selects, in import order; pages load as scrolled to.

    A row whose article stops matching (say, set to done under a "not done" filter) stays until
    the filter is set again, so the list never jumps under the coder's hand.
    """

    HEADERS = ("Title", "Date", "Marks", "Status")
    TITLE, DATE, MARKS, STATUS = range(4)
    ArticleIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, session: Session, parent: Any = None):
        super().__init__(parent)
        self._session = session
        self._filter = ArticleFilter()
        self._rows: list[ArticleSummary] = []
        self._row_of: dict[str, int] = {}
        self._total = session.article_count()
        follow(session.articles_changed, self, self.reload)
        follow(session.annotator_changed, self, self.reload)
        follow(session.mark_added, self, self._mark_touched)
        follow(session.mark_removed, self, self._mark_touched)
        follow(session.marks_replaced, self, self._article_touched)
        follow(session.document_changed, self, self._document_changed)

    @property
    def article_filter(self) -> ArticleFilter:
        """Return the filter the rows were selected with."""
        return self._filter

    def set_filter(self, article_filter: ArticleFilter) -> None:
        """Show only the articles a filter selects (reloaded from the first page)."""
        if article_filter == self._filter:
            return
        self._filter = article_filter
        self._reset(pages_of_rows=1)

    def reload(self, *_: object) -> None:
        """Reload the rows, as many pages as were loaded before (at least one)."""
        self._reset(pages_of_rows=max(len(self._rows), 1))

    def _reset(self, pages_of_rows: int) -> None:
        # The first pages load inside the reset: views see one reset, not a reset then inserts.
        self.beginResetModel()
        self._rows = []
        self._row_of = {}
        self._total = self._session.article_count(self._filter)
        while len(self._rows) < min(pages_of_rows, self._total):
            if not self._append(self._next_page()):
                break
        self.endResetModel()

    def _row_count(self) -> int:
        return len(self._rows)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008
        """Say whether more articles remain to be loaded."""
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008
        """Load the next page of articles."""
        if parent.isValid():
            return
        page = self._next_page()
        if page:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._append(page)
            self.endInsertRows()
        else:
            self._append(page)

    def _next_page(self) -> list[ArticleSummary]:
        # Page after the last loaded article rather than by offset: rows that stopped (or
        # started) matching since would otherwise shift the offset and skip articles.
        after = self._rows[-1].id if self._rows else None
        return self._session.article_summaries(0, PAGE_SIZE, self._filter, after_id=after)

    def _append(self, page: list[ArticleSummary]) -> bool:
        """Add a fetched page to the rows; return False once the list is complete."""
        for summary in page:
            self._row_of[summary.id] = len(self._rows)
            self._rows.append(summary)
        if len(page) < PAGE_SIZE:
            self._total = len(self._rows)  # the end: correct a count made stale by edits
            return False
        return True

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return a cell's text, status dot, tooltip, alignment or article id."""
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.title, row.date or "", str(row.mark_count), STATUS_TEXT[row.status])[column]
        if role == Qt.ItemDataRole.DecorationRole and column == self.STATUS:
            if QGuiApplication.instance() is None:  # a pixmap needs one; tests may not have it
                return QColor(STATUS_COLOURS[row.status])
            return status_icon(row.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.title}\n{row.date or 'no date'} · status: {STATUS_TEXT[row.status]}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.MARKS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.ArticleIdRole:
            return row.id
        return None

    def article_id(self, row: int) -> str | None:
        """Return the id of the article in a loaded row."""
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_of(self, article_id: str) -> int | None:
        """Return the row of an article, loading pages until it is found (None: not listed)."""
        if (
            article_id not in self._row_of
            and self.canFetchMore()
            and not self._session.article_matches(article_id, self._filter)
        ):
            return None  # the filter leaves it out: no need to load every page to find out
        while article_id not in self._row_of and self.canFetchMore():
            self.fetchMore()
        return self._row_of.get(article_id)

    def _mark_touched(self, mark: Mark) -> None:
        self._article_touched(mark.article_id)

    def _document_changed(self, labels: DocumentLabels) -> None:
        if labels.annotator == self._session.annotator:
            self._article_touched(labels.article_id)

    def _article_touched(self, article_id: str) -> None:
        row = self._row_of.get(article_id)
        if row is not None:
            self._rows[row] = self._session.article_summary(article_id)
            self._row_changed(row)
        elif not self._filter.is_empty():
            # An unlisted article may have started to match: let the next fetch look for it.
            self._total = max(len(self._rows), self._session.article_count(self._filter))
