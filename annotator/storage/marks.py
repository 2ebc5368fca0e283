"""Marks: the span annotations of every coder."""

from __future__ import annotations

from typing import Any

from annotator.core.errors import NotFoundError
from annotator.core.model import Mark, MarkKind
from annotator.storage.deletions import DeletionQueries

_MARK_COLUMNS = (
    'id, article_id, annotator, kind, start, "end", text, label, actor_id, speaker_id, '
    "target_id, stance, form, intensity, created_at, updated_at"
)


class MarkQueries(DeletionQueries):
    """Reads and writes of marks."""

    # -- marks ------------------------------------------------------------------------------

    def insert_mark(self, mark: Mark) -> None:
        """Insert a mark."""
        self.db.execute(
            f"INSERT INTO marks ({_MARK_COLUMNS}) VALUES ({','.join('?' * 16)})", _mark_row(mark)
        )

    def replace_mark(self, mark: Mark) -> None:
        """Insert a mark or overwrite the stored mark with the same id."""
        # An upsert, never INSERT OR REPLACE: a replace deletes first, which would leave a
        # tombstone (and take the mark's gold decisions along).
        updates = ", ".join(f"{c} = excluded.{c}" for c in _MARK_COLUMNS.split(", ")[1:])
        self.db.execute(
            f"INSERT INTO marks ({_MARK_COLUMNS}) VALUES ({','.join('?' * 16)}) "
            f"ON CONFLICT (id) DO UPDATE SET {updates}",
            _mark_row(mark),
        )

    def written_back(self, mark: Mark) -> Mark:
        """Return the mark, stamped later than its tombstone if it has one as late.

        Call it before storing a mark that may have been deleted (undo, redo, a gold mark
        made again, an import of it again): see storage/deletions.py.
        """
        stamp = self.stamp_past_deletion("marks", mark.id, mark.updated_at)
        return mark if stamp == mark.updated_at else mark.with_changes(updated_at=stamp)

    def update_mark(self, mark: Mark) -> None:
        """Overwrite every field of a stored mark."""
        row = _mark_row(mark)
        cursor = self.db.execute(
            'UPDATE marks SET article_id = ?, annotator = ?, kind = ?, start = ?, "end" = ?, '
            "text = ?, label = ?, actor_id = ?, speaker_id = ?, target_id = ?, stance = ?, "
            "form = ?, intensity = ?, created_at = ?, updated_at = ? WHERE id = ?",
            row[1:] + [row[0]],
        )
        if cursor.rowcount != 1:
            raise NotFoundError(f"no mark with id {mark.id}")

    def delete_mark(self, mark_id: str) -> None:
        """Delete a mark."""
        cursor = self.db.execute("DELETE FROM marks WHERE id = ?", [mark_id])
        if cursor.rowcount != 1:
            raise NotFoundError(f"no mark with id {mark_id}")

    def has_mark(self, mark_id: str) -> bool:
        """Say whether a mark with this id exists."""
        return self._exists("SELECT 1 FROM marks WHERE id = ?", mark_id)

    def get_mark(self, mark_id: str) -> Mark:
        """Return the mark with this id."""
        rows = self._marks("WHERE id = ?", [mark_id])
        if not rows:
            raise NotFoundError(f"no mark with id {mark_id}")
        return rows[0]

    def marks_for(self, article_id: str, annotator: str) -> list[Mark]:
        """Return one coder's marks on one article, ordered by position."""
        return self._marks("WHERE article_id = ? AND annotator = ?", [article_id, annotator])

    def has_any_marks(self) -> bool:
        """Say whether the project holds any mark."""
        return self.db.execute("SELECT 1 FROM marks LIMIT 1").fetchone() is not None

    def has_marks_by(self, annotator: str) -> bool:
        """Say whether a coder has made any mark in the project (one index seek)."""
        found = self.db.execute("SELECT 1 FROM marks WHERE annotator = ? LIMIT 1", [annotator])
        return found.fetchone() is not None

    def recent_actor_ids(self, annotator: str, limit: int) -> list[str]:
        """Return the actors a coder's latest mentions refer to, most recent first.

        Of mentions saved at the same moment, the one stored last counts as the more recent.
        """
        # Each actor's latest mention is one seek at the end of its range of the coder-actor
        # index: work in proportion to the registry, not to the coder's mentions.
        rows = self.db.execute(
            "SELECT a.id, (SELECT m.updated_at || printf(' %012d', m.rowid) FROM marks m "
            " WHERE m.annotator = :annotator AND m.actor_id = a.id "
            " ORDER BY m.updated_at DESC, m.rowid DESC LIMIT 1) AS latest "
            "FROM actors a ORDER BY latest DESC LIMIT :limit",
            {"annotator": annotator, "limit": limit},
        )
        return [r[0] for r in rows if r[1] is not None]

    def label_usage(self) -> dict[tuple[str, str], int]:
        """Return how many marks, actors and document labels use each (field, label) pair."""
        usage: dict[tuple[str, str], int] = {}
        for kind, label, n in self.db.execute(
            "SELECT kind, label, count(*) FROM marks GROUP BY kind, label "
            "UNION ALL SELECT 'actor registry type', type, count(*) FROM actors GROUP BY type"
        ):
            usage[(kind, label)] = n
        for field, label, n in self.db.execute(
            """
            SELECT 'stance', stance, count(*) FROM marks WHERE stance IS NOT NULL GROUP BY 2
            UNION ALL
            SELECT 'form', form, count(*) FROM marks WHERE form IS NOT NULL GROUP BY 2
            UNION ALL
            SELECT 'tone', tone, count(*) FROM document_labels WHERE tone IS NOT NULL GROUP BY 2
            UNION ALL
            SELECT 'focus_stance', focus_stance, count(*) FROM document_labels
              WHERE focus_stance IS NOT NULL GROUP BY 2
            UNION ALL
            SELECT 'topics', t.value, count(*) FROM document_labels, json_each(topics) t
              GROUP BY 2
            """
        ):
            usage[(field, label)] = n
        return usage

    def _marks(self, where: str, params: list[Any]) -> list[Mark]:
        rows = self.db.execute(
            f'SELECT {_MARK_COLUMNS} FROM marks {where} ORDER BY start, "end" DESC, id', params
        ).fetchall()
        return [_mark_from_row(r) for r in rows]


def _mark_row(mark: Mark) -> list[Any]:
    return [
        mark.id,
        mark.article_id,
        mark.annotator,
        mark.kind.value,
        mark.start,
        mark.end,
        mark.text,
        mark.label,
        mark.actor_id,
        mark.speaker_id,
        mark.target_id,
        mark.stance,
        mark.form,
        mark.intensity,
        mark.created_at,
        mark.updated_at,
    ]


def _mark_from_row(row: tuple[Any, ...]) -> Mark:
    return Mark(
        id=row[0],
        article_id=row[1],
        annotator=row[2],
        kind=MarkKind(row[3]),
        start=row[4],
        end=row[5],
        text=row[6],
        label=row[7],
        actor_id=row[8],
        speaker_id=row[9],
        target_id=row[10],
        stance=row[11],
        form=row[12],
        intensity=row[13],
        created_at=row[14],
        updated_at=row[15],
    )
