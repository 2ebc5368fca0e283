"""Statements from coded documents: one per claim with a speaker; drafts counted."""

from __future__ import annotations

from annotator.analysis.statements import statements_from_documents
from annotator.core.model import (
    Actor, AnnotatedDocument, Article, DocumentLabels, Mark, MarkKind,
)


def test_claims_with_a_speaker_become_statements():
    """Claims in offset order; actor names, types and the target come from the record."""
    text = "Wang praised Pakistan. India objected. Someone said so."
    article = Article("art1", text, "Title", "2019-07-30")
    wang = Actor("w", "Wang", "Person", "CN")
    pakistan = Actor("p", "Pakistan", "Country")
    india = Actor("i", "India", "Country", "IN")

    def claim(mid, needle, speaker, target=None, stance=None):
        start = text.index(needle)
        return Mark(mid, "art1", "alice", MarkKind.CLAIM, start, start + len(needle), needle,
                    "Bilateral friendship", speaker_id=speaker, target_id=target,
                    stance=stance, form="reported speech")

    marks = (
        claim("m2", "India objected", "i", stance="oppose"),
        claim("m1", "Wang praised Pakistan", "w", target="p", stance="support"),
        claim("m3", "Someone said so", None),
        Mark("m4", "art1", "alice", MarkKind.ACTOR, 0, 4, "Wang", "Person", actor_id="w"),
    )
    document = AnnotatedDocument(article, "alice", DocumentLabels("art1", "alice"), "",
                                 (wang, pakistan, india), marks)
    result = statements_from_documents([document])
    assert result.drafts == 1 and result.coders == ("alice",)
    first, second = result.statements
    assert (first.id, second.id) == ("m1", "m2")
    assert (first.speaker, first.speaker_name, first.speaker_type, first.speaker_country) == (
        "w", "Wang", "Person", "CN",
    )
    assert (first.target, first.target_name, first.target_type) == ("p", "Pakistan", "Country")
    assert (first.date, first.coder, first.article_title) == ("2019-07-30", "alice", "Title")
    assert (first.topic, first.stance, first.form, first.qualifier) == (
        "Bilateral friendship", "support", "reported speech", 1,
    )
    assert first.text == text[first.start : first.end]
    assert second.qualifier == -1 and second.target is None


def test_the_claims_query_gives_the_documents_statements(session):
    """The networks read statements with one query over the claims; they are the statements
    the coded documents give, in the same order, drafts counted alike."""
    from contextlib import closing

    from annotator.analysis.statements import statements_from_rows
    from annotator.core.model import MarkKind
    from tests.conftest import add, code_two_coders

    article_id = code_two_coders(session)
    session.set_annotator("alice")
    mention = next(m for m in session.marks(article_id) if m.text == "Xi Jinping")
    claim = next(m for m in session.marks(article_id) if m.kind == MarkKind.CLAIM)
    session.update_mark(claim.with_changes(speaker_id=mention.actor_id, stance="support"))
    draft = add(session, article_id, MarkKind.CLAIM, "Imran Khan", "CPEC security")
    session.update_mark(draft.with_changes(speaker_id=None))  # a draft: no speaker
    with closing(session.store.coded_documents(session.tagset.focus, None)) as read:
        expected = statements_from_documents(read)
    rows, drafts = session.store.claim_rows(None)
    found = statements_from_rows(rows, drafts)
    assert found == expected
    assert (len(found.statements), found.drafts) == (1, 1)
