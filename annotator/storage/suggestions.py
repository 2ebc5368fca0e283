"""Rejected suggestions: the suggested mentions a coder said no to."""

from __future__ import annotations

from annotator.core.model import utc_now
from annotator.storage.base import StoreBase


class SuggestionQueries(StoreBase):
    """Reads and writes of rejected suggestions."""

    def rejected_spans(self, article_id: str, annotator: str) -> set[tuple[int, int, str]]:
        """Return the (start, end, actor id) suggestions a coder rejected in an article."""
        rows = self.db.execute(
            'SELECT start, "end", actor_id FROM rejected_suggestions '
            "WHERE article_id = ? AND annotator = ?",
            [article_id, annotator],
        )
        return {(r[0], r[1], r[2]) for r in rows}

    def reject_suggestion(
        self, article_id: str, annotator: str, start: int, end: int, actor_id: str
    ) -> None:
        """Remember that a coder rejected a suggestion."""
        self.db.execute(
            'INSERT INTO rejected_suggestions (article_id, annotator, start, "end", actor_id, '
            "rejected_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [article_id, annotator, start, end, actor_id, utc_now()],
        )

    def unreject_suggestion(
        self, article_id: str, annotator: str, start: int, end: int, actor_id: str
    ) -> None:
        """Forget a rejection (undo)."""
        self.db.execute(
            "DELETE FROM rejected_suggestions WHERE article_id = ? AND annotator = ? "
            'AND start = ? AND "end" = ? AND actor_id = ?',
            [article_id, annotator, start, end, actor_id],
        )
