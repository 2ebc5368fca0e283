"""Pre-annotations from a script or a model (issue 13, point 6): minimal JSONL records — text and
marks of start, end and label — import as the coder "model", ids derived so that importing
again changes nothing; names resolve to actors; speakers and targets by name or mark."""

from __future__ import annotations

import json

import pytest

from annotator.core.errors import InputError, ValidationError
from annotator.core.model import MarkKind
from annotator.core.text import article_id

TEXT = "Pakistan's PM Imran Khan said 🇨🇳 China is a reliable friend, and Xi Jinping agreed."


def at(needle: str, after: int = 0) -> tuple[int, int]:
    start = TEXT.index(needle, after)
    return start, start + len(needle)


def write(tmp_path, *records, name="pre.jsonl"):
    path = tmp_path / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def model_record():
    khan, china, claim = at("Imran Khan"), at("China"), at("China is a reliable friend")
    return {
        "id": "doc-17",
        "text": TEXT,
        "marks": [
            {"id": "k", "start": khan[0], "end": khan[1], "label": "Person", "score": 0.97},
            {"start": china[0], "end": china[1], "label": "Country", "kind": "actor"},
            {
                "kind": "claim",
                "start": claim[0],
                "end": claim[1],
                "label": "Bilateral friendship",
                "speaker": {"mark": "k"},
                "target": "China",
                "stance": "support",
                "score": 0.8,
            },
            {
                "start": at("reliable")[0],
                "end": at("reliable")[1],
                "label": "positive",
                "target": "Imran Khan",
                "intensity": 2,
                "score": 0.3,
            },
        ],
    }


def test_minimal_records_import_as_the_coder_model(empty, tmp_path):
    report = empty.import_paths([write(tmp_path, model_record())])
    assert (report.records, report.marks) == (1, 4)
    marks = {m.text: m for m in empty.store.marks_for(article_id(TEXT), "model")}
    assert sorted((m.kind.value, m.label) for m in marks.values()) == [
        ("actor", "Country"),
        ("actor", "Person"),
        ("claim", "Bilateral friendship"),
        ("sentiment", "positive"),
    ]
    khan, china = marks["Imran Khan"], marks["China"]
    claim = marks["China is a reliable friend"]
    assert (claim.speaker_id, claim.target_id, claim.stance) == (
        khan.actor_id,
        china.actor_id,
        "support",
    )
    assert (marks["reliable"].target_id, marks["reliable"].intensity) == (khan.actor_id, 2)
    assert empty.store.get_actor(khan.actor_id).name == "Imran Khan"
    assert empty.article(article_id(TEXT)).meta == {"record_id": "doc-17"}


def test_importing_again_changes_nothing(empty, tmp_path):
    path = write(tmp_path, model_record())
    empty.import_paths([path])
    first = sorted(m.id for m in empty.store.marks_for(article_id(TEXT), "model"))
    empty.import_paths([path])
    assert sorted(m.id for m in empty.store.marks_for(article_id(TEXT), "model")) == first
    assert len(empty.actors()) == 2


def test_annotator_option_and_record_coder(empty, tmp_path):
    record = {**model_record(), "annotator": "gpt-run-3"}
    empty.import_paths([write(tmp_path, record)])
    assert len(empty.store.marks_for(article_id(TEXT), "gpt-run-3")) == 4
    empty.import_paths([write(tmp_path, model_record(), name="b.jsonl")], annotator="spacy")
    assert len(empty.store.marks_for(article_id(TEXT), "spacy")) == 4


def test_min_score_leaves_out_unsure_marks(empty, tmp_path):
    report = empty.import_paths([write(tmp_path, model_record())], options={"min_score": "0.5"})
    assert report.marks == 3
    assert any("1 mark(s) scored below 0.5 left out" in w.message for w in report.warnings)
    with pytest.raises(ValidationError, match="min_score=2: give a number from 0 to 1"):
        empty.import_paths([write(tmp_path, model_record())], options={"min_score": "2"})


def test_an_actor_named_other_than_its_mention(empty, tmp_path):
    """'the president' marked as a mention of Xi Jinping: the actor is Xi Jinping."""
    text = "Xi Jinping spoke. Later the president left."
    start = text.index("the president")
    record = {
        "text": text,
        "marks": [
            {"start": 0, "end": 10, "label": "Person"},
            {"start": start, "end": start + 13, "label": "Person", "actor": "Xi Jinping"},
        ],
    }
    empty.import_paths([write(tmp_path, record)])
    marks = empty.store.marks_for(article_id(text), "model")
    assert len({m.actor_id for m in marks}) == 1
    [actor] = empty.actors()
    assert actor.name == "Xi Jinping"


def test_other_tools_labels_map_and_bad_marks_are_named(empty, tmp_path):
    khan = at("Imran Khan")
    record = {"text": TEXT, "marks": [{"start": khan[0], "end": khan[1], "label": "PER"}]}
    with pytest.raises(InputError, match="unknown label 'PER'"):
        empty.import_paths([write(tmp_path, record)])
    report = empty.import_paths(
        [write(tmp_path, record)], label_map={"PER": (MarkKind.ACTOR, "Person")}
    )
    assert report.marks == 1
    bad = {
        "text": TEXT,
        "marks": [{"start": khan[0], "end": khan[1], "label": "Person", "text": "Imran"}],
    }
    with pytest.raises(InputError) as caught:
        empty.import_paths([write(tmp_path, bad, name="bad.jsonl")])
    assert [p.message for p in caught.value.problems] == [
        "marks[0]: text 'Imran' is not the text at 14-24 ('Imran Khan')"
    ]
    outside = {"text": TEXT, "marks": [{"start": 5, "end": 900, "label": "Person"}]}
    with pytest.raises(InputError, match="5-900.*outside|outside.*900"):
        empty.import_paths([write(tmp_path, outside, name="outside.jsonl")])


def test_a_speaker_no_one_knows_is_named(empty, tmp_path):
    claim = at("China is a reliable friend")
    record = {
        "text": TEXT,
        "marks": [
            {
                "kind": "claim",
                "start": claim[0],
                "end": claim[1],
                "label": "Bilateral friendship",
                "speaker": "Nobody",
            }
        ],
    }
    with pytest.raises(
        InputError, match="speaker 'Nobody' is neither an actor this record mentions"
    ):
        empty.import_paths([write(tmp_path, record)])


def test_the_schema_refuses_what_is_not_a_pre_annotation(empty, tmp_path):
    record = {"text": TEXT, "marks": [{"start": "0", "end": 4, "label": "Person"}]}
    with pytest.raises(InputError, match=r"marks/0/start: '0' is not of type 'integer'"):
        empty.import_paths([write(tmp_path, record)])


def test_the_spacy_example_script_feeds_the_import(empty, tmp_path):
    """docs/examples/spacy_to_preannotations.py on a bundled article, with a rule-based spaCy
    pipeline standing in for a trained model: its records import with --label-map ner."""
    spacy = pytest.importorskip("spacy")
    import importlib.util

    from annotator.core.label_map import common_ner_map
    from tests.conftest import REPO

    spec = importlib.util.spec_from_file_location(
        "spacy_to_preannotations", REPO / "docs" / "examples" / "spacy_to_preannotations.py"
    )
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "GPE", "pattern": "Pakistan"},
            {"label": "GPE", "pattern": "China"},
            {"label": "PERSON", "pattern": [{"LOWER": "imran"}, {"LOWER": "khan"}]},
            {"label": "DATE", "pattern": "2022"},
        ]
    )
    texts = list(script.read_texts(REPO / "corpus"))
    out = tmp_path / "pre.jsonl"
    with out.open("w", encoding="utf-8") as handle:
        for record in script.pre_annotations(nlp, texts):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    report = empty.import_paths([out], label_map=common_ner_map(empty.tagset))
    assert report.records == len(texts) == 5
    marks = [m for a in empty.article_summaries() for m in empty.store.marks_for(a.id, "model")]
    assert marks and {m.label for m in marks} <= {"Country", "Person"}
    assert all(empty.article(m.article_id).text[m.start : m.end] == m.text for m in marks)
