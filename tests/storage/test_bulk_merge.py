"""A large merge (a first pull, a merge into a new project) builds indexes, tallies and the
search index once at the end (storage/bulk.py): the same project as a merge row by row."""

from __future__ import annotations

import shutil

import pytest

from annotator.core.model import MarkKind
from annotator.session import Session
from annotator.storage import bulk, merging, tallies
from tests.conftest import add, code_two_coders

TABLES = (
    "articles", "annotators", "actors", "actor_aliases", "marks", "document_labels",
    "assignments", "deletions", "day_tallies", "label_tallies", "actor_tallies",
    "speaker_months", "first_marks",
)


def dump(session):
    """Every row of the coding tables and tallies, and the schema's SQL."""
    db = session.store.db
    rows = {t: sorted(tuple(r) for r in db.execute(f"SELECT * FROM {t}")) for t in TABLES}
    # When the merging project's own coder was made is not the merge's doing.
    rows["annotators"] = [r[0] for r in rows["annotators"]]
    rows["schema"] = sorted(db.execute("SELECT type, name, sql FROM sqlite_master"))
    return rows


@pytest.fixture
def theirs(session, tmp_path):
    """A teammate's project: two coders' marks (mentions, a claim with speaker and target,
    a sentiment about an actor), one mark deleted, one article assigned."""
    article_id = code_two_coders(session)
    session.set_annotator("alice")
    claim = next(m for m in session.marks(article_id) if m.kind == MarkKind.CLAIM)
    xi = next(m for m in session.marks(article_id) if m.text == "Xi Jinping")
    session.update_mark(claim.with_changes(speaker_id=xi.actor_id, target_id=xi.actor_id))
    second = session.article_summaries()[1].id
    gone = add(session, second, MarkKind.ACTOR, "Pakistan", "Country")
    add(session, second, MarkKind.ACTOR, "China", "Country")
    session.remove_mark(gone.id)
    session.assign([second], "bob")
    session.close()
    path = tmp_path / "theirs.db"
    shutil.copy(session.path, path)
    return path


def found(session, words):
    """The rowids of the articles the search index finds for these words."""
    sql = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid"
    return [r[0] for r in session.store.db.execute(sql, [f'"{words}"'])]


def merged_into_new(path, theirs, monkeypatch, bulk_from: int):
    """Merge ``theirs`` into a new project with bulk loads from this many rows."""
    monkeypatch.setattr(bulk, "BULK_MIN_ROWS", bulk_from)
    merged = Session.open(path, "lead")
    counts = merged.merge_project(theirs)
    return merged, counts


def test_a_bulk_merge_makes_the_same_project_as_one_row_by_row(tmp_path, theirs, monkeypatch):
    """Same rows, tallies, tombstones, schema and search results; the tallies pass check."""
    by_rows, row_counts = merged_into_new(tmp_path / "rows.db", theirs, monkeypatch, 10**9)
    by_bulk, bulk_counts = merged_into_new(tmp_path / "bulk.db", theirs, monkeypatch, 0)
    assert bulk_counts == row_counts
    assert bulk_counts.added["marks"] == 7
    expected = dump(by_rows)
    assert dump(by_bulk) == expected
    assert len(expected["label_tallies"]) > 3 and len(expected["speaker_months"]) == 1
    assert by_bulk.store.tallies_match()
    for words in ("Gwadar", "Xi Jinping", "corridor"):
        assert found(by_bulk, words) == found(by_rows, words)
    assert len(found(by_bulk, "Gwadar")) >= 1  # the search index was built
    by_rows.close()
    by_bulk.close()


def test_a_bulk_merge_into_a_project_with_marks_keeps_the_merge_rules(
    tmp_path, session, theirs, monkeypatch
):
    """Into a project with its own marks (one of theirs deleted, one edited later here), theirs
    with ten marks more: a bulk load, and the same project as row by row."""
    ours_path = tmp_path / "ours.db"
    shutil.copy(theirs, ours_path)
    ours = Session.open(ours_path, "alice")
    article_id = ours.article_summaries()[0].id
    xi = next(m for m in ours.marks(article_id) if m.text == "Xi Jinping")
    ours.update_mark(xi.with_changes(label="Person"))
    ours.remove_mark(next(m for m in ours.marks(article_id) if m.kind == MarkKind.CLAIM).id)
    add(ours, ours.article_summaries()[2].id, MarkKind.ACTOR, "China", "Country")
    ours_marks = ours.store.db.execute("SELECT count(*) FROM marks").fetchone()[0]
    ours.close()
    more = Session.open(theirs, "bob")
    third = more.article_summaries()[3].id
    offset = 0
    for _ in range(10):
        offset = add(more, third, MarkKind.ACTOR, "China", "Country", after=offset).end
    more.close()
    loads = []
    real = merging.derived_data_built_after

    def noted(db, table, counted=None):
        loads.append(table)
        return real(db, table, counted)

    monkeypatch.setattr(merging, "derived_data_built_after", noted)
    results = []
    for bulk_from in (10**9, 0):
        copy = tmp_path / f"ours-{bulk_from}.db"
        shutil.copy(ours_path, copy)
        merged, counts = merged_into_new(copy, theirs, monkeypatch, bulk_from)
        assert merged.store.tallies_match()
        results.append((dump(merged), counts))
        merged.close()
    assert loads == ["marks"]  # the bulk run only; its articles are all there already
    assert results[0][1].added["marks"] == 10 and ours_marks <= 10
    assert results[0] == results[1]


def test_an_error_in_a_bulk_load_takes_back_its_drops(session):
    """An error inside the block: indexes and triggers are back, the transaction goes on."""
    code_two_coders(session)
    db = session.store.db
    schema = "SELECT type, name, sql FROM sqlite_master ORDER BY name"
    before = db.execute(schema).fetchall()
    with session.store.transaction():
        with pytest.raises(ZeroDivisionError):
            with bulk.derived_data_built_after(db, "marks"):
                assert db.execute(schema).fetchall() != before
                raise ZeroDivisionError
        assert db.execute(schema).fetchall() == before
    assert db.execute(schema).fetchall() == before
    assert session.store.tallies_match()


def test_recounted_tallies_equal_the_triggers_and_the_fresh_counts(session):
    """recount_tallies writes what the triggers kept and what check counts."""
    code_two_coders(session)
    before = dump(session)
    with session.store.transaction():
        tallies.recount_tallies(session.store.db)
    assert dump(session) == before
    assert session.store.tallies_match()


def test_tallies_counted_into_articles_are_written_into_their_months(session):
    """Counted without the articles' months (a pull's stage, before they are merged), the
    tallies are put into months when written: the same as counted with them."""
    code_two_coders(session)
    before = dump(session)
    db = session.store.db
    count = tallies.TallyCount()
    count.add(db.execute(f"SELECT {tallies.MARK_TALLY_COLUMNS} FROM main.marks").fetchall())
    assert any(len(key[-1]) > 7 for key in count.labels)  # article ids, not months yet
    with session.store.transaction():
        count.write(db)
    assert dump(session) == before
    assert session.store.tallies_match()


def test_tallies_counted_elsewhere_for_other_marks_are_not_taken(session):
    """A bulk load given tallies counted over a different number of marks than the table
    ends with (a tombstone kept one out) counts them itself: the tallies stay right."""
    code_two_coders(session)
    before = dump(session)
    db = session.store.db
    count = tallies.TallyCount()
    rows = db.execute(f"SELECT {tallies.MARK_TALLY_COLUMNS} FROM main.marks").fetchall()
    count.add(rows[1:])  # one mark fewer than the table holds
    assert count.total() == len(rows) - 1
    with session.store.transaction():
        with bulk.derived_data_built_after(db, "marks", lambda: count):
            db.execute("UPDATE marks SET label = label")  # the load: the same marks
    assert dump(session) == before
    assert session.store.tallies_match()


def test_small_loads_and_loads_smaller_than_the_table_go_row_by_row(session):
    """Bulk only from BULK_MIN_ROWS rows, and only for at least as many as the table holds."""
    code_two_coders(session)
    db = session.store.db
    marks = db.execute("SELECT count(*) FROM marks").fetchone()[0]
    assert not bulk.worth_bulk(db, "marks", bulk.BULK_MIN_ROWS - 1)
    assert bulk.worth_bulk(db, "marks", bulk.BULK_MIN_ROWS)
    assert marks < bulk.BULK_MIN_ROWS


def test_a_bulk_load_outside_a_transaction_is_refused(session):
    """Dropping indexes outside a transaction could lose them: refused, nothing dropped."""
    db = session.store.db
    count = "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
    indexes = db.execute(count).fetchone()[0]
    with pytest.raises(RuntimeError, match="inside a transaction"):
        with bulk.derived_data_built_after(db, "marks"):
            pass
    assert db.execute(count).fetchone()[0] == indexes


def fts_settings(db):
    return db.execute("SELECT k, v FROM articles_fts_config ORDER BY k").fetchall()


def test_a_bulk_import_indexes_for_search_and_puts_the_index_setting_back(db_path):
    """Articles imported in one block are indexed with a larger FTS5 buffer of new terms; the
    index checks whole, finds them, and the project's own setting is as it was."""
    from annotator.core.model import Article
    from annotator.core.text import article_id
    from annotator.storage import Store

    store = Store.open(db_path)
    db = store.db
    before = fts_settings(db)
    assert dict(before).get("hashsize") is None
    texts = [f"Report {n} on the Gwadar port and corridor number {n}." for n in range(300)]
    with store.bulk_transaction():
        store.insert_articles(
            Article(id=article_id(t), text=t, title=f"T{n}", date="2021-05-01")
            for n, t in enumerate(texts)
        )
    assert fts_settings(db) == before
    db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
    found = db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'gwadar'")
    assert found.fetchone()[0] == 300
    # A project that set its own buffer keeps it.
    with store.transaction():
        db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('hashsize', 2000000)")
    with store.bulk_transaction():
        store.insert_articles([Article(id=article_id("One more."), text="One more.", title="M")])
    assert ("hashsize", 2000000) in fts_settings(db)
    store.close()
