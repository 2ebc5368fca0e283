"""Tombstones (migration 0013): what a delete leaves, what outlives it, and deletions that
travel with `merge_project` (storage/deletions.py has the rule)."""

from __future__ import annotations

import re
import sqlite3

from annotator.core.model import MarkKind, utc_now
from annotator.session import Session
from annotator.storage.deletions import TOMBSTONED, deletion_key, stamp_after, survives
from annotator.storage.schema import SYNCED_TABLES
from tests.conftest import add

STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


def coded(path, coder="alice"):
    """Return a session on a new project where the coder marked China and Pakistan (Country)
    in the first article, which is on their queue, and that article's id."""
    session = Session.open(path, coder)
    session.import_bundled_corpus()
    article_id = session.article_summaries()[0].id
    add(session, article_id, MarkKind.ACTOR, "China", "Country")
    add(session, article_id, MarkKind.ACTOR, "Pakistan", "Country")
    session.assign([article_id], coder)
    return session, article_id


def mark_named(session, article_id, text, coder="alice"):
    """Return the coder's mark with this text in the article, or None."""
    return next((m for m in session.store.marks_for(article_id, coder) if m.text == text), None)


def copy_of(session, path):
    """Copy a project as it is now (a teammate's file) and return the path."""
    session.backup(path)
    return path


def all_tombstones(session):
    """Return every tombstone as (table, key, deleted_at, deleted_by), sorted."""
    return sorted(session.store.db.execute("SELECT * FROM deletions").fetchall())


def assigned(session, article_id, coder="alice"):
    """Say whether the article is on the coder's queue."""
    row = session.store.db.execute(
        "SELECT 1 FROM assignments WHERE article_id = ? AND annotator = ?", [article_id, coder]
    ).fetchone()
    return row is not None


def checked(session):
    """Return the names of the `annotator check` findings that are not sound."""
    return [f.what for f in session.check() if not f.ok]


# -- the rule, alone ------------------------------------------------------------------------


def test_the_rule_a_row_outlives_only_an_earlier_deletion():
    assert survives("2026-01-01T00:00:00.002Z", "2026-01-01T00:00:00.001Z")
    assert not survives("2026-01-01T00:00:00.001Z", "2026-01-01T00:00:00.001Z")  # a tie
    assert not survives("2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.001Z")
    assert survives("2026-01-01T00:00:00.000Z", None)


def test_a_stamp_after_a_deletion_is_now_or_a_millisecond_later():
    assert stamp_after("2999-12-31T23:59:59.999Z") == "3000-01-01T00:00:00.000Z"
    before = utc_now()
    after = stamp_after("2000-01-01T00:00:00.000Z")
    assert before <= after <= utc_now()
    assert deletion_key("a" * 64, "bea") == "a" * 64 + "\x1fbea"


# -- the triggers ---------------------------------------------------------------------------


def test_deleting_leaves_tombstones_in_our_time_format(tmp_path):
    """A mark, the actor it was the last use of, and an assignment each leave one."""
    session, article_id = coded(tmp_path / "alice.db")
    china = mark_named(session, article_id, "China")
    before = utc_now()
    session.remove_mark(china.id)
    session.unassign([article_id], "alice")
    after = utc_now()
    rows = all_tombstones(session)
    assert [(t, k, by) for t, k, _at, by in rows] == [
        ("actors", china.actor_id, None),
        ("assignments", f"{article_id}\x1falice", None),
        ("marks", china.id, "alice"),
    ]
    for _t, _k, deleted_at, _by in rows:
        assert STAMP.fullmatch(deleted_at) and before <= deleted_at <= after
    session.close()


def test_sqlite_now_has_the_shape_and_order_of_utc_now(tmp_path):
    """The trigger's strftime and utc_now() write the same text, which sorts by time."""
    db = sqlite3.connect(":memory:")
    first = utc_now()
    ours = db.execute("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')").fetchone()[0]
    last = utc_now()
    assert STAMP.fullmatch(ours) and first <= ours <= last
    assert len(ours) == len(first) == 24


def test_a_later_write_removes_the_tombstone_an_older_one_does_not(tmp_path):
    session, article_id = coded(tmp_path / "alice.db")
    china = mark_named(session, article_id, "China")
    store = session.store
    with store.transaction():
        store.delete_mark(china.id)
        [(_t, _k, deleted_at, _by)] = [r for r in all_tombstones(session) if r[0] == "marks"]
        store.insert_mark(china)  # its old stamp: still outdated
    assert store.deleted_at("marks", china.id) == deleted_at
    with store.transaction():
        store.delete_mark(china.id)  # deleted again: the first time is kept
    assert store.deleted_at("marks", china.id) == deleted_at
    with store.transaction():
        store.insert_mark(china.with_changes(updated_at=stamp_after(deleted_at)))
    assert store.deleted_at("marks", china.id) is None
    session.close()


def test_replacing_a_mark_leaves_no_tombstone_and_keeps_its_gold_decisions(tmp_path):
    """replace_mark is an upsert: a REPLACE would delete first (a tombstone, a lost rejection)."""
    session, article_id = coded(tmp_path / "alice.db")
    china = mark_named(session, article_id, "China")
    session.reject_from_gold([china.id])
    with session.store.transaction():
        session.store.replace_mark(china.with_changes(label="Person"))
    assert all_tombstones(session) == []
    assert session.store.get_mark(china.id).label == "Person"
    assert session.rejected_marks([china.id]) == [china.id]
    assert checked(session) == []
    session.close()


# -- merges ---------------------------------------------------------------------------------


def test_a_deletion_travels_and_merging_again_changes_nothing(tmp_path):
    """Alice deletes a mark (its actor goes too) and unassigns; Bob's copy loses them."""
    alice, article_id = coded(tmp_path / "alice.db")
    bob = Session.open(copy_of(alice, tmp_path / "bob.db"), "bob")
    china = mark_named(alice, article_id, "China")
    alice.remove_mark(china.id)
    alice.unassign([article_id], "alice")
    sent = all_tombstones(alice)
    alice.close()
    counts = bob.merge_project(tmp_path / "alice.db")
    assert counts.deleted == {"actors": 1, "marks": 1, "assignments": 1}
    assert sum(counts.added.values()) == sum(counts.updated.values()) == 0
    assert mark_named(bob, article_id, "China") is None
    assert mark_named(bob, article_id, "Pakistan") is not None
    assert not bob.store.has_actor(china.actor_id)
    assert not assigned(bob, article_id)
    assert all_tombstones(bob) == sent  # the same times, not the times of bob's deletes
    assert checked(bob) == []  # tallies, foreign keys, actor references
    again = bob.merge_project(tmp_path / "alice.db")
    assert again.deleted == {"actors": 0, "marks": 0, "assignments": 0}
    assert all_tombstones(bob) == sent
    bob.close()


def test_an_edit_later_than_the_deletion_survives_both_ways(tmp_path):
    """Alice deletes China; Bob then edits his copy of it: the edit wins in both projects."""
    alice, article_id = coded(tmp_path / "alice.db")
    bob = Session.open(copy_of(alice, tmp_path / "bob.db"), "bob")
    china = mark_named(alice, article_id, "China")
    alice.remove_mark(china.id, orphans=set())  # the actor stays
    copy_of(alice, tmp_path / "alice-then.db")
    edited = bob.update_mark(china.with_changes(label="Person")).mark
    bob.backup(tmp_path / "bob-then.db")
    counts = alice.merge_project(tmp_path / "bob-then.db")
    assert counts.added["marks"] == 1 and counts.deleted["marks"] == 0
    assert alice.store.get_mark(china.id) == edited
    assert all_tombstones(alice) == []  # outdated by Bob's edit: dropped
    counts = bob.merge_project(tmp_path / "alice-then.db")
    assert counts.deleted["marks"] == 0
    assert bob.store.get_mark(china.id) == edited
    assert all_tombstones(bob) == []
    assert checked(alice) == checked(bob) == []
    alice.close()
    bob.close()


def test_the_deletion_wins_a_tie(tmp_path):
    """A row whose stamp equals its tombstone's time is deleted."""
    alice, article_id = coded(tmp_path / "alice.db")
    bob = Session.open(copy_of(alice, tmp_path / "bob.db"), "bob")
    china = mark_named(alice, article_id, "China")
    alice.remove_mark(china.id, orphans=set())
    deleted_at = alice.store.deleted_at("marks", china.id)
    alice.close()
    edited = china.with_changes(label="Person", updated_at=deleted_at)
    with bob.store.transaction():
        bob.store.update_mark(edited)
    counts = bob.merge_project(tmp_path / "alice.db")
    assert counts.deleted["marks"] == 1
    assert mark_named(bob, article_id, "China") is None
    bob.close()


def test_an_actor_deleted_there_stays_while_a_mark_here_refers_to_it(tmp_path):
    """Alice deletes an actor Bob has just used again: it stays (with its tombstone) until no
    mark refers to it; then it goes, at Alice's time."""
    alice, article_id = coded(tmp_path / "alice.db")
    bob = Session.open(copy_of(alice, tmp_path / "bob.db"), "bob")
    china = mark_named(alice, article_id, "China")
    alice.remove_mark(china.id)  # the actor China goes with its last use
    deleted_at = alice.store.deleted_at("actors", china.actor_id)
    alice.close()
    text = bob.article(article_id).text
    start = text.index("China", china.end)
    bobs = bob.add_mark(
        bob.prepare_mark(
            article_id, MarkKind.ACTOR, start, start + 5, "Country", actor_id=china.actor_id
        )[0]
    ).mark
    counts = bob.merge_project(tmp_path / "alice.db")
    assert counts.deleted == {"actors": 0, "marks": 1, "assignments": 0}
    assert bob.store.get_mark(bobs.id).actor_id == china.actor_id
    assert bob.store.deleted_at("actors", china.actor_id) == deleted_at
    assert checked(bob) == []
    # Alice merges Bob's: the actor comes back for Bob's mark, its tombstone kept.
    bob.close()
    alice = Session.open(tmp_path / "alice.db", "alice")
    counts = alice.merge_project(tmp_path / "bob.db")
    assert counts.added["marks"] == 1 and counts.added["actors"] == 1
    assert alice.store.has_actor(china.actor_id)
    assert alice.store.deleted_at("actors", china.actor_id) == deleted_at
    assert checked(alice) == []
    # Bob's mark deleted: its actor goes (the last use), and the tombstone keeps its time.
    alice.remove_mark(bobs.id)
    assert not alice.store.has_actor(china.actor_id)
    assert alice.store.deleted_at("actors", china.actor_id) == deleted_at
    alice.close()


def test_undo_of_a_delete_then_merging_keeps_the_mark_on_both_sides(tmp_path):
    """Bob merged Alice's delete; Alice undid it: both end with the mark, no tombstone."""
    alice, article_id = coded(tmp_path / "alice.db")
    bob = Session.open(copy_of(alice, tmp_path / "bob.db"), "bob")
    china = mark_named(alice, article_id, "China")
    removed = alice.remove_mark(china.id).removed_actors
    alice.backup(tmp_path / "alice-then.db")
    assert bob.merge_project(tmp_path / "alice-then.db").deleted["marks"] == 1
    deleted_at = alice.store.deleted_at("marks", china.id)
    restored = alice.add_mark(china, removed).mark  # what Edit › Undo does
    assert restored.updated_at > deleted_at > china.updated_at
    assert all_tombstones(alice) == []
    alice.close()
    counts = bob.merge_project(tmp_path / "alice.db")
    assert counts.added == {**counts.added, "actors": 1, "marks": 1}
    assert bob.store.get_mark(china.id) == restored
    assert all_tombstones(bob) == []
    bob.close()
    alice = Session.open(tmp_path / "alice.db", "alice")
    counts = alice.merge_project(tmp_path / "bob.db")
    assert counts.deleted["marks"] == 0
    assert alice.store.get_mark(china.id).text == "China"
    assert checked(alice) == []
    alice.close()


def test_a_file_from_before_tombstones_merges_both_ways(tmp_path):
    """A project without the deletions table (an older annotator's) has none to send; our
    deletion still outdates its copy of the mark."""
    alice, article_id = coded(tmp_path / "alice.db")
    old = copy_of(alice, tmp_path / "old.db")
    db = sqlite3.connect(old)
    for table in ("marks", "actors", "assignments"):
        for trigger in ("tombstone", "outlive_insert", "outlive_update"):
            db.execute(f"DROP TRIGGER {table}_{trigger}")
    db.execute("DROP TABLE deletions")
    db.execute("DELETE FROM _sqlite_migrations WHERE name = '0013_deletions'")
    db.commit()
    assert (
        db.execute("SELECT count(*) FROM sqlite_master WHERE sql LIKE '%deletions%'").fetchone()[0]
        == 0
    )
    db.close()
    china = mark_named(alice, article_id, "China")
    alice.remove_mark(china.id)
    counts = alice.merge_project(old)  # brought up to this schema first
    assert counts.added["marks"] == 0 and counts.deleted["marks"] == 0
    assert mark_named(alice, article_id, "China") is None
    theirs = Session.open(old, "bob")
    assert all_tombstones(theirs) == []
    alice.close()
    counts = theirs.merge_project(tmp_path / "alice.db")
    assert counts.deleted == {"actors": 1, "marks": 1, "assignments": 0}
    assert checked(theirs) == []
    theirs.close()


def test_tombstone_keys_are_the_synced_tables_keys():
    """A tombstone's key columns are its table's key columns as the hub and change log use them."""
    assert {t: TOMBSTONED[t][0] for t in TOMBSTONED} == {
        "marks": ("id",), "actors": ("id",), "assignments": ("article_id", "annotator"),
    }
    assert all(TOMBSTONED[t][0] == SYNCED_TABLES[t] for t in TOMBSTONED)
