"""The project's side of a hub: which rows a tied project logs, how pushed entries go, and a
pull's stage merged with the file merge's rules without echoing back into the log."""

from __future__ import annotations

from annotator.core.model import ArticleStatus, MarkKind
from annotator.storage.hub_log import join_key, split_key
from tests.conftest import add


def logged(store):
    return [(table, key) for _seq, table, key in store.pending_changes(1000)]


def test_nothing_is_logged_until_the_project_is_tied(session):
    store = session.store
    article = session.article_summaries()[0].id
    session.set_annotator("alice")
    add(session, article, MarkKind.ACTOR, "Xi Jinping", "Person")
    assert logged(store) == []
    with store.transaction():
        store.set_hub_settings({"hub": "host=/tmp/x dbname=hub", "coder": "alice"})
    mark = add(session, article, MarkKind.ACTOR, "Imran Khan", "Person")
    found = logged(store)
    assert ("marks", mark.id) in found
    assert ("actors", mark.actor_id) in found
    alias = {"actor_id": mark.actor_id, "alias": "Imran Khan"}
    assert ("actor_aliases", join_key("actor_aliases", alias)) in found
    session.set_status(article, ArticleStatus.DONE)
    assert ("document_labels", f"{article}\x1falice") in logged(store)
    session.remove_mark(mark.id)
    assert logged(store).count(("marks", mark.id)) == 2  # added, then deleted
    assert store.count_pending() == len(set(logged(store)))
    last = store.last_change()
    with store.transaction():
        store.drop_changes(last)
    assert logged(store) == []
    with store.transaction():
        store.untie_hub()
    add(session, article, MarkKind.ACTOR, "Imran Khan", "Person")
    assert logged(store) == [] and store.hub_settings() == {}


def test_rows_are_read_back_by_their_keys(session):
    store = session.store
    article = session.article_summaries()[0].id
    session.set_annotator("alice")
    mark = add(session, article, MarkKind.ACTOR, "Xi Jinping", "Person")
    [row] = store.rows_by_keys("marks", [mark.id, "no-such-id"])
    assert (row["id"], row["annotator"], row["text"]) == (mark.id, "alice", "Xi Jinping")
    key = f"{article}\x1falice"
    [labels] = store.rows_by_keys("document_labels", [key])
    assert (labels["article_id"], labels["annotator"], labels["status"]) == (
        article,
        "alice",
        "in_progress",
    )
    assert split_key("rejected_suggestions", f"{article}\x1falice\x1f3\x1f9\x1fa1") == (
        article,
        "alice",
        3,
        9,
        "a1",
    )


def test_a_staged_pull_merges_and_is_not_logged_again(session, tmp_path):
    store = session.store
    article = session.article_summaries()[0].id
    session.set_annotator("alice")
    mine = add(session, article, MarkKind.ACTOR, "Xi Jinping", "Person")
    with store.transaction():
        store.set_hub_settings({"hub": "host=/tmp/x dbname=hub", "coder": "alice"})
    # Bob's mark, as the hub would send it.
    row = dict(store.rows_by_keys("marks", [mine.id])[0])
    row.update(id="bob-mark-1", annotator="bob", updated_at="2030-01-01T00:00:00.000Z")
    stage = store.create_stage(tmp_path)
    with stage.writer(0) as first:
        first.add_rows("annotators", ["name", "created_at"], [("bob", row["created_at"])])
    with stage.writer(1) as rest:
        rest.add_rows("marks", list(row), [tuple(row.values())])
    try:
        with store.transaction():
            before = store.last_change()
            counts = store.apply_stage(stage)
            store.drop_changes_after(before)
    finally:
        store.close_stage()
    assert counts.added["marks"] == 1 and counts.added["coders"] == 1
    assert [m.id for m in store.marks_for(article, "bob")] == ["bob-mark-1"]
    assert ("marks", "bob-mark-1") not in logged(store)  # it came from the hub
