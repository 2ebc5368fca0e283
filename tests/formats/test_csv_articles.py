"""CSV of articles: a chosen text column, other columns as meta, bad rows named by line."""

from __future__ import annotations

import pytest

from annotator.core.errors import InputError


def test_csv_rows_become_articles_with_meta(session, tmp_path):
    """Each row is an article; title/date/source are used, the rest goes to meta."""
    path = tmp_path / "news.csv"
    path.write_text(
        "headline,body,date,outlet\n"
        'Gwadar port,"China and Pakistan opened the port, officials said.",2021-04-01,Dawn\n'
        "Second,A second article about the corridor.,,Express\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="no column 'text' .*headline, body, date, outlet"):
        session.import_paths([path])
    report = session.import_paths([path], options={"text_column": "body"})
    assert report.articles_added == 2
    newest = session.article_summaries()[-2:]
    first = session.article(newest[0].id)
    assert first.text == "China and Pakistan opened the port, officials said."
    assert (first.date, first.meta) == ("2021-04-01", {"headline": "Gwadar port", "outlet": "Dawn"})


def test_bad_csv_row_is_named_and_nothing_is_stored(session, tmp_path):
    """An empty text or a bad date names the file and line; no row is stored."""
    path = tmp_path / "bad.csv"
    path.write_text("text,date\nFine article text here.,2020-01-01\n,2020-01-02\n", "utf-8")
    before = session.article_count()
    with pytest.raises(InputError, match=r"bad.csv:3: the article is empty"):
        session.import_paths([path])
    assert session.article_count() == before
