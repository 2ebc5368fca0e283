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

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from annotator.storage.base import ProjectDatabase
from annotator.storage.tallies import TallyCount, recount_tallies

# Below this many incoming rows a merge writes row by row: building a table's indexes afresh
# costs time in proportion to the whole table.
BULK_MIN_ROWS = 20_000
SEARCH_LOAD_BUFFER_BYTES = 32 * 2**20  # FTS5's buffer of new terms during a load
FTS5_DEFAULT_HASHSIZE = 2**20  # its size unless set (SQLite's FTS5_DEFAULT_HASHSIZE)
SORT_THREADS = 2  # helper threads SQLite may sort on while it builds indexes
SORT_CACHE_KIB = -4096  # the page cache meanwhile (negative: KiB): small runs, sorted apart
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
def derived_data_built_after(
    db: ProjectDatabase, table: str, counted: Callable[[], TallyCount | None] | None = None
) -> Iterator[None]:
    """Drop ``table``'s secondary indexes and the triggers keeping its derived data for the
    block, then make them again and rebuild what they keep (call inside a transaction).

    ``counted`` gives the tallies of the marks the table will hold, counted elsewhere while the
    load went on (a pull, storage/staging.py); without them they are counted afresh here.
    """
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
        with _sorting_in_parallel(db):
            for sql in dropped.indexes:
                db.execute(sql)
        if table == "marks":
            tallies = counted() if counted is not None else None
            # Counted elsewhere, they are this table's only if it holds exactly the marks
            # counted (the caller's rule, storage/merging.py): a different count is a mistake
            # caught, and the tallies are counted here instead.
            held = db.execute("SELECT count(*) FROM main.marks").fetchone()[0]
            if tallies is not None and tallies.total() == held:
                tallies.write(db)
            else:
                recount_tallies(db)
        elif table == "articles":
            index_articles_after(db, last)
        for sql in dropped.triggers:
            db.execute(sql)


def index_articles_after(db: ProjectDatabase, last: int) -> None:
    """Add the articles past a rowid to the search index, in one statement.

    FTS5 gathers the terms of new rows in memory and writes them out as a segment whenever
    they pass its ``hashsize`` (1 MB unless set), then merges segments as they pile up: a
    larger buffer for the load means fewer, larger segments and less merging (100,000
    articles, 350 MB of text: 5.1 s where 7.8, for 46 MB more memory meanwhile; 64 MB
    would give 4.5 s for 90 MB). The setting is the project's own (FTS5 keeps it in
    ``articles_fts_config``), so it is put back after.
    """
    # On an error the transaction takes the setting back with the rows (outside one, the
    # load's setting would stay for good).
    if not db.conn.in_transaction:
        raise RuntimeError("the search index is loaded inside a transaction")
    kept = db.execute("SELECT v FROM main.articles_fts_config WHERE k = 'hashsize'").fetchone()
    setting = "INSERT INTO main.articles_fts (articles_fts, rank) VALUES ('hashsize', ?)"
    db.execute(setting, [SEARCH_LOAD_BUFFER_BYTES])
    db.execute(
        "INSERT INTO main.articles_fts (rowid, title, text) "
        "SELECT rowid, title, text FROM main.articles WHERE rowid > ?",
        [last],
    )
    db.execute(setting, [kept[0] if kept else FTS5_DEFAULT_HASHSIZE])
    if kept is None:
        db.execute("DELETE FROM main.articles_fts_config WHERE k = 'hashsize'")


@contextmanager
def _sorting_in_parallel(db: ProjectDatabase) -> Iterator[None]:
    """Let SQLite sort an index's entries on helper threads for the block.

    Its sorter hands runs to helper threads only once they outgrow the page cache: with a
    small cache and two threads the marks' six indexes took 4.9 s where they took 7.1 s.
    """
    threads = db.execute("PRAGMA threads").fetchone()[0]
    cache_size = db.execute("PRAGMA cache_size").fetchone()[0]
    db.execute(f"PRAGMA threads = {SORT_THREADS}")
    db.execute(f"PRAGMA cache_size = {SORT_CACHE_KIB}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA threads = {int(threads)}")
        db.execute(f"PRAGMA cache_size = {int(cache_size)}")


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
