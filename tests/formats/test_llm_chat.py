"""The LLM chat export: messages, a system prompt from the tag set, and an answer that
validates against schemas/llm-answer.schema.json with exact code-point offsets."""

from __future__ import annotations

import io
import json

import jsonschema
import pytest

from annotator.core.model import MarkKind
from annotator.core.resources import schema_path
from annotator.core.tagset import default_tagset
from annotator.formats import llm_chat, registry
from tests.formats.training_corpus import EMOJI_TEXT, context, documents, emoji_coding


@pytest.fixture(scope="module")
def validator():
    """Return a validator of the answer's JSON Schema (itself checked against the metaschema)."""
    schema = json.loads(schema_path(llm_chat.SCHEMA).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def exported(tmp_path):
    """Write the pure documents; return the lines as objects and the context's notes."""
    path = tmp_path / "chat.jsonl"
    ctx = context()
    assert llm_chat.write_llm(documents(), path, ctx) == 12
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()], ctx.notes


def test_registered_as_a_streamed_format_that_reads_answers():
    """The registry entry matches the module: written to a file or standard output, and a
    model's answers in the same form are read back."""
    entry = registry.entry("llm")
    assert (entry.writes, entry.reads, entry.streams, entry.folder) == (True, True, True, False)
    assert entry.sniffs


def test_every_answer_validates_and_quotes_match_offsets(tmp_path, validator):
    """Every exported answer is valid, and each quote is the article's text[start:end]."""
    lines, _ = exported(tmp_path)
    assert len(lines) == 12
    for line in lines:
        system, user, assistant = line["messages"]
        assert (system["role"], user["role"], assistant["role"]) == ("system", "user", "assistant")
        assert set(line) == {"messages"}
        answer = json.loads(assistant["content"])
        validator.validate(answer)
        for claim in answer["claims"]:
            assert user["content"][claim["start"] : claim["end"]] == claim["quote"]
        names = {a["name"] for a in answer["actors"]}
        assert all(c["speaker"] in names | {None} for c in answer["claims"])


def test_emoji_answer_offsets_are_code_points(validator):
    """The claim after a flag, a skin-toned thumbs-up and a decomposed é: offsets count code
    points, so the flag is two and the accent one; the quote keeps the combining mark."""
    record = llm_chat.build_record(emoji_coding(), llm_chat.system_prompt(default_tagset()))
    assert record["messages"][1]["content"] == EMOJI_TEXT
    answer = json.loads(record["messages"][2]["content"])
    validator.validate(answer)
    quote = "the cafe\u0301 talks were 👍🏽 and that China stands by Pakistan forever"
    start = EMOJI_TEXT.index(quote)
    assert start == 68  # 16 + 39 (the second line; its flag counts two) + 13
    assert answer == {
        "actors": [
            {"name": "Pakistan", "type": "Country"},
            {"name": "Wang Yi", "type": "Person"},
            {"name": "China", "type": "Country"},
        ],
        "claims": [
            {
                "quote": quote,
                "start": start,
                "end": start + len(quote),
                "topic": "Bilateral friendship",
                "speaker": "Wang Yi",
                "target": "Pakistan",
                "stance": "support",
                "form": "reported speech",
            }
        ],
    }
    assert len(quote) == 65 and len(quote.encode("utf-16-le")) // 2 == 67  # not UTF-16 units


def test_system_prompt_lists_the_tag_sets_labels_with_descriptions():
    """Every actor type, claim topic, stance and form appears with its description."""
    tagset = default_tagset()
    prompt = llm_chat.system_prompt(tagset)
    assert prompt.startswith('You code news articles with the tag set "Political claims"')
    for label in (
        *tagset.spans[MarkKind.ACTOR],
        *tagset.spans[MarkKind.CLAIM],
        *tagset.claim_stance,
        *tagset.claim_form,
    ):
        assert f"- {label.name}: {label.description}\n" in prompt + "\n"
    assert "article[start:end] == quote" in prompt


def test_claims_without_speaker_are_noted(tmp_path):
    """bob's corpus claims have no speaker: written with null, one note each."""
    lines, notes = exported(tmp_path)
    assert [(n.kind, n.coder, n.message) for n in notes] == [
        ("no speaker", "bob", "claim 'all-weather' has no speaker (null)")
    ] * 4
    answer = json.loads(lines[1]["messages"][2]["content"])
    assert answer["claims"][0]["speaker"] is None


def test_stream_equals_file(tmp_path):
    """Standard output gets the same lines as the file."""
    path = tmp_path / "chat.jsonl"
    llm_chat.write_llm(documents(), path, context())
    out = io.StringIO()
    assert llm_chat.stream_llm(documents(), out, context()) == 12
    assert out.getvalue() == path.read_text(encoding="utf-8")
