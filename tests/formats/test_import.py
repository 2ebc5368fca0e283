"""Importing articles: .txt files, folders and JSONL article lines; errors are clear and atomic."""

import json

import pytest

from annotator.core.errors import InputError
from annotator.core.model import ArticleFilter, MarkKind
from annotator.core.text import article_id
from annotator.services.imports import ImportCancelledError
from annotator.session import Session
from tests.conftest import add


def write_jsonl(path, *objects):
    """Write each object as one JSON line; strings are written as they are."""
    lines = [o if isinstance(o, str) else json.dumps(o, ensure_ascii=False) for o in objects]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def import_error(session, *paths):
    """Import paths, expecting InputError; return its message."""
    with pytest.raises(InputError) as info:
        session.import_paths(list(paths))
    return str(info.value)


# -- plain text -----------------------------------------------------------------------------


def test_txt_file_is_imported_with_title_date_and_source(empty, tmp_path):
    """A .txt article gets its leading date, a guessed title and its file name as source."""
    path = tmp_path / "story.txt"
    path.write_text("date 2021-02-03 Pakistan and China sign a deal\r\n\r\nMore text.", encoding="utf-8")
    report = empty.import_paths([path])
    assert report.articles_added == 1
    (summary,) = empty.article_summaries()
    article = empty.article(summary.id)
    assert article.text == "date 2021-02-03 Pakistan and China sign a deal\n\nMore text."
    assert article.id == article_id(article.text)
    assert (article.date, article.title, article.source) == (
        "2021-02-03",
        "Pakistan and China sign a deal",
        "story.txt",
    )


def test_txt_with_bom_is_stored_without_it(empty, tmp_path):
    """A UTF-8 BOM at the start of a .txt file is not part of the stored text."""
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffChina and Pakistan agree".encode("utf-8"))
    empty.import_paths([path])
    assert empty.article(empty.article_summaries()[0].id).text == "China and Pakistan agree"


def test_non_utf8_txt_names_file_and_line(empty, tmp_path):
    """A Latin-1 .txt is refused with its path, line 1 and 'not UTF-8'."""
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"caf\xe9")
    message = import_error(empty, path)
    assert message.startswith(f"{path}:1: not UTF-8 text")
    assert "0xe9" in message
    assert empty.article_count() == 0


def test_non_utf8_txt_reports_the_line_of_the_bad_byte(empty, tmp_path):
    """The line number counts the newlines before the first bad byte."""
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"line one\nline two\nline three caf\xe9\n")
    assert import_error(empty, path).startswith(f"{path}:3: not UTF-8 text")


def test_empty_txt_is_refused(empty, tmp_path):
    """An empty (white space only) .txt is refused as empty, naming the file."""
    path = tmp_path / "empty.txt"
    path.write_text(" \n\t\n", encoding="utf-8")
    message = import_error(empty, path)
    assert message == f"{path}: the article is empty (no text besides white space)"
    assert empty.article_count() == 0


def test_folder_with_one_bad_file_stores_nothing(empty, tmp_path):
    """In a folder of three files with one bad one, nothing is imported."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("First article about CPEC security.", encoding="utf-8")
    (folder / "b.txt").write_bytes(b"Second \xff article")
    (folder / "c.txt").write_text("Third article about trade.", encoding="utf-8")
    message = import_error(empty, folder)
    assert f"{folder / 'b.txt'}:1: not UTF-8" in message
    assert "a.txt" not in message and "c.txt" not in message
    assert empty.article_count() == 0


def test_folder_imports_txt_files_in_path_order(empty, tmp_path):
    """A folder's .txt files (also in subfolders) are imported sorted; other files are ignored."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "b.txt").write_text("Beta article text here.", encoding="utf-8")
    (folder / "a.TXT").write_text("Alpha article text here.", encoding="utf-8")
    (folder / "sub" / "c.txt").write_text("Gamma article text here.", encoding="utf-8")
    (folder / "notes.md").write_text("not an article", encoding="utf-8")
    report = empty.import_paths([folder])
    assert report.articles_added == 3
    assert [s.title for s in empty.article_summaries()] == [
        "Alpha article text here.",
        "Beta article text here.",
        "Gamma article text here.",
    ]


def test_folder_without_txt_files_is_refused(empty, tmp_path):
    """A folder with no .txt files is an error."""
    folder = tmp_path / "nothing"
    folder.mkdir()
    assert import_error(empty, folder) == f"{folder}: no .txt files in folder"


def test_missing_path_is_refused(empty, tmp_path):
    """A path that does not exist is reported."""
    path = tmp_path / "ghost.txt"
    assert import_error(empty, path) == f"{path}: no such file or folder"


def test_unsupported_extension_is_refused(empty, tmp_path):
    """A .docx file is refused naming the supported types."""
    path = tmp_path / "articles.docx"
    path.write_text("text\nhello\n", encoding="utf-8")
    message = import_error(empty, path)
    assert message.startswith(f"{path}: unsupported file type (known: .txt, .csv, .jsonl")


def test_one_bad_path_among_good_ones_stores_nothing(empty, tmp_path):
    """A good .txt and a missing path in one import: nothing is stored."""
    good = tmp_path / "good.txt"
    good.write_text("A perfectly good article.", encoding="utf-8")
    import_error(empty, good, tmp_path / "missing.txt")
    assert empty.article_count() == 0


def test_many_problems_are_capped_at_twenty(empty, tmp_path):
    """With more than 20 problems the message shows 20, says how many more, and counts them
    by kind."""
    path = write_jsonl(tmp_path / "bad.jsonl", *(["{"] * 25))
    with pytest.raises(InputError) as info:
        empty.import_paths([path])
    assert len(info.value.problems) == 25
    message = str(info.value)
    assert f"{path}:20:" in message and f"{path}:21:" not in message
    assert message.endswith("… and 5 more\n25 problem(s): 25 not JSON")
    assert info.value.kinds == {"not JSON": 25}


def test_problems_are_counted_by_kind(empty, tmp_path):
    """Problems of several kinds: the message ends with how many of each (the codes shells
    group by, never parsed from the message)."""
    path = write_jsonl(
        tmp_path / "mixed.jsonl", "{", '{"title": "no text"}', "[1]", "{", '{"text": 5}'
    )
    with pytest.raises(InputError) as info:
        empty.import_paths([path])
    assert info.value.kinds == {"not JSON": 2, "missing text": 2, "not an object": 1}
    assert str(info.value).endswith("5 problem(s): 2 missing text, 2 not JSON, 1 not an object")


# -- JSONL article lines --------------------------------------------------------------------


def test_jsonl_article_lines_with_fields(empty, tmp_path):
    """JSONL article lines keep their title, date, source and meta."""
    path = write_jsonl(
        tmp_path / "a.jsonl",
        {
            "text": "Pakistan and China agree on 🇵🇰 security.",
            "title": "  Agreement  ",
            "date": "2020-05-06T10:00:00Z",
            "source": "Dawn",
            "meta": {"url": "https://example.org/x", "n": 3},
        },
        "",
        {"text": "date 2018-01-01 A second article without fields."},
    )
    report = empty.import_paths([path])
    assert report.articles_added == 2
    first, second = (empty.article(s.id) for s in empty.article_summaries())
    assert (first.title, first.date, first.source, first.meta) == (
        "Agreement",
        "2020-05-06",
        "Dawn",
        {"n": 3, "url": "https://example.org/x"},
    )
    assert first.text == "Pakistan and China agree on 🇵🇰 security."
    assert (second.title, second.date, second.source, second.meta) == (
        "A second article without fields.",
        "2018-01-01",
        None,
        {},
    )


def test_jsonl_ndjson_extension_is_accepted(empty, tmp_path):
    """A .ndjson file is read as JSONL."""
    path = write_jsonl(tmp_path / "a.ndjson", {"text": "An article in ndjson form."})
    assert empty.import_paths([path]).articles_added == 1


def test_jsonl_malformed_line_names_file_and_line(empty, tmp_path):
    """A malformed line 3 is reported as <path>:3 and nothing is stored."""
    path = write_jsonl(
        tmp_path / "a.jsonl",
        {"text": "First article."},
        {"text": "Second article."},
        '{"text": "Third article.",',
    )
    message = import_error(empty, path)
    assert message.startswith(f"{path}:3: not valid JSON")
    assert empty.article_count() == 0


def test_jsonl_line_that_is_not_an_object(empty, tmp_path):
    """A JSON array line is refused as not an object."""
    path = write_jsonl(tmp_path / "a.jsonl", [1, 2])
    assert import_error(empty, path) == f"{path}:1: expected a JSON object per line"


def test_jsonl_missing_text(empty, tmp_path):
    """An article line without text is refused."""
    path = write_jsonl(tmp_path / "a.jsonl", {"title": "No text"})
    assert import_error(empty, path) == f'{path}:1: missing "text" (a string) for the article'


def test_jsonl_wrong_field_types(empty, tmp_path):
    """A numeric title and a list meta are both reported."""
    path = write_jsonl(tmp_path / "a.jsonl", {"text": "x y z", "title": 5, "meta": [1]})
    message = import_error(empty, path)
    assert f'{path}:1: "title" must be a string' in message
    assert f'{path}:1: "meta" must be an object' in message


@pytest.mark.parametrize("bad", ["30/07/2019", "2019-7-30", "July 30, 2019", ""])
def test_jsonl_bad_date(empty, tmp_path, bad):
    """A date not in YYYY-MM-DD form is refused, quoting it."""
    path = write_jsonl(tmp_path / "a.jsonl", {"text": "An article.", "date": bad})
    assert import_error(empty, path) == f"{path}:1: date {bad!r} is not a YYYY-MM-DD calendar date"
    assert empty.article_count() == 0


@pytest.mark.parametrize("bad", ["2019-02-30", "2019-13-01"])
def test_jsonl_impossible_date_is_refused(empty, tmp_path, bad):
    """A date that does not exist in the calendar is refused."""
    path = write_jsonl(tmp_path / "a.jsonl", {"text": "An article.", "date": bad})
    with pytest.raises(InputError):
        empty.import_paths([path])


def test_jsonl_empty_text_is_refused(empty, tmp_path):
    """An article line with blank text is refused."""
    path = write_jsonl(tmp_path / "a.jsonl", {"text": "   "})
    assert "the article is empty" in import_error(empty, path)


def test_jsonl_non_utf8_names_line(empty, tmp_path):
    """A JSONL file with a Latin-1 byte on line 2 is refused naming line 2."""
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"text": "ok"}\n{"text": "caf\xe9"}\n')
    assert import_error(empty, path).startswith(f"{path}:2: not UTF-8 text")


def test_jsonl_and_txt_duplicate_is_stored_once(empty, tmp_path):
    """The same text from a .txt and a JSONL line is one article (same content hash)."""
    txt = tmp_path / "a.txt"
    txt.write_text("Same text in both files.", encoding="utf-8")
    jl = write_jsonl(tmp_path / "a.jsonl", {"text": "Same text in both files."})
    report = empty.import_paths([txt, jl])
    assert (report.articles_added, report.articles_present) == (1, 1)
    assert empty.article_count() == 1


# -- large imports: streamed, one transaction, the search index built once -------------------


def search_triggers(session):
    """Return the names of the triggers that keep the search index in step with articles."""
    rows = session.store.db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'articles_fts%' "
        "ORDER BY name"
    )
    return [r[0] for r in rows]


def many_articles(path, n, bad_line=None):
    """Write n article lines (line bad_line, 1-based, broken) and return the path."""
    lines = [
        {"text": f"Article {i} about the corridor and zebrafinch{i}.", "title": f"T{i}"}
        for i in range(n)
    ]
    if bad_line is not None:
        lines[bad_line - 1] = '{"text": "cut off'
    return write_jsonl(path, *lines)


def test_imported_articles_are_searchable_and_the_triggers_are_back(empty, tmp_path):
    """A bulk import indexes its new rows once; later edits are indexed by the triggers again."""
    triggers = search_triggers(empty)
    assert len(triggers) == 3
    empty.import_paths([write_jsonl(tmp_path / "one.jsonl", {"text": "An old zebrafinch."})])
    report = empty.import_paths([many_articles(tmp_path / "a.jsonl", 2500)])
    assert (report.articles_added, empty.article_count()) == (2500, 2501)
    assert search_triggers(empty) == triggers
    found = empty.article_summaries(filter=ArticleFilter(text="zebrafinch1234"))
    assert [s.title for s in found] == ["T1234"]
    assert empty.article_count(ArticleFilter(text="corridor")) == 2500
    path = tmp_path / "later.txt"
    path.write_text("A later article about pelicans.", encoding="utf-8")
    empty.import_paths([path])
    assert empty.article_count(ArticleFilter(text="pelicans")) == 1


def test_a_bad_last_line_stores_nothing_and_leaves_the_index_whole(empty, tmp_path):
    """Articles stored before the bad line are rolled back, with the triggers and index."""
    empty.import_paths([write_jsonl(tmp_path / "one.jsonl", {"text": "A first pelican."})])
    triggers = search_triggers(empty)
    path = many_articles(tmp_path / "a.jsonl", 3000, bad_line=3000)
    assert import_error(empty, path).startswith(f"{path}:3000: not valid JSON")
    assert empty.article_count() == 1
    assert search_triggers(empty) == triggers
    assert empty.article_count(ArticleFilter(text="pelican")) == 1
    assert empty.article_count(ArticleFilter(text="corridor")) == 0


def test_every_problem_of_a_large_file_is_reported(empty, tmp_path):
    """The check goes on after the first problem, so that one import lists them all."""
    lines = [{"text": f"Article {i}."} for i in range(2000)]
    lines[10] = {"title": "no text"}
    lines[1500] = "[1]"
    path = write_jsonl(tmp_path / "a.jsonl", *lines)
    with pytest.raises(InputError) as info:
        empty.import_paths([path])
    assert [p.line for p in info.value.problems] == [11, 1501]
    assert empty.article_count() == 0


def test_a_wholly_wrong_file_stops_being_checked(empty, tmp_path):
    """After 1000 problems the check stops (and says so): memory stays small."""
    path = write_jsonl(tmp_path / "a.jsonl", *(["{"] * 1500))
    with pytest.raises(InputError) as info:
        empty.import_paths([path])
    problems = info.value.problems
    assert len(problems) == 1001
    assert str(problems[-1]) == f"{path}: stopped checking after 1000 problems"


def test_known_and_repeated_articles_are_counted_as_present(empty, tmp_path):
    """Content-hash ids: an article already stored, or repeated in the file, is not added."""
    empty.import_paths([many_articles(tmp_path / "a.jsonl", 1200)])
    again = many_articles(tmp_path / "b.jsonl", 1500)
    with again.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"text": "Article 1400 about the corridor and zebrafinch1400."}))
        handle.write("\n")
    report = empty.import_paths([again])
    assert (report.articles_added, report.articles_present) == (300, 1201)
    assert empty.article_count() == 1500


def test_cancel_in_the_middle_of_a_file_stores_nothing(empty, tmp_path):
    """Progress reports come while a large file is read; False stops and rolls back."""
    path = many_articles(tmp_path / "a.jsonl", 5000)
    triggers = search_triggers(empty)
    seen = []

    def cancel_half_way(done, total):
        seen.append((done, total))
        return done < total // 4

    with pytest.raises(ImportCancelledError):
        empty.import_paths([path], progress=cancel_half_way)
    assert empty.article_count() == 0 and search_triggers(empty) == triggers
    assert len(seen) > 2 and all(t == path.stat().st_size for _d, t in seen)
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)


def test_progress_covers_reading_and_storing_records(empty, tmp_path):
    """A file with annotation records is read once to check it and once for its records."""
    source = tmp_path / "coded.jsonl"
    first = Session.open(tmp_path / "first.db", "alice")
    first.import_bundled_corpus()
    for summary in first.article_summaries():
        add(first, summary.id, MarkKind.ACTOR, "China", "Country")
    first.export_file(source)
    first.close()
    seen = []
    report = empty.import_paths([source], progress=lambda d, t: seen.append((d, t)) or True)
    assert report.records == 5
    size = source.stat().st_size
    assert seen[0] == (0, size) and seen[-1][1] == 2 * size
    assert all(d <= t for d, t in seen)


def test_a_file_changed_between_its_two_reads_is_refused(empty, tmp_path):
    """Records are read a second time to be stored: a file changed meanwhile stores nothing."""
    source = tmp_path / "coded.jsonl"
    first = Session.open(tmp_path / "first.db", "alice")
    first.import_bundled_corpus()
    add(first, first.article_summaries()[0].id, MarkKind.ACTOR, "China", "Country")
    first.export_file(source)
    first.close()
    size = source.stat().st_size

    def change_when_storing_records(done, total):
        if total > size:  # the second read (of the records) begins
            with source.open("a", encoding="utf-8") as handle:
                handle.write('{"text": "A line written during the import."}\n')
        return True

    message = import_error_with(empty, source, progress=change_when_storing_records)
    assert message == f"{source}: the file changed while it was imported; import it again"
    assert empty.article_count() == 0


def import_error_with(session, *paths, **kwargs):
    """Import paths with options, expecting InputError; return its message."""
    with pytest.raises(InputError) as info:
        session.import_paths(list(paths), **kwargs)
    return str(info.value)
