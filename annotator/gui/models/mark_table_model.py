"""The marks of the open article, for the current coder, as a table: sorted and filtered here.

The rows are the article's mark rows (tuples, see services/coding.py), held once; a cell is
formatted when the view asks for it, so that only the rows in view cost Python calls. Sorting
by a column sorts the rows once per click; filtering keeps the rows that pass. A new mark is
one inserted row, found by bisection, not a reload.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.core.model import Mark, MarkKind
from annotator.gui.models.table_model import Index, ReadOnlyTableModel
from annotator.gui.signals import follow
from annotator.services.coding import (
    ArticleMarks,
    Field,
    MarkRow,
    mark_row,
    position_key,
    row_actor_ids,
)
from annotator.session import Session
from annotator.gui.plain_text import plain_tip

ANY: Any = object()  # a filter value meaning "any"
_NO_FILTERS = (ANY, ANY, ANY, ANY)
_MARK_ID_ROLE = Qt.ItemDataRole.UserRole + 1
# The roles answered, by number: a dict lookup sends every other role away at once.
_ROLES = {
    int(Qt.ItemDataRole.DisplayRole): "display",
    int(Qt.ItemDataRole.DecorationRole): "decoration",
    int(Qt.ItemDataRole.ToolTipRole): "tooltip",
    int(Qt.ItemDataRole.TextAlignmentRole): "alignment",
    int(_MARK_ID_ROLE): "id",
}
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

_ID, _KIND, _START, _END, _LABEL = Field.ID, Field.KIND, Field.START, Field.END, Field.LABEL


class MarkTableModel(ReadOnlyTableModel):
    """The open article's marks; it follows the session's signals, sorts and filters itself."""

    HEADERS = ("Kind", "Label", "Text", "Details", "Start", "End")
    KIND, LABEL, TEXT, DETAILS, START, END = range(6)
    MarkIdRole = _MARK_ID_ROLE
    ANY = ANY

    def __init__(self, session: Session, parent: Any = None):
        super().__init__(parent)
        self._session = session
        self._marks = ArticleMarks()
        self._shown: list[MarkRow] = []  # the rows that pass the filters, in ascending order
        self._column = self.START
        self._descending = False
        self._filters: tuple[Any, Any, Any, Any] = _NO_FILTERS
        self._colours: dict[tuple[str, str], QColor | None] = {}
        follow(session.mark_added, self, self._mark_added)
        follow(session.mark_removed, self, self._mark_removed)
        follow(session.mark_changed, self, self._mark_changed)
        follow(session.marks_replaced, self, self._marks_replaced)
        follow(session.actors_changed, self, self._refresh_actor_names)
        follow(session.tagset_changed, self, self._tagset_changed)

    # -- the article ------------------------------------------------------------------------

    @property
    def article_marks(self) -> ArticleMarks:
        """Return the open article's marks (shared with the text view)."""
        return self._marks

    def show_article(self, article_id: str | None, marks: ArticleMarks | None = None) -> None:
        """Show the current coder's marks of an article (None: none).

        ``marks`` are the article's marks already read (or being read piece by piece).
        """
        if marks is None:
            marks = self._session.article_marks(article_id) if article_id else ArticleMarks()
        self.beginResetModel()
        self._marks = marks
        self._shown = self._select(marks.rows)
        self.endResetModel()

    def rows_appended(self, rows: list[MarkRow], read_at: int | None = None) -> None:
        """Show rows just added to the article's marks (the next piece of a long article).

        ``read_at`` is the marks' ``edits`` count when the rows were read.
        """
        # A row changed or deleted since it was read is shown as it is now, or not at all.
        wanted = self._marks.still_held(rows, read_at)
        if self._filters != _NO_FILTERS:
            wanted = [r for r in wanted if self._passes(r)]
        if not wanted:
            return
        if (
            self._column == self.START
            and not self._descending
            and not (self._shown and position_key(wanted[0]) < position_key(self._shown[-1]))
        ):
            # Pieces come in position order: they go at the end.
            first = len(self._shown)
            self.beginInsertRows(QModelIndex(), first, first + len(wanted) - 1)
            self._shown.extend(wanted)
            self.endInsertRows()
            return

        def merge() -> None:
            self._shown.extend(wanted)
            self._shown.sort(key=self._key)

        self._relayout(merge)

    @property
    def marks(self) -> list[Mark]:
        """Return the shown article's marks, by position (read from the project)."""
        return self._session.marks(self._marks.article_id) if self._marks.article_id else []

    def _row_count(self) -> int:
        return len(self._shown)

    def row_at(self, row: int) -> MarkRow | None:
        """Return the mark row shown in a table row."""
        if not 0 <= row < len(self._shown):
            return None
        return self._shown[len(self._shown) - 1 - row if self._descending else row]

    def mark_id_at(self, row: int) -> str | None:
        """Return the id of the mark in a table row."""
        found = self.row_at(row)
        return found[_ID] if found else None

    def mark_at(self, row: int) -> Mark | None:
        """Return the mark in a table row (read from the project)."""
        mark_id = self.mark_id_at(row)
        return self._session.mark(mark_id) if mark_id else None

    def row_of(self, mark_id: str) -> int | None:
        """Return the table row of a mark, or None (not in the article, or filtered out)."""
        found = self._marks.get(mark_id)
        if found is None or not self._passes(found):
            return None
        i = bisect_left(self._shown, self._key(found), key=self._key)
        if i >= len(self._shown) or self._shown[i][_ID] != mark_id:
            return None
        return len(self._shown) - 1 - i if self._descending else i

    def has_mark(self, mark_id: str) -> bool:
        """Say whether a mark is in the shown article (whether or not a filter hides it)."""
        return self._marks.get(mark_id) is not None

    # -- cells ------------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return a cell's text, colour swatch, tooltip or mark id."""
        what = _ROLES.get(role)
        if what is None:  # most roles a view asks for (font, colours, check state): none
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        column = index.column()
        if what == "display":
            return self._display(row, column)
        if what == "decoration":
            return self._colour(row[_KIND], row[_LABEL]) if column == self.LABEL else None
        if what == "tooltip":
            if column == self.TEXT:
                return plain_tip(self._marks.text_of(row[_START], row[_END]))
            return None
        if what == "alignment":
            return _RIGHT if column in (self.START, self.END) else None
        return row[_ID]

    def cell(self, row: int, column: int) -> tuple[str, QColor | None, bool]:
        """Return what a cell shows in one call: text, colour swatch, right-aligned."""
        shown = self._shown
        if not 0 <= row < len(shown):
            return ("", None, False)
        found = shown[len(shown) - 1 - row if self._descending else row]
        swatch = self._colour(found[_KIND], found[_LABEL]) if column == self.LABEL else None
        return (self._display(found, column), swatch, column in (self.START, self.END))

    def _display(self, row: MarkRow, column: int) -> str:
        if column == self.KIND:
            return row[_KIND]
        if column == self.LABEL:
            return row[_LABEL]
        if column == self.TEXT:
            return " ".join(self._marks.text_of(row[_START], row[_END]).split())
        if column == self.DETAILS:
            return self.details(row)
        return str(row[_START] if column == self.START else row[_END])

    def _colour(self, kind: str, label: str) -> QColor | None:
        if (kind, label) not in self._colours:
            tagset = self._session.tagset
            found = tagset.has_span_label(MarkKind(kind), label)
            colour = tagset.span_label(MarkKind(kind), label).color if found else None
            self._colours[(kind, label)] = QColor(colour) if colour else None
        return self._colours[(kind, label)]

    def actor_name(self, actor_id: str) -> str:
        """Return an actor's name as the table shows it ("?" if unknown)."""
        return self._marks.name(actor_id)

    def details(self, mark: MarkRow | Mark) -> str:
        """Return a one-line summary of a mark's kind-specific fields."""
        return row_fields(mark if isinstance(mark, tuple) else mark_row(mark), self._marks.names)

    # -- sorting and filtering ----------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows by a column (ties in text order)."""
        descending = order == Qt.SortOrder.DescendingOrder
        if (column, descending) == (self._column, self._descending) or column < 0:
            return

        def resort() -> None:
            self._column, self._descending = column, descending
            self._shown.sort(key=self._key)

        self._relayout(resort)

    @property
    def filters(self) -> tuple[Any, Any, Any, Any]:
        """Return the (kind, label, speaker, stance) filter values."""
        return self._filters

    def set_filters(
        self, kind: Any = ANY, label: Any = ANY, speaker: Any = ANY, stance: Any = ANY
    ) -> None:
        """Show only marks matching every given value (ANY matches all; None matches unset)."""
        filters = (kind, label, speaker, stance)
        if filters == self._filters:
            return

        def refilter() -> None:
            self._filters = filters
            self._shown = self._select(self._marks.rows)

        self._relayout(refilter)

    def _passes(self, row: MarkRow) -> bool:
        kind, label, speaker, stance = self._filters
        return (
            (kind is ANY or kind == row[_KIND])
            and (label is ANY or label == row[_LABEL])
            and (speaker is ANY or speaker == row[Field.SPEAKER_ID])
            and (stance is ANY or stance == row[Field.STANCE])
        )

    def _select(self, rows: list[MarkRow]) -> list[MarkRow]:
        """Return the rows that pass the filters, in the sort order (rows come by position)."""
        shown = rows if self._filters == _NO_FILTERS else [r for r in rows if self._passes(r)]
        if self._column == self.START:
            return list(shown)  # position order already
        return sorted(shown, key=self._key)

    def _key(self, row: MarkRow) -> tuple[Any, ...]:
        column = self._column
        if column == self.START:
            return position_key(row)
        if column == self.END:
            return (row[_END], *position_key(row))
        return (self._display(row, column).casefold(), *position_key(row))

    def _relayout(self, change: Callable[[], None]) -> None:
        """Apply a change of order or filtering, keeping selections on their marks."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [self.mark_id_at(index.row()) for index in persistent]
        change()
        for index, mark_id in zip(persistent, ids, strict=True):
            row = self.row_of(mark_id) if mark_id else None
            self.changePersistentIndex(
                index, self.index(row, index.column()) if row is not None else QModelIndex()
            )
        self.layoutChanged.emit()

    # -- following the session ----------------------------------------------------------------

    def _ours(self, mark: Mark) -> bool:
        return (
            mark.article_id == self._marks.article_id
            and mark.annotator == self._session.annotator
        )

    def _mark_added(self, mark: Mark) -> None:
        if not self._ours(mark) or self._marks.get(mark.id) is not None:
            return
        row = mark_row(mark)
        self._learn_names(row)
        self._marks.add(row)
        if self._passes(row):
            self._insert(row)

    def _mark_removed(self, mark: Mark) -> None:
        found = self._marks.get(mark.id)
        if found is None:
            return
        table_row = self.row_of(mark.id)
        if table_row is not None:
            self.beginRemoveRows(QModelIndex(), table_row, table_row)
            del self._shown[self._list_index(table_row)]
            self._marks.remove(mark.id)
            self.endRemoveRows()
        else:
            self._marks.remove(mark.id)

    def _mark_changed(self, old: Mark, new: Mark) -> None:
        before = self._marks.get(new.id)
        if before is None or not self._ours(new):
            return
        after = mark_row(new)
        self._learn_names(after)
        table_row = self.row_of(new.id)
        if table_row is None:
            self._marks.replace(after)
            if self._passes(after):
                self._insert(after)
            return
        if not self._passes(after):
            self.beginRemoveRows(QModelIndex(), table_row, table_row)
            del self._shown[self._list_index(table_row)]
            self._marks.replace(after)
            self.endRemoveRows()
            return
        i = self._list_index(table_row)
        if self._key(after) == self._key(before):
            self._shown[i] = after
            self._marks.replace(after)
            self._row_changed(table_row)
            return

        # The mark moves in the sort order: keep selections on it.
        def move() -> None:
            del self._shown[i]
            self._marks.replace(after)
            self._shown.insert(bisect_left(self._shown, self._key(after), key=self._key), after)

        self._relayout(move)
        moved = self.row_of(new.id)
        if moved is not None:
            self._row_changed(moved)

    def _insert(self, row: MarkRow) -> None:
        i = bisect_left(self._shown, self._key(row), key=self._key)
        table_row = len(self._shown) - i if self._descending else i
        self.beginInsertRows(QModelIndex(), table_row, table_row)
        self._shown.insert(i, row)
        self.endInsertRows()

    def _list_index(self, table_row: int) -> int:
        return len(self._shown) - 1 - table_row if self._descending else table_row

    def _marks_replaced(self, article_id: str) -> None:
        if article_id == self._marks.article_id:
            # The text is unchanged: only the rows are read again.
            marks = ArticleMarks(
                article_id, self._marks.text, self._session.mark_rows(article_id)
            )
            marks.names = self._session.actor_names(marks.actor_ids())
            self.show_article(article_id, marks)

    def _learn_names(self, row: MarkRow) -> None:
        """Fetch the names of actors a row refers to that the article did not refer to yet."""
        new = [ref for ref in row_actor_ids(row) if ref not in self._marks.names]
        if new:
            self._marks.names.update(self._session.actor_names(new))

    def _refresh_actor_names(self, actor_ids: frozenset[str] | None = None) -> None:
        """Read the names of the changed actors the article refers to again (None: of all)."""
        if self._session.is_closed:
            return
        names = self._marks.names
        if actor_ids is None:
            self._marks.names = self._session.actor_names(self._marks.actor_ids())
        else:
            # A new actor is not referred to yet: its mark brings its name (_learn_names).
            referred = [actor_id for actor_id in actor_ids if actor_id in names]
            fresh = self._session.actor_names(referred) if referred else {}
            if all(fresh.get(actor_id) == names[actor_id] for actor_id in referred):
                return  # aliases changed, or actors the article does not refer to
            for actor_id in referred:
                if actor_id in fresh:
                    names[actor_id] = fresh[actor_id]
                else:
                    del names[actor_id]  # deleted: shown as "?" as before it was read
        if self._column == self.DETAILS:
            self._relayout(lambda: self._shown.sort(key=self._key))
        if self._shown:
            self.dataChanged.emit(
                self.index(0, self.DETAILS), self.index(len(self._shown) - 1, self.DETAILS)
            )

    def _tagset_changed(self, _tagset: object) -> None:
        self._colours.clear()
        if self._shown:
            self.dataChanged.emit(
                self.index(0, self.LABEL), self.index(len(self._shown) - 1, self.LABEL)
            )


def row_fields(row: MarkRow, actor_names: Mapping[str, str]) -> str:
    """Return a one-line summary of a mark row's kind-specific fields, naming its actors."""
    name = actor_names.get
    kind = row[_KIND]
    if kind == "actor":
        return f"→ {name(row[Field.ACTOR_ID] or '', '?')}"
    target_id = row[Field.TARGET_ID]
    if kind == "claim":
        speaker = name(row[Field.SPEAKER_ID] or "", "(no speaker: draft)")
        target = f" → {name(target_id, '?')}" if target_id else ""
        extras = ", ".join(x for x in (row[Field.STANCE], row[Field.FORM]) if x)
        return f"{speaker}{target}" + (f" · {extras}" if extras else "")
    target = f" about {name(target_id, '?')}" if target_id else ""
    return f"intensity {row[Field.INTENSITY] or '?'}{target}"


def mark_fields(mark: Mark, actor_names: Mapping[str, str]) -> str:
    """Return a one-line summary of a mark's kind-specific fields, naming its actors."""
    return row_fields(mark_row(mark), actor_names)

