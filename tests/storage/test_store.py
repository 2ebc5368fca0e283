"""The SQLite store: creation, migrations, pragmas, refusing foreign files, constraints."""

import os
import sqlite3

import pytest

from annotator.core.errors import NotFoundError, SchemaVersionError, ValidationError
from annotator.core.model import Actor, Article, Mark, MarkKind
from annotator.core.text import article_id
from annotator.storage import Store
from annotator.storage.migrations import known_migration_names
from annotator.storage.schema import MIGRATION_NAMES


@pytest.fixture
def store(db_path):
    """Return a store on a new project database."""
    s = Store.open(db_path)
    yield s
    s.close()


def make_article(text="China and Pakistan agreed to cooperate."):
    """Return an article for text."""
    return Article(id=article_id(text), text=text, title="A title", date="2020-01-02")


def migration_rows(path):
    """Return (migration_set, name) rows of a database file, read with plain sqlite3."""
    with sqlite3.connect(path) as conn:
        return conn.execute(
            "SELECT migration_set, name FROM _sqlite_migrations ORDER BY id"
        ).fetchall()


def test_open_creates_the_file(db_path):
    """Opening a missing path creates the database file (and its folder)."""
    path = db_path.parent / "sub" / "dir" / "p.db"
    store = Store.open(path)
    store.close()
    assert path.is_file()
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"


ALL_MIGRATIONS = [("annotator", name) for name in known_migration_names()]


def test_open_applies_every_migration(store, db_path):
    """A new database records every migration, in order, in the 'annotator' set."""
    assert migration_rows(db_path) == ALL_MIGRATIONS
    assert known_migration_names()[:4] == [
        "0001_initial",
        "0002_article_search",
        "0003_rejected_suggestions",
        "0004_marks_by_coder_actor",
    ]


def test_open_creates_the_tables(store):
    """The initial migration creates every domain table."""
    assert set(store.db.table_names()) >= {
        "project",
        "articles",
        "annotators",
        "actors",
        "actor_aliases",
        "marks",
        "document_labels",
        "_sqlite_migrations",
    }


def test_pragmas(store):
    """The connection uses WAL, enforces foreign keys and syncs FULL."""
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2
    assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_the_write_ahead_log_is_cut_back_after_a_large_load(db_path, monkeypatch):
    """A large transaction grows the write-ahead log; the next write after its checkpoint
    cuts the file back to the limit instead of keeping it while the project is open."""
    from annotator.storage import store as store_module

    monkeypatch.setattr(store_module, "WAL_SIZE_LIMIT_BYTES", 64 * 1024)
    store = Store.open(db_path)
    assert store.db.execute("PRAGMA journal_size_limit").fetchone()[0] == 64 * 1024
    wal = db_path.with_name(db_path.name + "-wal")
    # Past SQLite's automatic checkpoint (1,000 pages, 4 MB), which runs at the commit.
    with store.transaction():
        for n in range(1000):
            store.insert_article(make_article(text=f"Article {n}. " + "Gwadar port. " * 400))
    assert wal.stat().st_size > 4 * 1024 * 1024
    with store.transaction():
        store.set_setting("note", "one small change")
    assert wal.stat().st_size <= 64 * 1024
    store.close()


def test_reopen_applies_nothing_new(db_path):
    """Opening an existing project adds no migration rows and keeps its data."""
    store = Store.open(db_path)
    store.insert_article(make_article())
    store.close()
    store = Store.open(db_path)
    try:
        assert store.count_articles() == 1
    finally:
        store.close()
    assert migration_rows(db_path) == ALL_MIGRATIONS


def test_empty_file_is_initialised(db_path):
    """A zero-byte file is treated as a new database."""
    db_path.write_bytes(b"")
    store = Store.open(db_path)
    store.close()
    assert migration_rows(db_path) == ALL_MIGRATIONS


def test_refuses_database_from_newer_version(db_path):
    """A project listing an unknown 'annotator' migration is refused as from a newer version."""
    Store.open(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('annotator', '0002_future', '2030-01-01')"
        )
    with pytest.raises(SchemaVersionError) as info:
        Store.open(db_path)
    message = str(info.value)
    assert "newer version" in message
    assert "'0002_future'" in message
    assert str(db_path) in message


def test_unknown_migration_of_another_set_is_ignored(db_path):
    """A migration of some other set in _sqlite_migrations does not stop the project opening."""
    Store.open(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('plugin', '0009_other', '2030-01-01')"
        )
    store = Store.open(db_path)
    store.close()
    assert ("annotator", "0001_initial") in migration_rows(db_path)


def test_refuses_sqlite_file_with_unrelated_tables(db_path):
    """A SQLite database of another application is refused and left unchanged."""
    with sqlite3.connect(db_path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    with pytest.raises(SchemaVersionError, match="not an annotator project"):
        Store.open(db_path)
    with sqlite3.connect(db_path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    assert tables == ["customers"]


def test_refuses_foreign_migrations_table_with_other_tables(db_path):
    """A database migrated only by another sqlite-utils migration set is refused."""
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "CREATE TABLE _sqlite_migrations "
            "(id INTEGER PRIMARY KEY, migration_set TEXT, name TEXT, applied_at TEXT)"
        )
        conn.execute("INSERT INTO _sqlite_migrations VALUES (1, 'other', 'x', 'now')")
        conn.execute("CREATE TABLE things (id INTEGER)")
    with pytest.raises(SchemaVersionError, match="not an annotator project"):
        Store.open(db_path)


def test_refuses_non_sqlite_file(db_path):
    """A file of random bytes is refused with SchemaVersionError naming the file."""
    db_path.write_bytes(os.urandom(4096))
    with pytest.raises(SchemaVersionError) as info:
        Store.open(db_path)
    assert str(info.value).startswith(f"{db_path}: not an annotator project database")


def test_refuses_text_file(db_path):
    """A text file is refused too, and its content is left as it was."""
    db_path.write_text("hello, this is not a database\n" * 50, encoding="utf-8")
    with pytest.raises(SchemaVersionError):
        Store.open(db_path)
    assert db_path.read_text(encoding="utf-8") == "hello, this is not a database\n" * 50


def test_mark_text_length_must_match_offsets(store):
    """The marks table CHECK refuses a mark whose text length differs from end - start."""
    article = make_article()
    store.insert_article(article)
    store.ensure_annotator("alice")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        store.insert_mark(
            Mark(
                id="m1",
                article_id=article.id,
                annotator="alice",
                kind=MarkKind.CLAIM,
                start=0,
                end=5,
                text="China and",
                label="CPEC security",
                created_at="t",
                updated_at="t",
            )
        )
    assert store.marks_for(article.id, "alice") == []


def test_mark_needs_known_annotator(store):
    """Foreign keys are enforced: a mark by an unrecorded coder is refused."""
    article = make_article()
    store.insert_article(article)
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        store.insert_mark(
            Mark("m1", article.id, "ghost", MarkKind.CLAIM, 0, 5, "China", "x", created_at="t",
                 updated_at="t")
        )


def test_article_id_must_be_64_chars(store):
    """The articles CHECK refuses an id that is not a 64-character hash."""
    with pytest.raises(sqlite3.IntegrityError):
        store.insert_article(Article(id="short", text="x", title="t"))


def test_article_date_must_look_like_a_date(store):
    """The articles CHECK refuses a date not shaped YYYY-MM-DD."""
    text = "Some text"
    with pytest.raises(sqlite3.IntegrityError):
        store.insert_article(Article(id=article_id(text), text=text, title="t", date="2020/1/2"))


def test_insert_same_article_twice(store):
    """The second insert of an article returns False and stores nothing new."""
    article = make_article()
    assert store.insert_article(article) is True
    assert store.insert_article(article) is False
    assert store.count_articles() == 1


def test_get_article_round_trip(store):
    """An article comes back with its text, title, date, source and meta."""
    text = "🇵🇰 Pakistan said cafe\u0301."
    article = Article(
        id=article_id(text), text=text, title="T", date="2021-03-04", source="s.txt",
        meta={"b": 1, "a": "é"},
    )
    store.insert_article(article)
    assert store.get_article(article.id) == article
    assert store.has_article(article.id)


def test_get_missing_article_raises(store):
    """Asking for an unknown article raises NotFoundError."""
    with pytest.raises(NotFoundError, match="no article with id abc"):
        store.get_article("abc")


def test_article_order_and_index(store):
    """Articles are listed in import order; index and id lookups agree."""
    articles = [make_article(f"Article number {n}") for n in range(3)]
    for a in articles:
        store.insert_article(a)
    assert [s.id for s in store.article_summaries("alice")] == [a.id for a in articles]
    assert store.article_id_at(2) == articles[2].id
    assert store.article_id_at(3) is None
    assert store.article_index(articles[1].id) == 1
    assert store.article_index("missing") is None


def test_settings_round_trip(store):
    """A project setting is stored, overwritten and read back."""
    assert store.get_setting("k") is None
    store.set_setting("k", "one")
    store.set_setting("k", "two")
    assert store.get_setting("k") == "two"


def test_transaction_rolls_back_on_error(store):
    """An exception inside transaction() undoes the writes made in it."""
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.insert_article(make_article())
            raise RuntimeError("boom")
    assert store.count_articles() == 0


def test_actor_aliases_and_case_insensitive_lookup(store):
    """Actors are found by name or alias ignoring case; aliases come back sorted."""
    store.insert_actor(Actor("a1", "Pakistan", "Country", aliases=("Pakistan", "Islamabad")), None)
    assert store.get_actor("a1").aliases == ("Islamabad", "Pakistan")
    assert [a.id for a in store.actors_with_alias("ISLAMABAD")] == ["a1"]
    assert [a.id for a in store.actors_with_alias("pakistan")] == ["a1"]
    assert store.actors_with_alias("China") == []


def test_delete_actor_cascades_aliases(store):
    """Deleting an actor also deletes its aliases."""
    store.insert_actor(Actor("a1", "Pakistan", "Country", aliases=("Pakistan",)), None)
    store.delete_actor("a1")
    assert not store.has_actor("a1")
    assert store.db.execute("SELECT count(*) FROM actor_aliases").fetchone()[0] == 0


def test_known_migration_names_match_the_registry():
    """The plain tuple a project is checked against lists every registered migration, in order."""
    assert list(MIGRATION_NAMES) == known_migration_names()


def other_connection_count(path, table="annotators"):
    """Return the rows of a table as another connection sees them (committed data only)."""
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_a_statement_outside_a_transaction_is_committed_at_once(store, db_path):
    """A write outside ``transaction()`` is committed by itself, as sqlite-utils' execute did."""
    store.ensure_annotator("alice")
    assert not store.db.conn.in_transaction
    assert other_connection_count(db_path) == 1


def test_nested_transaction_rolls_back_only_its_own_writes(store, db_path):
    """An error in a nested block undoes that block (a savepoint), not the outer one."""
    with store.transaction():
        store.ensure_annotator("alice")
        with pytest.raises(RuntimeError), store.transaction():
            store.ensure_annotator("bob")
            raise RuntimeError("inner")
        assert store.annotator_names() == ["alice"]
        assert other_connection_count(db_path) == 0  # not committed yet
    assert other_connection_count(db_path) == 1
    assert not store.db.conn.in_transaction


def test_error_in_a_transaction_rolls_it_all_back(store, db_path):
    """An error leaves the database as it was before the outer block."""
    with pytest.raises(RuntimeError), store.transaction():
        store.ensure_annotator("alice")
        with store.transaction():
            store.ensure_annotator("bob")
        raise RuntimeError("outer")
    assert store.annotator_names() == []
    assert not store.db.conn.in_transaction


def test_refused_write_rolls_back_and_is_reported(store):
    """A constraint violation inside a transaction is a ValidationError, nothing kept."""
    with pytest.raises(ValidationError), store.transaction():
        store.ensure_annotator("alice")
        store.db.execute("INSERT INTO annotators (name, created_at) VALUES ('', 'now')")
    assert store.annotator_names() == []
