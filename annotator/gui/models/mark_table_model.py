"""The marks of the open article, for the current coder, as a table."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from annotator.core.model import Mark, MarkKind
from annotator.gui.models.table_model import Index, ReadOnlyTableModel
from annotator.gui.signals import follow
from annotator.session import Session


class MarkTableModel(ReadOnlyTableModel):
    """Rows are the open article's marks by position; it follows the session's signals."""

    HEADERS = ("Kind", "Label", "Text", "Details", "Start", "End")
    KIND, LABEL, TEXT, DETAILS, START, END = range(6)
    MarkIdRole = Qt.ItemDataRole.UserRole + 1
    SortRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, session: Session, parent: Any = None):
        super().__init__(parent)
        self._session = session
        self._article_id: str | None = None
        self._marks: list[Mark] = []
        self._actor_names: dict[str, str] = {}
        follow(session.mark_added, self, self._mark_added)
        follow(session.mark_removed, self, self._mark_removed)
        follow(session.mark_changed, self, self._mark_changed)
        follow(session.marks_replaced, self, self._marks_replaced)
        follow(session.actors_changed, self, self._refresh_actor_names)

    def show_article(self, article_id: str | None) -> None:
        """Show the current coder's marks of an article (None: none)."""
        self.beginResetModel()
        self._article_id = article_id
        self._marks = self._session.marks(article_id) if article_id else []
        self._actor_names = {a.id: a.name for a in self._session.actors()}
        self.endResetModel()

    @property
    def marks(self) -> list[Mark]:
        """Return the marks shown, by position."""
        return list(self._marks)

    def _row_count(self) -> int:
        return len(self._marks)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return a cell's text, colour swatch, tooltip or mark id."""
        if not index.isValid() or index.row() >= len(self._marks):
            return None
        mark = self._marks[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(mark, column)
        if role == Qt.ItemDataRole.DecorationRole and column == self.LABEL:
            colour = self._session.tagset.span_label(mark.kind, mark.label).color
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole and column == self.TEXT:
            return mark.text
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.START, self.END):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.MarkIdRole:
            return mark.id
        if role == self.SortRole:
            if column in (self.START, self.END):
                return mark.start if column == self.START else mark.end
            return self._display(mark, column).casefold()
        return None

    def row_of(self, mark_id: str) -> int | None:
        """Return the row of a mark, or None."""
        return next((i for i, m in enumerate(self._marks) if m.id == mark_id), None)

    def mark_at(self, row: int) -> Mark | None:
        """Return the mark in a row."""
        return self._marks[row] if 0 <= row < len(self._marks) else None

    def _display(self, mark: Mark, column: int) -> str:
        if column == self.KIND:
            return mark.kind.value
        if column == self.LABEL:
            return mark.label
        if column == self.TEXT:
            return " ".join(mark.text.split())
        if column == self.DETAILS:
            return self.details(mark)
        return str(mark.start if column == self.START else mark.end)

    def actor_name(self, actor_id: str) -> str:
        """Return an actor's name as the table shows it ("?" if unknown)."""
        return self._actor_names.get(actor_id, "?")

    def details(self, mark: Mark) -> str:
        """Return a one-line summary of a mark's kind-specific fields."""
        return mark_fields(mark, self._actor_names)

    def _sort_key(self, mark: Mark) -> tuple[int, int, str]:
        return (mark.start, -mark.end, mark.id)

    def _mark_added(self, mark: Mark) -> None:
        if mark.article_id != self._article_id or mark.annotator != self._session.annotator:
            return
        self._refresh_actor_names()
        row = sum(1 for m in self._marks if self._sort_key(m) < self._sort_key(mark))
        self.beginInsertRows(QModelIndex(), row, row)
        self._marks.insert(row, mark)
        self.endInsertRows()

    def _marks_replaced(self, article_id: str) -> None:
        if article_id == self._article_id:
            self.show_article(article_id)

    def _mark_removed(self, mark: Mark) -> None:
        row = self.row_of(mark.id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._marks[row]
        self.endRemoveRows()

    def _mark_changed(self, old: Mark, new: Mark) -> None:
        row = self.row_of(new.id)
        if row is None:
            return
        self._marks[row] = new
        if (old.start, old.end) == (new.start, new.end):
            self._row_changed(row)
            return
        # A resized mark may move in position order: re-sort, keeping selections on their marks.
        self.layoutAboutToBeChanged.emit()
        before = [m.id for m in self._marks]
        self._marks.sort(key=self._sort_key)
        after = {m.id: i for i, m in enumerate(self._marks)}
        for index in self.persistentIndexList():
            moved = after[before[index.row()]]
            self.changePersistentIndex(index, self.index(moved, index.column()))
        self.layoutChanged.emit()
        self._row_changed(after[new.id])

    def _refresh_actor_names(self) -> None:
        self._actor_names = {a.id: a.name for a in self._session.actors()}
        if self._marks:
            self.dataChanged.emit(
                self.index(0, self.DETAILS), self.index(len(self._marks) - 1, self.DETAILS)
            )


class MarkFilterProxyModel(QSortFilterProxyModel):
    """Sorts the marks table by any column and filters it by kind, label, speaker and stance."""

    ANY = object()  # a filter value meaning "any"

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.setSortRole(MarkTableModel.SortRole)
        self._kind: Any = self.ANY
        self._label: Any = self.ANY
        self._speaker: Any = self.ANY
        self._stance: Any = self.ANY

    def set_filters(
        self, kind: Any = ANY, label: Any = ANY, speaker: Any = ANY, stance: Any = ANY
    ) -> None:
        """Show only marks matching every given value (ANY matches all; None matches unset)."""
        # Qt 6.10 replaced invalidateFilter() with begin/endFilterChange(); support both.
        modern = hasattr(self, "beginFilterChange") and hasattr(self, "endFilterChange")
        if modern:
            self.beginFilterChange()
        self._kind, self._label, self._speaker, self._stance = kind, label, speaker, stance
        if modern:
            self.endFilterChange()
        else:
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Any) -> bool:  # noqa: N802
        """Say whether a mark passes the filters."""
        model = self.sourceModel()
        assert isinstance(model, MarkTableModel)
        mark = model.mark_at(source_row)
        if mark is None:
            return False
        wanted = (
            (self._kind, mark.kind.value),
            (self._label, mark.label),
            (self._speaker, mark.speaker_id),
            (self._stance, mark.stance),
        )
        return all(value is self.ANY or value == actual for value, actual in wanted)


def mark_fields(mark: Mark, actor_names: Mapping[str, str]) -> str:
    """Return a one-line summary of a mark's kind-specific fields, naming its actors."""
    name = actor_names.get
    if mark.kind == MarkKind.ACTOR:
        return f"→ {name(mark.actor_id or '', '?')}"
    if mark.kind == MarkKind.CLAIM:
        speaker = name(mark.speaker_id or "", "(no speaker: draft)")
        target = f" → {name(mark.target_id, '?')}" if mark.target_id else ""
        extras = ", ".join(x for x in (mark.stance, mark.form) if x)
        return f"{speaker}{target}" + (f" · {extras}" if extras else "")
    target = f" about {name(mark.target_id, '?')}" if mark.target_id else ""
    return f"intensity {mark.intensity or '?'}{target}"
