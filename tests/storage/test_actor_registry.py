"""The actor registry's session methods: search, rename, merge, split, delete, and their undo."""

from __future__ import annotations

import pytest

from annotator.core.errors import NotFoundError, ValidationError
from annotator.core.model import Actor, MarkKind
from tests.conftest import add


def dump(session) -> dict[str, list[tuple]]:
    """Return every row of the actors, actor_aliases and marks tables, in a stable order."""
    db = session.store.db
    return {
        "actors": [tuple(r) for r in db.execute("SELECT * FROM actors ORDER BY id")],
        "actor_aliases": [
            tuple(r) for r in db.execute("SELECT * FROM actor_aliases ORDER BY actor_id, alias")
        ],
        "marks": [tuple(r) for r in db.execute("SELECT * FROM marks ORDER BY id")],
    }


def without_times(rows: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """Return a dump without the created/updated times (edits and undo set them anew)."""
    columns = {"actors": (5, 6), "marks": (14, 15), "actor_aliases": ()}
    return {
        table: [tuple(v for i, v in enumerate(row) if i not in columns[table]) for row in rows_]
        for table, rows_ in rows.items()
    }


def without_changed(rows: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """Return a dump without the times rows last changed (updated_at)."""
    columns = {"actors": (6,), "marks": (15,), "actor_aliases": ()}
    return {
        table: [tuple(v for i, v in enumerate(row) if i not in columns[table]) for row in rows_]
        for table, rows_ in rows.items()
    }


@pytest.fixture
def a0(session):
    """Return the id of the first bundled article."""
    return session.article_summaries()[0].id


@pytest.fixture
def coded(session, a0):
    """Code article 0 as alice and bob so that 'Wang' is used in every role by both coders.

    Returns the ids of the actors 'Wang Qishan' and 'Wang' and the marks by name.
    """
    text = session.article(a0).text
    qishan = add(session, a0, MarkKind.ACTOR, "Wang Qishan", "Person")
    wang = add(session, a0, MarkKind.ACTOR, "Wang", "Person", after=text.index("Gen Hayat, "))
    claim = add(
        session, a0, MarkKind.CLAIM, "Pakistan is the only all-weather", "Bilateral friendship"
    )
    assert claim.speaker_id == wang.actor_id
    claim = session.update_mark(claim.with_changes(target_id=wang.actor_id)).mark
    session.set_annotator("bob")
    bob_wang = add(session, a0, MarkKind.ACTOR, "Wang", "Person", after=text.index("Xinhua") - 80)
    sentiment = add(session, a0, MarkKind.SENTIMENT, "trusted and supported", "positive")
    sentiment = session.update_mark(sentiment.with_changes(target_id=wang.actor_id)).mark
    session.set_annotator("alice")
    assert bob_wang.actor_id == wang.actor_id  # the same text refers to the same actor
    return {
        "qishan": qishan.actor_id,
        "wang": wang.actor_id,
        "marks": {"qishan": qishan, "wang": wang, "claim": claim, "bob_wang": bob_wang,
                  "sentiment": sentiment},
    }


def recorded(signal) -> list[tuple]:
    """Connect a list to a session signal and return it; each emission appends its arguments."""
    calls: list[tuple] = []
    signal.connect(lambda *args: calls.append(args))
    return calls


# -- search ---------------------------------------------------------------------------------


def test_search_with_empty_text_lists_every_actor_with_its_uses(session, coded):
    """Empty text returns all actors, by name, each with its count of marks in any role."""
    rows = session.search_actors("")
    assert [(a.name, uses) for a, uses in rows] == [("Wang", 4), ("Wang Qishan", 1)]
    assert session.search_actors("   ") == rows


def test_search_matches_name_or_alias_substring_ignoring_unicode_case(session, coded):
    """'QISH' finds Wang Qishan by name; an alias finds its actor; 'ÇIN' finds 'çin'."""
    assert [a.name for a, _ in session.search_actors("QISH")] == ["Wang Qishan"]
    session.update_actor(
        Actor(coded["wang"], "Wang", "Person", None, ("Wang", "Vice-président çin"))
    )
    assert [a.name for a, _ in session.search_actors("ÇIN")] == ["Wang"]
    assert [a.name for a, _ in session.search_actors("wang")] == ["Wang", "Wang Qishan"]
    assert session.search_actors("nobody") == []


def test_search_takes_percent_and_underscore_literally(session, coded):
    """LIKE wildcards in the text match only themselves."""
    assert session.search_actors("%") == []
    assert session.search_actors("_") == []
    session.update_actor(Actor(coded["wang"], "Wang_50%", "Person"))
    assert [a.name for a, _ in session.search_actors("_50%")] == ["Wang_50%"]


def test_search_is_one_sql_statement(session, coded):
    """Counting uses does not cost a query per actor."""
    statements: list[str] = []
    session.store.db.conn.set_trace_callback(statements.append)
    try:
        session.search_actors("")
    finally:
        session.store.db.conn.set_trace_callback(None)
    assert len(statements) == 1


# -- update ---------------------------------------------------------------------------------


def test_update_actor_replaces_fields_and_returns_previous(session, coded):
    """Name, type, country and aliases are replaced; the old actor comes back for undo."""
    changed = recorded(session.actors_changed)
    before = session.actor(coded["qishan"])
    previous = session.update_actor(
        Actor(coded["qishan"], "  Wang Qishan (VP) ", "Government", " China ", ("VP Wang", ""))
    )
    assert previous == before
    assert session.actor(coded["qishan"]) == Actor(
        coded["qishan"], "Wang Qishan (VP)", "Government", "China", ("VP Wang",)
    )
    assert len(changed) == 1
    session.update_actor(previous)
    assert session.actor(coded["qishan"]) == before


@pytest.mark.parametrize(
    ("name", "type_", "message"),
    [(" ", "Person", "name must not be empty"), ("X", "Wizard", "'Wizard' is not an actor label")],
)
def test_update_actor_refuses_bad_fields(session, coded, name, type_, message):
    """An empty name or a type that is not an actor label is refused, changing nothing."""
    before = dump(session)
    with pytest.raises(ValidationError, match=message):
        session.update_actor(Actor(coded["qishan"], name, type_))
    assert dump(session) == before


def test_update_missing_actor_raises(session):
    """Updating an actor that does not exist is an error."""
    with pytest.raises(NotFoundError):
        session.update_actor(Actor("nope", "Nobody", "Person"))


# -- merge ----------------------------------------------------------------------------------


def test_merge_moves_every_reference_of_every_coder(session, coded):
    """Mentions, claim speaker and target, and sentiment target of both coders move."""
    keep, gone = coded["qishan"], coded["wang"]
    changed_marks = recorded(session.mark_changed)
    merge = session.merge_actors(keep, gone)

    marks = {name: session.mark(m.id) for name, m in coded["marks"].items()}
    assert marks["wang"].actor_id == marks["bob_wang"].actor_id == keep
    assert (marks["claim"].speaker_id, marks["claim"].target_id) == (keep, keep)
    assert marks["sentiment"].target_id == keep
    assert session.actor_usage(gone) == 0 and session.actor_usage(keep) == 5
    assert [a.id for a in session.actors()] == [keep]
    assert session.actor(keep).aliases == ("Wang", "Wang Qishan")
    assert merge.absorbed.name == "Wang" and merge.added_aliases == ("Wang",)
    assert sorted(role for _, role in merge.moved) == [
        "actor_id", "actor_id", "speaker_id", "target_id", "target_id"
    ]
    # One signal per changed mark, carrying the mark before and after.
    assert sorted(old.id for old, _ in changed_marks) == sorted(
        m.id for k, m in coded["marks"].items() if k != "qishan"
    )
    assert all(new == session.mark(new.id) for _, new in changed_marks)


def test_merge_then_unmerge_restores_exactly_the_same_rows(session, coded):
    """Unmerging puts back every row of actors, aliases and marks, creation times included;
    the absorbed actor and the marks moved back are stamped as changed now, later than the
    merge (whose deletion and edits a teammate may have merged: they must not win)."""
    before = dump(session)
    merge = session.merge_actors(coded["qishan"], coded["wang"])
    after_merge = dump(session)
    assert after_merge != before
    session.unmerge_actors(merge)
    after = dump(session)
    assert without_changed(after) == without_changed(before)
    merge_edits = max(r[15] for r in after_merge["marks"])  # when the merge moved the marks
    moved = {old.id for old, _ in merge.moved}
    assert {r[0] for r in after["marks"] if r[15] > merge_edits} == moved
    assert [r for r in after["marks"] if r[0] not in moved] == [
        r for r in before["marks"] if r[0] not in moved
    ]
    assert {r[0] for r in after["actors"] if r[6] > merge_edits} == {coded["wang"]}
    assert session.store.tombstones("actors") == []  # outlived by the actor put back
    # Redo gives the merged state again (only the marks' change times differ).
    session.merge_actors(coded["qishan"], coded["wang"])
    assert without_times(dump(session)) == without_times(after_merge)


def test_unmerge_removes_only_the_aliases_the_merge_added(session, coded):
    """An alias the kept actor already had stays after unmerge."""
    session.update_actor(Actor(coded["qishan"], "Wang Qishan", "Person", None, ("Wang", "WQ")))
    session.update_actor(Actor(coded["wang"], "Wang", "Person", None, ("Wang", "Mr Wang")))
    merge = session.merge_actors(coded["qishan"], coded["wang"])
    assert merge.added_aliases == ("Mr Wang",)
    session.unmerge_actors(merge)
    assert session.actor(coded["qishan"]).aliases == ("WQ", "Wang")
    assert session.actor(coded["wang"]).aliases == ("Mr Wang", "Wang")


def test_unmerge_keeps_later_edits_of_a_moved_mark(session, coded):
    """A moved mark edited after the merge gets its reference back and keeps the edit."""
    merge = session.merge_actors(coded["qishan"], coded["wang"])
    claim = session.mark(coded["marks"]["claim"].id)
    session.update_mark(claim.with_changes(stance="support"))
    session.unmerge_actors(merge)
    claim = session.mark(claim.id)
    assert (claim.speaker_id, claim.target_id, claim.stance) == (
        coded["wang"], coded["wang"], "support"
    )


def test_merge_refuses_itself_and_missing_actors(session, coded):
    """Merging an actor into itself, or a missing actor, is refused and changes nothing."""
    before = dump(session)
    with pytest.raises(ValidationError, match="into itself"):
        session.merge_actors(coded["wang"], coded["wang"])
    with pytest.raises(NotFoundError):
        session.merge_actors(coded["wang"], "missing")
    assert dump(session) == before


# -- split ----------------------------------------------------------------------------------


def test_split_mention_points_it_at_a_new_actor(session, coded):
    """Bob's 'Wang' gets an actor of its own; alice's marks keep the old one."""
    bob_wang = coded["marks"]["bob_wang"]
    before = dump(session)
    changed_marks = recorded(session.mark_changed)
    edit, actor = session.split_mention(bob_wang.id)
    assert (actor.name, actor.type, actor.aliases) == ("Wang", "Person", ("Wang",))
    assert session.mark(bob_wang.id).actor_id == actor.id == edit.mark.actor_id
    assert session.actor(actor.id) == actor
    assert session.actor_usage(coded["wang"]) == 3
    assert edit.removed_actors == () and edit.added_alias is None
    assert [(old.actor_id, new.actor_id) for old, new in changed_marks] == [
        (coded["wang"], actor.id)
    ]
    # Undo: point the mention back; the new actor loses its only use and leaves.
    session.update_mark(bob_wang, restore_actors=edit.removed_actors)
    assert without_times(dump(session)) == without_times(before)


def test_split_with_a_name_and_a_reused_id(session, coded):
    """A given name names the new actor; redo passes the first split's actor id again."""
    wang = coded["marks"]["wang"]
    _, actor = session.split_mention(wang.id, name=" Wang Yi ")
    assert (actor.name, actor.aliases) == ("Wang Yi", ("Wang",))
    session.update_mark(wang)
    _, again = session.split_mention(wang.id, name="Wang Yi", actor_id=actor.id)
    assert again == actor == session.actor(session.mark(wang.id).actor_id)


def test_split_of_the_only_mention_reports_the_removed_actor(session, coded):
    """Splitting an actor's last use removes it; undo with removed_actors restores it."""
    qishan = coded["marks"]["qishan"]
    before = dump(session)
    edit, actor = session.split_mention(qishan.id)
    assert [a.id for a in edit.removed_actors] == [coded["qishan"]]
    assert coded["qishan"] not in {a.id for a in session.actors()}
    session.update_mark(qishan, restore_actors=edit.removed_actors)
    assert without_times(dump(session)) == without_times(before)


def test_split_refuses_a_claim_and_an_empty_name(session, coded):
    """Only actor mentions can be split, and the new actor needs a name."""
    before = dump(session)
    with pytest.raises(ValidationError, match="only an actor mention"):
        session.split_mention(coded["marks"]["claim"].id)
    with pytest.raises(ValidationError, match="name must not be empty"):
        session.split_mention(coded["marks"]["wang"].id, name="  ")
    assert dump(session) == before


# -- delete ---------------------------------------------------------------------------------


def test_delete_refuses_an_actor_in_use_saying_how_often(session, coded):
    """An actor that marks refer to cannot be deleted; the message gives the count."""
    with pytest.raises(ValidationError, match=r"'Wang' is used by 4 mark\(s\)"):
        session.delete_actor(coded["wang"])
    assert session.actor(coded["wang"]).name == "Wang"


def test_delete_unused_actor_and_restore_it(session, coded):
    """An unused actor is deleted with its aliases; restore_actor brings both back."""
    spare = Actor("spare", "Xinhua", "Media", "China", ("Xinhua", "New China"))
    with session.store.transaction():
        session.store.insert_actor(spare, created_by="alice")
    changed = recorded(session.actors_changed)
    deleted = session.delete_actor("spare")
    assert deleted == Actor("spare", "Xinhua", "Media", "China", ("New China", "Xinhua"))
    assert "spare" not in {a.id for a in session.actors()}
    session.restore_actor(deleted)
    assert session.actor("spare") == deleted
    assert len(changed) == 2
