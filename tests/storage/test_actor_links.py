"""Linking actors that are one actor under two ids: proposals, links, declines, re-merges."""

from __future__ import annotations

import pytest

from annotator.core.actor_links import name_key
from annotator.core.errors import ValidationError
from annotator.core.model import Actor, MarkKind
from annotator.session import Session


def mention(session, article_id, needle, label="Country", after=0, name=None):
    """Mark the first occurrence of needle at or after `after`; return the stored mark."""
    text = session.article(article_id).text
    start = text.index(needle, after)
    mark, actors = session.prepare_mark(
        article_id, MarkKind.ACTOR, start, start + len(needle), label, new_actor_name=name
    )
    return session.add_mark(mark, actors).mark


def project(path, coder, mentions):
    """Create a coder's project on the bundled corpus with mentions [(needle, label, nth)]."""
    session = Session.open(path, coder)
    session.import_bundled_corpus()
    article_id = session.article_summaries()[0].id
    text = session.article(article_id).text
    for needle, label, nth in mentions:
        after = -1
        for _ in range(nth + 1):
            after = text.index(needle, after + 1)
        mention(session, article_id, needle, label, after)
    return session, article_id


@pytest.fixture
def merged(tmp_path):
    """Alice marked China twice, Bob once, each under their own id; Alice merged Bob's file."""
    ours, article_id = project(
        tmp_path / "alice.db", "alice", [("China", "Country", 0), ("China", "Country", 1)]
    )
    theirs, _ = project(tmp_path / "bob.db", "bob", [("China", "Country", 2)])
    theirs.close()
    ours.merge_project(tmp_path / "bob.db")
    yield ours, article_id, tmp_path / "bob.db"
    ours.close()


def ids_by_coder(session, article_id):
    """Return each coder's actor ids of the article's marks."""
    return {
        coder: [m.actor_id for m in session.store.marks_for(article_id, coder)]
        for coder in ("alice", "bob")
    }


def test_name_key_folds_case_spaces_accents_and_width():
    """Spellings of one name share a key; different names do not."""
    assert name_key("Imran  Khan ") == name_key("imran khan") == name_key("İmran Khân")
    assert name_key("ＣＨＩＮＡ") == name_key("China")
    assert name_key("Zürich") == name_key("ZURICH")
    assert name_key("China") != name_key("Chinar")


def test_same_name_actors_are_proposed_with_ids_and_counts(merged):
    """The actor with more marks is kept; both ids, names, types and counts are given."""
    session, article_id, _ = merged
    [proposal] = session.proposed_actor_links()
    alice_id = ids_by_coder(session, article_id)["alice"][0]
    bob_id = ids_by_coder(session, article_id)["bob"][0]
    assert proposal.ids == (alice_id, bob_id)
    assert (proposal.keep.name, proposal.absorb.name) == ("China", "China")
    assert (proposal.keep.type, proposal.absorb.type) == ("Country", "Country")
    assert (proposal.keep_uses, proposal.absorb_uses) == (2, 1)
    assert proposal.reason == "same name"


def test_names_differing_in_case_and_spaces_and_aliases_are_proposed(empty):
    """Folded names match, and so does a name that is another actor's alias."""
    empty.import_bundled_corpus()
    article_id = empty.article_summaries()[0].id
    china = mention(empty, article_id, "China", name="China")
    other = mention(empty, article_id, "China", after=china.end, name="  CHINA ")
    xinhua = mention(empty, article_id, "Xinhua", "Media", name="Xinhua News Agency")
    agency = mention(empty, article_id, "Pakistan", "Media", name="Xinhua")
    empty.update_actor(Actor(xinhua.actor_id, "Xinhua News Agency", "Media", None, ("Xinhua",)))
    proposals = {
        frozenset((p.keep.name, p.absorb.name)): p.reason for p in empty.proposed_actor_links()
    }
    # China and CHINA tie on uses and may share a creation millisecond: either may be kept.
    assert proposals == {
        frozenset(("China", "CHINA")): "same name",
        frozenset(("Xinhua News Agency", "Xinhua")): "alias",
    }
    kept = {p.absorb.name: p.keep.name for p in empty.proposed_actor_links()}
    assert kept["Xinhua"] == "Xinhua News Agency"  # the one whose aliases hold the other's name
    assert other.actor_id != china.actor_id and agency.actor_id != xinhua.actor_id


def test_linking_moves_the_absorbed_actors_marks_and_is_not_proposed_again(merged):
    """After linking, Bob's mention points at Alice's actor, and merging again changes nothing."""
    session, article_id, bob_db = merged
    [proposal] = session.proposed_actor_links()
    merge = session.link_actors(*proposal.ids)
    assert merge.absorbed.id == proposal.absorb.id
    assert ids_by_coder(session, article_id) == {
        "alice": [proposal.keep.id, proposal.keep.id],
        "bob": [proposal.keep.id],
    }
    assert [a.id for a in session.actors()] == [proposal.keep.id]
    again = session.merge_project(bob_db)
    assert sum(again.added.values()) == 0 and again.same_name_actors == []
    assert [a.id for a in session.actors()] == [proposal.keep.id]
    assert session.proposed_actor_links() == []


def test_theirs_later_edits_of_an_absorbed_actor_come_in_on_the_kept_one(merged):
    """Bob keeps coding with his actor after the link: his new marks land on the kept actor."""
    session, article_id, bob_db = merged
    [proposal] = session.proposed_actor_links()
    session.link_actors(*proposal.ids)
    bob = Session.open(bob_db, "bob")
    [old] = bob.store.marks_for(article_id, "bob")
    bob.update_mark(old.with_changes(label="Government"))
    mention(bob, article_id, "China", after=old.end)  # his actor again, by its name
    bob.close()
    counts = session.merge_project(bob_db)
    assert counts.added["actors"] == 0 and counts.added["marks"] == 1
    assert counts.updated["marks"] == 1
    assert ids_by_coder(session, article_id)["bob"] == [proposal.keep.id, proposal.keep.id]
    assert session.proposed_actor_links() == []


def test_unlinking_splits_the_actors_and_forgets_the_link(merged):
    """Undoing a link restores both actors; the pair is proposed again."""
    session, article_id, bob_db = merged
    before = ids_by_coder(session, article_id)
    [proposal] = session.proposed_actor_links()
    session.unlink_actors(session.link_actors(*proposal.ids))
    assert ids_by_coder(session, article_id) == before
    assert session.proposed_actor_links() == [proposal]
    assert session.store.db.execute("SELECT count(*) FROM actor_links").fetchone()[0] == 0
    session.merge_project(bob_db)
    assert session.proposed_actor_links() == [proposal]


def test_declined_pairs_are_not_proposed_again_even_after_merging(merged):
    """A declined pair stays declined; include_declined shows it anyway."""
    session, _, bob_db = merged
    [proposal] = session.proposed_actor_links()
    assert session.decline_actor_links([proposal.ids]) == 1
    assert session.proposed_actor_links() == []
    session.merge_project(bob_db)
    assert session.proposed_actor_links() == []
    assert session.proposed_actor_links(include_declined=True) == [proposal]
    with pytest.raises(ValidationError):
        session.decline_actor_links([(proposal.keep.id, proposal.keep.id)])


def test_a_teammates_declines_come_with_the_merge(tmp_path):
    """Declines are merged like the rest: a pair Bob declined is not proposed to Alice."""
    bob, article_id = project(tmp_path / "bob.db", "bob", [("China", "Country", 0)])
    mention(bob, article_id, "China", after=100, name="china")
    [proposal] = bob.proposed_actor_links()
    bob.decline_actor_links([proposal.ids])
    bob.close()
    alice = Session.open(tmp_path / "alice.db", "alice")
    alice.merge_project(tmp_path / "bob.db")
    assert alice.proposed_actor_links() == []
    alice.close()
