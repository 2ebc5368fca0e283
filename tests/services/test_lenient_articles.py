"""`lenient` leaves out exactly the bad records — a .txt article that cannot be read, a broken
line or a record without text in a JSONL or doccano file — stores the rest and reports each;
without it, any of them stops the import, storing nothing (issue 13, point 7)."""

from __future__ import annotations

import json

import pytest

from annotator.core.errors import InputError


def texts(tmp_path, bad: bytes = b"caf\xe9 au lait"):
    folder = tmp_path / "texts"
    folder.mkdir()
    for n in range(3):
        (folder / f"good{n}.txt").write_text(f"Article {n} on the corridor.", encoding="utf-8")
    (folder / "bad.txt").write_bytes(bad)
    return folder


def test_lenient_skips_an_unreadable_text_file(empty, tmp_path):
    """The three good files are stored; the bad one is reported as skipped, with its reason."""
    folder = texts(tmp_path)
    report = empty.import_paths([folder], lenient=True)
    assert (report.articles_added, report.skipped) == (3, 1)
    [warning] = report.warnings
    assert warning.path == str(folder / "bad.txt")
    assert warning.message.startswith("skipped: not UTF-8 text")
    assert empty.article_count() == 3


def test_without_lenient_a_bad_text_file_stores_nothing(empty, tmp_path):
    """All or nothing: the bad file fails the import, naming it."""
    with pytest.raises(InputError, match="bad.txt:1: not UTF-8 text"):
        empty.import_paths([texts(tmp_path)])
    assert empty.article_count() == 0


def articles_with_bad_lines(tmp_path, name="articles.jsonl"):
    path = tmp_path / name
    lines = [json.dumps({"text": f"Article {n} on the corridor."}) for n in range(3)]
    lines.insert(1, '{"text": broken')
    lines.insert(3, json.dumps({"title": "no text"}))
    path.write_bytes(("\n".join(lines) + "\n").encode() + b"caf\xe9 au lait\n")
    return path


def test_lenient_skips_exactly_the_bad_lines_of_a_jsonl_file(empty, tmp_path):
    """A broken line, a record without text and a line that is not UTF-8 are skipped and
    reported with their line numbers; the three good articles are stored."""
    path = articles_with_bad_lines(tmp_path)
    report = empty.import_paths([path], lenient=True)
    assert (report.articles_added, report.skipped) == (3, 3)
    assert [(w.line, w.message.split(":")[0]) for w in report.warnings] == [
        (2, "skipped"),
        (4, "skipped"),
        (6, "skipped"),
    ]
    assert "not valid JSON" in report.warnings[0].message
    assert 'missing "text"' in report.warnings[1].message
    assert "not UTF-8" in report.warnings[2].message
    assert empty.article_count() == 3


def test_without_lenient_a_bad_line_stores_nothing(empty, tmp_path):
    with pytest.raises(InputError, match="articles.jsonl:2: not valid JSON") as caught:
        empty.import_paths([articles_with_bad_lines(tmp_path)])
    assert [p.line for p in caught.value.problems] == [2, 4, 6]
    assert all(p.skippable for p in caught.value.problems)
    assert empty.article_count() == 0


def test_lenient_skips_a_doccano_record_without_text(empty, tmp_path):
    path = tmp_path / "doccano.jsonl"
    records = [
        {"text": "Gwadar port opened.", "label": [[0, 6, "Country"]]},
        {"label": [[0, 6, "Country"]]},
        {"text": "Beijing said so.", "label": [[0, 7, "Country"]]},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    report = empty.import_paths([path], format_name="doccano", lenient=True)
    assert (report.records, report.skipped) == (2, 1)
    assert report.warnings[0].line == 2 and 'missing "text"' in report.warnings[0].message


def test_a_file_that_cannot_be_read_is_no_record_to_skip(empty, tmp_path):
    """The window offers "Skip bad records" only where skipping helps: not for a file that
    cannot be read at all."""
    missing = tmp_path / "gone.jsonl"
    with pytest.raises(InputError) as caught:
        empty.import_paths([missing], format_name="jsonl", lenient=True)
    assert [p.skippable for p in caught.value.problems] == [False]
