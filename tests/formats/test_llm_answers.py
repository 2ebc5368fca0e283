"""A model's answers read back (issue 13, llm round trip): `export --format llm`, a model
answering in that schema, `import --format llm` — the answers become the coder "model", whose
claims are compared with the coders' like anyone's."""

from __future__ import annotations

import json

import pytest

from annotator.core.errors import InputError
from annotator.core.model import MarkKind
from annotator.formats import registry
from tests.conftest import add

CLAIM = "discussed steps to enhance security"


def coded(session):
    article_id = session.article_summaries()[0].id
    khan = add(session, article_id, MarkKind.ACTOR, "Imran Khan", "Person")
    claim = add(session, article_id, MarkKind.CLAIM, CLAIM, "CPEC security")
    session.update_mark(claim.with_changes(speaker_id=khan.actor_id, stance="support"))
    return article_id, khan


def model_answers(session, tmp_path, change=None):
    """Export the coding for fine-tuning; return the file a model's answers would make (the
    coder's answer, as a perfect model would give it, changed by ``change``)."""
    out = tmp_path / "chat.jsonl"
    session.export_file(out, "llm")
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    for line in lines:
        answer = json.loads(line["messages"][-1]["content"])
        if change is not None:
            change(answer)
        line["messages"][-1]["content"] = json.dumps(answer, ensure_ascii=False)
    answers = tmp_path / "answers.jsonl"
    answers.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    return answers


def test_answers_import_as_the_coder_model_and_agree(session, tmp_path):
    article_id, khan = coded(session)
    answers = model_answers(session, tmp_path)
    assert registry.for_path(answers).name == "llm"  # told from other JSONL by its messages
    report = session.import_paths([answers])
    assert report.records == 1
    [claim] = session.store.marks_for(article_id, "model")
    assert (claim.kind, claim.text, claim.label, claim.stance) == (
        MarkKind.CLAIM,
        CLAIM,
        "CPEC security",
        "support",
    )
    assert claim.speaker_id == khan.actor_id  # "Imran Khan" is the registry's actor
    rows = session.agreement(coders=["alice", "model"])
    exact = next(
        r for r in rows if r.measure == "F1 (exact match)" and r.subject == "claim spans"
    )
    assert (exact.value, exact.used) == (1.0, 1)  # measured like any coder against alice


def test_offsets_a_model_miscounted_are_placed_on_the_quote(session, tmp_path):
    article_id, _ = coded(session)

    def miscount(answer):
        answer["claims"][0]["start"] += 7
        answer["claims"][0]["end"] += 7

    report = session.import_paths([model_answers(session, tmp_path, miscount)], format_name="llm")
    [claim] = session.store.marks_for(article_id, "model")
    assert claim.text == CLAIM
    assert any("do not hold the quote; placed on it" in w.message for w in report.warnings)


def test_a_new_actor_named_in_an_answer_joins_the_registry(session, tmp_path):
    article_id, _ = coded(session)

    def other_speaker(answer):
        answer["actors"].append({"name": "Zhou Enlai", "type": "Person"})
        answer["claims"][0]["speaker"] = "Zhou Enlai"

    session.import_paths([model_answers(session, tmp_path, other_speaker)], annotator="gpt")
    [claim] = session.store.marks_for(article_id, "gpt")
    assert session.store.get_actor(claim.speaker_id).name == "Zhou Enlai"


def test_a_bad_answer_is_named_and_stores_nothing(session, tmp_path):
    coded(session)

    def invented(answer):
        answer["claims"][0]["quote"] = "words the article never had"

    with pytest.raises(InputError, match="the quote 'words the article never had' is not in"):
        session.import_paths([model_answers(session, tmp_path, invented)], format_name="llm")
    assert session.store.coders_of(session.article_summaries()[0].id) == ["alice"]
