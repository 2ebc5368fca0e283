"""The Qt models: consistent under pytest-qt's model tester, and lazy."""

from __future__ import annotations

from annotator.core.model import MarkKind
from annotator.gui.models.article_list_model import CACHED_PAGES, PAGE_SIZE, ArticleListModel
from annotator.gui.models.mark_table_model import MarkTableModel
from annotator.session import Session


def test_article_list_model_passes_model_tester(qtmodeltester, session):
    """The article list model satisfies Qt's model contract."""
    qtmodeltester.check(ArticleListModel(session))


def test_mark_table_model_passes_model_tester(qtmodeltester, session):
    """The marks model satisfies Qt's model contract, and follows added marks."""
    article_id = session.article_summaries()[0].id
    model = MarkTableModel(session)
    model.show_article(article_id)
    text = session.article(article_id).text
    start = text.index("Xinhua")
    session.add_mark(*session.prepare_mark(article_id, MarkKind.ACTOR, start, start + 6, "Media"))
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    assert model.data(model.index(0, MarkTableModel.DETAILS)) == "→ Xinhua"


def many_articles(tmp_path, count: int) -> Session:
    """Return a session on a project of `count` numbered articles."""
    lines = "\n".join(
        '{"text": "Article number %d about the corridor and its security."}' % i
        for i in range(count)
    )
    source = tmp_path / "many.jsonl"
    source.write_text(lines, encoding="utf-8")
    session = Session.open(tmp_path / "many.db", "alice")
    session.import_paths([source])
    return session


def test_article_list_reads_only_the_pages_shown(tmp_path):
    """Every row is listed at once; a page of rows is read when one of its rows is asked for."""
    session = many_articles(tmp_path, PAGE_SIZE * 2 + 50)
    model = ArticleListModel(session)
    assert model.rowCount() == PAGE_SIZE * 2 + 50 and model.pages_read == 0
    assert model.data(model.index(PAGE_SIZE * 2 + 49, 0)).startswith("Article number 449")
    assert model.data(model.index(PAGE_SIZE * 2, 0)).startswith("Article number 400")
    assert model.pages_read == 1
    assert model.data(model.index(0, 0)).startswith("Article number 0 ")
    assert model.pages_read == 2
    session.close()


def test_article_list_keeps_a_few_pages(tmp_path):
    """Pages beyond the last few read are read again when shown again."""
    session = many_articles(tmp_path, PAGE_SIZE * (CACHED_PAGES + 1))
    model = ArticleListModel(session)
    for page in range(CACHED_PAGES + 1):
        assert model.article_id(page * PAGE_SIZE) is not None
    assert model.pages_read == CACHED_PAGES + 1
    model.article_id(PAGE_SIZE * CACHED_PAGES)  # the newest: kept
    assert model.pages_read == CACHED_PAGES + 1
    model.article_id(0)  # the oldest: read again
    assert model.pages_read == CACHED_PAGES + 2
    session.close()


def test_finding_the_last_article_runs_one_query(tmp_path):
    """The row of an article far down the list comes from one query, with no page read."""
    session = many_articles(tmp_path, PAGE_SIZE * 5)
    last = session.article_summaries(PAGE_SIZE * 5 - 1, 1)[0].id
    model = ArticleListModel(session)
    statements: list[str] = []
    session.store.db.conn.set_trace_callback(statements.append)
    assert model.row_of(last) == PAGE_SIZE * 5 - 1
    session.store.db.conn.set_trace_callback(None)
    assert len(statements) == 1 and model.pages_read == 0
    session.close()


def test_article_list_over_a_gap_in_import_order(qtmodeltester, tmp_path):
    """With an article gone from the middle, rows and positions still follow import order."""
    session = many_articles(tmp_path, PAGE_SIZE + 10)
    ids = [s.id for s in session.article_summaries()]
    with session.store.transaction():
        session.store.db.execute("DELETE FROM articles WHERE id = ?", [ids[5]])
    model = ArticleListModel(session)
    qtmodeltester.check(model)
    assert model.rowCount() == PAGE_SIZE + 9
    assert model.row_of(ids[5]) is None
    assert model.row_of(ids[6]) == 5 and model.article_id(5) == ids[6]
    assert model.row_of(ids[-1]) == PAGE_SIZE + 8
    session.close()


def test_a_new_mark_counts_in_its_list_row_without_reading_it(qtmodeltester, tmp_path):
    """Marking or unmarking changes the row's count in place: no page or row is read again."""
    session = many_articles(tmp_path, 30)
    model = ArticleListModel(session)
    article_id = model.article_id(7)
    assert model.pages_read == 1
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b: changed.append((a.row(), a.column())))
    statements: list[str] = []
    session.store.db.conn.set_trace_callback(statements.append)
    text = session.article(article_id).text
    start = text.index("corridor")
    mark = session.add_mark(
        *session.prepare_mark(article_id, MarkKind.SENTIMENT, start, start + 8, "positive")
    ).mark
    session.store.db.conn.set_trace_callback(None)
    marks_column = ArticleListModel.MARKS
    assert model.data(model.index(7, marks_column)) == "1"
    # The first mark also moved the article from new to in progress: that cell changes too.
    assert changed == [(7, marks_column), (7, ArticleListModel.STATUS)]
    assert "in progress" in str(model.data(model.index(7, ArticleListModel.STATUS)))
    assert model.pages_read == 1
    assert not any("count(*) FROM marks" in s for s in statements)
    session.set_annotator("bob")  # another coder's marks are not in alice's list
    session.set_annotator("alice")
    session.remove_mark(mark.id)
    assert model.data(model.index(7, marks_column)) == "0"
    qtmodeltester.check(model)
    session.close()
