"""Every problem a reader finds carries a ProblemCode (what the CLI and the window count and act
on), here for the JSON-lines readers, CSV and text; each other format's tests check its own."""

from __future__ import annotations

import json

import pytest

from annotator.core.errors import ProblemCode
from annotator.core.tagset import default_tagset
from annotator.formats import registry
from annotator.formats.base import FormatContext, ReadResult

TEXT = "Wang Yi met Pakistan's envoy."


def line(**data) -> str:
    return json.dumps(data, ensure_ascii=False)


def read(tmp_path, format_name, content, name="input", **options):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    result = ReadResult()
    registry.get(format_name).read(path, result, FormatContext(default_tagset(), options))
    return [p.code for p in result.problems]


def answer(**reply):
    base = {"actors": [], "claims": []} | reply
    return line(
        messages=[
            {"role": "user", "content": TEXT},
            {"role": "assistant", "content": json.dumps(base)},
        ]
    )


CLAIM = {
    "quote": "met",
    "start": 8,
    "end": 11,
    "speaker": "",
    "target": "",
    "topic": "CPEC security",
    "stance": "support",
    "form": "statement",
}


@pytest.mark.parametrize(
    ("format_name", "name", "content", "codes"),
    [
        ("jsonl", "a.jsonl", "{not json\n", [ProblemCode.NOT_JSON]),
        ("jsonl", "a.jsonl", "[1, 2]\n", [ProblemCode.NOT_AN_OBJECT]),
        ("jsonl", "a.jsonl", b'{"text": "caf\xe9"}\n', [ProblemCode.NOT_UTF8]),
        ("jsonl", "a.jsonl", line(title="no text") + "\n", [ProblemCode.MISSING_TEXT]),
        ("jsonl", "a.jsonl", line(text="   ") + "\n", [ProblemCode.MISSING_TEXT]),
        ("jsonl", "a.jsonl", line(text="a\x00b") + "\n", [ProblemCode.BAD_TEXT]),
        ("jsonl", "a.jsonl", line(text=TEXT, date="2024-13-45") + "\n", [ProblemCode.BAD_SHAPE]),
        ("jsonl", "a.jsonl", line(text=TEXT, title=3) + "\n", [ProblemCode.BAD_SHAPE]),
        (
            "jsonl",
            "a.jsonl",
            line(text=TEXT, marks="x", annotator="a") + "\n",
            [ProblemCode.SCHEMA],
        ),
        (
            "jsonl",
            "a.jsonl",
            line(
                text=TEXT,
                marks=[{"kind": "actor", "start": 0, "end": 4, "text": "Yi", "label": "Person"}],
            )
            + "\n",
            [ProblemCode.BAD_OFFSETS],
        ),
        ("llm", "a.jsonl", line(messages=[]) + "\n", [ProblemCode.MISSING_TEXT]),
        (
            "llm",
            "a.jsonl",
            line(
                messages=[
                    {"role": "user", "content": TEXT},
                    {"role": "assistant", "content": "{oops"},
                ]
            )
            + "\n",
            [ProblemCode.NOT_JSON],
        ),
        (
            "llm",
            "a.jsonl",
            answer(claims=[{**CLAIM, "quote": "absent"}]) + "\n",
            [ProblemCode.BAD_OFFSETS],
        ),
        ("llm", "a.jsonl", answer(claims="x") + "\n", [ProblemCode.SCHEMA]),
        ("csv", "a.csv", "title,body\nx,y\n", [ProblemCode.MISSING_TEXT]),
        ("csv", "a.csv", "title,text\nx,y,z\n", [ProblemCode.BAD_SYNTAX]),
        ("csv", "a.csv", "title,text\nx,\n", [ProblemCode.MISSING_TEXT]),
        ("text", "a.txt", " \n\n", [ProblemCode.MISSING_TEXT]),
        ("text", "a.txt", b"caf\xe9\n", [ProblemCode.NOT_UTF8]),
    ],
)
def test_problems_carry_their_code(tmp_path, format_name, name, content, codes):
    assert read(tmp_path, format_name, content, name) == codes


def test_a_file_that_cannot_be_read_is_unreadable(tmp_path):
    result = ReadResult()
    registry.get("jsonl").read(tmp_path / "missing.jsonl", result, FormatContext(default_tagset()))
    assert [(p.code, p.skippable) for p in result.problems] == [(ProblemCode.UNREADABLE, False)]
