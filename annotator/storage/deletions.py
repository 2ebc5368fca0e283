"""Tombstones: deleted marks, actors and assignments remembered, so that deletions travel.

Deleting a mark, an actor or an assignment leaves a row in ``deletions`` (table, key, when,
by whom), written by a trigger (migration 0013). A merge brings the other side's tombstones
along, and for one key the rule is:

    A row with stamp U and a tombstone with time D: the row survives iff U > D.
    The deletion wins a tie.

The stamp is ``updated_at`` for marks and actors, ``assigned_at`` for assignments; times are
``utc_now()``'s text (ISO 8601, milliseconds, ``Z``), so they compare as strings. Of two
tombstones of one key the later is kept (the larger ``deleted_by`` on a tie). What follows:

- A row written locally with a later stamp than its tombstone removes the tombstone (a
  trigger). A row put back after its deletion (an undo, a redo, an import of it again) is
  stamped later than its tombstone (``stamp_after``), or the next merge would delete it again.
- A merge (``MergeQueries.merge_attached``) unites the tombstones, brings in none of the
  other side's rows a tombstone outdates, deletes ours that one outdates, and drops the
  tombstones a surviving row outdates. Deleting by a tombstone keeps its time.
- One exception keeps the data whole: an actor that a surviving mark still refers to is not
  deleted (a coder's mark never loses its actor); it keeps its tombstone, and goes once no
  mark refers to it any more. Which edit of such an actor is kept can then depend on the
  order of merges (the edits a deletion outdated are gone by then).
- Aliases have no tombstones (they are a union, as before): those of an actor deleted in one
  project and edited later in another can depend on the order of merges too.

Keys: a mark's or an actor's id; an assignment's ``article_id``, the ASCII unit separator
(``KEY_SEPARATOR``, ``char(31)`` in SQL, which no id or coder name holds), ``annotator``.
``deletion_key`` and ``schema.key_sql`` are the only places that build them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from annotator.core.model import utc_now
from annotator.storage.base import StoreBase
from annotator.storage.schema import KEY_SEPARATOR, key_sql

# Each table with tombstones: the columns of its key (those of schema.SYNCED_TABLES, so a
# tombstone's key is its row's key as the hub writes it), and the column of its rows' stamp.
TOMBSTONED: dict[str, tuple[tuple[str, ...], str]] = {
    "marks": (("id",), "updated_at"),
    "actors": (("id",), "updated_at"),
    "assignments": (("article_id", "annotator"), "assigned_at"),
}


def survives(stamp: str, deleted_at: str | None) -> bool:
    """Say whether a row with this stamp outlives a tombstone of this time (None: none)."""
    return deleted_at is None or stamp > deleted_at


def stamp_after(deleted_at: str) -> str:
    """Return the time now, or a millisecond after a tombstone's time if now is not later."""
    now = utc_now()
    if now > deleted_at:
        return now
    later = datetime.fromisoformat(deleted_at) + timedelta(milliseconds=1)
    return later.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def deletion_key(*parts: str) -> str:
    """Return a tombstone's key from its row's key columns (one for an id)."""
    return KEY_SEPARATOR.join(parts)


def outdated_sql(table: str, row: str, schema: str = "main") -> str:
    """Return SQL saying whether a tombstone in ``schema`` outdates a row (the rule's "not")."""
    stamp = TOMBSTONED[table][1]
    return (
        f"EXISTS (SELECT 1 FROM {schema}.deletions d WHERE d.tbl = '{table}' "
        f"AND d.key = {key_sql(table, row)} AND d.deleted_at >= {row}.{stamp})"
    )


class DeletionQueries(StoreBase):
    """Reads of the tombstones, and stamps that outlive them."""

    def deleted_at(self, table: str, key: str) -> str | None:
        """Return when a row was deleted, if it has a tombstone."""
        row = self.db.execute(
            "SELECT deleted_at FROM deletions WHERE tbl = ? AND key = ?", [table, key]
        ).fetchone()
        return row[0] if row else None

    def stamp_past_deletion(self, table: str, key: str, stamp: str) -> str:
        """Return ``stamp``, or one later than the row's tombstone if that is as late.

        A row written back after its deletion must outlive its tombstone, here and in every
        teammate's project its deletion reached.
        """
        deleted_at = self.deleted_at(table, key)
        if deleted_at is None or survives(stamp, deleted_at):
            return stamp
        return stamp_after(deleted_at)

    def tombstones(
        self, table: str, keys: Sequence[str] | None = None
    ) -> list[tuple[str, str, str | None]]:
        """Return (key, deleted_at, deleted_by) of a table's tombstones (all, or these keys')."""
        if keys is None:
            rows = self.db.execute(
                "SELECT key, deleted_at, deleted_by FROM deletions WHERE tbl = ? ORDER BY key",
                [table],
            )
            return [(r[0], r[1], r[2]) for r in rows]
        found: list[tuple[str, str, str | None]] = []
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            rows = self.db.execute(
                "SELECT key, deleted_at, deleted_by FROM deletions WHERE tbl = ? "
                f"AND key IN ({','.join('?' * len(chunk))}) ORDER BY key",
                [table, *chunk],
            )
            found.extend((r[0], r[1], r[2]) for r in rows)
        return found
