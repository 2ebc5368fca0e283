"""The GLiNER export: GLiNER's tokens, inclusive token spans, relations as indexes into the
line's ``ner``, passages, and what was widened or dropped on the way."""

from __future__ import annotations

import io
import json

import pytest

from annotator.core.errors import ValidationError
from annotator.core.model import Mark, MarkKind
from annotator.formats import gliner, registry
from tests.formats.training_corpus import context, documents, emoji_coding

EMOJI_TOKENS = [
    "date", "2024-01-05", "🇵", "🇰", "Pakistan", "'", "s", "envoy", "met", "Wang", "Yi", "in",
    "北京", ".", "Wang", "Yi", "said", "the", "cafe", "\u0301", "talks", "were", "👍", "🏽",
    "and", "that", "China", "stands", "by", "Pakistan", "forever", ".", "Analysts", "were",
    "not", "sure", ".",
]


def test_registered_as_a_streamed_write_only_format():
    """The registry entry matches the module: written to a file or standard output."""
    entry = registry.entry("gliner")
    assert (entry.writes, entry.reads, entry.streams, entry.folder) == (True, False, True, False)
    assert [o.key for o in registry.get("gliner").write_options] == ["max_tokens", "relations"]


def test_tokens_are_gliners_default_word_splitter():
    """Word runs with inner hyphens and underscores stay whole; every other character stands
    alone, so an emoji with a skin tone, a flag and a combining accent are several tokens."""
    text = "Pakistan's CPEC-related talks_x, U.N. cafe\u0301 👍🏽"
    assert [text[a:b] for a, b in gliner.tokenize(text)] == [
        "Pakistan", "'", "s", "CPEC-related", "talks_x", ",", "U", ".", "N", ".", "cafe",
        "\u0301", "👍", "🏽",
    ]


def test_actor_mentions_as_inclusive_token_spans():
    """One line for a short article: its tokens and each mention's first and last token."""
    (record,) = gliner.records(emoji_coding())
    assert record == {
        "tokenized_text": EMOJI_TOKENS,
        "ner": [[4, 4, "Country"], [14, 15, "Person"], [26, 26, "Country"], [29, 29, "Country"]],
    }
    assert " ".join(EMOJI_TOKENS[14:16]) == "Wang Yi"


def test_relations_point_into_ner():
    """relations=1: the claim joins ner under its topic; says runs from the speaker's mention
    to the claim, targets from the claim to the target's mention inside it."""
    notes = []
    (record,) = gliner.records(emoji_coding(), with_relations=True, notes=notes)
    assert record["ner"] == [
        [4, 4, "Country"], [14, 15, "Person"], [17, 30, "Bilateral friendship"],
        [26, 26, "Country"], [29, 29, "Country"],
    ]
    assert record["relations"] == [[1, 2, "says"], [2, 4, "targets"]]
    assert notes == []


def test_spans_off_token_boundaries_are_widened_and_noted():
    """Part of a word grows to the whole token; white space only, and a second mark of a label
    on the same tokens, are left out; each case is a note naming the mark."""
    coding = emoji_coding()
    text = coding.article.text

    def actor(mark_id, start, end):
        return Mark(mark_id, coding.article.id, "alice", MarkKind.ACTOR, start, end,
                    text[start:end], "Country", actor_id="china")

    at = text.index("Pakistan")
    extra = (
        actor("part", at + 1, at + 6),  # "akist"
        actor("blank", text.index("\n"), text.index("\n") + 1),
        actor("zz-again", at, at + 8),  # the same tokens as the first Pakistan mark
    )
    coding = type(coding)(coding.article, "alice", coding.document, coding.focus,
                          coding.actors, coding.marks + extra)
    notes = []
    (record,) = gliner.records(coding, notes=notes)
    assert record["ner"][:2] == [[4, 4, "Country"], [14, 15, "Person"]]
    assert [(n.kind, n.mark_id, n.message) for n in notes] == [
        ("dropped", "blank", "actor '\\n' covers no token: left out"),
        ("dropped", "zz-again",
         "actor 'Pakistan' is on the same tokens as another 'Country': left out"),
        ("dropped", "part",
         "actor 'akist' is on the same tokens as another 'Country': left out"),
    ]
    # Alone, the partial mark is widened, not dropped.
    alone = type(coding)(coding.article, "alice", coding.document, coding.focus,
                         coding.actors, (extra[0],))
    notes = []
    (record,) = gliner.records(alone, notes=notes)
    assert record["ner"] == [[4, 4, "Country"]]
    assert [(n.kind, n.message, n.article_id) for n in notes] == [
        ("widened", "actor 'akist' widened to 'Pakistan' (whole tokens)", coding.article.id)
    ]


def test_claims_without_speaker_or_mention_are_noted():
    """bob's corpus claims have no speaker; a target never marked has no mention to point at."""
    notes = []
    for coding in documents()[:2]:
        gliner.records(coding, with_relations=True, notes=notes)
    assert [(n.kind, n.coder) for n in notes] == [("no speaker", "bob")]
    assert notes[0].message == "claim 'all-weather' has no speaker: no says relation"
    coding = emoji_coding()
    unmarked = tuple(m for m in coding.marks if m.text != "Wang Yi")
    coding = type(coding)(coding.article, "alice", coding.document, coding.focus,
                          coding.actors, unmarked)
    notes = []
    (record,) = gliner.records(coding, with_relations=True, notes=notes)
    assert record["relations"] == [[1, 3, "targets"]]
    assert [n.kind for n in notes] == ["no mention"]
    assert "speaker 'Wang Yi' of claim" in notes[0].message


def test_long_articles_are_cut_into_passages_between_marks():
    """At most max_tokens per line, cut at line breaks, never inside a mark; a relation whose
    ends fall in two passages is left out and noted."""
    coding = emoji_coding()
    records = gliner.records(coding, max_tokens=20, with_relations=True)
    assert [len(r["tokenized_text"]) for r in records] == [14, 18, 5]
    assert sum((r["tokenized_text"] for r in records), []) == EMOJI_TOKENS
    assert records[1]["tokenized_text"][:3] == ["Wang", "Yi", "said"]
    assert records[1]["relations"] == [[0, 1, "says"], [1, 3, "targets"]]
    notes = []
    records = gliner.records(coding, max_tokens=16, with_relations=True, notes=notes)
    assert [r["tokenized_text"][0] for r in records] == ["date", "Wang", "the", "Analysts"]
    assert records[1]["ner"] == [[0, 1, "Person"]] and records[1]["relations"] == []
    assert records[2]["ner"][0] == [0, 13, "Bilateral friendship"]
    assert records[2]["relations"] == [[0, 2, "targets"]]
    assert [(n.kind, n.message) for n in notes] == [
        ("dropped", "says relation from 'Wang Yi' to 'the cafe\u0301 talks were 👍🏽 and that "
         "China …' crosses two passages: left out"),
    ]
    notes = []
    records = gliner.records(coding, max_tokens=5, with_relations=True, notes=notes)
    assert max(len(r["tokenized_text"]) for r in records) == 14  # the claim, whole
    assert [n.kind for n in notes] == ["too long", "dropped"]  # and the says relation
    assert len(gliner.records(coding, max_tokens=0)) == 1


def test_file_and_stream_write_the_same_lines(tmp_path):
    """One line per passage; the file and standard output get the same bytes."""
    ctx = context(relations="1", max_tokens="50")
    path = tmp_path / "train.jsonl"
    assert gliner.write_gliner(documents(), path, ctx) == 12
    out = io.StringIO()
    assert gliner.stream_gliner(documents(), out, context(relations="1", max_tokens="50")) == 12
    assert path.read_text(encoding="utf-8") == out.getvalue()
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert all(set(x) == {"tokenized_text", "ner", "relations"} for x in lines)
    assert all(len(x["tokenized_text"]) <= 50 for x in lines)
    assert [n.kind for n in ctx.notes].count("no speaker") == 4


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"max_tokens": "abc"}, r"max_tokens must be a whole number .*, not 'abc'"),
        ({"max_tokens": "-3"}, r"not '-3'"),
        ({"relations": "yes"}, r"relations must be 0 or 1, not 'yes'"),
    ],
)
def test_bad_options_are_named(tmp_path, options, message):
    """A bad option is a ValidationError naming the value; no file is written."""
    with pytest.raises(ValidationError, match=message):
        gliner.write_gliner(documents(), tmp_path / "x.jsonl", context(**options))
    assert list(tmp_path.iterdir()) == []
