"""Every path that deletes a row and writes the same id back (undo, redo, imports, gold, actor
links, queues) stamps it later than its tombstone, so that a teammate who merged the deletion
gets the row back, and merging both ways ends with it on both sides."""

from __future__ import annotations

from annotator.core.model import MarkKind
from annotator.session import Session
from tests.conftest import add


def start(tmp_path):
    """Return Alice's session (China and Pakistan marked in the first article, as Country),
    Bob's session on a copy of it, and the article's id."""
    alice = Session.open(tmp_path / "alice.db", "alice")
    alice.import_bundled_corpus()
    article_id = alice.article_summaries()[0].id
    add(alice, article_id, MarkKind.ACTOR, "China", "Country")
    add(alice, article_id, MarkKind.ACTOR, "Pakistan", "Country")
    alice.backup(tmp_path / "bob.db")
    return alice, Session.open(tmp_path / "bob.db", "bob"), article_id


def bob_merges_now(alice, bob, tmp_path):
    """Bob merges Alice's project as it is now; return what his merge deleted."""
    return bob.merge_project(alice.backup(tmp_path / "alice-now.db")).deleted


def merge_both_ways(alice, bob, tmp_path):
    """Merge Alice's project into Bob's and Bob's into Alice's."""
    alice.backup(tmp_path / "alice-final.db")
    bob.backup(tmp_path / "bob-final.db")
    bob.merge_project(tmp_path / "alice-final.db")
    alice.merge_project(tmp_path / "bob-final.db")


def tombstones(session):
    """Return every tombstone's (table, key)."""
    return sorted(session.store.db.execute("SELECT tbl, key FROM deletions").fetchall())


def china(session, article_id):
    return next(m for m in session.store.marks_for(article_id, "alice") if m.text == "China")


def test_undo_of_a_delete(tmp_path):
    """RemoveMarkCommand's undo: add_mark of the deleted mark and the actor it took along."""
    alice, bob, article_id = start(tmp_path)
    mark = china(alice, article_id)
    removed = alice.remove_mark(mark.id).removed_actors
    assert [a.id for a in removed] == [mark.actor_id]
    assert bob_merges_now(alice, bob, tmp_path) == {"actors": 1, "marks": 1, "assignments": 0}
    alice.add_mark(mark, removed)
    merge_both_ways(alice, bob, tmp_path)
    for session in (alice, bob):
        assert china(session, article_id).actor_id == mark.actor_id
        assert session.store.has_actor(mark.actor_id)
        assert tombstones(session) == []
    alice.close()
    bob.close()


def test_redo_of_new_marks_after_their_undo(tmp_path):
    """AddMarksCommand: add_marks, undone by remove_marks, redone by add_marks."""
    alice, bob, article_id = start(tmp_path)
    text = alice.article(article_id).text
    at = text.index("China", china(alice, article_id).end)
    second = alice.prepare_mark(
        article_id,
        MarkKind.ACTOR,
        at,
        at + 5,
        "Country",
        actor_id=china(alice, article_id).actor_id,
    )[0]
    alice.add_marks([second])
    alice.remove_marks([second.id])
    assert bob_merges_now(alice, bob, tmp_path)["marks"] == 0  # Bob never had it
    alice.add_marks([second])
    stored = alice.store.get_mark(second.id)
    assert stored.updated_at > second.updated_at
    merge_both_ways(alice, bob, tmp_path)
    assert bob.store.get_mark(second.id) == stored
    assert tombstones(alice) == tombstones(bob) == []
    alice.close()
    bob.close()


def test_redo_of_a_new_mark_after_bob_merged_its_undo(tmp_path):
    """AddMarkCommand: add_mark, undone (remove_mark), merged by Bob, then redone."""
    alice, bob, article_id = start(tmp_path)
    text = alice.article(article_id).text
    at = text.index("Pakistan")
    mark, actors = alice.prepare_mark(
        article_id, MarkKind.ACTOR, at, at + 8, "Person", new_actor_name="Pakistan team"
    )
    alice.add_mark(mark, actors)
    alice.backup(tmp_path / "with-it.db")
    bob.merge_project(tmp_path / "with-it.db")
    alice.remove_mark(mark.id, orphans={a.id for a in actors})
    assert bob_merges_now(alice, bob, tmp_path) == {"actors": 1, "marks": 1, "assignments": 0}
    alice.add_mark(mark, actors)
    merge_both_ways(alice, bob, tmp_path)
    for session in (alice, bob):
        assert session.store.get_mark(mark.id).label == "Person"
        assert session.actor(actors[0].id).name == "Pakistan team"
        assert tombstones(session) == []
    alice.close()
    bob.close()


def test_restoring_a_deleted_actor(tmp_path):
    """DeleteActorCommand's undo: restore_actor."""
    alice, bob, article_id = start(tmp_path)
    mark = china(alice, article_id)
    alice.remove_mark(mark.id, orphans=set())  # the actor stays, unused
    alice.backup(tmp_path / "unused.db")
    bob.merge_project(tmp_path / "unused.db")
    actor = alice.delete_actor(mark.actor_id)
    assert bob_merges_now(alice, bob, tmp_path)["actors"] == 1
    assert not bob.store.has_actor(actor.id)
    alice.restore_actor(actor)
    merge_both_ways(alice, bob, tmp_path)
    assert bob.actor(actor.id) == alice.actor(actor.id) == actor
    assert tombstones(alice) == tombstones(bob) == [("marks", mark.id)]
    alice.close()
    bob.close()


def test_unlinking_actors(tmp_path):
    """Undo of a link (unmerge_actors): the absorbed actor comes back later than its
    tombstone, with its marks, in Bob's project too."""
    alice, bob, article_id = start(tmp_path)
    text = alice.article(article_id).text
    at = text.index("China", china(alice, article_id).end)
    other, new = alice.prepare_mark(
        article_id, MarkKind.ACTOR, at, at + 5, "Country", new_actor_name="China "
    )
    alice.add_mark(other, new)
    alice.backup(tmp_path / "two.db")
    bob.merge_project(tmp_path / "two.db")
    kept = china(alice, article_id).actor_id
    link = alice.link_actors(kept, new[0].id)
    deleted_at = alice.store.deleted_at("actors", new[0].id)
    assert bob_merges_now(alice, bob, tmp_path)["actors"] == 1
    alice.unlink_actors(link)
    assert alice.store.actor_stamps(new[0].id)[2] > deleted_at
    merge_both_ways(alice, bob, tmp_path)
    for session in (alice, bob):
        assert session.store.has_actor(new[0].id)
        assert session.store.get_mark(other.id).actor_id == new[0].id
        assert tombstones(session) == []
    alice.close()
    bob.close()


def test_assigning_again(tmp_path):
    """An article taken off a queue and put back stays on it after merges."""
    alice, bob, article_id = start(tmp_path)
    alice.assign([article_id], "bea")
    alice.backup(tmp_path / "assigned.db")
    bob.merge_project(tmp_path / "assigned.db")
    alice.unassign([article_id], "bea")
    assert bob_merges_now(alice, bob, tmp_path)["assignments"] == 1
    alice.assign([article_id], "bea")  # at once: within the same millisecond, often
    merge_both_ways(alice, bob, tmp_path)
    for session in (alice, bob):
        assert session.store.queue_counts(["bea"])
        assert tombstones(session) == []
    rows = "SELECT article_id, annotator, assigned_at FROM assignments"
    assert alice.store.db.execute(rows).fetchall() == bob.store.db.execute(rows).fetchall()
    alice.close()
    bob.close()


def test_importing_a_deleted_mark_again(tmp_path):
    """An export imported again puts back a mark deleted since (later than its tombstone),
    and a mark it overwrites leaves no tombstone."""
    alice, bob, article_id = start(tmp_path)
    export = tmp_path / "alice.jsonl"
    alice.export_file(export, "jsonl", annotator="alice")
    mark = china(alice, article_id)
    alice.remove_mark(mark.id)
    assert bob_merges_now(alice, bob, tmp_path)["marks"] == 1
    alice.import_paths([export])
    back = china(alice, article_id)
    assert back.id == mark.id and back.updated_at > mark.updated_at
    assert tombstones(alice) == []  # nor one for Pakistan, overwritten by the same mark
    merge_both_ways(alice, bob, tmp_path)
    assert china(bob, article_id) == back
    assert tombstones(bob) == []
    alice.close()
    bob.close()


def test_gold_marks_put_back(tmp_path):
    """Accepting, undoing (swap_gold), redoing (the same gold id); rejecting a unit and
    undoing it (its gold mark restored); an added gold mark redone."""
    alice, bob, article_id = start(tmp_path)
    mark = china(alice, article_id)
    gold = alice.accept_into_gold([mark.id])
    alice.backup(tmp_path / "gold.db")
    bob.merge_project(tmp_path / "gold.db")
    alice.swap_gold([gold.id])  # undo of the accept
    assert bob_merges_now(alice, bob, tmp_path)["marks"] == 1
    again = alice.accept_into_gold([mark.id])  # redo: the same id
    assert again.id == gold.id
    records = alice.gold_records([gold.id])
    alice.reject_from_gold([mark.id], [gold.id])
    assert bob_merges_now(alice, bob, tmp_path)["marks"] == 0  # Bob had not got it back
    alice.unreject_from_gold([mark.id], records)  # undo of the rejection
    pakistan = next(m for m in alice.store.marks_for(article_id, "alice") if m.text == "Pakistan")
    added = alice.add_gold_mark(pakistan.with_changes(id=""))
    alice.swap_gold([added.id])
    alice.add_gold_mark(pakistan.with_changes(id=added.id))  # redo of the added mark
    merge_both_ways(alice, bob, tmp_path)
    for session in (alice, bob):
        assert sorted(m.text for m in session.store.marks_for(article_id, "gold")) == [
            "China",
            "Pakistan",
        ]
        assert session.provenance(gold.id).sources == (mark.id,)
        assert tombstones(session) == []
        assert [f.what for f in session.check() if not f.ok] == []
    alice.close()
    bob.close()
