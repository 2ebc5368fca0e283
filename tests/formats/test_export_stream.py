"""The streamed export reads the same documents as reading each record on its own would."""

from __future__ import annotations

import pytest

from annotator.core.model import AnnotatedDocument, ArticleStatus, DocumentLabels, MarkKind
from tests.conftest import add, code_two_coders


def one_by_one(session, annotator=None, search=""):
    """Return the documents as the export read them before it streamed: queries per record."""
    wanted = None
    if search:
        from annotator.core.model import ArticleFilter

        wanted = set(session.store.matching_article_ids(ArticleFilter(text=search)))
    documents = []
    for article_id, coder in session.store.annotated_pairs(annotator):
        if wanted is not None and article_id not in wanted:
            continue
        marks = session.store.marks_for(article_id, coder)
        refs = sorted({r for m in marks for r in (m.actor_id, m.speaker_id, m.target_id) if r})
        documents.append(
            AnnotatedDocument(
                article=session.store.get_article(article_id),
                annotator=coder,
                document=session.store.get_document_labels(article_id, coder),
                focus=session.tagset.focus,
                actors=tuple(session.store.actors_by_ids(refs)),
                marks=tuple(marks),
            )
        )
    return documents


@pytest.fixture
def team(session):
    """Three coders and the gold layer over the bundled corpus, with labels-only articles and
    actors whose names sort differently with and without case."""
    first = code_two_coders(session)
    ids = [s.id for s in session.article_summaries()]
    session.set_annotator("alice")
    add(session, ids[2], MarkKind.ACTOR, "China", "Country")
    add(session, ids[2], MarkKind.ACTOR, "Pakistan", "Country")
    claim = add(session, ids[2], MarkKind.CLAIM, "China", "Bilateral friendship")
    session.update_mark(claim.with_changes(stance="support", form="direct quote"))
    text = session.article(ids[1]).text
    for name, word in zip(("Ärzte", "Beta Group", "alpha bank"), text.split()[:3]):
        start = text.index(word)
        mark, actors = session.prepare_mark(
            ids[1], MarkKind.ACTOR, start, start + len(word), "Organization", new_actor_name=name
        )
        session.add_mark(mark, actors)
        actor = session.actor(mark.actor_id)
        session.update_actor(actor.__class__(**{**actor.__dict__, "aliases": (name.upper(),)}))
    session.set_annotator("carol")  # document labels only, on an article nobody marked
    session.set_document_labels(
        DocumentLabels(ids[4], "carol", tone="negative", status=ArticleStatus.DONE, note="n")
    )
    session.set_status(ids[3], "skipped")
    assert session.premerge(first, rule="coded")  # Xi Jinping: a gold mark
    return session


@pytest.mark.parametrize("coder", [None, "alice", "bob", "carol", "gold", "nobody"])
def test_streamed_documents_equal_one_by_one(team, coder):
    """Every coder, and each one alone: same documents, same order, same actor order."""
    streamed = list(team.documents(coder))
    assert streamed == one_by_one(team, coder)
    assert streamed or coder == "nobody"


def test_the_mixed_case_actors_keep_the_registry_order(team):
    """Actors are in the registry's order (name ignoring ASCII case, then id), as before."""
    article = team.article_summaries()[1].id
    [document] = [d for d in team.documents("alice") if d.article.id == article]
    assert [a.name for a in document.actors] == ["alpha bank", "Beta Group", "Ärzte"]
    assert document.actors[0].aliases == ("ALPHA BANK",)


@pytest.mark.parametrize("search", ["Pakistan", "corridor secur", "zzzunfound", '"!!"'])
def test_streamed_search_equals_the_article_list_search(team, search):
    """The "articles" search keeps what the article list's search keeps."""
    assert list(team.documents(None, search)) == one_by_one(team, None, search)


def test_labels_only_pairs_come_with_empty_marks(team):
    """A coder with document labels but no marks on an article gets a record with no marks."""
    carol = list(team.documents("carol"))
    assert [(d.article.id, d.marks, d.actors) for d in carol] == [
        (team.article_summaries()[3].id, (), ()),
        (team.article_summaries()[4].id, (), ()),
    ]
    assert carol[1].document.tone == "negative" and carol[0].document.status == "skipped"
