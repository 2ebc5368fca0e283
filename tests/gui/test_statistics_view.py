"""The Statistics view: the session's statistics as charts and tables, counted again after an
edit, for all coders or one, and saved as PNG, SVG and CSV."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.analysis.statistics import KEYS
from annotator.core.model import MarkKind
from tests.conftest import add
from tests.gui.conftest import two_coders_window


@pytest.fixture
def counted(qtbot, session):
    """Return the main window on alice's and bob's coding, showing the statistics."""
    window = two_coders_window(qtbot, session, Qt.Key.Key_T)
    view = window.views.statistics_view
    assert window.views.currentWidget() is view
    qtbot.waitUntil(
        lambda: view.list.count() == len(KEYS) and not view.is_computing(), timeout=15000
    )
    yield window
    window.undo_stack.clear()


def rows(view):
    table = view.table
    return [
        tuple(table.item(r, c).text() for c in range(table.columnCount()))
        for r in range(table.rowCount())
    ]


def test_the_views_numbers_are_the_sessions(counted, qtbot):
    view = counted.views.statistics_view
    assert view.scope.text() == "All coders: 5 article(s)"
    assert view.list.currentItem().text() == "Progress"
    assert rows(view) == [("alice", "5", "0", "0", "0"), ("bob", "5", "0", "0", "0")]
    assert view.chart_area.widget() is not None  # the chart, on a matplotlib canvas
    view.list.setCurrentRow(list(KEYS).index("marks-per-label"))
    assert ("actor", "Person", "3") in rows(view)
    # One coder: the combo lists those with work, and counts again.
    assert [view.coder_combo.itemText(i) for i in range(view.coder_combo.count())] == [
        "All coders",
        "alice",
        "bob",
    ]
    view.coder_combo.setCurrentIndex(2)
    qtbot.waitUntil(lambda: not view.is_computing() and view.scope.text().startswith("bob"))
    assert view.list.currentItem().text() == "Marks per label"  # the same statistic stays
    assert sorted(rows(view)) == [
        ("actor", "Government", "1"),
        ("actor", "Person", "1"),
        ("sentiment", "positive", "1"),
    ]


def test_an_edit_is_counted_when_the_view_is_back(counted, qtbot, session):
    view = counted.views.statistics_view
    view.list.setCurrentRow(list(KEYS).index("marks-per-label"))
    counted.views.setCurrentWidget(counted.coding)
    article_id = session.article_summaries()[1].id
    session.set_annotator("alice")
    add(session, article_id, MarkKind.ACTOR, "Pakistan", "Country")
    counted.views.setCurrentWidget(view)
    qtbot.waitUntil(lambda: ("actor", "Country", "1") in rows(view), timeout=15000)


def test_chart_and_table_are_saved_where_the_user_says(counted, tmp_path):
    view = counted.views.statistics_view
    answers = iter([tmp_path / "progress.svg", tmp_path / "chart", tmp_path / "progress.csv", None])
    view.choose_file = lambda *_args: next(answers)
    assert view.save_chart() == tmp_path / "progress.svg"
    assert "<svg" in (tmp_path / "progress.svg").read_text(encoding="utf-8")
    assert view.save_chart() == tmp_path / "chart.png"  # no suffix: a PNG
    assert (tmp_path / "chart.png").read_bytes()[:4] == b"\x89PNG"
    assert view.save_table() == tmp_path / "progress.csv"
    assert (tmp_path / "progress.csv").read_text(encoding="utf-8").splitlines()[
        1
    ] == "alice,5,0,0,0"
    assert view.save_table() is None  # cancelled


def test_the_timelines_of_one_actor(counted, qtbot, session):
    view = counted.views.statistics_view
    article_id = session.article_summaries()[0].id
    session.set_annotator("alice")
    marks = [m for m in session.marks(article_id) if m.annotator == "alice"]
    xi = next(m for m in marks if m.text == "Xi Jinping")
    claim = next(m for m in marks if m.kind == MarkKind.CLAIM)
    session.update_mark(claim.with_changes(speaker_id=xi.actor_id, stance="support"))
    view.refresh()
    qtbot.waitUntil(lambda: not view.is_computing() and view.actor_combo.count() == 2)
    assert view.actor_combo.itemText(1) == "Xi Jinping (1)"  # the speakers, with their claims
    view.list.setCurrentRow(list(KEYS).index("timeline-by-stance"))
    assert rows(view) == [("2019-07", "support", "1")]
    view.actor_combo.setCurrentIndex(1)
    qtbot.waitUntil(lambda: not view.is_computing() and view.chosen_speaker() == xi.actor_id)
    qtbot.waitUntil(
        lambda: view.current().table.title.endswith("claims made by Xi Jinping"), timeout=15000
    )
    assert rows(view) == [("2019-07", "support", "1")]
    # Bob made no claim: his timelines of Xi are empty, and Xi is no longer offered.
    view.coder_combo.setCurrentIndex(view.coder_combo.findData("bob"))
    qtbot.waitUntil(lambda: not view.is_computing() and view.scope.text().startswith("bob"))
    assert view.actor_combo.count() == 1 and view.chosen_speaker() is None
    qtbot.waitUntil(lambda: not view.is_computing())
    assert view.current().table.title == "Claims per month by stance"
    assert rows(view) == []
