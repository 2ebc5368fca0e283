"""Counts behind the Statistics view and ``annotator stats``: every one a single aggregate query,
so a project of 100,000 articles and a million marks answers in the time SQLite takes to scan
an index, and only the small result crosses into Python.

Each query takes the coders to count (None: every coder, the adjudicated ``gold`` layer
included). Dates are the articles' (``YYYY-MM-DD``; articles without a date are left out of
timelines and counted as such); days of work are the marks' ``created_at``.
"""

from __future__ import annotations

from collections.abc import Sequence

from annotator.storage.base import StoreBase

Rows = list[tuple]


def _coders_sql(coders: Sequence[str] | None, column: str = "annotator") -> tuple[str, list]:
    """Return a condition on a coder column (always true without coders) and its parameters."""
    if coders is None:
        return "1", []
    return f"{column} IN ({', '.join('?' for _ in coders)})", list(coders)


class StatisticsQueries(StoreBase):
    """Aggregates over the coding: progress, distributions and timelines."""

    def coders_with_work(self) -> list[str]:
        """Return the coders who made a mark, set a status or were assigned an article."""
        rows = self.db.execute(
            "SELECT annotator FROM marks GROUP BY annotator "
            "UNION SELECT annotator FROM document_labels "
            "UNION SELECT annotator FROM assignments ORDER BY 1"
        ).fetchall()
        return [r[0] for r in rows]

    def status_counts(self, coders: Sequence[str] | None = None) -> Rows:
        """Return (coder, status, articles) for statuses set; articles with none are new."""
        where, params = _coders_sql(coders)
        return self.db.execute(
            f"SELECT annotator, status, count(*) FROM document_labels WHERE {where} "
            "GROUP BY annotator, status ORDER BY annotator, status",
            params,
        ).fetchall()

    def queue_counts(self, coders: Sequence[str] | None = None) -> Rows:
        """Return (coder, assigned, assigned and done or skipped) for coders with a queue."""
        where, params = _coders_sql(coders, "q.annotator")
        return self.db.execute(
            f"""
            SELECT q.annotator, count(*),
                   count(CASE WHEN d.status IN ('done', 'skipped') THEN 1 END)
              FROM assignments q
              LEFT JOIN document_labels d
                ON d.article_id = q.article_id AND d.annotator = q.annotator
             WHERE {where}
             GROUP BY q.annotator ORDER BY q.annotator
            """,
            params,
        ).fetchall()

    def marks_per_day(self, coders: Sequence[str] | None = None) -> Rows:
        """Return (day, coder, marks made that day) in day order."""
        where, params = _coders_sql(coders)
        return self.db.execute(
            f"SELECT substr(created_at, 1, 10) AS day, annotator, count(*) FROM marks "
            f"WHERE {where} GROUP BY day, annotator ORDER BY day, annotator",
            params,
        ).fetchall()

    def minutes_per_article(self, coders: Sequence[str] | None = None) -> Rows:
        """Return (coder, article id, minutes) for articles done with marks: from the coder's
        first mark in it to the time its status was last saved (an estimate: reading before
        the first mark is not seen, and a note edited later moves the end)."""
        where, params = _coders_sql(coders, "d.annotator")
        return self.db.execute(
            f"""
            SELECT d.annotator, d.article_id,
                   (julianday(d.updated_at) - julianday(min(m.created_at))) * 1440.0
              FROM document_labels d
              JOIN marks m ON m.article_id = d.article_id AND m.annotator = d.annotator
             WHERE d.status = 'done' AND {where}
             GROUP BY d.annotator, d.article_id
             ORDER BY d.annotator, d.article_id
            """,
            params,
        ).fetchall()

    def label_counts(self, coders: Sequence[str] | None = None) -> Rows:
        """Return (kind, label, marks) over the coders' marks."""
        where, params = _coders_sql(coders)
        return self.db.execute(
            f"SELECT kind, label, count(*) FROM marks WHERE {where} "
            "GROUP BY kind, label ORDER BY kind, label",
            params,
        ).fetchall()

    def claims_by_topic_and_stance(self, coders: Sequence[str] | None = None) -> Rows:
        """Return (topic, stance or '', claims)."""
        where, params = _coders_sql(coders)
        return self.db.execute(
            f"SELECT label, coalesce(stance, ''), count(*) FROM marks "
            f"WHERE kind = 'claim' AND {where} GROUP BY label, stance ORDER BY label, stance",
            params,
        ).fetchall()

    def sentiment_by_actor_type(self, coders: Sequence[str] | None = None) -> Rows:
        """Return (actor type or '' for no target, polarity, sentiment marks): the type of
        the actor each sentiment is about."""
        where, params = _coders_sql(coders, "m.annotator")
        return self.db.execute(
            f"""
            SELECT coalesce(a.type, ''), m.label, count(*)
              FROM marks m LEFT JOIN actors a ON a.id = m.target_id
             WHERE m.kind = 'sentiment' AND {where}
             GROUP BY 1, 2 ORDER BY 1, 2
            """,
            params,
        ).fetchall()

    def top_actors(self, coders: Sequence[str] | None = None, limit: int = 20) -> Rows:
        """Return (actor id, name, type, mentions, claims made) for the actors most mentioned
        or most often a claim's speaker, most active first."""
        where, params = _coders_sql(coders)
        return self.db.execute(
            f"""
            WITH counts AS (
                SELECT actor_id AS actor, 1 AS mention, 0 AS claim FROM marks
                 WHERE kind = 'actor' AND actor_id IS NOT NULL AND {where}
                UNION ALL
                SELECT speaker_id, 0, 1 FROM marks
                 WHERE kind = 'claim' AND speaker_id IS NOT NULL AND {where}
            )
            SELECT c.actor, a.name, a.type, sum(c.mention), sum(c.claim)
              FROM counts c JOIN actors a ON a.id = c.actor
             GROUP BY c.actor
             ORDER BY sum(c.mention) + sum(c.claim) DESC, a.name
             LIMIT ?
            """,
            [*params, *params, limit],
        ).fetchall()

    def claims_per_month(
        self, coders: Sequence[str] | None = None, speaker_ids: Sequence[str] | None = None
    ) -> Rows:
        """Return (month ``YYYY-MM`` or '' for undated articles, topic, stance or '', claims),
        by the articles' dates; with ``speaker_ids``, only those actors' claims."""
        where, params = _coders_sql(coders, "m.annotator")
        if speaker_ids is not None:
            where += f" AND m.speaker_id IN ({', '.join('?' for _ in speaker_ids)})"
            params += list(speaker_ids)
        return self.db.execute(
            f"""
            SELECT coalesce(substr(a.date, 1, 7), ''), m.label, coalesce(m.stance, ''), count(*)
              FROM marks m JOIN articles a ON a.id = m.article_id
             WHERE m.kind = 'claim' AND {where}
             GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            """,
            params,
        ).fetchall()

    def claims_per_actor_and_month(
        self, coders: Sequence[str] | None = None, limit: int = 8
    ) -> Rows:
        """Return (speaker name, month, claims) for the ``limit`` actors who made most claims."""
        where, params = _coders_sql(coders, "m.annotator")
        return self.db.execute(
            f"""
            WITH claims AS (
                SELECT m.speaker_id AS speaker, substr(a.date, 1, 7) AS month
                  FROM marks m JOIN articles a ON a.id = m.article_id
                 WHERE m.kind = 'claim' AND m.speaker_id IS NOT NULL AND a.date IS NOT NULL
                   AND {where}
            ), top AS (
                SELECT speaker FROM claims GROUP BY speaker
                 ORDER BY count(*) DESC, speaker LIMIT ?
            )
            SELECT ac.name, c.month, count(*)
              FROM claims c JOIN top t ON t.speaker = c.speaker JOIN actors ac ON ac.id = c.speaker
             GROUP BY c.speaker, c.month ORDER BY ac.name, c.month
            """,
            [*params, limit],
        ).fetchall()
