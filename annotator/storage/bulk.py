"""Bulk loads: a merge that brings in at least as many rows as a table holds builds what is
derived from them once, at the end, instead of a row at a time.

What is derived: a table's secondary indexes (``CREATE INDEX``: SQLite sorts once instead of
inserting each row into each index in random order), the statistics' tallies of the marks
(counted afresh as ``schema.TALLY_COUNTS`` counts them) and the articles' full-text index
(the new articles added to it in one statement). Their triggers are dropped for the load and
made again after, from the SQL the project itself holds (``sqlite_master``), so a load never
changes the schema. All of it happens inside the caller's transaction: an interrupted load
leaves the project as it was.

A new coder's first pull of a 100k-article project (920k marks) spent 121 s of its 146 s
merge writing the marks a row at a time into seven indexes and the tallies (benchmarks:
``first_pull_100k_s``); as a bulk load the whole merge takes 57 s.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from annotator.storage.base import ProjectDatabase
from annotator.storage.schema import TALLY_COUNTS

# Below this many incoming rows a merge writes row by row: building a table's indexes afresh
# costs time in proportion to the whole table.
BULK_MIN_ROWS = 20_000
# The triggers that keep derived data of a table, by name prefix: the tallies of the marks,
# the articles' search index.
DERIVED_TRIGGERS = {"marks": "marks_tally_", "articles": "articles_fts_after_"}


@dataclass
class _Dropped:
    indexes: list[str]
    triggers: list[str]


def worth_bulk(db: ProjectDatabase, table: str, incoming: int) -> bool:
    """Say whether a load of ``incoming`` rows into ``table`` should build its derived data
    once at the end (at least BULK_MIN_ROWS, and at least as many as the table holds)."""
    if incoming < BULK_MIN_ROWS:
        return False
    ours = db.execute(f"SELECT count(*) FROM main.{table}").fetchone()[0]
    return incoming >= ours


@contextmanager
def derived_data_built_after(db: ProjectDatabase, table: str) -> Iterator[None]:
    """Drop ``table``'s secondary indexes and the triggers keeping its derived data for the
    block, then make them again and rebuild what they keep (call inside a transaction)."""
    if not db.conn.in_transaction:  # outside one, a dropped index would be gone for good
        raise RuntimeError("a bulk load runs inside a transaction")
    # A savepoint of its own: an error in the block takes back the drops too, even for a
    # caller that catches it and commits the rest.
    with db.atomic():
        # Articles are only ever added by a load, and rowids only grow: the search index gets
        # the rows past this one (as an import does, storage/streams.py).
        last = 0
        if table == "articles":
            last = db.execute("SELECT coalesce(max(rowid), 0) FROM main.articles").fetchone()[0]
        dropped = _drop(db, table)
        yield
        for sql in dropped.indexes:
            db.execute(sql)
        if table == "marks":
            recount_tallies(db)
        elif table == "articles":
            db.execute(
                "INSERT INTO main.articles_fts (rowid, title, text) "
                "SELECT rowid, title, text FROM main.articles WHERE rowid > ?",
                [last],
            )
        for sql in dropped.triggers:
            db.execute(sql)


def recount_tallies(db: ProjectDatabase) -> None:
    """Fill every tally afresh from the marks, as ``schema.TALLY_COUNTS`` counts them.

    One pass over the marks, counted in dictionaries: SQLite groups by sorting, and the five
    counts' sorts of a million marks took 38 s where this takes about 12 (a test holds the two
    equal, and ``annotator check`` compares the tallies with TALLY_COUNTS).
    """
    months = {
        article: (date or "")[:7]
        for article, date in db.execute("SELECT id, date FROM main.articles")
    }
    days: Counter[tuple] = Counter()
    labels: Counter[tuple] = Counter()
    roles: Counter[tuple] = Counter()
    speakers: Counter[tuple] = Counter()
    first: dict[tuple[str, str], str] = {}
    marks = db.execute(
        "SELECT annotator, kind, label, coalesce(stance, ''), article_id, created_at, "
        "actor_id, speaker_id, target_id FROM main.marks"
    )
    for coder, kind, label, stance, article, created, actor, speaker, target in marks:
        days[coder, created[:10]] += 1
        seen = first.get((article, coder))
        if seen is None or created < seen:
            first[article, coder] = created
        month = months.get(article)
        if month is not None:  # as the SQL's join: a mark of no article is in no month
            labels[coder, kind, label, stance, month] += 1
        if kind == "actor":
            if actor is not None:
                roles[coder, "mention", actor, ""] += 1
        elif kind == "claim":
            if speaker is not None:
                roles[coder, "speaker", speaker, ""] += 1
                if month is not None:
                    speakers[coder, speaker, month] += 1
            if target is not None:
                roles[coder, "target", target, ""] += 1
        elif kind == "sentiment" and target is not None:
            roles[coder, "about", target, label] += 1
    counted = {
        "day_tallies": _rows(days),
        "label_tallies": _rows(labels),
        "actor_tallies": _rows(roles),
        "speaker_months": _rows(speakers),
        "first_marks": [(*key, at) for key, at in first.items()],
    }
    assert counted.keys() == TALLY_COUNTS.keys()
    for tally, rows in counted.items():
        db.execute(f"DELETE FROM main.{tally}")
        if rows:
            placeholders = ", ".join("?" for _ in rows[0])
            db.conn.executemany(f"INSERT INTO main.{tally} VALUES ({placeholders})", rows)


def _rows(counter: Counter[tuple]) -> list[tuple]:
    return [(*key, n) for key, n in counter.items()]


def _drop(db: ProjectDatabase, table: str) -> _Dropped:
    """Drop a table's secondary indexes (not those behind its keys) and derived-data triggers;
    return the SQL that makes them again."""
    prefix = DERIVED_TRIGGERS.get(table)
    rows = db.execute(
        "SELECT type, name, sql FROM main.sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL "
        "AND (type = 'index' OR (type = 'trigger' AND substr(name, 1, ?) = ?)) ORDER BY name",
        [table, len(prefix or ""), prefix or "\x00"],
    ).fetchall()
    dropped = _Dropped([], [])
    for kind, name, sql in rows:
        # Unique indexes stay: an upsert's ON CONFLICT needs them (those of keys have no SQL).
        if kind == "index" and sql.lstrip().upper().startswith("CREATE UNIQUE"):
            continue
        db.execute(f'DROP {kind.upper()} main."{name}"')
        (dropped.indexes if kind == "index" else dropped.triggers).append(sql)
    return dropped
