"""The actor registry as a table: an adapter over the session's actors, sorted in the model."""

from __future__ import annotations

from itertools import count
from operator import itemgetter
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer

from annotator.core.model import Actor, Mark
from annotator.core.text import fold_name
from annotator.gui.models.table_model import Index, ReadOnlyTableModel
from annotator.gui.signals import follow
from annotator.services.listing import registry_order_key
from annotator.session import Session
from annotator.gui.plain_text import plain_tip

ActorRow = tuple[str, str, str, str | None]  # id, name, type, country
READ_WINDOW = 40  # actors (aliases, use counts) read at once: a screenful of rows and more
_MANY_ACTORS = 64  # a change of more actors than this reads the rows again


class ActorTableModel(ReadOnlyTableModel):
    """Rows are the actors matching the search text, with how many marks use each.

    The model holds each actor's id, name, type and country; aliases and use counts are read
    when a row is shown (with the rows around it, in one query each), not for the whole
    registry: counting every actor's uses over a million marks takes a while. Sorting by Uses
    or Aliases reads them all once. A mark edit forgets the counts of the actors it refers to,
    nothing else; a change of a few actors reads just those and moves, inserts or removes
    their rows. The model sorts itself (``sort``): no proxy calls back into Python per row.
    """

    HEADERS = ("Name", "Type", "Country", "Uses", "Aliases")
    NAME, TYPE, COUNTRY, USES, ALIASES = range(5)
    ActorIdRole = Qt.ItemDataRole.UserRole + 1
    SortRole = Qt.ItemDataRole.UserRole + 2  # numbers for Uses, folded text elsewhere

    def __init__(self, session: Session, parent: Any = None, *, count_later: bool = False):
        super().__init__(parent)
        self._session = session
        self._counting = not count_later  # until start_counting(), unread counts show blank
        self._search = ""
        self._sort_column = self.NAME
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._actors: dict[str, Actor] = {}  # the actors read so far (with their aliases)
        self._uses: dict[str, int] = {}  # the use counts read so far
        self._touched: set[str] = set()  # actors whose count a mark edit changed
        self._rows: list[ActorRow] = []
        self._row_of_id: dict[str, int] = {}
        self._set_rows(self._read())
        # A merge changes many marks at once: their signals are folded into one update.
        self._touch_timer = QTimer(self)
        self._touch_timer.setSingleShot(True)
        self._touch_timer.setInterval(0)
        self._touch_timer.timeout.connect(self._show_touched)
        follow(session.actors_changed, self, self._actors_changed)
        follow(session.articles_changed, self, self._forget_counts)  # an import or a merge
        follow(session.mark_added, self, self._mark_touched)
        follow(session.mark_removed, self, self._mark_touched)
        follow(session.mark_changed, self, self._mark_touched)
        follow(session.marks_replaced, self, self._forget_counts)
        follow(session.closed, self, self._session_closed)

    def _session_closed(self) -> None:
        self._touch_timer.stop()

    @property
    def search_text(self) -> str:
        """Return the text the rows are filtered by."""
        return self._search

    def set_search_text(self, text: str) -> None:
        """Show only actors whose name or an alias contains the text."""
        if text != self._search:
            self._search = text
            self.reload()

    def _read(self) -> list[ActorRow]:
        """Return the rows to list; a search's actors and counts are kept (it reads them)."""
        if not self._search.strip():
            return self._session.actor_list_rows()
        found = self._session.search_actors(self._search)
        self._actors.update((actor.id, actor) for actor, _uses in found)
        self._uses.update((actor.id, uses) for actor, uses in found)
        return [(a.id, a.name, a.type, a.country) for a, _uses in found]

    def reload(self, *_: object) -> None:
        """Read the rows again; a change of values alone keeps the rows (and the selection)."""
        if self._session.is_closed:
            return
        self._actors.clear()  # names and aliases may have changed; rows shown read them again
        before = [row[0] for row in self._rows]
        rows = self._sorted(self._read())
        if [row[0] for row in rows] == before:
            self._rows = rows
            if rows:
                last = len(self.HEADERS) - 1
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, last))
            return
        self.beginResetModel()
        self._set_rows(rows)
        self.endResetModel()

    def _actors_changed(self, actor_ids: frozenset[str] | None = None) -> None:
        """Follow a registry change: these actors' rows only, or all of them (None, or many)."""
        if actor_ids is None or len(actor_ids) > _MANY_ACTORS:
            self.reload()
            return
        if self._session.is_closed:
            return
        actors = {actor.id: actor for actor in self._session.actors_by_ids(sorted(actor_ids))}
        needle = fold_name(self._search)
        root = QModelIndex()
        for actor_id in sorted(actor_ids):
            self._actors.pop(actor_id, None)  # aliases may have changed
            actor = actors.get(actor_id)
            if actor is not None and not _found_by(actor, needle):
                actor = None
            old = self._row_of_id.get(actor_id)
            if actor is None:
                if old is not None:
                    self.beginRemoveRows(root, old, old)
                    del self._rows[old]
                    self._set_row_numbers()
                    self.endRemoveRows()
                continue
            self._actors[actor_id] = actor
            row: ActorRow = (actor.id, actor.name, actor.type, actor.country)
            if self._sort_column == self.USES and actor_id not in self._uses:
                self._count([actor_id])
            if old is None:
                at = self._place_for(row)
                self.beginInsertRows(root, at, at)
                self._rows.insert(at, row)
                self._set_row_numbers()
                self.endInsertRows()
                continue
            held = self._rows.pop(old)  # its place among the others
            at = self._place_for(row)
            self._rows.insert(old, held)
            if at == old:
                self._rows[old] = row
                self.dataChanged.emit(self.index(old, 0), self.index(old, len(self.HEADERS) - 1))
                continue
            # Moved, not removed and inserted: a selection stays on it.
            self.beginMoveRows(root, old, old, root, at if at < old else at + 1)
            del self._rows[old]
            self._rows.insert(at, row)
            self._set_row_numbers()
            self.endMoveRows()

    def _place_for(self, row: ActorRow) -> int:
        """Return where a row goes among the sorted rows (ties in the registry's order)."""
        column = self._sort_column
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        key, tie = self._sort_key(row, column), registry_order_key(row[1], row[0])
        lo, hi = 0, len(self._rows)
        while lo < hi:
            mid = (lo + hi) // 2
            other = self._rows[mid]
            other_key = self._sort_key(other, column)
            if other_key == key:
                before = registry_order_key(other[1], other[0]) < tie
            else:
                before = other_key > key if descending else other_key < key
            if before:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def _set_row_numbers(self) -> None:
        self._row_of_id = dict(zip(map(itemgetter(0), self._rows), count(), strict=False))

    def _set_rows(self, rows: list[ActorRow]) -> None:
        self._rows = self._sorted(rows)
        self._row_of_id = {row[0]: i for i, row in enumerate(self._rows)}

    def _row_count(self) -> int:
        return len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return a cell's text, tooltip, alignment, sort key or actor id."""
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = index.row()
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.USES:
                if not self._counting and self._rows[row][0] not in self._uses:
                    return ""
                return str(self._uses_at(row))
            if column == self.ALIASES:
                return _one_line(", ".join(self._actor_at(row).aliases))
            return _one_line(self._rows[row][column + 1] or "")
        if role == Qt.ItemDataRole.ToolTipRole:
            actor = self._actor_at(row)
            aliases = "\n".join(actor.aliases) or "(none)"
            uses = self._uses_at(row)
            return plain_tip(
                f"{actor.name}\n{actor.type} · used by {uses} mark(s)\nAliases:\n{aliases}"
            )
        if role == self.SortRole:
            return self._sort_key(self._rows[row], column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.USES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.ActorIdRole:
            return self._rows[row][0]
        return None

    def cell(self, row: int, column: int) -> tuple[str, None, bool]:
        """Return what a cell shows in one call: its text, no swatch, right-aligned (Uses)."""
        if not 0 <= row < len(self._rows):
            return ("", None, False)
        if column == self.USES:
            if not self._counting and self._rows[row][0] not in self._uses:
                return ("", None, True)
            return (str(self._uses_at(row)), None, True)
        if column == self.ALIASES:
            return (_one_line(", ".join(self._actor_at(row).aliases)), None, False)
        return (_one_line(self._rows[row][column + 1] or ""), None, False)

    def _around(self, row: int) -> list[str]:
        """Return the ids of the rows around one (more below: lists are read downwards)."""
        first = max(0, row - READ_WINDOW // 4)
        return [r[0] for r in self._rows[first : first + READ_WINDOW]]

    def _actor_at(self, row: int) -> Actor:
        actor_id = self._rows[row][0]
        if actor_id not in self._actors and not self._session.is_closed:
            self._read_actors([a for a in self._around(row) if a not in self._actors])
        actor = self._actors.get(actor_id)
        # Deleted meanwhile (a reload is on its way): show what the row holds.
        return actor or Actor(actor_id, self._rows[row][1], self._rows[row][2], self._rows[row][3])

    def _read_actors(self, actor_ids: list[str]) -> None:
        self._actors.update((actor.id, actor) for actor in self._session.actors_by_ids(actor_ids))

    def _uses_at(self, row: int) -> int:
        actor_id = self._rows[row][0]
        if actor_id not in self._uses and not self._session.is_closed:
            self._count([a for a in self._around(row) if a not in self._uses])
        return self._uses.get(actor_id, 0)

    def start_counting(self) -> None:
        """Show use counts from now on (a window calls this once it is on screen)."""
        if not self._counting:
            self._counting = True
            self._forget_counts()

    def _count(self, actor_ids: list[str]) -> None:
        counts = self._session.actor_use_counts(actor_ids)
        # An id the store does not know any more (deleted meanwhile) has no uses.
        self._uses.update({actor_id: counts.get(actor_id, 0) for actor_id in actor_ids})

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows by a column (Uses by number, text columns ignoring case)."""
        if (column, order) == (self._sort_column, self._sort_order):
            return  # the rows are kept in this order whenever they are read
        self._sort_column, self._sort_order = column, order
        self._resort()

    def _resort(self) -> None:
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [(self._rows[i.row()][0], i.column()) for i in persistent]
        self._set_rows(self._rows)
        self.changePersistentIndexList(
            persistent, [self.index(self._row_of_id[actor_id], col) for actor_id, col in held]
        )
        self.layoutChanged.emit()

    def _sorted(self, rows: list[ActorRow]) -> list[ActorRow]:
        # Stable: equal keys keep the registry's order (name, then id).
        column = self._sort_column
        if column == self.USES:
            self._count([row[0] for row in rows if row[0] not in self._uses])
        elif column == self.ALIASES:
            self._read_actors([row[0] for row in rows if row[0] not in self._actors])
        return sorted(
            rows,
            key=lambda row: self._sort_key(row, column),
            reverse=self._sort_order == Qt.SortOrder.DescendingOrder,
        )

    def _sort_key(self, row: ActorRow, column: int) -> Any:
        if column == self.USES:
            return self._uses.get(row[0], 0)
        if column == self.ALIASES:
            actor = self._actors.get(row[0])
            return ", ".join(actor.aliases).casefold() if actor else ""
        return (row[column + 1] or "").casefold()

    def actor_at(self, row: int) -> tuple[Actor, int] | None:
        """Return the actor in a row and its use count."""
        if not 0 <= row < len(self._rows):
            return None
        return self._actor_at(row), self._uses_at(row)

    def row_of(self, actor_id: str) -> int | None:
        """Return the row of an actor, or None when it is not shown."""
        return self._row_of_id.get(actor_id)

    def _forget_counts(self, *_: object) -> None:
        """Forget every count (many marks changed at once); rows shown read theirs again."""
        self._uses.clear()
        self._touched.clear()
        if self._sort_column == self.USES:
            self._resort()
        elif self._rows:
            self.dataChanged.emit(
                self.index(0, self.USES), self.index(len(self._rows) - 1, self.USES)
            )

    def _mark_touched(self, *marks: Mark) -> None:
        ids = {i for m in marks for i in (m.actor_id, m.speaker_id, m.target_id) if i}
        for actor_id in ids:
            self._uses.pop(actor_id, None)  # read again when next asked for: always current
        if ids:
            self._touched |= ids
            self._touch_timer.start()

    def _show_touched(self) -> None:
        touched, self._touched = self._touched, set()
        if self._session.is_closed:
            return
        if self._sort_column == self.USES:
            self._resort()
            return
        for actor_id in touched:
            row = self._row_of_id.get(actor_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, self.USES), self.index(row, self.USES))


def _found_by(actor: Actor, needle: str) -> bool:
    """Say whether a search (folded) finds an actor, as the store's search does."""
    return not needle or any(needle in fold_name(text) for text in (actor.name, *actor.aliases))


def _one_line(text: str) -> str:
    return " ".join(text.split())
