"""Rules that live in the Session, not in widgets: toggling a document label, preparing every
suggested mention at once, and naming the labels an import does not know."""

from __future__ import annotations

import json

import pytest

from annotator.core.errors import InputError, InputProblem
from annotator.core.model import DocumentLabels, MarkKind
from tests.conftest import add


def test_toggled_sets_clears_adds_and_removes():
    """Tone and stance are set or cleared; topics are added or removed, order kept."""
    labels = DocumentLabels("a", "alice", tone="negative", topics=("CPEC security",))
    assert labels.toggled("tone", "negative").tone is None
    assert labels.toggled("tone", "positive").tone == "positive"
    assert labels.toggled("focus_stance", "supportive").focus_stance == "supportive"
    assert labels.toggled("topics", "Economic cooperation").topics == (
        "CPEC security",
        "Economic cooperation",
    )
    assert labels.toggled("topics", "CPEC security").topics == ()
    with pytest.raises(ValueError, match="no document label field 'status'"):
        labels.toggled("status", "done")


def test_session_toggles_the_coders_labels(session):
    """The Session returns the coder's labels before and after; storing the second keeps it."""
    article_id = session.article_summaries()[0].id
    tone = session.tagset.tone[0].name
    old, new = session.toggled_document_labels(article_id, "tone", tone)
    assert (old.tone, new.tone, new.annotator) == (None, tone, session.annotator)
    session.set_document_labels(new)
    _, cleared = session.toggled_document_labels(article_id, "tone", tone)
    assert cleared.tone is None


def test_prepare_suggested_marks_leaves_out_stale_suggestions(session):
    """Every open suggestion becomes an actor mention of its actor; a stale one is left out."""
    article_id = session.article_summaries()[0].id
    add(session, article_id, MarkKind.ACTOR, "Pakistan", "Country")
    suggestions = session.suggestions(article_id)
    assert suggestions
    marks = session.prepare_suggested_marks(suggestions)
    assert [(m.start, m.end, m.actor_id) for m in marks] == [
        (s.start, s.end, s.actor_id) for s in suggestions
    ]
    stale = [
        *suggestions[:1],
        type(suggestions[0])(article_id, 0, 3, "x", "no-such-actor", "Country"),
    ]
    assert len(session.prepare_suggested_marks(stale)) == 1


def test_input_error_names_unknown_labels_once():
    """The labels an import does not know are a field of its problems, not parsed from text."""
    error = InputError(
        [
            InputProblem("a.jsonl", 1, "marks[0]: unknown label 'ORG'", "ORG"),
            InputProblem("a.jsonl", 2, "marks[0]: unknown label 'ORG'", "ORG"),
            InputProblem("a.jsonl", 3, 'marks[1]: unknown label "Int\'l org"', "Int'l org"),
            InputProblem("a.jsonl", 4, "offset outside the text"),
        ]
    )
    assert error.unknown_labels == ["Int'l org", "ORG"]


def test_import_reports_unknown_labels_as_such(session, tmp_path):
    """An import with a label the tag set lacks raises InputError naming it (with apostrophe)."""
    text = "Officials of Pakistan met in Beijing."
    record = {"text": text, "label": [[13, 21, "Int'l org"], [29, 36, "ORG"]]}
    path = tmp_path / "doccano.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        session.import_paths([path], format_name="doccano")
    assert caught.value.unknown_labels == ["Int'l org", "ORG"]
