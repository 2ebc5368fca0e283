"""Actor names and aliases kept folded beside the text, so that name look-ups use an index."""

from __future__ import annotations

import sqlite3

from annotator.core.actor_links import name_key
from annotator.core.model import Actor, MarkKind
from annotator.session import Session
from annotator.storage import Store


def folded_rows(store: Store) -> tuple[list[tuple], list[tuple]]:
    """Return (name, folded name) of every actor and (alias, folded alias) of every alias."""
    db = store.db
    return (
        [tuple(r) for r in db.execute("SELECT name, name_folded FROM actors ORDER BY name")],
        [
            tuple(r)
            for r in db.execute("SELECT alias, alias_folded FROM actor_aliases ORDER BY alias")
        ],
    )


def test_every_write_keeps_the_folded_forms(empty):
    """Insert, alias, rename and replace all store the folded form beside the text."""
    store = empty.store
    with store.transaction():
        store.insert_actor(Actor("a1", "Imran  KHAN", "Person", aliases=("Khân",)), "alice")
        store.add_alias("a1", "PM Imran")
    assert folded_rows(store) == (
        [("Imran  KHAN", "imran khan")],
        [("Khân", "khân"), ("PM Imran", "pm imran")],
    )
    with store.transaction():
        store.replace_actor(Actor("a1", "Ìmran Khan", "Person", aliases=("I.K.",)))
    assert folded_rows(store) == ([("Ìmran Khan", "ìmran khan")], [("I.K.", "i.k.")])
    with store.transaction():
        store.upsert_actor(Actor("a1", "ISPR", "Organization", aliases=("Ispr",)), "alice")
    assert folded_rows(store) == ([("ISPR", "ispr")], [("I.K.", "i.k."), ("Ispr", "ispr")])


def test_actors_with_alias_compares_folded_forms(empty):
    """Case (Unicode too) and runs of spaces do not matter; accents do."""
    store = empty.store
    with store.transaction():
        store.insert_actor(Actor("a1", "Imran Khan", "Person", aliases=("ÇIN",)), "alice")
        store.insert_actor(Actor("a2", "Khân", "Person"), "alice")
    assert [a.id for a in store.actors_with_alias("imran   KHAN")] == ["a1"]
    assert [a.id for a in store.actors_with_alias(" çin ")] == ["a1"]
    assert [a.id for a in store.actors_with_alias("KHÂN")] == ["a2"]
    assert store.actors_with_alias("Khan") == []
    assert store.actors_with_alias("Imran") == []


def test_name_lookup_is_served_by_the_folded_indexes(empty):
    """actors_with_alias neither scans the registry nor folds names in SQL."""
    statements: list[str] = []
    empty.store.db.conn.set_trace_callback(statements.append)
    try:
        empty.store.actors_with_alias("Imran Khan")
    finally:
        empty.store.db.conn.set_trace_callback(None)
    (sql,) = statements
    plan = " | ".join(
        r[3] for r in empty.store.db.execute("EXPLAIN QUERY PLAN " + sql.split(";")[0])
    )
    assert "actors_by_folded_name" in plan and "actor_aliases_by_folded_alias" in plan
    assert "SCAN a " not in plan + " " and "casefold" not in sql


def test_rows_written_by_another_program_are_folded_when_opened(tmp_path):
    """A name or alias inserted without its folded form gets it the next time a Store opens."""
    path = tmp_path / "p.db"
    Store.open(path).close()
    raw = sqlite3.connect(path)
    raw.execute("INSERT INTO annotators VALUES ('bot', '2026-01-01T00:00:00Z')")
    raw.execute(
        "INSERT INTO actors (id, name, type, created_by, created_at, updated_at) "
        "VALUES ('a1', 'Wang  YI', 'Person', 'bot', '2026-01-01', '2026-01-01')"
    )
    raw.execute("INSERT INTO actor_aliases (actor_id, alias) VALUES ('a1', 'Mr WANG')")
    raw.commit()
    raw.close()
    store = Store.open(path)
    assert folded_rows(store) == ([("Wang  YI", "wang yi")], [("Mr WANG", "mr wang")])
    assert [a.id for a in store.actors_with_alias("mr wang")] == ["a1"]
    store.close()


def test_a_mention_finds_its_actor_by_folded_name(empty, tmp_path):
    """Marking "IMRAN  KHAN" refers to the actor named "Imran Khan" instead of a new one."""
    source = tmp_path / "a.txt"
    source.write_text("Imran Khan met IMRAN  KHAN in Lahore.", encoding="utf-8")
    empty.import_paths([source])
    article_id = empty.article_summaries()[0].id
    first, new = empty.prepare_mark(article_id, MarkKind.ACTOR, 0, 10, "Person")
    empty.add_mark(first, new)
    second, none = empty.prepare_mark(article_id, MarkKind.ACTOR, 15, 27, "Person")
    assert (second.text, second.actor_id, none) == ("IMRAN  KHAN", first.actor_id, ())


def test_merge_reports_same_names_by_folded_form(tmp_path):
    """The merge's same-name report pairs "Imran Khan" with "IMRAN  khan" of the other file."""
    ours = Session.open(tmp_path / "ours.db", "alice")
    theirs = Session.open(tmp_path / "theirs.db", "bob")
    with ours.store.transaction():
        ours.store.insert_actor(Actor("a-ours", "Imran Khan", "Person"), "alice")
    with theirs.store.transaction():
        theirs.store.insert_actor(Actor("a-theirs", "IMRAN  khan", "Person"), "bob")
        theirs.store.insert_actor(Actor("a-other", "Imran Khân", "Person"), "bob")
    theirs.close()
    counts = ours.merge_project(tmp_path / "theirs.db")
    assert counts.same_name_actors == [("Imran Khan", "a-ours", "a-theirs")]
    ours.close()


def test_linking_key_builds_on_the_folded_name():
    """The linking key is the folded name after accents and compatibility forms are dropped."""
    assert name_key("İmran  Khân") == name_key("imran khan") == "imran khan"
