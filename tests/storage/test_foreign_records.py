"""Records read from other tools: kinds from labels, derived ids, actors resolved, relations."""

from __future__ import annotations

import pytest

from annotator.core.errors import InputError
from annotator.core.model import MarkKind
from annotator.formats._drafts import draft_record
from annotator.formats.base import AnnotationRecord, Origin, ReadResult, make_article


def import_foreign(session, data, text, **kwargs):
    """Store one foreign-shaped record through the import path; return the report."""
    article = make_article(text)
    result = ReadResult(annotations=[AnnotationRecord(article, draft_record(data), Origin("other.tool", 1))])
    return session.import_result(result, **kwargs), article.id


TEXT = "Wang said Pakistan is a friend. Xinhua reported it."


def test_kinds_ids_actors_and_relations_are_completed(session):
    """Labels give kinds, ids are derived, mentions get actors, speaker_mark becomes speaker."""
    data = {
        "marks": [
            {"ref": "e1", "start": 0, "end": 4, "text": "Wang", "label": "person"},
            {"start": 32, "end": 38, "text": "Xinhua", "label": "Media"},
            {"ref": "c1", "start": 10, "end": 30, "text": "Pakistan is a friend",
             "label": "Bilateral friendship", "speaker_mark": "e1"},
        ]
    }
    report, article_id = import_foreign(session, data, TEXT)
    assert (report.records, report.marks) == (1, 3)
    marks = {m.text: m for m in session.store.marks_for(article_id, "alice")}
    assert marks["Wang"].kind == MarkKind.ACTOR and marks["Wang"].label == "Person"
    assert marks["Pakistan is a friend"].speaker_id == marks["Wang"].actor_id
    assert session.actor(marks["Xinhua"].actor_id).aliases == ("Xinhua",)
    again, _ = import_foreign(session, data, TEXT)  # derived ids: importing twice changes nothing
    assert len(session.store.marks_for(article_id, "alice")) == 3


def test_unknown_labels_are_named_and_can_be_mapped(session):
    """An unknown label is an error naming it, unless --map-label maps it."""
    data = {"marks": [{"start": 0, "end": 4, "text": "Wang", "label": "PER"}]}
    with pytest.raises(InputError, match="unknown label 'PER'; map it with --map-label"):
        import_foreign(session, data, TEXT)
    report, article_id = import_foreign(
        session, data, TEXT, label_map={"PER": (MarkKind.ACTOR, "Person")}
    )
    assert [m.label for m in session.store.marks_for(article_id, "alice")] == ["Person"]


def test_lenient_skips_bad_records_and_reports_them(session):
    """With lenient, a bad record is skipped with a warning; the good one is stored."""
    good = make_article(TEXT)
    bad_text = "Another text entirely, about Gwadar."
    records = [
        AnnotationRecord(good, draft_record({"marks": [{"start": 0, "end": 4, "text": "Wang", "label": "Person"}]}),
                         Origin("other.tool", 1)),
        AnnotationRecord(make_article(bad_text), draft_record({"marks": [{"start": 0, "end": 99, "text": "x", "label": "Person"}]}),
                         Origin("other.tool", 2)),
    ]
    report = session.import_result(ReadResult(annotations=records), lenient=True)
    assert (report.records, report.skipped) == (1, 1)
    assert "other.tool:2: skipped: marks[0]" in str(report.warnings[0])
    assert len(session.store.marks_for(good.id, "alice")) == 1
