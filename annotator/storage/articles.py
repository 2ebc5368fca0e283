"""Articles, document-level labels and the per-coder article list."""

from __future__ import annotations

import json
from collections.abc import Iterator

from annotator.core.errors import NotFoundError
from annotator.core.model import (
    GOLD_ANNOTATOR,
    Article,
    ArticleFilter,
    ArticleStatus,
    ArticleSummary,
    DocumentLabels,
    utc_now,
)
from annotator.storage.article_filter import ArticleFilterSql
from annotator.storage.deletions import DeletionQueries, deletion_key


class ArticleQueries(DeletionQueries):
    """Reads and writes of articles and document labels."""

    # -- articles ---------------------------------------------------------------------------

    def insert_article(self, article: Article) -> bool:
        """Insert an article; return False (and change nothing) if its id is already stored."""
        cursor = self.db.execute(
            "INSERT INTO articles (id, title, date, source, meta, text, imported_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
            [
                article.id,
                article.title,
                article.date,
                article.source,
                json.dumps(article.meta, ensure_ascii=False, sort_keys=True),
                article.text,
                utc_now(),
            ],
        )
        return cursor.rowcount == 1

    def has_article(self, article_id: str) -> bool:
        """Say whether an article with this id is stored."""
        return self._exists("SELECT 1 FROM articles WHERE id = ?", article_id)

    def get_article(self, article_id: str) -> Article:
        """Return the article with this id."""
        row = self.db.execute(
            "SELECT id, text, title, date, source, meta FROM articles WHERE id = ?", [article_id]
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no article with id {article_id}")
        return Article(row[0], row[1], row[2], row[3], row[4], json.loads(row[5]))

    def article_text(self, article_id: str) -> str:
        """Return an article's text (cheaper than the whole article when only it is needed)."""
        row = self.db.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
        if row is None:
            raise NotFoundError(f"no article with id {article_id}")
        return str(row[0])

    def count_articles(self, filter: ArticleFilter | None = None, annotator: str = "") -> int:
        """Return how many articles are stored, or match a coder's filter."""
        sql = self._filter_sql(filter, annotator)
        return int(self.db.execute(sql.count_sql(), sql.params).fetchone()[0])

    def article_summaries(
        self,
        annotator: str,
        offset: int = 0,
        limit: int = -1,
        article_id: str | None = None,
        filter: ArticleFilter | None = None,
        after_id: str | None = None,
    ) -> list[ArticleSummary]:
        """Return a page of the article list in import order, optionally filtered.

        ``article_id`` restricts it to that article's row; ``after_id`` starts the page after
        that article, which keeps paging right while rows stop or start matching the filter.
        """
        sql = self._filter_sql(filter, annotator, one_article=article_id is not None)
        where = []
        if article_id is not None:
            where.append("a.id = :id")
        if after_id is not None:
            where.append("{rowid} > (SELECT rowid FROM articles WHERE id = :after)")
        # The page is chosen from ids alone; titles, counts and statuses are read for its rows.
        rows = self.db.execute(
            f"""
            SELECT p.article_id, a.title, a.date,
                   (SELECT count(*) FROM marks m
                     WHERE m.article_id = p.article_id AND m.annotator = :annotator),
                   coalesce((SELECT d.status FROM document_labels d
                              WHERE d.article_id = p.article_id AND d.annotator = :annotator),
                            'new')
            FROM ({sql.page_sql(tuple(where))} LIMIT :limit OFFSET :offset) p
            JOIN articles a ON a.rowid = p.article_rowid
            ORDER BY p.article_rowid
            """,
            {**sql.params, "limit": limit, "offset": offset, "id": article_id, "after": after_id},
        ).fetchall()
        return [ArticleSummary(r[0], r[1], r[2], r[3], ArticleStatus(r[4])) for r in rows]

    def assign(self, article_ids: list[str], annotator: str) -> int:
        """Assign articles to a coder; return how many were not assigned already."""
        added = 0
        for article_id in article_ids:
            # Assigned again after being taken off: later than the tombstone that left.
            now = self.stamp_past_deletion(
                "assignments", deletion_key(article_id, annotator), utc_now()
            )
            cursor = self.db.execute(
                "INSERT INTO assignments (article_id, annotator, assigned_at) VALUES (?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                [article_id, annotator, now],
            )
            added += cursor.rowcount
        return added

    def unassign(self, article_ids: list[str], annotator: str) -> int:
        """Take articles off a coder's queue; return how many were on it."""
        removed = 0
        for article_id in article_ids:
            cursor = self.db.execute(
                "DELETE FROM assignments WHERE article_id = ? AND annotator = ?",
                [article_id, annotator],
            )
            removed += cursor.rowcount
        return removed

    def coder_overview(self) -> list[tuple[str, int, int, dict[str, int]]]:
        """Return per coder: marks, assigned articles, and article counts by status."""
        # Each count is a range of an index that starts with the coder (marks: ~50 ms per
        # million); statuses come as one JSON object per coder.
        rows = self.db.execute(
            """
            SELECT c.name,
                   (SELECT count(*) FROM marks WHERE annotator = c.name),
                   (SELECT count(*) FROM assignments WHERE annotator = c.name),
                   (SELECT json_group_object(status, n) FROM
                     (SELECT status, count(*) AS n FROM document_labels
                       WHERE annotator = c.name GROUP BY status))
            FROM annotators c ORDER BY c.name
            """
        ).fetchall()
        return [(r[0], int(r[1]), int(r[2]), json.loads(r[3] or "{}")) for r in rows]

    def matching_article_ids(self, filter: ArticleFilter, annotator: str = "") -> list[str]:
        """Return the ids of the articles a filter keeps, in import order."""
        sql = self._filter_sql(filter, annotator)
        return [r[1] for r in self.db.execute(sql.page_sql(), sql.params)]

    def _filter_sql(
        self, filter: ArticleFilter | None, annotator: str, one_article: bool = False
    ) -> ArticleFilterSql:
        """Return a filter's SQL, with the sizes of its sets measured to choose the driver."""
        sql = ArticleFilterSql.build(filter, annotator, one_article)
        sizing = sql.sizing_sql()
        if sizing is not None:
            sql.sizes = tuple(self.db.execute(sizing, sql.params).fetchone())
        return sql

    def article_ids_with_prefix(self, prefix: str, limit: int = 2) -> list[str]:
        """Return up to ``limit`` article ids starting with a prefix, in import order."""
        rows = self.db.execute(
            "SELECT id FROM articles WHERE substr(id, 1, length(:p)) = :p ORDER BY rowid LIMIT :n",
            {"p": prefix, "n": limit},
        )
        return [r[0] for r in rows]

    def article_date_range(self) -> tuple[str | None, str | None]:
        """Return the earliest and latest article dates (None when no article has one)."""
        # Two subqueries, not min() and max() in one: each is then one seek in the date index.
        row = self.db.execute(
            "SELECT (SELECT min(date) FROM articles), (SELECT max(date) FROM articles)"
        ).fetchone()
        return row[0], row[1]

    def article_id_at(self, index: int) -> str | None:
        """Return the id of the article at this position of the list, or None."""
        row = self.db.execute(
            "SELECT id FROM articles ORDER BY rowid LIMIT 1 OFFSET ?", [index]
        ).fetchone()
        return row[0] if row else None

    def article_index(self, article_id: str) -> int | None:
        """Return the position of this article in the list, or None."""
        row = self.db.execute(
            "SELECT (SELECT count(*) FROM articles b WHERE b.rowid < a.rowid) "
            "FROM articles a WHERE a.id = ?",
            [article_id],
        ).fetchone()
        return int(row[0]) if row else None

    def filtered_article_index(
        self, article_id: str, filter: ArticleFilter | None, annotator: str
    ) -> int | None:
        """Return an article's position in a coder's filtered list, or None if not listed."""
        if not self.article_summaries(annotator, article_id=article_id, filter=filter):
            return None
        sql = self._filter_sql(filter, annotator)
        before = "{rowid} < (SELECT rowid FROM articles WHERE id = :id)"
        params = {**sql.params, "id": article_id}
        return int(self.db.execute(sql.count_sql((before,)), params).fetchone()[0])

    def mark_counts_by_kind(self, article_id: str) -> dict[str, dict[str, int]]:
        """Return, per coder, how many marks of each kind an article has."""
        counts: dict[str, dict[str, int]] = {}
        for annotator, kind, n in self.db.execute(
            "SELECT annotator, kind, count(*) FROM marks WHERE article_id = ? "
            "GROUP BY annotator, kind ORDER BY annotator, kind",
            [article_id],
        ):
            counts.setdefault(annotator, {})[kind] = n
        return counts

    # -- document labels --------------------------------------------------------------------

    def get_document_labels(self, article_id: str, annotator: str) -> DocumentLabels:
        """Return one coder's document labels for an article (empty ones if never set)."""
        row = self.db.execute(
            "SELECT tone, focus_stance, topics, status, note, updated_at FROM document_labels "
            "WHERE article_id = ? AND annotator = ?",
            [article_id, annotator],
        ).fetchone()
        if row is None:
            return DocumentLabels(article_id, annotator)
        return DocumentLabels(
            article_id,
            annotator,
            tone=row[0],
            focus_stance=row[1],
            topics=tuple(json.loads(row[2])),
            status=ArticleStatus(row[3]),
            note=row[4],
            updated_at=row[5],
        )

    def put_document_labels(self, labels: DocumentLabels) -> None:
        """Store one coder's document labels for an article (an empty set deletes the row)."""
        if labels.is_empty():
            self.db.execute(
                "DELETE FROM document_labels WHERE article_id = ? AND annotator = ?",
                [labels.article_id, labels.annotator],
            )
            return
        self.db.execute(
            "INSERT OR REPLACE INTO document_labels "
            "(article_id, annotator, tone, focus_stance, topics, status, note, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                labels.article_id,
                labels.annotator,
                labels.tone,
                labels.focus_stance,
                json.dumps(list(labels.topics), ensure_ascii=False),
                labels.status.value,
                labels.note,
                labels.updated_at or utc_now(),
            ],
        )

    # -- export -----------------------------------------------------------------------------

    def annotated_pairs(
        self, annotator: str | None = None, coded_only: bool = False
    ) -> Iterator[tuple[str, str]]:
        """Yield (article id, coder) for every coder's work on every article, in stable order.

        ``coded_only``: document labels count only with a tone, stance or topic, not a status
        or note alone (an adjudicator who marks articles done has not coded them).
        """
        labelled = _CODED_LABELS if coded_only else ""
        sql = f"""
            SELECT p.article_id, p.annotator FROM (
                SELECT article_id, annotator FROM marks
                UNION
                SELECT article_id, annotator FROM document_labels {labelled}
            ) p JOIN articles a ON a.id = p.article_id
            {{where}}
            ORDER BY a.rowid, p.annotator
        """
        if annotator is None:
            cursor = self.db.conn.execute(sql.replace("{where}", ""))
        else:
            cursor = self.db.conn.execute(
                sql.replace("{where}", "WHERE p.annotator = ?"), [annotator]
            )
        # Fetch in batches so a 100k-article export never holds the whole list.
        while batch := cursor.fetchmany(500):
            yield from ((row[0], row[1]) for row in batch)

    def coders_of(self, article_id: str | None = None) -> list[str]:
        """Return the coders (gold excluded) with marks or labels, on one article or any."""
        # The whole project's coders with marks come from the day tallies (a few rows), not
        # from a scan of every mark.
        marked = (
            "SELECT annotator FROM marks WHERE article_id = ?"
            if article_id
            else ("SELECT annotator FROM day_tallies")
        )
        params = [article_id, article_id] if article_id else []
        rows = self.db.execute(
            f"{marked} UNION SELECT annotator FROM document_labels "
            f"{_CODED_LABELS}{' AND article_id = ?' if article_id else ''} ORDER BY 1",
            params,
        )
        return [r[0] for r in rows if r[0] != GOLD_ANNOTATOR]


# Document labels that are coding, not only a status or note.
_CODED_LABELS = "WHERE (tone IS NOT NULL OR focus_stance IS NOT NULL OR topics NOT IN ('[]', ''))"
