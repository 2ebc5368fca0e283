"""The actor registry as a table: an adapter over the session's actor search."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer

from annotator.core.model import Actor, Mark
from annotator.gui.models.table_model import Index, ReadOnlyTableModel
from annotator.gui.signals import follow
from annotator.session import Session


class ActorTableModel(ReadOnlyTableModel):
    """Rows are the actors matching the search text, by name, with how many marks use each."""

    HEADERS = ("Name", "Type", "Country", "Uses", "Aliases")
    NAME, TYPE, COUNTRY, USES, ALIASES = range(5)
    ActorIdRole = Qt.ItemDataRole.UserRole + 1
    SortRole = Qt.ItemDataRole.UserRole + 2  # numbers for Uses, folded text elsewhere

    def __init__(self, session: Session, parent: Any = None):
        super().__init__(parent)
        self._session = session
        self._search = ""
        self._rows: list[tuple[Actor, int]] = session.search_actors("")
        # A merge changes many marks at once: their signals are folded into one reload.
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(0)
        self._reload_timer.timeout.connect(self.reload)
        follow(session.actors_changed, self, self.reload)
        follow(session.mark_added, self, self._mark_touched)
        follow(session.mark_removed, self, self._mark_touched)
        follow(session.mark_changed, self, self._mark_touched)
        follow(session.marks_replaced, self, self._article_marks_replaced)
        follow(session.closed, self, self._session_closed)

    def _session_closed(self) -> None:
        self._reload_timer.stop()

    @property
    def search_text(self) -> str:
        """Return the text the rows are filtered by."""
        return self._search

    def set_search_text(self, text: str) -> None:
        """Show only actors whose name or an alias contains the text."""
        if text != self._search:
            self._search = text
            self.reload()

    def reload(self) -> None:
        """Fetch the rows again; a change of values alone keeps the rows (and the selection)."""
        self._reload_timer.stop()
        if self._session.is_closed:
            return
        rows = self._session.search_actors(self._search)
        if [a.id for a, _ in rows] == [a.id for a, _ in self._rows]:
            changed = [
                i for i, (old, new) in enumerate(zip(self._rows, rows, strict=True)) if old != new
            ]
            self._rows = rows
            if changed:
                last = len(self.HEADERS) - 1
                self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], last))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def _row_count(self) -> int:
        return len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return a cell's text, tooltip, alignment, sort key or actor id."""
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        actor, uses = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _one_line(_cells(actor, uses)[column])
        if role == Qt.ItemDataRole.ToolTipRole:
            aliases = "\n".join(actor.aliases) or "(none)"
            return f"{actor.name}\n{actor.type} · used by {uses} mark(s)\nAliases:\n{aliases}"
        if role == self.SortRole:
            return uses if column == self.USES else _cells(actor, uses)[column].casefold()
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.USES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.ActorIdRole:
            return actor.id
        return None

    def actor_at(self, row: int) -> tuple[Actor, int] | None:
        """Return the actor in a row and its use count."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, actor_id: str) -> int | None:
        """Return the row of an actor, or None when it is not shown."""
        return next((i for i, (a, _) in enumerate(self._rows) if a.id == actor_id), None)

    def _article_marks_replaced(self, _article_id: str) -> None:
        self._reload_timer.start()

    def _mark_touched(self, *marks: Mark) -> None:
        if any(m.actor_id or m.speaker_id or m.target_id for m in marks):
            self._reload_timer.start()


def _cells(actor: Actor, uses: int) -> tuple[str, str, str, str, str]:
    return (actor.name, actor.type, actor.country or "", str(uses), ", ".join(actor.aliases))


def _one_line(text: str) -> str:
    return " ".join(text.split())
