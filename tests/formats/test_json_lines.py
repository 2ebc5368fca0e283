"""JSON lines written with orjson are the bytes json.dumps writes; lines read with it, the values
json.loads reads; large files are read a line at a time."""

from __future__ import annotations

import io
import json
import math

import pytest

from annotator.core.model import DocumentLabels, MarkKind
from annotator.formats.base import ReadResult, json_lines, parse_json
from annotator.session import Session
from tests.conftest import add

# (Article text may not hold NUL: the note does.)
# Escapes json.dumps(ensure_ascii=False) writes (quote, backslash, \b \f \n \r \t, \u00XX for
# the other control characters) and characters it writes as they are (DEL, C1 controls,
# U+2028/U+2029, emoji with joiners and flags, CJK, combining marks, non-characters).
TRICKY = (
    'He said "no" \\ then\ttab\x01\x08\x0b\x0c\x1b\x1f\x7f\x85\x9f '
    "\u2028\u2029 🇵🇰 👩🏽‍💻 中巴经济走廊 cafe\u0301 \ufeff\ufffe\U0010ffff end"
)
META = {
    "small": 1e-07,
    "tiny": 1.5e-05,
    "plain": 0.1,
    "whole": 100.0,
    "large": 1e22,
    "huge_int": 2**70,
    "negative_huge": -(2**70),
    "int64": 2**63 - 1,
    "not_a_number": math.nan,
    "infinite": -math.inf,
    "nested": [{"x": [1, 2.5e-10, None, True]}],
    "ключ 🔑": "значение\n",
}


def dumps(value: object) -> str:
    """Return value as annotator JSONL writes it with json (before orjson)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@pytest.fixture
def tricky(tmp_path):
    """A project with one article full of escapes and a meta json and orjson write apart."""
    source = tmp_path / "tricky.jsonl"
    article = {"title": "Title " + TRICKY, "text": TRICKY + " Pakistan.", "meta": META}
    source.write_text(dumps(article) + "\n", encoding="utf-8")
    session = Session.open(tmp_path / "tricky.db", "alice")
    session.import_paths([source])
    article_id = session.article_summaries()[0].id
    add(session, article_id, MarkKind.ACTOR, "Pakistan", "Country")
    add(session, article_id, MarkKind.SENTIMENT, "中巴经济走廊", "positive")
    session.set_document_labels(DocumentLabels(article_id, "alice", note=TRICKY + "\x00"))
    yield session
    session.close()


@pytest.mark.parametrize("name", ["jsonl", "doccano"])
def test_exported_lines_are_what_json_dumps_writes(tricky, tmp_path, name):
    """Every line equals json.dumps of its own parse: escapes, floats, big integers, NaN."""
    out = tmp_path / f"out-{name}.jsonl"
    assert tricky.export_file(out, name) == 1
    raw = out.read_bytes()
    assert raw.endswith(b"\n") and raw.count(b"\n") == 1
    line = raw.decode("utf-8").removesuffix("\n")
    record = json.loads(line)
    assert dumps(record) == line
    meta = record["meta"]
    assert math.isnan(meta.pop("not_a_number"))
    expected = {k: v for k, v in META.items() if k != "not_a_number"}
    assert meta == expected
    assert '"small":1e-07,"tiny":1.5e-05' in line and f'"huge_int":{2**70}' in line
    assert TRICKY in record["text"]


@pytest.mark.parametrize("name", ["jsonl", "doccano"])
def test_stream_file_and_text_stream_write_the_same(tricky, tmp_path, name):
    """To a file, to a UTF-8 text file's buffer, and to a StringIO: the same text."""
    out = tmp_path / "out.jsonl"
    tricky.export_file(out, name)
    memory = io.StringIO()
    tricky.export(memory, name)
    with (tmp_path / "stream.jsonl").open("w", encoding="utf-8", newline="\n") as handle:
        handle.write("before\n")  # text written first must stay first
        tricky.export(handle, name)
    assert memory.getvalue().encode("utf-8") == out.read_bytes()
    assert (tmp_path / "stream.jsonl").read_bytes() == b"before\n" + out.read_bytes()


def test_a_non_utf8_text_stream_gets_text_not_bytes(tricky, tmp_path):
    """A stream in another encoding is written through its encoder, never with raw UTF-8."""
    path = tmp_path / "latin.jsonl"
    with path.open("w", encoding="utf-16") as handle:
        tricky.export(handle, "jsonl")
    assert path.read_text(encoding="utf-16").startswith('{"id":')


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1}',
        '{"a": NaN, "b": -Infinity}',
        '{"big": 123456789012345678901234567890, "neg": -98765432109876543210}',
        '{"f": 1e-07, "g": 0.1, "h": 1E400}',
        '{"s": "\\ud83d\\ude00 pair", "t": "\\u00e9\\n"}',
        '{"a": 1, "a": 2}',
        '{"deep": [[[[[[[[[[[[1.5]]]]]]]]]]]]}',
        '"just a string"',
    ],
)
def test_parse_json_reads_what_json_loads_reads(text):
    """Values, types and NaN come out as json.loads gives them."""
    ours, theirs = parse_json(text.encode("utf-8"), text), json.loads(text)
    assert repr(ours) == repr(theirs)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"title": "bad \\udfff title"}', "a lone surrogate escape (\\udfff) is not a character"),
        ('{"meta": {"\\ud800": 1}}', "a lone surrogate escape (\\ud800) is not a character"),
        ("[" * 2000 + "]" * 2000, "nested too deeply"),
    ],
)
def test_parse_json_refuses_what_would_crash_later(text, message):
    """A lone surrogate cannot be stored, and deep nesting overflows Python's stack: both are
    a JSON error naming why, not a crash when the record is stored."""
    with pytest.raises(json.JSONDecodeError) as refused:
        parse_json(text.encode("utf-8"), text)
    assert refused.value.msg == message


@pytest.mark.parametrize("text", ['{"a": ', '{"a": 1,}', "[1, 2", "\ufeff{}", ""])
def test_parse_json_fails_with_json_loads_message(text):
    """A bad line gets json's own message (what the import shows)."""
    with pytest.raises(json.JSONDecodeError) as ours:
        parse_json(text.encode("utf-8"), text)
    with pytest.raises(json.JSONDecodeError) as theirs:
        json.loads(text)
    assert (ours.value.msg, ours.value.colno) == (theirs.value.msg, theirs.value.colno)


def test_json_lines_reads_lines_as_before(tmp_path):
    """LF ends a line (not U+2028 or CR); blank lines are skipped; a BOM starts the file."""
    path = tmp_path / "lines.jsonl"
    path.write_bytes(
        "\ufeff".encode()
        + b'{"n": 1, "s": "a\xe2\x80\xa8b"}\r\n'
        + b"\n   \n"
        + b'{"n": 2}\n'
        + b"[3]\n"
        + b'{"n": 4'
    )
    result = ReadResult()
    lines = [(data, origin.line) for data, origin in json_lines(path, result)]
    assert lines == [({"n": 1, "s": "a\u2028b"}, 1), ({"n": 2}, 4)]
    assert [str(p) for p in result.problems] == [
        f"{path}:5: expected a JSON object per line",
        f"{path}:6: not valid JSON: Expecting ',' delimiter (column 8)",
    ]
    assert result.bytes_read == path.stat().st_size


def test_json_lines_names_line_and_byte_of_bad_utf8(tmp_path):
    """The first byte that is not UTF-8 is named by line and offset in the file; reading stops."""
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b'{"text": "one"}\n{"text": "two"}\n{"text": "caf\xe9"}\n{"text": "four"}\n')
    result = ReadResult()
    read = [data["text"] for data, _origin in json_lines(path, result)]
    assert read == ["one", "two"]
    assert path.read_bytes().index(b"\xe9") == 45
    assert [str(p) for p in result.problems] == [
        f"{path}:3: not UTF-8 text (byte 0xe9 at byte offset 45); "
        "save the file as UTF-8 and import it again"
    ]


def test_a_jsonl_file_is_scanned_a_line_at_a_time(tmp_path):
    """The scanner has read little more than the first line when it yields the first record."""
    from annotator.core.tagset import default_tagset
    from annotator.formats.base import FormatContext
    from annotator.formats.jsonl import scan_jsonl_file

    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for i in range(2000):
            handle.write(dumps({"text": f"Article number {i} " + "words " * 100}) + "\n")
    result = ReadResult()
    records = scan_jsonl_file(path, result, FormatContext(default_tagset()))
    first = next(records)
    assert first.origin.line == 1 and first.article.text.startswith("Article number 0 ")
    assert 0 < result.bytes_read < path.stat().st_size / 100
    assert sum(1 for _ in records) == 1999 and result.bytes_read == path.stat().st_size
