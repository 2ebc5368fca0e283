"""The seven inputs that crashed importers (issue 12, point 6): each is now our clear error,
naming the file and line, or a correct import — and nothing is stored on error."""

from __future__ import annotations

import json

import pytest

from annotator.core.errors import InputError

TEXT = "Officials of Pakistan met."
DOCCANO = {"text": TEXT, "label": [[13, 21, "Country"]]}
DEEP = "[" * 1000 + "]" * 1000


def lines(path, *records) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def refused(session, path, format_name=None) -> str:
    """Import, expect our error, check nothing was stored; return the error's text."""
    before = session.article_count()
    with pytest.raises(InputError) as caught:
        session.import_paths([path], format_name=format_name)
    assert session.article_count() == before
    return str(caught.value)


def test_a_csv_field_over_128_kib_is_an_article(empty, tmp_path):
    """A long article in one CSV field imports (the csv module's limit is raised)."""
    path = tmp_path / "long.csv"
    path.write_text('title,text\nLong,"' + "word " * 30_000 + '"\n', encoding="utf-8")
    report = empty.import_paths([path])
    assert report.articles_added == 1
    assert len(empty.article(empty.article_summaries()[0].id).text) == 150_000


@pytest.mark.parametrize(
    ("name", "content", "format_name"),
    [
        ("deep.jsonl", '{"text": "Deep.", "meta": {"a": ' + DEEP + "}}\n", None),
        ("deep-doccano.jsonl", '{"text": "Deep.", "label": ' + DEEP + "}\n", "doccano"),
        (
            "deep-ls.json",
            '[{"data": {"text": "Deep."}, "annotations": ' + DEEP + "}]",
            "label-studio",
        ),
    ],
)
def test_json_nested_too_deeply(empty, tmp_path, name, content, format_name):
    """JSON nested a thousand deep is refused as JSON, naming the file and line."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert f"{path}:1: not valid JSON: nested too deeply" in refused(empty, path, format_name)


@pytest.mark.parametrize("where", ["title", "note", "meta", "annotator"])
def test_a_lone_surrogate_escape(empty, tmp_path, where):
    """ "\\udfff" (half a UTF-16 pair) in a title, note, meta or coder name: refused as JSON."""
    record = dict(DOCCANO)
    record[where] = {"key": "bad \udfff"} if where == "meta" else "bad \udfff"
    path = lines(tmp_path / "surrogate.jsonl", record)
    error = refused(empty, path, "doccano")
    assert "a lone surrogate escape (\\udfff) is not a character" in error
    assert error.startswith(f"{path}:1: not valid JSON")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"actors": 5}, "not a valid doccano record: 'int' object is not iterable"),
        ({"status": "weird"}, "not a valid record: 'weird' is not a valid ArticleStatus"),
        (
            {"actors": [{"id": "a", "name": "Pakistan", "type": "Country", "country": 2**63}]},
            "not a valid record: an actor's country must be a string, not 9223372036854775808",
        ),
        (  # found by the fuzz tests: a list where a string belongs
            {"actors": [{"id": "a", "name": "Pakistan", "type": "Country", "country": []}]},
            "not a valid record: an actor's country must be a string, not []",
        ),
        ({"label": [[13.0, 21, "Country"]]}, "label[0]: start and end must be integers"),
    ],
)
def test_values_of_the_wrong_shape(empty, tmp_path, change, message):
    """A number where a list belongs, an unknown status, a 64-bit overflow, a float offset."""
    path = lines(tmp_path / "shape.jsonl", {**DOCCANO, **change})
    assert refused(empty, path, "doccano") == f"{path}:1: {message}"
