"""Writers say what they dropped or changed to fit their format (issue 13, point 8): CoNLL's
overlapping marks, spaCy's widened spans, a TSV relation to an actor never marked; XMI keeps
that actor instead."""

from __future__ import annotations

from annotator.core.model import Actor, MarkKind
from tests.conftest import add


def coded(session):
    article_id = session.article_summaries()[0].id
    text = session.article(article_id).text
    start = text.index("Imran Khan")
    add(session, article_id, MarkKind.ACTOR, "Imran Khan", "Person")
    mark, actors = session.prepare_mark(article_id, MarkKind.ACTOR, start, start + 5, "Person")
    inner = session.add_mark(mark, actors).mark  # "Imran" inside "Imran Khan": overlaps
    # Half a word: spaCy widens it to the whole token.
    word = text.index("Xi Jinping")
    mark, actors = session.prepare_mark(article_id, MarkKind.SENTIMENT, word, word + 4, "neutral")
    half = session.add_mark(mark, actors).mark
    claim = add(
        session, article_id, MarkKind.CLAIM, "discussed steps to enhance security", "CPEC security"
    )
    absent = Actor(id="absent", name="Zhou Enlai", type="Person")
    session.restore_actor(absent)
    session.update_mark(claim.with_changes(speaker_id=absent.id))
    return article_id, inner, half, claim


def test_conll_notes_each_overlapping_mark_it_leaves_out(session, tmp_path):
    article_id, inner, _, _ = coded(session)
    notes: list = []
    session.export_file(tmp_path / "out.conll", "conll", notes=notes)
    assert [(n.kind, n.mark_id, n.article_id) for n in notes] == [("dropped", inner.id, article_id)]
    assert "'Imran'" in notes[0].message and "left out" in notes[0].message


def test_spacy_notes_widened_spans(session, tmp_path):
    _, _, half, _ = coded(session)
    notes: list = []
    session.export_file(tmp_path / "out.spacy", "spacy", notes=notes)
    widened = [n for n in notes if n.kind == "widened"]
    assert [n.mark_id for n in widened] == [half.id]
    assert "'Xi J'" in widened[0].message


def test_tsv_notes_a_speaker_never_marked(session, tmp_path):
    _, _, _, claim = coded(session)
    notes: list = []
    out = tmp_path / "tsv"
    session.export_file(out, "webanno-tsv", notes=notes)
    dropped = [n for n in notes if n.kind == "dropped"]
    assert [n.mark_id for n in dropped] == [claim.id]
    assert "speaker 'Zhou Enlai' is never marked in the article" in dropped[0].message


def test_xmi_keeps_what_tsv_drops(session, tmp_path):
    coded(session)
    notes: list = []
    session.export_file(tmp_path / "xmi", "xmi", notes=notes)
    assert notes == []


def test_dna_notes_a_claim_without_a_speaker(session, tmp_path):
    """DNA's statements need a speaker: a claim without one is noted, not silently missing."""
    article_id = session.article_summaries()[0].id
    claim = add(
        session, article_id, MarkKind.CLAIM, "discussed steps to enhance security", "CPEC security"
    )
    notes: list = []
    session.export_file(tmp_path / "dna", "dna", notes=notes)
    assert [(n.kind, n.mark_id) for n in notes] == [("no speaker", claim.id)]
