"""Actor rows in the registry's order, changed a few at a time when actors change.

The actor lists of the window (the article filter's choices, the mark form's) are read once
in the registry's order. When some actors change (``actors_changed`` with their ids), their
rows are put in place, found by bisection, instead of reading every actor again: a new actor is
one inserted row.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from operator import itemgetter

from PySide6.QtCore import QAbstractItemModel, QModelIndex

from annotator.services.listing import registry_order_key

ActorRow = tuple  # (id, name, …): an actor's id and name first


class RegistryRows:
    """Rows of (id, name, …) in the registry's order (name ignoring case, then id)."""

    def __init__(self, rows: list[ActorRow] | None = None):
        self._rows: list[ActorRow] = list(rows or [])
        self._keys: list[tuple[str, str]] | None = None  # made when first needed
        self._row_of: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, position: int) -> ActorRow:
        return self._rows[position]

    def row_of(self, actor_id: str) -> int | None:
        """Return the position of an actor's row, or None."""
        if self._row_of is None:
            ids = map(itemgetter(0), self._rows)
            self._row_of = dict(zip(ids, range(len(self._rows)), strict=True))
        return self._row_of.get(actor_id)

    def place_for(self, row: ActorRow) -> int:
        """Return where a row goes in the registry's order (before an equal one held)."""
        if self._keys is None:
            self._keys = [registry_order_key(r[1], r[0]) for r in self._rows]
        return bisect_left(self._keys, registry_order_key(row[1], row[0]))

    def pop(self, position: int) -> ActorRow:
        """Take out the row at a position."""
        row = self._rows.pop(position)
        if self._keys is not None:
            del self._keys[position]
        self._row_of = None
        return row

    def insert(self, position: int, row: ActorRow) -> None:
        """Put a row at a position (``place_for`` says where)."""
        self._rows.insert(position, row)
        if self._keys is not None:
            self._keys.insert(position, registry_order_key(row[1], row[0]))
        self._row_of = None

    def replace(self, position: int, row: ActorRow) -> None:
        """Put a row in place of another with the same place in the order."""
        self._rows[position] = row
        if self._keys is not None:
            self._keys[position] = registry_order_key(row[1], row[0])


def update_rows(
    model: QAbstractItemModel,
    rows: RegistryRows,
    actor_ids: Iterable[str],
    fresh: Mapping[str, ActorRow],
    first: int = 0,
) -> None:
    """Bring a list model's actor rows up to date for some actors, signalling each change.

    ``fresh`` holds the changed actors' rows as they are now (a deleted actor has none);
    ``first`` is the model row of the first actor row (after "Any actor", "(none)"…). A row
    that stays in its place changes in place, one that moves is moved: views keep their
    current item.
    """
    root = QModelIndex()
    for actor_id in sorted(actor_ids):
        old = rows.row_of(actor_id)
        new = fresh.get(actor_id)
        if old is None and new is None:
            continue
        if old is None:
            at = rows.place_for(new)  # type: ignore[arg-type]
            model.beginInsertRows(root, first + at, first + at)
            rows.insert(at, new)  # type: ignore[arg-type]
            model.endInsertRows()
        elif new is None:
            model.beginRemoveRows(root, first + old, first + old)
            rows.pop(old)
            model.endRemoveRows()
        elif rows[old] != new:
            at = rows.place_for(new)
            if at in (old, old + 1):
                rows.replace(old, new)
                index = model.index(first + old, 0)
                model.dataChanged.emit(index, index)
            else:
                model.beginMoveRows(root, first + old, first + old, root, first + at)
                rows.pop(old)
                rows.insert(at if at < old else at - 1, new)
                model.endMoveRows()
