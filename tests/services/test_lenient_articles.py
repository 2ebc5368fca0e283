"""`lenient` leaves out a .txt article that cannot be read, and only that; a bad line of a file
of many records still stops the import, storing nothing."""

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


def test_lenient_still_stops_at_a_bad_line_of_many_records(empty, tmp_path):
    """A JSONL of articles with one broken line is refused whole, even lenient."""
    path = tmp_path / "articles.jsonl"
    lines = [json.dumps({"text": f"Article {n} on the corridor."}) for n in range(3)]
    lines.insert(1, '{"text": broken')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="articles.jsonl:2"):
        empty.import_paths([path], lenient=True)
    assert empty.article_count() == 0
