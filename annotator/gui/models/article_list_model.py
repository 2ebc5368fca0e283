"""The article list: a Qt model over the session's list keys that reads only the pages shown."""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QGuiApplication

from annotator.core.model import ArticleFilter, ArticleSummary, DocumentLabels, Mark
from annotator.gui.models.table_model import Index, ReadOnlyTableModel
from annotator.gui.signals import follow
from annotator.gui.statuses import STATUS_COLOURS, STATUS_TEXT, status_icon
from annotator.session import Session
from annotator.gui.plain_text import plain_tip

PAGE_SIZE = 200  # rows read at once
CACHED_PAGES = 8  # pages kept; more are read again when scrolled back to


class ArticleListModel(ReadOnlyTableModel):
    """Rows are the articles the filter selects, in import order; a page is read when shown.

    The model holds only the list keys of the listed articles (one query per filter; a plain
    range when unfiltered), so every row exists from the start and the row of any article is
    found without reading the rows before it. Rows are read a page at a time when a view asks
    for them, and the last few pages are kept.

    A row whose article stops matching (say, set to done under a "not done" filter) stays until
    the filter is set again, so the list never jumps under the coder's hand; an unlisted article
    that starts matching is inserted in its place.
    """

    HEADERS = ("Title", "Date", "Marks", "Status")
    TITLE, DATE, MARKS, STATUS = range(4)
    ArticleIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, session: Session, parent: Any = None):
        super().__init__(parent)
        self._session = session
        self._filter = ArticleFilter()
        self._keys: Sequence[int] = session.article_list_keys(self._filter)
        self._pages: OrderedDict[int, list[ArticleSummary | None]] = OrderedDict()
        self._row_of_id: dict[str, int] = {}  # the rows of the cached pages
        self.pages_read = 0  # how many page queries ran (tests check the list stays lazy)
        follow(session.articles_changed, self, self.reload)
        follow(session.annotator_changed, self, self.reload)
        follow(session.mark_added, self, self._mark_added)
        follow(session.mark_removed, self, self._mark_removed)
        follow(session.marks_replaced, self, self._article_touched)
        follow(session.document_changed, self, self._document_changed)

    @property
    def article_filter(self) -> ArticleFilter:
        """Return the filter the rows were selected with."""
        return self._filter

    def set_filter(self, article_filter: ArticleFilter) -> None:
        """Show only the articles a filter selects."""
        if article_filter == self._filter:
            return
        self._filter = article_filter
        self.reload()

    def reload(self, *_: object) -> None:
        """Select the rows again (a row that stopped matching goes now) and forget read pages."""
        self.beginResetModel()
        self._keys = self._session.article_list_keys(self._filter)
        self._forget_pages()
        self.endResetModel()

    def _row_count(self) -> int:
        return len(self._keys)

    def summary(self, row: int) -> ArticleSummary | None:
        """Return the list row at this position, reading its page if it is not at hand."""
        if not 0 <= row < len(self._keys) or self._session.is_closed:
            return None
        number, offset = divmod(row, PAGE_SIZE)
        page = self._pages.get(number)
        if page is None:
            page = self._read_page(number)
        else:
            self._pages.move_to_end(number)
        return page[offset] if offset < len(page) else None

    def _read_page(self, number: int) -> list[ArticleSummary | None]:
        first = number * PAGE_SIZE
        keys = self._keys[first : first + PAGE_SIZE]
        found = dict(self._session.article_summaries_by_key(keys))
        page = [found.get(key) for key in keys]
        self.pages_read += 1
        self._pages[number] = page
        for offset, summary in enumerate(page):
            if summary is not None:
                self._row_of_id[summary.id] = first + offset
        while len(self._pages) > CACHED_PAGES:
            _number, dropped = self._pages.popitem(last=False)
            for summary in dropped:
                if summary is not None:
                    self._row_of_id.pop(summary.id, None)
        return page

    def _forget_pages(self) -> None:
        self._pages.clear()
        self._row_of_id.clear()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return a cell's text, status dot, tooltip, alignment or article id."""
        if not index.isValid():
            return None
        row = self.summary(index.row())
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.title, row.date or "", str(row.mark_count), STATUS_TEXT[row.status])[column]
        if role == Qt.ItemDataRole.DecorationRole and column == self.STATUS:
            if QGuiApplication.instance() is None:  # a pixmap needs one; tests may not have it
                return QColor(STATUS_COLOURS[row.status])
            return status_icon(row.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            date = row.date or "no date"
            return plain_tip(f"{row.title}\n{date} · status: {STATUS_TEXT[row.status]}")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.MARKS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.ArticleIdRole:
            return row.id
        return None

    def article_id(self, row: int) -> str | None:
        """Return the id of the article in a row."""
        summary = self.summary(row)
        return summary.id if summary is not None else None

    def row_of(self, article_id: str) -> int | None:
        """Return the row of an article (None: not listed), with at most one small query."""
        row = self._row_of_id.get(article_id)
        if row is not None:
            return row
        key = self._session.article_list_key(article_id)
        return None if key is None else self._row_of_key(key)

    def _row_of_key(self, key: int) -> int | None:
        row = bisect_left(self._keys, key)
        return row if row < len(self._keys) and self._keys[row] == key else None

    def _mark_added(self, mark: Mark) -> None:
        self._count_mark(mark, 1)

    def _mark_removed(self, mark: Mark) -> None:
        self._count_mark(mark, -1)

    def _count_mark(self, mark: Mark, step: int) -> None:
        """Follow one mark made or deleted: its article's count changes by one, nothing else."""
        if mark.annotator != self._session.annotator:
            return  # the list counts the current coder's marks
        row = self._row_of_id.get(mark.article_id)
        if row is None:  # not on a page read: an unlisted article may start matching
            self._article_touched(mark.article_id)
            return
        number, offset = divmod(row, PAGE_SIZE)
        summary = self._pages[number][offset]
        if summary is not None:
            self._pages[number][offset] = replace(summary, mark_count=summary.mark_count + step)
            self.dataChanged.emit(self.index(row, self.MARKS), self.index(row, self.MARKS))

    def _document_changed(self, labels: DocumentLabels) -> None:
        """Follow a coder's new status: changed in place unless a status filter may drop it."""
        if labels.annotator != self._session.annotator:
            return
        row = self._row_of_id.get(labels.article_id)
        if row is not None and not self._filter.statuses:
            number, offset = divmod(row, PAGE_SIZE)
            summary = self._pages[number][offset]
            if summary is not None:
                self._pages[number][offset] = replace(summary, status=labels.status)
                self.dataChanged.emit(self.index(row, self.STATUS), self.index(row, self.STATUS))
                return
        self._article_touched(labels.article_id)

    def _article_touched(self, article_id: str) -> None:
        row = self.row_of(article_id)
        if row is not None:
            number, offset = divmod(row, PAGE_SIZE)
            page = self._pages.get(number)
            if page is not None:
                page[offset] = self._session.article_summary(article_id)
            self._row_changed(row)
        elif not self._filter.is_empty() and self._session.article_matches(
            article_id, self._filter
        ):
            self._insert(article_id)

    def _insert(self, article_id: str) -> None:
        """List an article that started to match, at its place in import order."""
        key = self._session.article_list_key(article_id)
        if key is None:
            return
        row = bisect_left(self._keys, key)
        self.beginInsertRows(QModelIndex(), row, row)
        keys = self._keys if isinstance(self._keys, array) else array("q", self._keys)
        keys.insert(row, key)
        self._keys = keys
        self._forget_pages()  # the rows after it moved down by one
        self.endInsertRows()
