"""Filtering the article list by status, dates, label, actor and full-text search; statuses."""

from __future__ import annotations

import json
import sqlite3

import pytest
from sqlite_utils import Database

from annotator.core.errors import NotFoundError, ValidationError
from annotator.core.model import ArticleFilter, ArticleStatus, DocumentLabels, MarkKind
from annotator.core.text import article_id
from annotator.session import Session
from annotator.storage import Store
from annotator.storage import article_filter as filter_sql
from annotator.storage.article_filter import ArticleFilterSql, fts_query
from annotator.storage.migrations import known_migration_names, migrations
from tests.conftest import add

DONE, NEW, IN_PROGRESS, SKIPPED = (
    ArticleStatus.DONE,
    ArticleStatus.NEW,
    ArticleStatus.IN_PROGRESS,
    ArticleStatus.SKIPPED,
)

# (title, date, text) of the test project's articles, in import order: a0 … a4.
ARTICLES = [
    ("Talks in Zürich", "2019-01-10", "Delegates met in Zürich on the China-Pakistan corridor."),
    ("Corridor security", "2020-06-01", "Pakistan said security for Chinese workers will improve."),
    ("Undated note", None, "The corridor links Xinjiang with the port of Gwadar."),
    ("Economic outlook", "2021-12-31", 'Economists expect growth; the "all-weather" ties hold.'),
    ("Kashmir statement", "2022-03-15", "India rejected the statement on Kashmir by Beijing."),
]


@pytest.fixture
def project(tmp_path):
    """Return (session as alice, article ids) for five articles with statuses and marks.

    alice: a0 done, a1 in progress, a3 skipped, a2 and a4 new; bob: a2 done. alice marks
    "Pakistan" (Country) in a1, "India" (Country) in a4 and a claim in a4 spoken by India
    about Pakistan; bob marks "Zürich" in a0 as a Country. (A first mark moves an article to
    in progress: a4 and bob's a0 are set back to new.)
    """
    source = tmp_path / "articles.jsonl"
    source.write_text(
        "\n".join(
            json.dumps({"title": title, "text": text, **({"date": date} if date else {})})
            for title, date, text in ARTICLES
        ),
        encoding="utf-8",
    )
    session = Session.open(tmp_path / "filter.db", "alice")
    session.import_paths([source])
    ids = [s.id for s in session.article_summaries()]
    session.set_status(ids[0], DONE)
    session.set_status(ids[1], IN_PROGRESS)
    session.set_status(ids[3], SKIPPED)
    pakistan = add(session, ids[1], MarkKind.ACTOR, "Pakistan", "Country")
    add(session, ids[4], MarkKind.ACTOR, "India", "Country")
    claim = add(session, ids[4], MarkKind.CLAIM, "rejected the statement", "Kashmir/sovereignty")
    session.update_mark(claim.with_changes(target_id=pakistan.actor_id))
    session.set_status(ids[4], NEW)  # a first mark moved it to in progress: back to new
    session.set_annotator("bob")
    session.set_status(ids[2], DONE)
    add(session, ids[0], MarkKind.ACTOR, "Zürich", "Country")
    session.set_status(ids[0], NEW)
    session.set_annotator("alice")
    yield session, ids
    session.close()


@pytest.fixture(params=["sets", "walk"])
def any_start(request, monkeypatch):
    """Run a test with queries starting from the filters' sets, then walking the list.

    With five articles every set is small; "walk" makes none small, as with a label in a
    quarter of 100k articles, so that pages walk the list and counts start from a big set.
    """
    if request.param == "walk":
        monkeypatch.setattr(filter_sql, "SMALL_SET", -1)
    return request.param


def listed(session, **fields):
    """Return the positions (0-4 in the test project) of the articles a filter lists."""
    ids = [s.id for s in session.article_summaries()]  # unfiltered: every article, in order
    return [ids.index(s.id) for s in session.article_summaries(filter=ArticleFilter(**fields))]


# -- each filter alone ------------------------------------------------------------------------


def test_no_filter_lists_everything_in_import_order(project):
    """Without a filter (or with an empty one) every article is listed, in import order."""
    session, ids = project
    assert [s.id for s in session.article_summaries(filter=ArticleFilter())] == ids
    assert [s.title for s in session.article_summaries()] == [a[0] for a in ARTICLES]
    assert session.article_count() == session.article_count(ArticleFilter()) == 5
    assert ArticleFilter().is_empty() and not ArticleFilter(text="x").is_empty()


@pytest.mark.parametrize(
    "statuses,expected",
    [
        ({DONE}, [0]),
        ({NEW}, [2, 4]),  # a2 is done for bob, not for alice
        ({IN_PROGRESS}, [1]),
        ({SKIPPED}, [3]),
        ({NEW, IN_PROGRESS}, [1, 2, 4]),  # "not done"
        (set(ArticleStatus), [0, 1, 2, 3, 4]),
    ],
)
def test_status_filter(any_start, project, statuses, expected):
    """A status filter lists the current coder's articles with those statuses ("new" = no row)."""
    session, _ = project
    assert listed(session, statuses=frozenset(statuses)) == expected
    assert session.article_count(ArticleFilter(statuses=frozenset(statuses))) == len(expected)


def test_status_filter_is_the_current_coders(project):
    """Another coder sees their own statuses: bob has only a2 done."""
    session, _ = project
    session.set_annotator("bob")
    assert listed(session, statuses=frozenset({DONE})) == [2]
    assert listed(session, statuses=frozenset({NEW})) == [0, 1, 3, 4]


def test_statuses_may_be_given_as_strings():
    """The filter turns status strings into ArticleStatus and strips the search text."""
    article_filter = ArticleFilter(statuses=frozenset({"done"}), text="  corridor ")
    assert article_filter.statuses == frozenset({DONE})
    assert article_filter.text == "corridor"


@pytest.mark.parametrize(
    "date_from,date_to,expected",
    [
        ("2020-01-01", None, [1, 3, 4]),
        (None, "2020-06-01", [0, 1]),  # the upper bound is inclusive
        ("2020-06-01", "2020-06-01", [1]),  # so is the lower
        ("2019-01-11", "2021-12-30", [1]),
        ("2023-01-01", None, []),
        (None, None, [0, 1, 2, 3, 4]),  # the undated a2 is only listed without bounds
    ],
)
def test_date_filter(any_start, project, date_from, date_to, expected):
    """Date bounds are inclusive and leave out undated articles once any bound is set."""
    session, _ = project
    assert listed(session, date_from=date_from, date_to=date_to) == expected


@pytest.mark.parametrize("bad", ["2020-13-01", "2020/01/02", "20200102", "yesterday", ""])
def test_malformed_date_is_refused(project, bad):
    """A date bound that is not a real YYYY-MM-DD date is a ValidationError, not a silent miss."""
    session, _ = project
    with pytest.raises(ValidationError, match="is not a date as YYYY-MM-DD"):
        session.article_summaries(filter=ArticleFilter(date_from=bad))
    with pytest.raises(ValidationError):
        session.article_count(ArticleFilter(date_to=bad))


def test_label_filter(any_start, project):
    """A label filter lists the articles where the current coder used that label."""
    session, _ = project
    assert listed(session, label=(MarkKind.ACTOR, "Country")) == [1, 4]
    assert listed(session, label=(MarkKind.CLAIM, "Kashmir/sovereignty")) == [4]
    assert listed(session, label=(MarkKind.ACTOR, "Person")) == []
    assert listed(session, label=("claim", "Kashmir/sovereignty")) == [4]  # kind as a string
    session.set_annotator("bob")
    assert listed(session, label=(MarkKind.ACTOR, "Country")) == [0]


def test_actor_filter_matches_any_role(any_start, project):
    """An actor filter lists articles whose marks refer to it as mention, speaker or target."""
    session, _ = project
    by_name = {a.name: a.id for a in session.actors()}
    assert listed(session, actor_id=by_name["Pakistan"]) == [1, 4]  # mention in a1, target in a4
    assert listed(session, actor_id=by_name["India"]) == [4]  # mention and claim speaker
    assert listed(session, actor_id=by_name["Zürich"]) == []  # only bob refers to it
    session.set_annotator("bob")
    assert listed(session, actor_id=by_name["Zürich"]) == [0]


# -- full-text search -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("zurich", [0]),  # diacritics are ignored …
        ("ZÜRICH", [0]),  # … and so is case
        ("Zurich talks", [0]),  # title words count too
        ("corridor", [0, 1, 2]),
        ("corridor pakistan", [0, 1]),  # every word must occur
        ("China-Pakistan", [0]),  # a hyphenated word is a phrase: "china pakistan"
        ("Pakistan-China", []),
        ("econ", [3]),  # the last word is a prefix
        ("Gwad", [2]),
        ("econ* outl", [3]),  # an explicit * makes an earlier word a prefix too
        ("econ outlook", []),  # … without it, only the last one is
        ('"all-weather" ties', [3]),
        ('"Kashmir statement"', [4]),  # a quoted phrase
        ('"statement Kashmir"', []),
    ],
)
def test_text_search(any_start, project, text, expected):
    """Search words match title and text, ignoring case and accents; the last one as prefix."""
    session, _ = project
    assert listed(session, text=text) == expected
    assert session.article_count(ArticleFilter(text=text)) == len(expected)


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '"""',
        'China-"Pakistan',
        '"unbalanced quote',
        "AND",
        "OR NOT",
        "corridor OR",
        "NEAR(a b)",
        "(",
        ")",
        "*",
        "title:corridor",
        "^corridor",
        "-corridor",
        "'single",
        "a + b",
        "{title text}: x",
        "x\x00y",
        "🇵🇰",
    ],
)
def test_user_input_never_breaks_the_query(project, text):
    """Punctuation, FTS5 operators and stray quotes are searched as words, never parsed."""
    session, _ = project
    rows = session.article_summaries(filter=ArticleFilter(text=text))
    assert session.article_count(ArticleFilter(text=text)) == len(rows)


def test_operators_are_words_not_syntax(project):
    """Typing AND, OR or NOT searches for those words rather than combining others."""
    session, _ = project
    assert listed(session, text="corridor OR Kashmir") == []  # "or" is not in those articles
    assert listed(session, text="Kashmir") == [4]
    assert listed(session, text="-Kashmir") == [4]  # no NOT: the minus is punctuation


def test_input_with_nothing_searchable_filters_nothing(project):
    """Input without a letter or digit (a lone quote, a dash) leaves the list unfiltered."""
    session, _ = project
    for text in ('"', "-", " * ", "🇵🇰"):
        assert listed(session, text=text) == [0, 1, 2, 3, 4], text


@pytest.mark.parametrize(
    "text,query",
    [
        ("China-Pakistan talks", '"China-Pakistan" "talks"*'),
        ('say "hello world" now', '"say" "hello world" "now"*'),
        ('it"s', '"it s"*'),
        ("econ* outl", '"econ"* "outl"*'),
        ("  - \" ' ", None),
        ("", None),
    ],
)
def test_fts_query_quotes_every_word(text, query):
    """Each word or quoted phrase becomes an FTS5 string; the last one gets a prefix star."""
    assert fts_query(text) == query


# -- combined, paging, next ------------------------------------------------------------------


def test_filters_combine_with_and(any_start, project):
    """Status, dates, label, actor and text filters all have to hold."""
    session, _ = project
    not_done = frozenset({NEW, IN_PROGRESS})
    assert listed(session, statuses=not_done, text="corridor") == [1, 2]
    assert listed(session, statuses=not_done, text="corridor", date_from="2019-01-01") == [1]
    pakistan = next(a.id for a in session.actors() if a.name == "Pakistan")
    assert listed(session, actor_id=pakistan, label=(MarkKind.ACTOR, "Country")) == [1, 4]
    assert listed(session, actor_id=pakistan, date_to="2021-01-01") == [1]
    assert listed(session, actor_id=pakistan, text="Kashmir", statuses=not_done) == [4]
    assert listed(session, actor_id=pakistan, text="Kashmir", statuses=frozenset({DONE})) == []


def test_pages_and_count_agree(any_start, tmp_path):
    """Pages by offset and pages after an id both add up to the whole list and to its count."""
    source = tmp_path / "many.jsonl"
    source.write_text(
        "\n".join(
            json.dumps({"text": f"Report {i} on the {'corridor' if i % 3 else 'port'} project."})
            for i in range(40)
        ),
        encoding="utf-8",
    )
    session = Session.open(tmp_path / "many.db", "alice")
    session.import_paths([source])
    article_filter = ArticleFilter(text="corridor")
    whole = [s.id for s in session.article_summaries(filter=article_filter)]
    assert len(whole) == session.article_count(article_filter) == 26
    by_offset = [
        s.id
        for offset in range(0, 30, 7)
        for s in session.article_summaries(offset, 7, article_filter)
    ]
    by_key, after = [], None
    while page := session.article_summaries(0, 7, article_filter, after_id=after):
        by_key += [s.id for s in page]
        after = page[-1].id
    assert by_offset == by_key == whole
    assert [s.title for s in session.article_summaries(0, 2, article_filter)] == [
        "Report 1 on the corridor project.",
        "Report 2 on the corridor project.",
    ]
    session.close()


def test_next_article_id(any_start, project):
    """The next article after one, in list order, that the filter selects (None at the end)."""
    session, ids = project
    not_done = ArticleFilter(statuses=frozenset({NEW, IN_PROGRESS}))
    assert session.next_article_id(ids[0], not_done) == ids[1]
    assert session.next_article_id(ids[1], not_done) == ids[2]
    assert session.next_article_id(ids[2], not_done) == ids[4]  # a3 is skipped
    assert session.next_article_id(ids[4], not_done) is None
    assert session.next_article_id(None, not_done) == ids[1]
    assert session.next_article_id(ids[3]) == ids[4]  # without a filter: simply the next one
    session.set_status(ids[1], DONE)  # "done and next" from a1 still goes on to a2
    assert session.next_article_id(ids[1], not_done) == ids[2]


def test_article_matches(any_start, project):
    """article_matches says whether one article is in the filtered list."""
    session, ids = project
    done = ArticleFilter(statuses=frozenset({DONE}))
    assert session.article_matches(ids[0], done)
    assert not session.article_matches(ids[1], done)
    assert session.article_matches(ids[1], None)
    assert not session.article_matches("0" * 64, None)


def test_date_range(project, tmp_path):
    """The date range spans the earliest and latest dated articles; None when there are none."""
    session, _ = project
    assert session.article_date_range() == ("2019-01-10", "2022-03-15")
    empty = Session.open(tmp_path / "empty.db", "alice")
    assert empty.article_date_range() == (None, None)
    empty.close()


# -- status -----------------------------------------------------------------------------------


def test_set_status_returns_old_labels_and_emits(project):
    """set_status stores status and note, keeps the other labels, returns the old ones, emits."""
    session, ids = project
    session.set_document_labels(DocumentLabels(ids[4], "alice", tone="negative", note="first"))
    seen = []
    session.document_changed.connect(seen.append)
    old = session.set_status(ids[4], "in_progress")
    assert (old.status, old.note, old.tone) == (NEW, "first", "negative")
    stored = session.document_labels(ids[4])
    assert (stored.status, stored.note, stored.tone) == (IN_PROGRESS, "first", "negative")
    assert seen == [stored]
    session.set_status(ids[4], DONE, note="checked twice")
    assert session.document_labels(ids[4]).note == "checked twice"
    session.set_status(ids[4], DONE, note="")
    assert session.document_labels(ids[4]).note == ""


def test_set_status_can_be_undone_with_the_old_labels(project):
    """Passing back what set_status returned restores the article to "new" (no row at all)."""
    session, ids = project
    old = session.set_status(ids[2], DONE, note="later")
    session.set_document_labels(old)
    assert session.document_labels(ids[2]) == DocumentLabels(ids[2], "alice")
    rows = session.store.db.execute(
        "SELECT count(*) FROM document_labels WHERE article_id = ? AND annotator = 'alice'",
        [ids[2]],
    ).fetchone()
    assert rows == (0,)


def test_set_status_refuses_unknown_status_and_article(project):
    """An unknown status or article is refused and changes nothing."""
    session, ids = project
    with pytest.raises(ValidationError, match="unknown status 'finished'"):
        session.set_status(ids[4], "finished")
    with pytest.raises(NotFoundError):
        session.set_status("f" * 64, DONE)
    assert session.document_labels(ids[4]).status == NEW


def test_resolve_article_id(tmp_path):
    """A unique id prefix gives the id; an unknown or ambiguous one is a clear error."""
    session = Session.open(tmp_path / "ids.db", "alice")
    source = tmp_path / "a.jsonl"
    # 17 articles: two ids must share their first hex digit.
    source.write_text(
        "\n".join(json.dumps({"text": f"Article {i}."}) for i in range(17)), encoding="utf-8"
    )
    session.import_paths([source])
    ids = [s.id for s in session.article_summaries()]
    assert session.resolve_article_id(ids[5][:12]) == ids[5]
    assert session.resolve_article_id(ids[5][:12].upper() + " ") == ids[5]
    shared = next(c for c in "0123456789abcdef" if sum(i.startswith(c) for i in ids) >= 2)
    with pytest.raises(ValidationError, match=f"article id prefix '{shared}' is ambiguous"):
        session.resolve_article_id(shared)
    with pytest.raises(NotFoundError, match="no article id starts with 'xyz'"):
        session.resolve_article_id("xyz")
    with pytest.raises(ValidationError):
        session.resolve_article_id("  ")
    session.close()


# -- the search index -------------------------------------------------------------------------


def fts_ok(db) -> bool:
    """Say whether the search index agrees with the articles table (FTS5 integrity check)."""
    db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
    return True


def raw_article(text, title="Old article", date=None):
    """Return a row for a plain INSERT into articles, as annotator 0001 stored them."""
    return [article_id(text), title, date, None, "{}", text, "2020-01-01T00:00:00.000Z"]


def test_migration_0002_indexes_articles_of_an_existing_project(tmp_path):
    """A project created at 0001 that holds articles is searchable once opened (0002 applied)."""
    path = tmp_path / "old.db"
    db = Database(path)
    migrations.apply(db, stop_before="0002_article_search")
    for row in (
        raw_article("Zürich hosts the corridor talks.", "Old one", "2018-02-03"),
        raw_article("Gwadar port expands.", "Old two"),
    ):
        db.execute("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?)", row)
    db.conn.commit()
    assert "articles_fts" not in db.table_names()
    db.close()

    store = Store.open(path)
    assert [
        r[0] for r in store.db.execute("SELECT name FROM _sqlite_migrations ORDER BY id")
    ] == known_migration_names()
    found = store.article_summaries("alice", filter=ArticleFilter(text="zurich"))
    assert [s.title for s in found] == ["Old one"]
    assert store.count_articles(ArticleFilter(text="gwadar port"), "alice") == 1
    assert fts_ok(store.db)
    store.close()


def test_index_follows_inserts_updates_and_deletes(tmp_path):
    """Triggers keep the search index in step with every change to the articles table."""
    session = Session.open(tmp_path / "sync.db", "alice")
    source = tmp_path / "first.jsonl"
    source.write_text(json.dumps({"text": "The corridor opened in Quetta."}), encoding="utf-8")
    session.import_paths([source])
    more = tmp_path / "more.jsonl"
    more.write_text(
        json.dumps({"text": "Flights resumed from Peshawar."})
        + "\n"
        + json.dumps({"text": "Talks in Genève ended.", "title": "Genève"}),
        encoding="utf-8",
    )
    session.import_paths([more])

    def search(text):
        return [s.title for s in session.article_summaries(filter=ArticleFilter(text=text))]

    assert search("peshawar") == ["Flights resumed from Peshawar."]
    assert search("geneve") == ["Genève"]
    db = session.store.db
    with session.store.transaction():
        db.execute("UPDATE articles SET title = 'Renamed Lahore' WHERE title = 'Genève'")
    assert search("geneve") == ["Renamed Lahore"]  # still in the text
    assert search("lahore") == ["Renamed Lahore"]
    with session.store.transaction():
        db.execute("DELETE FROM articles WHERE title = 'Renamed Lahore'")
    assert search("lahore") == [] and search("geneve") == []
    assert search("quetta") == ["The corridor opened in Quetta."]
    assert fts_ok(db)
    session.close()


def test_reimporting_an_article_does_not_index_it_twice(session):
    """Importing the same corpus again adds nothing to the index either."""
    before = session.store.db.execute("SELECT count(*) FROM articles_fts").fetchone()
    session.import_bundled_corpus()
    assert session.store.db.execute("SELECT count(*) FROM articles_fts").fetchone() == before
    assert session.article_count(ArticleFilter(text="bajwa")) == 2
    assert fts_ok(session.store.db)


def test_integrity_check_catches_a_stale_index(tmp_path):
    """The check used above really fails when the index misses an article."""
    store = Store.open(tmp_path / "stale.db")
    store.db.execute("DROP TRIGGER articles_fts_after_insert")
    store.db.execute(
        "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?)", raw_article("Unindexed words here.")
    )
    with pytest.raises(sqlite3.DatabaseError):
        fts_ok(store.db)
    store.close()


# -- query plans ------------------------------------------------------------------------------


def plan(session, sql: ArticleFilterSql, query: str) -> list[str]:
    """Return SQLite's plan of a query, one step a line."""
    return [r[3] for r in session.store.db.execute(f"EXPLAIN QUERY PLAN {query}", sql.params)]


def full_scans(steps: list[str]) -> list[str]:
    """Return the steps that read a whole table (articles or marks) rather than an index range."""
    tables = ("a", "articles", "m", "marks")
    return [s for s in steps if s.startswith("SCAN") and "INDEX" not in s and s.split()[1] in tables]


FILTERS = {
    "actor": ArticleFilter(actor_id="some-actor"),
    "label": ArticleFilter(label=(MarkKind.CLAIM, "CPEC security")),
    "text": ArticleFilter(text="corridor"),
    "status": ArticleFilter(statuses=frozenset({DONE, IN_PROGRESS})),
    "queue": ArticleFilter(assigned_only=True),
    "all": ArticleFilter(
        statuses=frozenset({DONE, IN_PROGRESS}),
        label=(MarkKind.CLAIM, "CPEC security"),
        actor_id="some-actor",
        text="corr",
        date_from="2019-01-01",
        assigned_only=True,
    ),
}


@pytest.mark.parametrize("name", FILTERS)
def test_filters_are_served_by_indexes(project, name):
    """Counting reads no whole table; nor does a page start from a small set, or from search.

    A page may walk the articles in list order when no set is small (it stops once full),
    but it never reads every mark.
    """
    session, _ = project
    sql = ArticleFilterSql.build(FILTERS[name], "alice")
    sizing = sql.sizing_sql()
    measured = session.store.db.execute(sizing, sql.params).fetchone() if sizing else ()
    sql.sizes = (1,) * len(measured)
    assert full_scans(plan(session, sql, sql.count_sql())) == []
    assert full_scans(plan(session, sql, sql.page_sql() + " LIMIT 50")) == []
    sql.sizes = (filter_sql.SMALL_SET + 1,) * len(sql.sizes)
    assert full_scans(plan(session, sql, sql.count_sql())) == []
    walked = full_scans(plan(session, sql, sql.page_sql() + " LIMIT 50"))
    assert walked == ([] if FILTERS[name].text else ["SCAN a"])
    assert all("marks" not in step for step in walked)


def test_actor_filter_uses_the_role_indexes(project):
    """The actor filter finds an actor's articles through one index per role."""
    session, _ = project
    sql = ArticleFilterSql.build(FILTERS["actor"], "alice")
    sql.sizes = (1,)
    steps = " | ".join(plan(session, sql, sql.count_sql()))
    for index in ("marks_by_actor", "marks_by_speaker", "marks_by_target"):
        assert index in steps


def test_search_count_needs_no_article_rows(project):
    """Counting search results reads the full-text index alone."""
    session, _ = project
    sql = ArticleFilterSql.build(FILTERS["text"], "alice")
    assert plan(session, sql, sql.count_sql()) == ["SCAN articles_fts VIRTUAL TABLE INDEX 0:M2"]
    assert "ORDER BY" not in " ".join(plan(session, sql, sql.page_sql()))  # no sort


def test_status_count_with_new_subtracts_the_others(project):
    """'New' and 'in progress' count as all articles but those done or skipped."""
    session, _ = project
    not_done = ArticleFilter(statuses=frozenset({NEW, IN_PROGRESS}))
    assert session.article_count(not_done) == 3
    sql = ArticleFilterSql.build(not_done, "alice")
    assert "document_labels_by_status" in " ".join(plan(session, sql, sql.count_sql()))


def test_filtered_article_index(any_start, project):
    """An article's position in the filtered list, None when the filter leaves it out."""
    session, ids = project
    not_done = ArticleFilter(statuses=frozenset({NEW, IN_PROGRESS}))
    index = session.store.filtered_article_index
    assert [index(i, not_done, "alice") for i in ids] == [None, 0, 1, None, 2]
    assert [index(i, None, "alice") for i in ids] == [0, 1, 2, 3, 4]
    corridor = ArticleFilter(text="corridor")
    assert [index(i, corridor, "alice") for i in ids] == [0, 1, 2, None, None]
    assert index("0" * 64, None, "alice") is None
