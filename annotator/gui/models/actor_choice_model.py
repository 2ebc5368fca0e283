"""The actors a mark's actor fields offer ("Name (Type)"), for the mark form's combo boxes.

One list model per field kind, read from the project when a form first needs it, so that
selecting a mark never refills a combo box with every actor (0.2 s per selection at 10,000
actors when each was an item of its own). When some actors change, only their rows are read
again and put in place; after other registry changes the whole list is read when next needed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from annotator.gui.models.registry_rows import RegistryRows, update_rows
from annotator.gui.plain_text import plain_tip

Index = QModelIndex | QPersistentModelIndex
Choice = tuple[str, str, str]  # (actor id, name, type)
# Reads the choices: every actor's (None), or those of some actors (the ones still existing).
LoadChoices = Callable[[Collection[str] | None], list[Choice]]

NONE_TEXT = "(none)"


class ActorChoiceModel(QAbstractListModel):
    """Every actor as "Name (Type)" with its id as user data; optionally "(none)" first."""

    def __init__(
        self,
        load: LoadChoices,
        with_none: bool,
        tooltip: Callable[[str], str] | None = None,
        parent: Any = None,
    ):
        super().__init__(parent)
        self._load = load
        self._with_none = with_none
        self._tooltip = tooltip
        self._choices = RegistryRows()
        self._stale = True

    def mark_stale(self) -> None:
        """Read the actors again when next needed (the registry changed)."""
        self._stale = True

    def actors_changed(self, actor_ids: Collection[str]) -> None:
        """Read these actors again and put their rows in place (an actor may be new or gone)."""
        if self._stale:
            return  # read whole when next needed anyway
        fresh = {choice[0]: choice for choice in self._load(actor_ids)}
        update_rows(self, self._choices, actor_ids, fresh, first=1 if self._with_none else 0)

    def ensure_current(self) -> None:
        """Read the actors if they were never read or the registry changed since."""
        if not self._stale:
            return
        self.beginResetModel()
        self._choices = RegistryRows(self._load(None))
        self._stale = False
        self.endResetModel()

    def row_of(self, actor_id: str | None) -> int:
        """Return the row of an actor (the "(none)" row, or -1, for None or an unknown id)."""
        if actor_id is None:
            return 0 if self._with_none else -1
        row = self._choices.row_of(actor_id)
        return -1 if row is None else row + (1 if self._with_none else 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        """Return the number of choices."""
        return 0 if parent.isValid() else len(self._choices) + (1 if self._with_none else 0)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return a choice's text, actor id (user data) or aliases (tooltip)."""
        row = index.row()
        if not index.isValid() or not 0 <= row < self.rowCount():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(row)
        actor_id = self._actor_id(row)
        if role == Qt.ItemDataRole.UserRole:
            return actor_id
        if role == Qt.ItemDataRole.ToolTipRole and actor_id and self._tooltip:
            return plain_tip(self._tooltip(actor_id))
        return None

    def _actor_id(self, row: int) -> str | None:
        if self._with_none:
            return None if row == 0 else self._choices[row - 1][0]
        return self._choices[row][0]

    def _text(self, row: int) -> str:
        if self._with_none:
            if row == 0:
                return NONE_TEXT
            row -= 1
        _id, name, kind = self._choices[row]
        return f"{name} ({kind})"

    def match(  # noqa: D102 (Qt override, documented below)
        self,
        start: Index,
        role: int,
        value: Any,
        hits: int = 1,
        flags: Qt.MatchFlag = Qt.MatchFlag.MatchStartsWith | Qt.MatchFlag.MatchWrap,  # noqa: B008
    ) -> list[QModelIndex]:
        """Find choices by the start of their text (a combo box's type-to-search), or by id."""
        flags = Qt.MatchFlag(flags)
        kind = flags & Qt.MatchFlag.MatchTypeMask  # type: ignore[operator]
        if role == Qt.ItemDataRole.UserRole and kind == Qt.MatchFlag.MatchExactly:
            row = self.row_of(value)
            return [self.index(row, 0)] if row >= 0 else []
        if role != Qt.ItemDataRole.DisplayRole or kind != Qt.MatchFlag.MatchStartsWith:
            return super().match(start, role, value, hits, flags)
        wanted = str(value).casefold()
        count = self.rowCount()
        first = start.row() if start.isValid() else 0
        wrap = bool(flags & Qt.MatchFlag.MatchWrap)
        rows = list(range(first, count)) + (list(range(0, first)) if wrap else [])
        found = [self.index(r, 0) for r in rows if self._text(r).casefold().startswith(wanted)]
        return found if hits < 0 else found[:hits]
