"""The Qt models: consistent under pytest-qt's model tester, and lazy."""

from __future__ import annotations

from annotator.core.model import MarkKind
from annotator.gui.models.article_list_model import PAGE_SIZE, ArticleListModel
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


def test_article_list_loads_a_page_at_a_time(tmp_path):
    """With more articles than a page, only one page is loaded until more is asked for."""
    lines = "\n".join(
        '{"text": "Article number %d about the corridor and its security."}' % i
        for i in range(PAGE_SIZE * 2 + 50)
    )
    source = tmp_path / "many.jsonl"
    source.write_text(lines, encoding="utf-8")
    session = Session.open(tmp_path / "many.db", "alice")
    session.import_paths([source])
    model = ArticleListModel(session)
    assert model.rowCount() == 0 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == PAGE_SIZE
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == PAGE_SIZE * 2 + 50 and not model.canFetchMore()
    assert model.data(model.index(PAGE_SIZE * 2 + 49, 0)).startswith("Article number 449")
    session.close()
