"""The statistics' tallies (migration 0012) stay equal to a fresh count of the marks through
every kind of write: adding, changing, removing marks, a merge of another project."""

from __future__ import annotations

import shutil

from annotator.core.model import MarkKind
from annotator.session import Session
from tests.conftest import add, code_two_coders


def test_tallies_follow_every_edit_and_a_merge(session, tmp_path):
    article_id = code_two_coders(session)
    assert session.store.tallies_match()
    session.set_annotator("alice")
    claim = next(m for m in session.marks(article_id) if m.kind == MarkKind.CLAIM)
    xi = next(m for m in session.marks(article_id) if m.text == "Xi Jinping")
    session.update_mark(claim.with_changes(speaker_id=xi.actor_id, stance="oppose"))
    assert session.store.tallies_match()
    top = {row[1]: row[3:] for row in session.store.top_actors()}
    assert top["Xi Jinping"] == (2, 1)  # two mentions (alice's, bob's), one claim
    assert session.store.claims_by_topic_and_stance() == [("CPEC security", "oppose", 1)]
    session.update_mark(claim.with_changes(speaker_id=None, stance="support"))
    assert session.store.claims_by_topic_and_stance() == [("CPEC security", "support", 1)]
    assert session.store.top_actors()[0][1:] == ("Xi Jinping", "Person", 2, 0)
    session.remove_mark(claim.id)
    assert session.store.claims_by_topic_and_stance() == []
    second = session.article_summaries()[1].id
    add(session, second, MarkKind.ACTOR, "Pakistan", "Country")
    assert session.store.tallies_match()
    # A teammate's copy with one more mark, merged back.
    theirs_path = tmp_path / "theirs.db"
    session.close()
    shutil.copy(session.path, theirs_path)
    theirs = Session.open(theirs_path, "carol")
    add(theirs, second, MarkKind.ACTOR, "China", "Country")
    theirs.close()
    ours = Session.open(session.path, "alice")
    ours.merge_project(theirs_path)
    assert ours.store.tallies_match()
    assert ("carol",) in [(r[1],) for r in ours.store.marks_per_day()]
    ours.close()
