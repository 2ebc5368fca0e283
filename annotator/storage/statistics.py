"""Counts behind the Statistics view and ``annotator stats``, read from the tallies triggers
keep (migration 0012: ``day_tallies``, ``label_tallies``, ``actor_tallies``, ``speaker_months``,
``first_marks``), so a project of a million marks answers from a few thousand rows instead of
counting the marks again.

Each query takes the coders to count (None: every coder, the adjudicated ``gold`` layer
included). Dates are the articles' (``YYYY-MM-DD``; articles without a date are left out of
timelines and counted as such); days of work are the marks' ``created_at``.
"""

from __future__ import annotations

from collections.abc import Sequence

from annotator.storage.base import StoreBase
from annotator.storage.schema import TALLY_COUNTS

Rows = list[tuple]


def _coders_sql(coders: Sequence[str] | None, column: str = "annotator") -> tuple[str, list]:
    """Return a condition on a coder column (always true without coders) and its parameters."""
    if coders is None:
        return "1", []
    if not coders:
        return "0", []  # no coder chosen: nothing counts
    return f"{column} IN ({', '.join('?' for _ in coders)})", list(coders)


class StatisticsQueries(StoreBase):
    """Aggregates over the coding: progress, distributions and timelines."""

    def coders_with_work(self) -> list[str]:
        """Return the coders who made a mark, set a status or were assigned an article."""
        # One index probe per known coder, never a scan of the labels or the marks.
        rows = self.db.execute(
            """
            SELECT name FROM annotators c
             WHERE EXISTS (SELECT 1 FROM day_tallies WHERE annotator = c.name)
                OR EXISTS (SELECT 1 FROM document_labels WHERE annotator = c.name)
                OR EXISTS (SELECT 1 FROM assignments WHERE annotator = c.name)
             ORDER BY name
            """
        ).fetchall()
        return [r[0] for r in rows]

    def coders_with_marks(self) -> list[str]:
        """Return the coders who made at least one mark (gold included), sorted."""
        rows = self.db.execute("SELECT DISTINCT annotator FROM day_tallies ORDER BY 1")
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
            f"SELECT day, annotator, sum(n) FROM day_tallies "
            f"WHERE {where} GROUP BY day, annotator ORDER BY day, annotator",
            params,
        ).fetchall()

    def minutes_per_article(self, coders: Sequence[str] | None = None) -> Rows:
        """Return (coder, articles, median minutes, mean minutes) over the articles each coder
        finished with marks: from the coder's first mark in it to the time its status was
        last saved (an estimate: reading before the first mark is not seen, and a note
        edited later moves the end)."""
        where, params = _coders_sql(coders, "d.annotator")
        return self.db.execute(
            f"""
            WITH spans AS (
                SELECT d.annotator AS coder,
                       (julianday(d.updated_at) - julianday(f.first_at)) * 1440.0 AS minutes
                  FROM document_labels d
                  JOIN first_marks f ON f.article_id = d.article_id AND f.annotator = d.annotator
                 WHERE d.status = 'done' AND {where}
            ), ranked AS (
                SELECT coder, minutes,
                       row_number() OVER (PARTITION BY coder ORDER BY minutes) AS place,
                       count(*) OVER (PARTITION BY coder) AS articles
                  FROM spans WHERE minutes >= 0
            )
            SELECT coder, max(articles),
                   avg(CASE WHEN place IN ((articles + 1) / 2, (articles + 2) / 2)
                            THEN minutes END),
                   avg(minutes)
              FROM ranked GROUP BY coder ORDER BY coder
            """,
            params,
        ).fetchall()

    def label_counts(self, coders: Sequence[str] | None = None) -> Rows:
        """Return (kind, label, marks) over the coders' marks."""
        where, params = _coders_sql(coders)
        return self.db.execute(
            f"SELECT kind, label, sum(n) FROM label_tallies WHERE {where} "
            "GROUP BY kind, label ORDER BY kind, label",
            params,
        ).fetchall()

    def claims_by_topic_and_stance(self, coders: Sequence[str] | None = None) -> Rows:
        """Return (topic, stance or '', claims)."""
        where, params = _coders_sql(coders)
        return self.db.execute(
            f"SELECT label, stance, sum(n) FROM label_tallies "
            f"WHERE kind = 'claim' AND {where} GROUP BY label, stance ORDER BY label, stance",
            params,
        ).fetchall()

    def sentiment_by_actor_type(self, coders: Sequence[str] | None = None) -> Rows:
        """Return (actor type or '' for no target, polarity, sentiment marks): the type of
        the actor each sentiment is about."""
        where, params = _coders_sql(coders, "t.annotator")
        about = self.db.execute(
            f"""
            SELECT a.type, t.label, sum(t.n)
              FROM actor_tallies t JOIN actors a ON a.id = t.actor_id
             WHERE t.role = 'about' AND {where}
             GROUP BY 1, 2
            """,
            params,
        ).fetchall()
        totals = self.db.execute(
            f"SELECT label, sum(n) FROM label_tallies t WHERE kind = 'sentiment' AND {where} "
            "GROUP BY label",
            params,
        ).fetchall()
        with_target: dict[str, int] = {}
        for _type, label, n in about:
            with_target[label] = with_target.get(label, 0) + n
        untargeted = [("", label, n - with_target.get(label, 0)) for label, n in totals]
        return sorted([*about, *(row for row in untargeted if row[2] > 0)])

    def top_actors(self, coders: Sequence[str] | None = None, limit: int = 20) -> Rows:
        """Return (actor id, name, type, mentions, claims made) for the actors most mentioned
        or most often a claim's speaker, most active first."""
        where, params = _coders_sql(coders, "t.annotator")
        return self.db.execute(
            f"""
            SELECT t.actor_id, a.name, a.type,
                   sum(CASE t.role WHEN 'mention' THEN t.n ELSE 0 END),
                   sum(CASE t.role WHEN 'speaker' THEN t.n ELSE 0 END)
              FROM actor_tallies t JOIN actors a ON a.id = t.actor_id
             WHERE t.role IN ('mention', 'speaker') AND {where}
             GROUP BY t.actor_id
             ORDER BY sum(t.n) DESC, a.name
             LIMIT ?
            """,
            [*params, limit],
        ).fetchall()

    def speakers(self, coders: Sequence[str] | None = None) -> Rows:
        """Return (actor id, name, claims made) for every actor who made a claim, most first."""
        where, params = _coders_sql(coders, "t.annotator")
        return self.db.execute(
            f"""
            SELECT t.actor_id, a.name, sum(t.n)
              FROM actor_tallies t JOIN actors a ON a.id = t.actor_id
             WHERE t.role = 'speaker' AND {where}
             GROUP BY t.actor_id ORDER BY sum(t.n) DESC, a.name
            """,
            params,
        ).fetchall()

    def claims_per_month(
        self, coders: Sequence[str] | None = None, speaker_id: str | None = None
    ) -> Rows:
        """Return (month ``YYYY-MM`` or '' for undated articles, topic, stance or '', claims),
        by the articles' dates; with a speaker, only the claims that actor made."""
        if speaker_id is not None:
            return self._speaker_claims_per_month(coders, speaker_id)
        where, params = _coders_sql(coders)
        return self.db.execute(
            f"SELECT month, label, stance, sum(n) FROM label_tallies "
            f"WHERE kind = 'claim' AND {where} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
            params,
        ).fetchall()

    def _speaker_claims_per_month(self, coders: Sequence[str] | None, speaker_id: str) -> Rows:
        # The tallies are not kept per speaker and topic: one actor's claims are counted from
        # the marks, found by the speaker index (an actor makes thousands at most).
        where, params = _coders_sql(coders, "m.annotator")
        return self.db.execute(
            f"""
            SELECT coalesce(substr(a.date, 1, 7), ''), m.label, coalesce(m.stance, ''), count(*)
              FROM marks m JOIN articles a ON a.id = m.article_id
             WHERE m.speaker_id = ? AND m.kind = 'claim' AND {where}
             GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            """,
            [speaker_id, *params],
        ).fetchall()

    def claims_per_actor_and_month(
        self, coders: Sequence[str] | None = None, limit: int = 8
    ) -> Rows:
        """Return (speaker name, month, claims in dated articles) for the ``limit`` actors who
        made most claims."""
        where, params = _coders_sql(coders, "t.annotator")
        top = self.db.execute(
            f"SELECT actor_id FROM actor_tallies t WHERE role = 'speaker' AND {where} "
            "GROUP BY actor_id ORDER BY sum(n) DESC, actor_id LIMIT ?",
            [*params, limit],
        ).fetchall()
        speakers = [r[0] for r in top]
        return self.db.execute(
            f"""
            SELECT a.name, t.month, sum(t.n)
              FROM speaker_months t JOIN actors a ON a.id = t.actor_id
             WHERE t.actor_id IN ({", ".join("?" for _ in speakers)}) AND t.month != ''
               AND {where}
             GROUP BY t.actor_id, t.month ORDER BY a.name, t.month
            """,
            [*speakers, *params],
        ).fetchall()

    def claim_rows(
        self, coders: Sequence[str] | None = None, start: str | None = None, stop: str | None = None
    ) -> tuple[Rows, int]:
        """Return the claims with a speaker as rows for the networks' statements (claim id,
        article id, date, coder, speaker id/name/type/country, target id, topic, stance, form,
        start, end, text, target name/type/country, article title), in article order, then
        coder and offsets; and how many claims had no speaker (drafts). One query over the
        claims: no article text is read. With ``start`` or ``stop`` (YYYY-MM-DD, included),
        only claims in articles dated so (undated ones left out)."""
        where, params = _coders_sql(coders, "m.annotator")
        for bound, compare in ((start, ">="), (stop, "<=")):
            if bound is not None:
                where += f" AND a.date {compare} ?"
                params.append(bound)
        # Articles first, then their marks: left to itself SQLite walks every claim of a
        # coder (marks_by_coder_label) and looks each article's date up, or, with a date
        # range, scans those claims once per article; a year of a 1M-mark study took 1.5 s
        # that way and 0.5 s this way (the whole project takes as long either way).
        rows = self.db.execute(
            f"""
            SELECT m.id, m.article_id, a.date, m.annotator,
                   m.speaker_id, coalesce(sp.name, m.speaker_id), coalesce(sp.type, ''),
                   sp.country, m.target_id, m.label, m.stance, m.form, m.start, m."end",
                   m.text, coalesce(tg.name, m.target_id), tg.type, tg.country, a.title
              FROM articles a
              JOIN marks m INDEXED BY marks_by_article ON m.article_id = a.id
              LEFT JOIN actors sp ON sp.id = m.speaker_id
              LEFT JOIN actors tg ON tg.id = m.target_id
             WHERE m.kind = 'claim' AND {where}
             ORDER BY a.rowid, m.annotator, m.start, m."end", m.id
            """,
            params,
        ).fetchall()
        # Drafts are counted here, not by a query of their own: "speaker IS NULL" would
        # walk the speaker index over every mention and sentiment too.
        with_speaker = [row for row in rows if row[4] is not None]
        return with_speaker, len(rows) - len(with_speaker)

    def tallies_match(self) -> bool:
        """Say whether every tally equals a fresh count of the marks (``annotator check``)."""
        for table, fresh in TALLY_COUNTS.items():
            differ = self.db.execute(
                f"SELECT count(*) FROM (SELECT * FROM {table} EXCEPT {fresh}) "
                f"UNION ALL SELECT count(*) FROM ({fresh} EXCEPT SELECT * FROM {table})"
            ).fetchall()
            if any(n for (n,) in differ):
                return False
        return True
