"""Whole-project reads and writes at the size of a study: exports streamed, imports in bulk.

An export reads three cursors in article order (articles, marks, document labels) and one
query for the actors the marks refer to, instead of several queries per record; an import
inserts articles in batches and indexes them for search once, at the end of its transaction.
"""

from __future__ import annotations

import json
from collections.abc import Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from typing import Any

from annotator.core.model import (
    Actor,
    AnnotatedDocument,
    Article,
    ArticleStatus,
    DocumentLabels,
    Mark,
    MarkKind,
    utc_now,
)
from annotator.storage.article_filter import fts_query
from annotator.storage.base import StoreBase
from annotator.storage.bulk import index_articles_after

_BATCH = 1000  # rows inserted per executemany

_ARTICLE_INSERT = (
    "INSERT INTO articles (id, title, date, source, meta, text, imported_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING"
)


class StreamQueries(StoreBase):
    """Streamed export reads and bulk import writes."""

    # -- export -----------------------------------------------------------------------------

    def coded_documents(
        self, focus: str, annotator: str | None = None, search: str = ""
    ) -> Generator[AnnotatedDocument, None, None]:
        """Yield every coder's coding of every article (or one coder's), in stable order.

        Order: articles in import order, coders by name; a coder appears on an article with
        marks or document labels there. ``search`` keeps the articles the full-text search
        finds (as the article list's search box does). Memory stays flat: rows are read
        as they are written, only the referenced actors are held.
        """
        where, params = _selection(annotator, search)
        mark_coder = "m.annotator = :coder" if annotator is not None else "1"
        label_coder = "d.annotator = :coder" if annotator is not None else "1"
        with self.snapshot():
            actors = self._referenced_actors(annotator)
            articles = self.db.conn.execute(
                "SELECT a.rowid, a.id, a.text, a.title, a.date, a.source, a.meta FROM articles a "
                # The unary + keeps SQLite scanning articles in rowid order, rather than
                # looking them up by id and sorting the rows, text and all.
                f"WHERE (+a.id IN (SELECT article_id FROM marks m WHERE {mark_coder}) "
                f"OR +a.id IN (SELECT article_id FROM document_labels d WHERE {label_coder})) "
                f"{where} ORDER BY a.rowid",
                params,
            )
            marks = _mark_groups(
                self.db.conn.execute(
                    # CROSS JOIN keeps articles the outer loop: rows come in article order
                    # through the marks_by_article index, with only a small sort per article.
                    f"SELECT a.rowid, {_MARK_COLUMNS} FROM articles a CROSS JOIN marks m "
                    f"ON m.article_id = a.id WHERE {mark_coder} {where} "
                    'ORDER BY a.rowid, m.annotator, m.start, m."end" DESC, m.id',
                    params,
                )
            )
            labels = self.db.conn.execute(
                "SELECT a.rowid, d.annotator, d.tone, d.focus_stance, d.topics, d.status, "
                "d.note, d.updated_at FROM articles a CROSS JOIN document_labels d "
                f"ON d.article_id = a.id WHERE {label_coder} {where} "
                "ORDER BY a.rowid, d.annotator",
                params,
            )
            next_marks = next(marks, None)
            next_labels = next(labels, None)
            for rowid, article_id, text, title, date, source, meta in articles:
                article = Article(
                    article_id, text, title, date, source, {} if meta == "{}" else json.loads(meta)
                )
                coded: dict[str, list[Mark]] = {}
                while next_marks is not None and next_marks[0] == rowid:
                    coded[next_marks[1]] = next_marks[2]
                    next_marks = next(marks, None)
                labelled: dict[str, DocumentLabels] = {}
                while next_labels is not None and next_labels[0] == rowid:
                    labelled[next_labels[1]] = _labels(article_id, next_labels)
                    next_labels = next(labels, None)
                for coder in sorted(coded.keys() | labelled.keys()):
                    coder_marks = coded.get(coder, [])
                    yield AnnotatedDocument(
                        article=article,
                        annotator=coder,
                        document=labelled.get(coder) or DocumentLabels(article_id, coder),
                        focus=focus,
                        actors=_actors_of(coder_marks, actors),
                        marks=tuple(coder_marks),
                    )

    def _referenced_actors(self, annotator: str | None) -> dict[str, tuple[int, Actor]]:
        """Return every actor the (coder's) marks refer to, by id, with its place in the
        registry's order (name ignoring ASCII case, then id: the order of ``actors_by_ids``)."""
        coder = "WHERE annotator = :coder" if annotator is not None else ""
        refs = " UNION ".join(
            f"SELECT {role} FROM marks {coder}" for role in ("actor_id", "speaker_id", "target_id")
        )
        rows = self.db.conn.execute(
            "SELECT a.id, a.name, a.type, a.country, "
            "(SELECT json_group_array(alias) FROM "
            " (SELECT alias FROM actor_aliases WHERE actor_id = a.id ORDER BY alias)), "
            "(SELECT json_group_array(alias) FROM (SELECT alias FROM actor_aliases "
            " WHERE actor_id = a.id AND implicit ORDER BY alias)) "
            f"FROM actors a WHERE a.id IN ({refs}) ORDER BY a.name COLLATE NOCASE, a.id",
            {"coder": annotator},
        )
        return {
            r[0]: (
                rank,
                Actor(r[0], r[1], r[2], r[3], tuple(json.loads(r[4])), tuple(json.loads(r[5]))),
            )
            for rank, r in enumerate(rows)
        }

    # -- import -----------------------------------------------------------------------------

    @contextmanager
    def bulk_transaction(self) -> Iterator[None]:
        """Run the block as one write transaction in which many articles can be inserted,
        indexed for search once at its end.

        The search triggers are dropped for the block, and the new rows indexed and the
        triggers re-created before it ends, all inside the transaction: an error or a cancel
        rolls back to the schema and the index as they were. Nested in another transaction,
        the block is a savepoint of it.
        """
        outer = not self.db.conn.in_transaction
        if outer:
            # Take the write lock before reading anything: a deferred transaction that has
            # read cannot take it if another connection writes meanwhile (no busy wait then).
            self.db.execute("BEGIN IMMEDIATE")
        try:
            with self.transaction():
                triggers = self.db.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                    "AND tbl_name = 'articles' AND name LIKE 'articles_fts%' ORDER BY name"
                ).fetchall()
                # Rowids only grow: every row inserted in the block comes after this one.
                last = self.db.execute(
                    "SELECT coalesce(max(rowid), 0) FROM articles"
                ).fetchone()[0]
                for name, _sql in triggers:
                    self.db.execute(f'DROP TRIGGER "{name}"')
                yield
                index_articles_after(self.db, last)
                for _name, sql in triggers:
                    self.db.execute(sql)
            if outer:
                self.db.execute("COMMIT")
        except BaseException:
            if outer and self.db.conn.in_transaction:
                self.db.execute("ROLLBACK")
            raise

    def insert_articles(self, articles: Iterable[Article]) -> int:
        """Insert articles in batches; return how many were new (known ids change nothing)."""
        added = 0
        now = utc_now()
        batch: list[tuple[Any, ...]] = []
        for article in articles:
            batch.append(
                (
                    article.id,
                    article.title,
                    article.date,
                    article.source,
                    json.dumps(article.meta, ensure_ascii=False, sort_keys=True)
                    if article.meta
                    else "{}",
                    article.text,
                    now,
                )
            )
            if len(batch) >= _BATCH:
                added += self.db.conn.executemany(_ARTICLE_INSERT, batch).rowcount
                batch = []
        if batch:
            added += self.db.conn.executemany(_ARTICLE_INSERT, batch).rowcount
        return added


_MARK_COLUMNS = (
    'm.id, m.article_id, m.annotator, m.kind, m.start, m."end", m.text, m.label, m.actor_id, '
    "m.speaker_id, m.target_id, m.stance, m.form, m.intensity, m.created_at, m.updated_at"
)
_KINDS = {kind.value: kind for kind in MarkKind}
_STATUSES = {status.value: status for status in ArticleStatus}
_MARK_FIELDS = tuple(f.name for f in fields(Mark))  # the order of _MARK_COLUMNS


def _selection(annotator: str | None, search: str) -> tuple[str, dict[str, Any]]:
    """Return the article condition (over articles a) and parameters of an export."""
    params: dict[str, Any] = {"coder": annotator}
    query = fts_query(search.strip()) if search else None
    if query is None:
        return "", params
    params["fts"] = query
    return "AND a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :fts)", params


def _mark_groups(rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[int, str, list[Mark]]]:
    """Group mark rows (article rowid first) into (rowid, coder, marks) in row order."""
    key: tuple[int, str] | None = None
    group: list[Mark] = []
    new, set_dict, kinds = object.__new__, object.__setattr__, _KINDS
    for row in rows:
        if (row[0], row[3]) != key:
            if key is not None:
                yield key[0], key[1], group
            key, group = (row[0], row[3]), []
        # A frozen dataclass's __init__ sets its 16 fields one by one through
        # object.__setattr__; filling the instance's dict at once is the same Mark (equal,
        # same hash) at half the cost, which an export of a million marks feels.
        values = dict(zip(_MARK_FIELDS, row[1:], strict=True))
        values["kind"] = kinds[row[4]]
        mark = new(Mark)
        set_dict(mark, "__dict__", values)
        group.append(mark)
    if key is not None:
        yield key[0], key[1], group


def _labels(article_id: str, row: tuple[Any, ...]) -> DocumentLabels:
    _rowid, annotator, tone, focus_stance, topics, status, note, updated_at = row
    return DocumentLabels(
        article_id,
        annotator,
        tone,
        focus_stance,
        () if topics == "[]" else tuple(json.loads(topics)),
        _STATUSES[status],
        note,
        updated_at,
    )


def _actors_of(marks: list[Mark], actors: dict[str, tuple[int, Actor]]) -> tuple[Actor, ...]:
    """Return the actors some of these marks refer to, in the registry's order."""
    ids = {ref for m in marks for ref in (m.actor_id, m.speaker_id, m.target_id) if ref}
    found = sorted(actors[i] for i in ids if i in actors)
    return tuple(actor for _rank, actor in found)
