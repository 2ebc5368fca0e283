"""Review units and adjudication: grouping coders' marks, deciding them into gold, undo pairs."""

from __future__ import annotations

import math

import pytest

from annotator.core.errors import ValidationError
from annotator.core.model import GOLD_ANNOTATOR, MarkKind
from annotator.session import Session
from tests.conftest import add, code_two_coders


def two_coders(path):
    """Return a project on the bundled corpus coded by alice and bob (see code_two_coders)."""
    session = Session.open(path, "alice")
    session.import_bundled_corpus()
    return session, code_two_coders(session)


def describe(review):
    """Return each unit as (kind, text-ish, state, marks per coder)."""
    return [(u.kind.value, u.state, {c: len(m) for c, m in u.marks.items()}) for u in review.units]


def test_units_group_overlapping_marks_across_coders(tmp_path):
    """Partly overlapping mentions share a unit; identical ones agree; lone marks disagree."""
    session, article_id = two_coders(tmp_path / "p.db")
    review = session.review(article_id)
    assert review.coders == ("alice", "bob")
    assert describe(review) == [
        ("actor", "disagreed", {"alice": 1, "bob": 1}),  # (Prime Minister) Imran Khan
        ("actor", "agreed", {"alice": 1, "bob": 1}),  # Xi Jinping
        ("claim", "disagreed", {"alice": 1, "bob": 0}),
        ("sentiment", "disagreed", {"alice": 0, "bob": 1}),
    ]
    text = session.article(article_id).text
    first = review.units[0]
    assert text[first.start : first.end] == "Prime Minister Imran Khan"
    assert (review.disagreements, review.open_units) == (3, 4)
    assert review.labels["alice"].tone == "positive" and review.labels["bob"].tone == "neutral"
    # Overlap F1 over kind:label: Xi Jinping matches; Imran Khan overlaps but its label
    # differs (Person vs Government), so alice 0/3 … precision 1/3, recall 1/3 → F1 1/3.
    assert math.isclose(review.mean_f1, 1 / 3)
    assert (review.matched, review.unmatched) == (1, 4)
    session.close()


def test_accept_switch_reject_and_their_undo_pairs(tmp_path):
    """Accepting, switching to the other coder's version, rejecting: each one transaction."""
    session, article_id = two_coders(tmp_path / "p.db")
    unit = session.review(article_id).units[0]
    alice_mark, bob_mark = unit.marks["alice"][0], unit.marks["bob"][0]

    gold = session.accept_into_gold([alice_mark.id])
    unit = session.review(article_id).units[0]
    assert (unit.state, [g.text for g in unit.gold]) == ("gold", ["Imran Khan"])
    assert session.provenance(gold.id).how == "accepted"

    before = session.gold_records([g.id for g in unit.gold])
    switched = session.accept_into_gold([bob_mark.id], replacing=[gold.id])
    unit = session.review(article_id).units[0]
    assert [g.text for g in unit.gold] == ["Prime Minister Imran Khan"]
    assert session.provenance(switched.id).sources == (bob_mark.id,)
    session.swap_gold([switched.id], before)  # the undo of the switch
    unit = session.review(article_id).units[0]
    assert [(g.id, g.label) for g in unit.gold] == [(gold.id, "Person")]
    assert session.provenance(gold.id).adjudicator == "lead"

    session.reject_from_gold([alice_mark.id, bob_mark.id], gold_ids=[gold.id])
    unit = session.review(article_id).units[0]
    assert (unit.state, unit.gold, unit.decided) == ("rejected", (), True)
    assert session.review(article_id).open_units == 3
    session.unreject_from_gold([alice_mark.id, bob_mark.id], before)
    unit = session.review(article_id).units[0]
    assert (unit.state, unit.rejected) == ("gold", frozenset())
    session.close()


def test_edit_and_add_gold_marks_record_provenance(tmp_path):
    """An edited gold mark says so; an added one has no sources; both are the gold layer's."""
    session, article_id = two_coders(tmp_path / "p.db")
    claim = session.review(article_id).units[2].marks["alice"][0]
    gold = session.accept_into_gold([claim.id])
    edited = session.edit_gold_mark(gold.with_changes(stance="support"))
    assert session.store.get_mark(gold.id).stance == "support"
    provenance = session.provenance(gold.id)
    assert (provenance.how, provenance.sources) == ("accepted, edited", (claim.id,))
    assert edited.annotator == GOLD_ANNOTATOR

    text = session.article(article_id).text
    start = text.index("Belt and Road Initiative")
    mark, _actor = session.prepare_mark(
        article_id, MarkKind.SENTIMENT, start, start + 24, "positive"
    )
    added = session.add_gold_mark(mark)
    assert session.provenance(added.id).how == "added"
    assert session.provenance(added.id).sources == ()
    assert [u.state for u in session.review(article_id).units][-1] == "gold"
    with pytest.raises(ValidationError):
        session.edit_gold_mark(claim)  # a coder's mark is not edited as gold
    with pytest.raises(ValidationError):
        session.reject_from_gold([added.id])  # gold marks are removed, not rejected
    session.close()


def test_premerge_skips_rejected_and_existing_gold(tmp_path):
    """Pre-merge takes agreed marks once, and never a mark the adjudicator rejected."""
    session, article_id = two_coders(tmp_path / "p.db")
    xi = session.review(article_id).units[1]
    assert xi.agreed
    session.reject_from_gold([m.id for m in xi.coder_marks])
    assert session.premerge(article_id, rule="all") == []
    session.unreject_from_gold([m.id for m in xi.coder_marks])
    made = session.premerge(article_id, rule="all")
    assert [m.text for m in made] == ["Xi Jinping"]
    assert session.premerge(article_id, rule="all") == []  # already gold
    made = session.premerge(article_id, rule="vote", min_votes=1)
    # One vote each for alice's and bob's Imran Khan: a tie is left to the adjudicator.
    assert sorted(m.text for m in made) == ["ambitious", "discussed steps to enhance security"]
    session.close()


def test_premerge_leaves_decided_units_alone_and_undo_stays_exact(tmp_path):
    """An edited gold mark survives a second pre-merge; a decided unit gets no second gold."""
    session, article_id = two_coders(tmp_path / "p.db")
    [xi] = session.premerge(article_id, rule="all")
    edited = session.edit_gold_mark(xi.with_changes(label="Government"))
    assert session.premerge(article_id, rule="all") == []
    assert session.store.get_mark(xi.id).label == "Government"
    before = session.gold_records([xi.id])
    session.edit_gold_mark(*before[0])  # as undo does: mark and provenance as they were
    assert session.store.get_mark(xi.id) == edited
    # A unit decided by accepting alice's version is not pre-merged again with bob's.
    first = session.review(article_id).units[0]
    session.accept_into_gold([first.marks["alice"][0].id])
    session.premerge(article_id, rule="vote", min_votes=1)
    assert len(session.review(article_id).units[0].gold) == 1
    session.close()


def test_reject_twice_and_accept_after_reject(tmp_path):
    """Undoing a second rejection keeps the first; accepting a rejected mark un-rejects it."""
    session, article_id = two_coders(tmp_path / "p.db")
    unit = session.review(article_id).units[0]
    alice, bob = unit.marks["alice"][0], unit.marks["bob"][0]
    assert session.reject_from_gold([alice.id]) == [alice.id]
    assert session.reject_from_gold([alice.id, bob.id]) == [bob.id]  # only bob is new
    session.unreject_from_gold([bob.id])  # the undo of the second rejection
    assert session.store.rejected_mark_ids(article_id) == {alice.id}
    gold = session.accept_into_gold([alice.id])
    assert session.store.rejected_mark_ids(article_id) == set()
    assert session.review(article_id).units[0].rejected == frozenset()
    session.swap_gold([gold.id], reject=[alice.id])  # the undo of that accept
    assert session.store.rejected_mark_ids(article_id) == {alice.id}
    session.close()


def test_an_adjudicator_setting_a_status_is_not_a_coder(tmp_path):
    """Marking an article done as the lead does not make the lead a coder anywhere."""
    session, article_id = two_coders(tmp_path / "p.db")
    other = session.article_summaries()[1].id
    session.set_status(article_id, "done")
    session.set_status(other, "done")
    assert session.article_coders(article_id) == ["alice", "bob"]
    assert session.agreement_scope()[0] == ["alice", "bob"]
    assert [m.text for m in session.premerge(article_id, rule="all")] == ["Xi Jinping"]
    session.close()


def test_accepting_two_marks_of_one_coder_is_one_step(tmp_path):
    """A coder's two marks in one unit become two gold marks in one transaction."""
    session, article_id = two_coders(tmp_path / "p.db")
    session.set_annotator("alice")
    add(session, article_id, MarkKind.ACTOR, "Prime Minister", "Person")
    session.set_annotator("lead")
    unit = session.review(article_id).units[0]
    assert [m.text for m in unit.marks["alice"]] == ["Prime Minister", "Imran Khan"]
    made = session.accept_groups_into_gold([[m.id] for m in unit.marks["alice"]])
    assert [m.text for m in made] == ["Prime Minister", "Imran Khan"]
    with pytest.raises(ValidationError):
        session.accept_groups_into_gold([[unit.marks["bob"][0].id], [made[0].id]])
    assert len(session.review(article_id).units[0].gold) == 2  # the failed call changed nothing
    session.close()


def test_document_labels_into_gold(tmp_path):
    """The adjudicator takes one coder's document labels for gold."""
    session, article_id = two_coders(tmp_path / "p.db")
    session.accept_labels_into_gold(article_id, "bob")
    assert session.review(article_id).labels[GOLD_ANNOTATOR].tone == "neutral"
    assert session.article_coders(article_id) == ["alice", "bob"]
    session.close()


def test_merging_brings_gold_provenance_and_rejections(tmp_path):
    """A teammate's adjudication arrives whole: gold marks, where they came from, rejections."""
    theirs, article_id = two_coders(tmp_path / "theirs.db")
    units = theirs.review(article_id).units
    gold = theirs.accept_into_gold([units[1].marks["alice"][0].id])
    rejected = [m.id for m in units[3].coder_marks]
    theirs.reject_from_gold(rejected)
    theirs.close()
    ours = Session.open(tmp_path / "ours.db", "lead")
    ours.merge_project(tmp_path / "theirs.db")
    assert ours.provenance(gold.id).adjudicator == "lead"
    assert ours.store.rejected_mark_ids(article_id) == set(rejected)
    assert [u.state for u in ours.review(article_id).units] == [
        "disagreed",
        "gold",
        "disagreed",
        "rejected",
    ]
    ours.close()


def test_one_coders_marks_are_not_agreed(session):
    """With one coder on an article there is nothing to agree with: every unit needs a second
    coder, none is agreed, and a second coder's identical mark makes it agreed."""
    article_id = session.article_summaries()[0].id
    add(session, article_id, MarkKind.ACTOR, "China", "Country")
    add(session, article_id, MarkKind.ACTOR, "Pakistan", "Country")
    review = session.review(article_id)
    assert review.coders == (session.annotator,)
    assert [u.state for u in review.units] == ["single", "single"]
    assert not any(u.agreed for u in review.units)
    session.set_annotator("bob")
    add(session, article_id, MarkKind.ACTOR, "China", "Country")
    states = [u.state for u in session.review(article_id).units]
    assert states == ["disagreed", "agreed"]  # Pakistan comes first in the text
