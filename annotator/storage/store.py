"""The project database: a SQLite file with domain-named reads and writes."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from annotator.core.errors import NotFoundError, SchemaVersionError, ValidationError
from annotator.core.model import (
    Actor,
    Article,
    ArticleStatus,
    ArticleSummary,
    DocumentLabels,
    Mark,
    MarkKind,
    utc_now,
)
from annotator.storage.migrations import MIGRATION_SET, known_migration_names, migrations

_MARK_COLUMNS = (
    'id, article_id, annotator, kind, start, "end", text, label, actor_id, speaker_id, '
    "target_id, stance, form, intensity, created_at, updated_at"
)


class Store:
    """Reads and writes one project database; callers group writes with ``transaction()``."""

    def __init__(self, db: Database, path: Path | None):
        self.db = db
        self.path = path

    @classmethod
    def open(cls, path: Path | str) -> Store:
        """Open (creating if needed) a project database and bring its schema up to date."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = Database(path)
            _check_is_project(db, path)
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("PRAGMA journal_mode = WAL")
            # FULL makes each commit durable against power loss; a commit costs well under 1 ms.
            db.execute("PRAGMA synchronous = FULL")
            db.execute("PRAGMA busy_timeout = 5000")
            # Unicode-aware case folding (SQLite's NOCASE folds ASCII only): "ÇIN" == "çin".
            db.conn.create_function("casefold", 1, _casefold, deterministic=True)
            migrations.apply(db)
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise SchemaVersionError(
                    f"{path}: the project is locked by another program; close it and try again"
                ) from exc
            raise SchemaVersionError(f"{path}: cannot open the project database ({exc})") from exc
        except sqlite3.DatabaseError as exc:
            raise SchemaVersionError(f"{path}: not an annotator project database ({exc})") from exc
        return cls(db, path)

    def close(self) -> None:
        """Close the database connection."""
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run the block as one transaction (a savepoint when nested); roll back on error."""
        try:
            with self.db.atomic():
                yield
        except sqlite3.IntegrityError as exc:
            raise ValidationError(f"the project database refused the change ({exc})") from exc

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Read the block's queries from one consistent state of the database."""
        if self.db.conn.in_transaction:
            yield
            return
        self.db.execute("BEGIN")
        try:
            yield
        finally:
            self.db.execute("ROLLBACK")  # read only: nothing to keep

    # -- project settings -------------------------------------------------------------------

    def get_setting(self, key: str) -> str | None:
        """Return a project setting, or None when unset."""
        row = self.db.execute("SELECT value FROM project WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def set_setting(self, key: str, value: str) -> None:
        """Set a project setting."""
        self.db.execute(
            "INSERT INTO project (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

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

    # -- annotators -------------------------------------------------------------------------

    def ensure_annotator(self, name: str) -> None:
        """Record a coder's name if it is new."""
        self.db.execute(
            "INSERT INTO annotators (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
            [name, utc_now()],
        )

    def annotator_names(self) -> list[str]:
        """Return every coder's name, sorted."""
        return [r[0] for r in self.db.execute("SELECT name FROM annotators ORDER BY name")]

    # -- actors -----------------------------------------------------------------------------

    def insert_actor(self, actor: Actor, created_by: str | None, if_absent: bool = False) -> None:
        """Insert a new actor with its aliases (with if_absent, keep an existing one as it is)."""
        if if_absent and self.has_actor(actor.id):
            return
        now = utc_now()
        self.db.execute(
            "INSERT INTO actors (id, name, type, country, created_by, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [actor.id, actor.name, actor.type, actor.country, created_by, now, now],
        )
        for alias in actor.aliases:
            self.add_alias(actor.id, alias)

    def upsert_actor(self, actor: Actor, created_by: str | None) -> None:
        """Insert an actor, or update name, type and country and add aliases if it exists."""
        if not self.has_actor(actor.id):
            self.insert_actor(actor, created_by)
            return
        self.db.execute(
            "UPDATE actors SET name = ?, type = ?, country = ?, updated_at = ? WHERE id = ?",
            [actor.name, actor.type, actor.country, utc_now(), actor.id],
        )
        for alias in actor.aliases:
            self.add_alias(actor.id, alias)

    def delete_actor(self, actor_id: str) -> None:
        """Delete an actor and its aliases; fails if any mark still refers to it."""
        self.db.execute("DELETE FROM actors WHERE id = ?", [actor_id])

    def add_alias(self, actor_id: str, alias: str) -> None:
        """Add an alias to an actor (nothing happens if it has it already)."""
        self.db.execute(
            "INSERT INTO actor_aliases (actor_id, alias) VALUES (?, ?) ON CONFLICT DO NOTHING",
            [actor_id, alias],
        )

    def remove_alias(self, actor_id: str, alias: str) -> None:
        """Remove an alias from an actor."""
        self.db.execute(
            "DELETE FROM actor_aliases WHERE actor_id = ? AND alias = ?", [actor_id, alias]
        )

    def has_actor(self, actor_id: str) -> bool:
        """Say whether an actor with this id exists."""
        return self._exists("SELECT 1 FROM actors WHERE id = ?", actor_id)

    def get_actor(self, actor_id: str) -> Actor:
        """Return the actor with this id."""
        actors = self.actors_by_ids([actor_id])
        if not actors:
            raise NotFoundError(f"no actor with id {actor_id}")
        return actors[0]

    def actors_by_ids(self, actor_ids: list[str]) -> list[Actor]:
        """Return the actors with these ids, sorted by name then id."""
        if not actor_ids:
            return []
        marks = ",".join("?" * len(actor_ids))
        return self._actors(f"WHERE a.id IN ({marks})", list(actor_ids))

    def list_actors(self) -> list[Actor]:
        """Return every actor, sorted by name."""
        return self._actors("", [])

    def actors_with_alias(self, text: str) -> list[Actor]:
        """Return actors whose name or an alias equals the text, ignoring (Unicode) case."""
        return self._actors(
            "WHERE casefold(a.name) = :t OR a.id IN "
            "(SELECT actor_id FROM actor_aliases WHERE casefold(alias) = :t)",
            {"t": text.casefold()},
        )

    def actor_usage(self, actor_id: str) -> int:
        """Return how many marks refer to this actor in any role."""
        row = self.db.execute(
            "SELECT count(*) FROM marks WHERE actor_id = :a OR speaker_id = :a OR target_id = :a",
            {"a": actor_id},
        ).fetchone()
        return int(row[0])

    def _actors(self, where: str, params: Any) -> list[Actor]:
        rows = self.db.execute(
            "SELECT a.id, a.name, a.type, a.country, "
            "(SELECT json_group_array(alias) FROM "
            " (SELECT alias FROM actor_aliases WHERE actor_id = a.id ORDER BY alias)) "
            f"FROM actors a {where} ORDER BY a.name COLLATE NOCASE, a.id",
            params,
        ).fetchall()
        return [Actor(r[0], r[1], r[2], r[3], tuple(json.loads(r[4]))) for r in rows]

    # -- marks ------------------------------------------------------------------------------

    def insert_mark(self, mark: Mark) -> None:
        """Insert a mark."""
        self.db.execute(
            f"INSERT INTO marks ({_MARK_COLUMNS}) VALUES ({','.join('?' * 16)})",
            _mark_row(mark),
        )

    def replace_mark(self, mark: Mark) -> None:
        """Insert a mark or overwrite the stored mark with the same id."""
        self.db.execute(
            f"INSERT OR REPLACE INTO marks ({_MARK_COLUMNS}) VALUES ({','.join('?' * 16)})",
            _mark_row(mark),
        )

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

    def _exists(self, sql: str, value: str) -> bool:
        return self.db.execute(sql, [value]).fetchone() is not None


def _check_is_project(db: Database, path: Path) -> None:
    """Refuse a database that is not ours or that a newer annotator has migrated."""
    tables = set(db.table_names())
    if not tables:
        return
    if "_sqlite_migrations" not in tables:
        raise SchemaVersionError(
            f"{path}: this SQLite database is not an annotator project (it has other tables)"
        )
    applied = [
        r[0]
        for r in db.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY id",
            [MIGRATION_SET],
        )
    ]
    if not applied and tables - {"_sqlite_migrations"}:
        raise SchemaVersionError(f"{path}: this SQLite database is not an annotator project")
    unknown = [name for name in applied if name not in known_migration_names()]
    if unknown:
        raise SchemaVersionError(
            f"{path}: this project was written by a newer version of annotator "
            f"(schema step {unknown[-1]!r} is unknown here); upgrade annotator to open it"
        )


def _casefold(value: str | None) -> str | None:
    return value.casefold() if isinstance(value, str) else value


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
