"""The actors a mark's actor fields offer ("Name (Type)"), for the mark form's combo boxes.

One list model per field kind, read from the project when a form first needs it and again only
after the registry changed, so that selecting a mark never refills a combo box with every
actor (0.2 s per selection at 10,000 actors when each was an item of its own).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
Choice = tuple[str, str, str]  # (actor id, name, type)

NONE_TEXT = "(none)"


class ActorChoiceModel(QAbstractListModel):
    """Every actor as "Name (Type)" with its id as user data; optionally "(none)" first."""

    def __init__(
        self,
        load: Callable[[], list[Choice]],
        with_none: bool,
        tooltip: Callable[[str], str] | None = None,
        parent: Any = None,
    ):
        super().__init__(parent)
        self._load = load
        self._with_none = with_none
        self._tooltip = tooltip
        self._choices: list[Choice] = []
        self._row_of: dict[str, int] = {}
        self._texts: list[str] = []
        self._stale = True

    def mark_stale(self) -> None:
        """Read the actors again when next needed (the registry changed)."""
        self._stale = True

    def ensure_current(self) -> None:
        """Read the actors if they were never read or the registry changed since."""
        if not self._stale:
            return
        self.beginResetModel()
        self._choices = self._load()
        offset = 1 if self._with_none else 0
        self._row_of = {choice[0]: row + offset for row, choice in enumerate(self._choices)}
        self._texts = ([NONE_TEXT] if self._with_none else []) + [
            f"{name} ({kind})" for _id, name, kind in self._choices
        ]
        self._stale = False
        self.endResetModel()

    def row_of(self, actor_id: str | None) -> int:
        """Return the row of an actor (the "(none)" row, or -1, for None or an unknown id)."""
        if actor_id is None:
            return 0 if self._with_none else -1
        return self._row_of.get(actor_id, -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        """Return the number of choices."""
        return 0 if parent.isValid() else len(self._texts)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return a choice's text, actor id (user data) or aliases (tooltip)."""
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._texts):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._texts[row]
        actor_id = self._actor_id(row)
        if role == Qt.ItemDataRole.UserRole:
            return actor_id
        if role == Qt.ItemDataRole.ToolTipRole and actor_id and self._tooltip:
            return self._tooltip(actor_id)
        return None

    def _actor_id(self, row: int) -> str | None:
        if self._with_none:
            return None if row == 0 else self._choices[row - 1][0]
        return self._choices[row][0]

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
        count = len(self._texts)
        first = start.row() if start.isValid() else 0
        wrap = bool(flags & Qt.MatchFlag.MatchWrap)
        rows = list(range(first, count)) + (list(range(0, first)) if wrap else [])
        found = [self.index(r, 0) for r in rows if self._texts[r].casefold().startswith(wanted)]
        return found if hits < 0 else found[:hits]
