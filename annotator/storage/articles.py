"""Articles, document-level labels and the per-coder article list."""

from __future__ import annotations

import json
from collections.abc import Iterator

from annotator.core.errors import NotFoundError
from annotator.core.model import Article, ArticleStatus, ArticleSummary, DocumentLabels, utc_now
from annotator.storage.base import StoreBase


class ArticleQueries(StoreBase):
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

    def count_articles(self) -> int:
        """Return how many articles are stored."""
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def article_summaries(
        self, annotator: str, offset: int = 0, limit: int = -1, article_id: str | None = None
    ) -> list[ArticleSummary]:
        """Return a page of the article list in import order (or one article's row)."""
        rows = self.db.execute(
            f"""
            SELECT a.id, a.title, a.date,
                   (SELECT count(*) FROM marks m
                     WHERE m.article_id = a.id AND m.annotator = :annotator),
                   coalesce(d.status, 'new')
            FROM articles a
            LEFT JOIN document_labels d ON d.article_id = a.id AND d.annotator = :annotator
            {"WHERE a.id = :id" if article_id is not None else ""}
            ORDER BY a.rowid
            LIMIT :limit OFFSET :offset
            """,
            {"annotator": annotator, "limit": limit, "offset": offset, "id": article_id},
        ).fetchall()
        return [ArticleSummary(r[0], r[1], r[2], r[3], ArticleStatus(r[4])) for r in rows]

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

    def annotated_pairs(self, annotator: str | None = None) -> Iterator[tuple[str, str]]:
        """Yield (article id, coder) for every coder's work on every article, in stable order."""
        sql = """
            SELECT p.article_id, p.annotator FROM (
                SELECT article_id, annotator FROM marks
                UNION
                SELECT article_id, annotator FROM document_labels
            ) p JOIN articles a ON a.id = p.article_id
            {where}
            ORDER BY a.rowid, p.annotator
        """
        if annotator is None:
            cursor = self.db.conn.execute(sql.format(where=""))
        else:
            cursor = self.db.conn.execute(sql.format(where="WHERE p.annotator = ?"), [annotator])
        # Fetch in batches so a 100k-article export never holds the whole list.
        while batch := cursor.fetchmany(500):
            yield from ((row[0], row[1]) for row in batch)
