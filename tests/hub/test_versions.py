"""Optimistic concurrency of shared records: the seq is the version; a stale edit is refused and
the fresh row handed back, a fresh one accepted."""

from __future__ import annotations

import pytest

from tests.hub.rows import STAMP, add_annotator, add_article, add_mark, insert

ACTOR = {
    "id": "actor-1",
    "name": "Imran Khan",
    "type": "person",
    "created_at": STAMP,
    "updated_at": STAMP,
}


@pytest.fixture
def coders(hub):
    """Alice's and Bob's connections, and the registry's actor-1 (Alice added it)."""
    conns = {name: hub.connect(hub.add_coder(name).role_name) for name in ("alice", "bob")}
    for name, conn in conns.items():
        add_annotator(conn, name)
    insert(conns["alice"], "actors", ACTOR)
    return conns


def test_a_stale_edit_is_refused_and_the_fresh_row_returned(coders):
    from annotator.hub.versions import read_row, update_if_version

    alice, bob = coders["alice"], coders["bob"]
    key = {"id": "actor-1"}
    base = read_row(bob, "actors", key)["seq"]  # both read version `base`
    alice_edit = update_if_version(
        alice, "actors", key, base, {"name": "Imran Ahmed Khan", "updated_at": STAMP}
    )
    assert alice_edit.accepted is True
    assert alice_edit.row["name"] == "Imran Ahmed Khan"
    assert alice_edit.row["seq"] > base
    assert "base_seq" not in alice_edit.row
    # Bob's edit was made on the version Alice's replaced: refused, with her row to redo it on.
    bob_edit = update_if_version(bob, "actors", key, base, {"country": "PK"})
    assert bob_edit.accepted is False
    assert bob_edit.row == alice_edit.row
    again = update_if_version(bob, "actors", key, bob_edit.row["seq"], {"country": "PK"})
    assert again.accepted is True
    assert (again.row["name"], again.row["country"]) == ("Imran Ahmed Khan", "PK")
    # Nothing was lost: the row holds both edits.
    assert read_row(alice, "actors", key) == again.row


def test_an_edit_without_its_version_is_refused_by_the_hub_itself(coders):
    import psycopg

    from annotator.hub.schema import STALE_EDIT

    alice = coders["alice"]
    with pytest.raises(psycopg.DatabaseError) as refused:
        alice.execute("UPDATE actors SET name = 'Khan' WHERE id = 'actor-1'")
    assert refused.value.sqlstate == STALE_EDIT
    seq = alice.execute("SELECT seq FROM actors").fetchone()[0]
    assert refused.value.diag.message_primary == (
        f"stale edit of actors: it is at version {seq}, the edit was based on no version"
    )
    with pytest.raises(psycopg.DatabaseError, match=f"based on {seq - 1}\n"):
        alice.execute("UPDATE actors SET name = 'Khan', base_seq = %s", [seq - 1])
    # With the right version it goes through, and base_seq is not kept.
    alice.execute("UPDATE actors SET name = 'Khan', base_seq = %s", [seq])
    assert alice.execute("SELECT name, base_seq FROM actors").fetchone() == ("Khan", None)
    # A touch (no column but seq changes) needs no version: unblinding touches rows.
    alice.execute("UPDATE actors SET seq = seq")


def test_a_batch_of_versioned_edits_returns_the_accepted_keys(coders):
    alice = coders["alice"]
    insert(alice, "actors", {**ACTOR, "id": "actor-2", "name": "Nawaz Sharif"})
    versions = dict(alice.execute("SELECT id, seq FROM actors").fetchall())
    accepted = alice.execute(
        "UPDATE actors t SET country = i.country, base_seq = i.base_seq "
        "FROM (VALUES ('actor-1', 'PK', %s::bigint), ('actor-2', 'PK', %s::bigint)) "
        "AS i (id, country, base_seq) WHERE t.id = i.id AND t.seq = i.base_seq RETURNING t.id",
        [versions["actor-1"], versions["actor-2"] - 1],  # actor-2's edit is stale
    ).fetchall()
    assert accepted == [("actor-1",)]


def test_the_tag_set_and_gold_are_versioned_but_a_coders_marks_are_their_own(hub, coders):
    from annotator.hub.versions import update_if_version

    lead = hub.connect(hub.lead.role_name)
    add_annotator(lead, "gold")
    article = add_article(lead, 1)
    tagset_seq = insert(lead, "project", {"key": "tagset", "value": "v1"})
    assert update_if_version(
        lead, "project", {"key": "tagset"}, tagset_seq, {"value": "v2"}
    ).accepted
    stale = update_if_version(lead, "project", {"key": "tagset"}, tagset_seq, {"value": "v3"})
    assert (stale.accepted, stale.row["value"]) == (False, "v2")
    gold = add_mark(lead, article, "gold")
    import psycopg

    with pytest.raises(psycopg.DatabaseError, match="stale edit of marks"):
        lead.execute("UPDATE marks SET label = 'x' WHERE id = %s", [gold])
    mine = add_mark(coders["alice"], article, "alice")
    assert (
        coders["alice"].execute("UPDATE marks SET label = 'x' WHERE id = %s", [mine]).rowcount == 1
    )


def test_a_refused_or_hidden_row_comes_back_as_none(coders):
    from annotator.hub.errors import HubError
    from annotator.hub.versions import update_if_version

    gone = update_if_version(coders["alice"], "actors", {"id": "nobody"}, 1, {"name": "x"})
    assert (gone.accepted, gone.row) == (False, None)
    with pytest.raises(HubError, match="the key of actor_aliases is actor_id, alias"):
        update_if_version(coders["alice"], "actor_aliases", {"actor_id": "a"}, 1, {"implicit": 0})
    with pytest.raises(HubError, match="not seq or base_seq"):
        update_if_version(coders["alice"], "actors", {"id": "actor-1"}, 1, {"seq": 0})
