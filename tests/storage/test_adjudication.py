"""The gold layer: accepting coders' marks with provenance, and pre-merging agreed marks."""

from __future__ import annotations

from annotator.core.model import GOLD_ANNOTATOR, MarkKind
from annotator.session import Session
from tests.conftest import add


def three_coders(path):
    """Alice and bob both mark China; carol marks China and India; only alice marks Pakistan."""
    session = Session.open(path, "alice")
    session.import_bundled_corpus()
    article_id = session.article_summaries()[0].id
    for coder, needles in (
        ("alice", ["China", "Pakistan"]),
        ("bob", ["China"]),
        ("carol", ["China", "India"]),
    ):
        session.set_annotator(coder)
        for needle in needles:
            add(session, article_id, MarkKind.ACTOR, needle, "Country")
    session.set_annotator("lead")
    return session, article_id


def gold_texts(session, article_id):
    """Return the texts of the gold marks on an article."""
    return sorted(m.text for m in session.store.marks_for(article_id, GOLD_ANNOTATOR))


def test_premerge_rules(tmp_path):
    """'all' takes what all three agree on; 'vote' with 1 takes everything; idempotent."""
    session, article_id = three_coders(tmp_path / "p.db")
    made = session.premerge(article_id, rule="all")
    assert [m.text for m in made] == ["China"]
    assert gold_texts(session, article_id) == ["China"]
    prov = session.provenance(made[0].id)
    assert (len(prov.sources), prov.adjudicator, prov.how) == (3, "lead", "pre-merge: all")
    session.premerge(article_id, rule="all")  # again: nothing new
    assert gold_texts(session, article_id) == ["China"]
    session.premerge(article_id, rule="vote", min_votes=1)
    assert gold_texts(session, article_id) == ["China", "India", "Pakistan"]
    session.close()


def test_accept_one_coders_mark_and_export_gold(tmp_path):
    """A single accepted mark becomes gold with its source recorded; export --gold has it."""
    session, article_id = three_coders(tmp_path / "p.db")
    india = next(m for m in session.store.marks_for(article_id, "carol") if m.text == "India")
    gold = session.accept_into_gold([india.id])
    assert (gold.annotator, gold.text, gold.actor_id) == (GOLD_ANNOTATOR, "India", india.actor_id)
    assert session.provenance(gold.id).sources == (india.id,)
    out = tmp_path / "gold.jsonl"
    assert session.export_file(out, "jsonl", annotator=GOLD_ANNOTATOR) == 1
    session.close()
