"""Schema migrations, applied in order, each in a transaction with its record. Append only."""

from __future__ import annotations

from annotator.storage import import_sqlite_utils

import_sqlite_utils()  # before any of it: without pandas and numpy

from sqlite_utils import Database  # noqa: E402
from sqlite_utils.migrations import Migrations  # noqa: E402

from annotator.core.text import fold_name  # noqa: E402
from annotator.storage.schema import (  # noqa: E402
    MIGRATION_SET,
    SYNCED_TABLES,
    TALLY_COUNTS,
    key_sql,
)

migrations = Migrations(MIGRATION_SET)


@migrations(name="0001_initial")
def initial(db: Database) -> None:
    """Create the project, article, annotator, actor, mark and document-label tables."""
    db.executescript(
        """
        CREATE TABLE project (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE articles (
            id TEXT PRIMARY KEY CHECK (length(id) = 64),
            title TEXT NOT NULL,
            date TEXT CHECK (
                date IS NULL OR date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
            ),
            source TEXT,
            meta TEXT NOT NULL DEFAULT '{}',
            text TEXT NOT NULL CHECK (length(text) > 0),
            imported_at TEXT NOT NULL
        );
        CREATE TABLE annotators (
            name TEXT PRIMARY KEY CHECK (length(name) > 0),
            created_at TEXT NOT NULL
        );
        CREATE TABLE actors (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL CHECK (length(name) > 0),
            type TEXT NOT NULL,
            country TEXT,
            created_by TEXT REFERENCES annotators(name),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE actor_aliases (
            actor_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
            alias TEXT NOT NULL CHECK (length(alias) > 0),
            PRIMARY KEY (actor_id, alias)
        );
        CREATE INDEX actor_aliases_by_alias ON actor_aliases (alias COLLATE NOCASE);
        CREATE TABLE marks (
            id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            kind TEXT NOT NULL CHECK (kind IN ('actor', 'claim', 'sentiment')),
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL CHECK ("end" > start),
            text TEXT NOT NULL CHECK (length(text) = "end" - start),
            label TEXT NOT NULL,
            actor_id TEXT REFERENCES actors(id),
            speaker_id TEXT REFERENCES actors(id),
            target_id TEXT REFERENCES actors(id),
            stance TEXT,
            form TEXT,
            intensity INTEGER CHECK (intensity IS NULL OR intensity BETWEEN 1 AND 3),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX marks_by_article ON marks (article_id, annotator, start);
        CREATE INDEX marks_by_actor ON marks (actor_id);
        CREATE INDEX marks_by_speaker ON marks (speaker_id);
        CREATE INDEX marks_by_target ON marks (target_id);
        CREATE TABLE document_labels (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            tone TEXT,
            focus_stance TEXT,
            topics TEXT NOT NULL DEFAULT '[]',
            status TEXT NOT NULL DEFAULT 'new'
                CHECK (status IN ('new', 'in_progress', 'done', 'skipped')),
            note TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL,
            PRIMARY KEY (article_id, annotator)
        );
        """
    )


@migrations(name="0002_article_search")
def article_search(db: Database) -> None:
    """Index article titles and texts for full-text search, kept in sync by triggers."""
    # External content: the index stores no second copy of the text, only the tokens, keyed by
    # the articles' rowid. remove_diacritics 2 lets "zurich" find "Zürich".
    db.executescript(
        """
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text,
            content = 'articles', content_rowid = 'rowid',
            tokenize = 'unicode61 remove_diacritics 2'
        );
        INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
        CREATE TRIGGER articles_fts_after_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        CREATE TRIGGER articles_fts_after_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, text)
                VALUES ('delete', old.rowid, old.title, old.text);
        END;
        CREATE TRIGGER articles_fts_after_update AFTER UPDATE OF title, text ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, text)
                VALUES ('delete', old.rowid, old.title, old.text);
            INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        """
    )


@migrations(name="0003_rejected_suggestions")
def rejected_suggestions(db: Database) -> None:
    """Remember suggested mentions a coder rejected, so they are not offered again."""
    db.executescript(
        """
        CREATE TABLE rejected_suggestions (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL CHECK ("end" > start),
            actor_id TEXT NOT NULL,
            rejected_at TEXT NOT NULL,
            PRIMARY KEY (article_id, annotator, start, "end", actor_id)
        );
        """
    )


@migrations(name="0004_marks_by_coder_actor")
def marks_by_coder_actor(db: Database) -> None:
    """Index marks by coder, actor and time, for the actor picker's "recently used" list."""
    db.execute("CREATE INDEX marks_by_coder_actor ON marks (annotator, actor_id, updated_at)")


@migrations(name="0005_assignments")
def assignments(db: Database) -> None:
    """Which articles are assigned to which coder (each coder's queue)."""
    db.executescript(
        """
        CREATE TABLE assignments (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            assigned_at TEXT NOT NULL,
            PRIMARY KEY (article_id, annotator)
        );
        """
    )


@migrations(name="0006_gold_provenance")
def gold_provenance(db: Database) -> None:
    """Where each mark of the gold layer came from, and who adjudicated it when."""
    db.executescript(
        """
        CREATE TABLE gold_provenance (
            mark_id TEXT PRIMARY KEY REFERENCES marks(id) ON DELETE CASCADE,
            sources TEXT NOT NULL,
            adjudicator TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            how TEXT NOT NULL
        );
        """
    )


@migrations(name="0007_gold_rejections")
def gold_rejections(db: Database) -> None:
    """Coders' marks the adjudicator kept out of the gold layer, and who decided when."""
    db.executescript(
        """
        CREATE TABLE gold_rejections (
            mark_id TEXT PRIMARY KEY REFERENCES marks(id) ON DELETE CASCADE,
            adjudicator TEXT NOT NULL,
            decided_at TEXT NOT NULL
        );
        """
    )


@migrations(name="0008_actor_links")
def actor_links(db: Database) -> None:
    """Remember linked actors and declined links between two actors of the registry."""
    # No foreign keys: an absorbed actor is deleted by the link, and a teammate's declines may
    # name actors this project does not have (yet).
    db.executescript(
        """
        CREATE TABLE actor_links (
            absorbed_id TEXT PRIMARY KEY,
            kept_id TEXT NOT NULL,
            linked_by TEXT,
            linked_at TEXT NOT NULL
        );
        CREATE TABLE actor_links_declined (
            first_id TEXT NOT NULL,
            second_id TEXT NOT NULL,
            declined_by TEXT,
            declined_at TEXT NOT NULL,
            PRIMARY KEY (first_id, second_id),
            CHECK (first_id < second_id)
        );
        """
    )


@migrations(name="0009_folded_names")
def folded_names(db: Database) -> None:
    """Keep every actor name and alias also folded (``fold_name``), indexed for lookups."""
    # Nullable: rows written by other programs get their folded form when a Store opens the
    # file (see Store.open); SQL cannot fold Unicode case itself.
    db.executescript(
        """
        ALTER TABLE actors ADD COLUMN name_folded TEXT;
        ALTER TABLE actor_aliases ADD COLUMN alias_folded TEXT;
        DROP INDEX actor_aliases_by_alias;
        """
    )
    fill_folded_names(db)
    db.executescript(
        """
        CREATE INDEX actors_by_folded_name ON actors (name_folded);
        CREATE INDEX actor_aliases_by_folded_alias ON actor_aliases (alias_folded);
        """
    )


def fill_folded_names(db: Database) -> int:
    """Give actor names and aliases that lack it their folded form; return how many rows."""
    names = db.execute("SELECT id, name FROM actors WHERE name_folded IS NULL").fetchall()
    aliases = db.execute(
        "SELECT actor_id, alias FROM actor_aliases WHERE alias_folded IS NULL"
    ).fetchall()
    db.conn.executemany(
        "UPDATE actors SET name_folded = ? WHERE id = ?", [(fold_name(n), i) for i, n in names]
    )
    db.conn.executemany(
        "UPDATE actor_aliases SET alias_folded = ? WHERE actor_id = ? AND alias = ?",
        [(fold_name(a), i, a) for i, a in aliases],
    )
    return len(names) + len(aliases)


@migrations(name="0010_filter_indexes")
def filter_indexes(db: Database) -> None:
    """Index what the article filter and the coder overview look up at 100k articles."""
    # Measured on 100k articles and 1M marks (benchmarks/bench_storage.py): the label index
    # is 90 MB (8% of the file) and turns counting a label's articles from 2 s into 15 ms;
    # the others are 2-9 MB. The actor filter needs none: one index per role already exists.
    db.executescript(
        """
        CREATE INDEX marks_by_coder_label ON marks (annotator, kind, label, article_id);
        CREATE INDEX document_labels_by_status ON document_labels (annotator, status, article_id);
        CREATE INDEX assignments_by_coder ON assignments (annotator, article_id);
        CREATE INDEX articles_by_date ON articles (date);
        """
    )


@migrations(name="0011_implicit_aliases")
def implicit_aliases(db: Database) -> None:
    """Record which aliases are implicit: made from a mention's text, not confirmed by a coder.

    Marking "Wang" as a mention of Wang Qishan gives him the alias "Wang" implicitly (1); one
    typed in the actor dialog, imported, or confirmed is explicit (0). Older projects did not
    record it. There an alias is taken as implicit when one of its own actor's mentions has
    exactly that text, as this version records it, and as explicit otherwise (no mention of
    the actor has it: it was typed or imported). Only implicit aliases of one word change what
    is suggested (``Actor.aliases_after_name``), and one that is also the actor's name changes
    nothing. An alias a coder typed and also marked loses only its suggestions before the
    actor's name in an article, until it is confirmed in the actor dialog.
    """
    db.execute(
        "ALTER TABLE actor_aliases ADD COLUMN implicit INTEGER NOT NULL DEFAULT 0 "
        "CHECK (implicit IN (0, 1))"
    )
    # One pass over the actor mentions (their distinct actor and text), not one per alias.
    db.execute(
        "UPDATE actor_aliases SET implicit = 1 WHERE (actor_id, alias) IN "
        "(SELECT actor_id, text FROM marks WHERE kind = 'actor' AND actor_id IS NOT NULL)"
    )


_MONTH_OF = "coalesce((SELECT substr(date, 1, 7) FROM articles WHERE id = {row}.article_id), '')"
# Each table is keyed by what one statistic groups by (never their cross product, which on a
# million marks made over months of articles' dates would be as long as the marks).
_TALLY_TABLES = """
    CREATE TABLE day_tallies (
        annotator TEXT NOT NULL, day TEXT NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (annotator, day)
    ) WITHOUT ROWID;
    CREATE TABLE label_tallies (
        annotator TEXT NOT NULL, kind TEXT NOT NULL, label TEXT NOT NULL, stance TEXT NOT NULL,
        month TEXT NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (annotator, kind, label, stance, month)
    ) WITHOUT ROWID;
    CREATE TABLE actor_tallies (
        annotator TEXT NOT NULL, role TEXT NOT NULL, actor_id TEXT NOT NULL,
        label TEXT NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (annotator, role, actor_id, label)
    ) WITHOUT ROWID;
    CREATE TABLE speaker_months (
        annotator TEXT NOT NULL, actor_id TEXT NOT NULL, month TEXT NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (actor_id, annotator, month)
    ) WITHOUT ROWID;
    CREATE TABLE first_marks (
        article_id TEXT NOT NULL, annotator TEXT NOT NULL, first_at TEXT NOT NULL,
        PRIMARY KEY (article_id, annotator)
    ) WITHOUT ROWID;
"""


def _roles(row: str) -> str:
    """Return a SELECT of (actor, role, label) for the actors a mark row refers to: its
    mention's actor, its claim's speaker, its claim's target, its sentiment's target (with
    the polarity, which sentiment-by-actor-type counts)."""
    return (
        f"SELECT {row}.actor_id AS actor, 'mention' AS role, '' AS label "
        f"WHERE {row}.kind = 'actor' AND {row}.actor_id IS NOT NULL "
        f"UNION ALL SELECT {row}.speaker_id, 'speaker', '' "
        f"WHERE {row}.kind = 'claim' AND {row}.speaker_id IS NOT NULL "
        f"UNION ALL SELECT {row}.target_id, 'target', '' "
        f"WHERE {row}.kind = 'claim' AND {row}.target_id IS NOT NULL "
        f"UNION ALL SELECT {row}.target_id, 'about', {row}.label "
        f"WHERE {row}.kind = 'sentiment' AND {row}.target_id IS NOT NULL"
    )


def _upsert(table: str, values: str, step: str, keys: str) -> str:
    """Return the statements adding ``step`` to one tally row (made if missing, removed at 0)."""
    return f"""
        INSERT INTO {table} SELECT {values}, {step} WHERE true
            ON CONFLICT DO UPDATE SET n = n + ({step});
        DELETE FROM {table} WHERE n = 0 AND {keys};"""


def _tally_sql(row: str, step: str) -> str:
    """Return the statements that add ``step`` (+1 or -1) to the tallies of one mark row
    (``NEW`` or ``OLD``)."""
    month = _MONTH_OF.format(row=row)
    day = f"substr({row}.created_at, 1, 10)"
    stance = f"coalesce({row}.stance, '')"
    sql = _upsert(
        "day_tallies",
        f"{row}.annotator, {day}",
        step,
        f"annotator = {row}.annotator AND day = {day}",
    )
    sql += _upsert(
        "label_tallies",
        f"{row}.annotator, {row}.kind, {row}.label, {stance}, {month}",
        step,
        f"annotator = {row}.annotator AND kind = {row}.kind AND label = {row}.label "
        f"AND stance = {stance} AND month = {month}",
    )
    sql += f"""
        INSERT INTO actor_tallies SELECT {row}.annotator, r.role, r.actor, r.label, {step}
            FROM ({_roles(row)}) AS r WHERE true ON CONFLICT DO UPDATE SET n = n + ({step});
        DELETE FROM actor_tallies WHERE n = 0 AND annotator = {row}.annotator
            AND role IN ('mention', 'speaker', 'target', 'about')
            AND actor_id IN ({row}.actor_id, {row}.speaker_id, {row}.target_id);"""
    sql += f"""
        INSERT INTO speaker_months SELECT {row}.annotator, {row}.speaker_id, {month}, {step}
            WHERE {row}.kind = 'claim' AND {row}.speaker_id IS NOT NULL
            ON CONFLICT DO UPDATE SET n = n + ({step});
        DELETE FROM speaker_months WHERE n = 0 AND annotator = {row}.annotator
            AND actor_id = {row}.speaker_id;"""
    if step == "1":
        sql += f"""
        INSERT INTO first_marks VALUES ({row}.article_id, {row}.annotator, {row}.created_at)
            ON CONFLICT DO UPDATE SET first_at = min(first_at, excluded.first_at);"""
    else:
        sql += f"""
        DELETE FROM first_marks WHERE article_id = {row}.article_id
            AND annotator = {row}.annotator;
        INSERT INTO first_marks SELECT article_id, annotator, min(created_at) FROM marks
            WHERE article_id = {row}.article_id AND annotator = {row}.annotator
            GROUP BY article_id, annotator;"""
    return sql


TALLY_REBUILD = "".join(
    f"DELETE FROM {table}; INSERT INTO {table} {fresh};" for table, fresh in TALLY_COUNTS.items()
)


@migrations(name="0012_tallies")
def tallies(db: Database) -> None:
    """Keep counts of the marks by what the statistics group them by, kept by triggers.

    Counting a million marks again for each of the Statistics view's charts took seconds
    (benchmarks: stats_ms); these tallies are a few thousand rows each: marks per coder and
    day made (``day_tallies``); per coder, kind, label, stance and month of the article's date
    (``label_tallies``); an actor's roles per coder (``actor_tallies``: ``mention``,
    ``speaker`` of a claim, ``target`` of a claim, ``about``: target of a sentiment, with its
    polarity); claims per speaker and month (``speaker_months``); and when a coder made a
    first mark in an article (``first_marks``). Articles are never changed after import; one
    deleted takes its marks with it first, so the month is still known. ``annotator check``
    recounts them.
    """
    db.executescript(
        f"""
        {_TALLY_TABLES}
        CREATE TRIGGER marks_tally_insert AFTER INSERT ON marks BEGIN
            {_tally_sql("NEW", "1")}
        END;
        CREATE TRIGGER marks_tally_delete AFTER DELETE ON marks BEGIN
            {_tally_sql("OLD", "-1")}
        END;
        CREATE TRIGGER marks_tally_update AFTER UPDATE OF
            article_id, annotator, kind, label, stance, created_at, actor_id, speaker_id, target_id
            ON marks BEGIN
            {_tally_sql("OLD", "-1")}
            {_tally_sql("NEW", "1")}
        END;
        CREATE TRIGGER articles_untally BEFORE DELETE ON articles BEGIN
            DELETE FROM marks WHERE article_id = OLD.id;
        END;
        {TALLY_REBUILD}
        """
    )


# Migration 0013's tables with tombstones: (key SQL over a row, the row's stamp, who deleted).
# Written out here, not read from storage/deletions.py: an applied migration never changes.
_TOMBSTONE_TRIGGERS = {
    "marks": ("{row}.id", "updated_at", "OLD.annotator"),
    "actors": ("{row}.id", "updated_at", "NULL"),
    "assignments": ("{row}.article_id || char(31) || {row}.annotator", "assigned_at", "NULL"),
}


@migrations(name="0013_deletions")
def deletions(db: Database) -> None:
    """Remember deleted marks, actors and assignments (tombstones), so that merges carry them.

    A delete leaves (table, key, time, coder) in ``deletions``; a tombstone already there keeps
    its time (a merge deletes by it). A row written with a later stamp than its tombstone
    removes it. The rule a merge applies is in storage/deletions.py.
    """
    # The same text as utc_now(): ISO 8601 with milliseconds and Z, so times compare as text.
    now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
    triggers = []
    for table, (key, stamp, by) in _TOMBSTONE_TRIGGERS.items():
        old, new = key.format(row="OLD"), key.format(row="NEW")
        triggers.append(
            f"""
            CREATE TRIGGER {table}_tombstone AFTER DELETE ON {table} BEGIN
                INSERT INTO deletions (tbl, key, deleted_at, deleted_by)
                    VALUES ('{table}', {old}, {now}, {by}) ON CONFLICT DO NOTHING;
            END;
            CREATE TRIGGER {table}_outlive_insert AFTER INSERT ON {table} BEGIN
                DELETE FROM deletions WHERE tbl = '{table}' AND key = {new}
                    AND deleted_at < NEW.{stamp};
            END;
            CREATE TRIGGER {table}_outlive_update AFTER UPDATE OF {stamp} ON {table} BEGIN
                DELETE FROM deletions WHERE tbl = '{table}' AND key = {new}
                    AND deleted_at < NEW.{stamp};
            END;"""
        )
    db.executescript(
        """
        CREATE TABLE deletions (
            tbl TEXT NOT NULL,
            key TEXT NOT NULL,
            deleted_at TEXT NOT NULL,
            deleted_by TEXT,
            PRIMARY KEY (tbl, key)
        ) WITHOUT ROWID;
        """
        + "".join(triggers)
    )


@migrations(name="0014_hub_changes")
def hub_changes(db: Database) -> None:
    """Log which shared rows change, for a project tied to a team hub (annotator/hub).

    ``hub_state`` holds the tie (the hub's address without a password, the coder, the pull
    cursor); while it names a hub, triggers append each written or deleted row's key to
    ``hub_changes``, and a sync pushes those rows and then drops their entries. A project with
    no hub pays one indexed lookup per write and logs nothing. ``hub_versions`` holds the hub's
    version (seq) of each shared record last seen, which an edit of it is based on;
    ``hub_refused`` the edits the hub refused as based on an old version, to offer again.
    """
    triggers = []
    for table in SYNCED_TABLES:
        for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            triggers.append(
                f"CREATE TRIGGER hub_log_{table}_{event.lower()} AFTER {event} ON {table} "
                "WHEN EXISTS (SELECT 1 FROM hub_state WHERE key = 'hub') BEGIN "
                f"INSERT INTO hub_changes (tbl, key) VALUES ('{table}', {key_sql(table, row)}); "
                "END;"
            )
    db.executescript(
        """
        CREATE TABLE hub_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE hub_changes (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            tbl TEXT NOT NULL,
            key TEXT NOT NULL
        );
        CREATE TABLE hub_versions (
            tbl TEXT NOT NULL, key TEXT NOT NULL, seq INTEGER NOT NULL,
            PRIMARY KEY (tbl, key)
        ) WITHOUT ROWID;
        CREATE TABLE hub_refused (
            tbl TEXT NOT NULL, key TEXT NOT NULL, edit TEXT NOT NULL, refused_at TEXT NOT NULL,
            PRIMARY KEY (tbl, key, refused_at)
        ) WITHOUT ROWID;
        """
        + "\n".join(triggers)
    )


def known_migration_names() -> list[str]:
    """Return the names of every migration this version knows, in order."""
    return [m.name for m in migrations.pending(Database(memory=True))]
