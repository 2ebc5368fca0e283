"""The agreement view: matrix, per-label bars and the article list that opens the review."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from annotator.core.model import MarkKind
from annotator.gui.navigation import show_view
from tests.conftest import add
from tests.gui.conftest import two_coders_window


@pytest.fixture
def measured(qtbot, session):
    """Return the main window on alice's and bob's coding, showing the computed agreement."""
    window = two_coders_window(qtbot, session, Qt.Key.Key_G)
    assert window.views.currentWidget() is window.views.agreement_view
    qtbot.waitUntil(lambda: not window.views.agreement_view.is_computing(), timeout=10000)
    yield window
    window.undo_stack.clear()


def test_matrix_bars_and_articles_show_the_reports_numbers(measured, qtbot):
    """The numbers on screen are the session's: actor F1 pairs, per-label bars, articles."""
    view = measured.views.agreement_view
    assert view.scope.text().startswith("2 coders (alice, bob) · 1 articles coded by all")
    assert view.subject_combo.currentText() == "actor spans — F1 (overlap match)"
    model = view.matrix_model
    assert model.names == ["alice", "bob"]
    # Xi Jinping matches; Imran Khan overlaps with another label: 1 of 2 each → F1 0.5.
    assert model.index(0, 1).data() == model.index(1, 0).data() == "0.500"
    assert model.index(0, 0).data() == "—"
    view.subject_combo.setCurrentIndex(view.subject_combo.findText("tone — Cohen kappa"))
    assert model.index(0, 1).data() == "0.000"  # positive vs neutral on the one article

    bars = {r.subject: round(r.value, 3) for r in view.bars.rows if not math.isnan(r.value)}
    assert bars["actor:Person"] == 0.667 and bars["actor:Government"] == 0.0
    assert bars["tone (alpha)"] == 0.0
    view.label_measure.setCurrentText("F1 (exact match)")
    assert [r.measure for r in view.bars.rows][0] == "F1 (exact match)"

    articles = view.article_model
    assert articles.rowCount() == 1
    assert articles.index(0, 1).data() == "0.333"
    assert (articles.index(0, 2).data(), articles.index(0, 3).data()) == (1, 4)
    for tested in (model, articles):
        ModelTester(None).check(tested)

    view.article_table.setFocus()
    view.article_table.setCurrentIndex(articles.index(0, 0))
    qtbot.keyClick(view.article_table, Qt.Key.Key_Return)
    assert measured.views.currentWidget() is measured.views.review_view
    assert measured.views.review_view.review.article_id == articles.rows[0].article_id


def test_agreement_recomputes_after_a_decision_elsewhere(measured, qtbot):
    """A coder's edit marks the numbers stale; showing the view again recomputes them."""
    view = measured.views.agreement_view
    assert view.value_of("F1 (overlap match)", "actor spans", "alice+bob") == 0.5
    show_view(measured, measured.coding)
    measured.session.set_annotator("bob")
    mark = next(
        m for m in measured.session.marks(measured.current_article_id) if m.label == "Government"
    )
    measured.session.update_mark(mark.with_changes(label="Person"))
    with qtbot.waitSignal(view.computed, timeout=10000):
        show_view(measured, view)
    assert view.value_of("F1 (overlap match)", "actor spans", "alice+bob") == 1.0


def test_the_report_is_computed_off_the_ui_thread_and_shown_when_done(measured, qtbot):
    """refresh() returns at once; the old numbers stay until the new ones arrive."""
    view = measured.views.agreement_view
    session = measured.session
    session.set_annotator("bob")
    mark = next(m for m in session.marks(measured.current_article_id) if m.label == "Government")
    session.update_mark(mark.with_changes(label="Person"))
    with qtbot.waitSignal(view.computed, timeout=10000):
        view.refresh()
        assert view.is_computing()
        assert view.progress.isVisibleTo(view) and view.cancel_button.isVisibleTo(view)
        assert view.value_of("F1 (overlap match)", "actor spans", "alice+bob") == 0.5
    assert view.value_of("F1 (overlap match)", "actor spans", "alice+bob") == 1.0
    qtbot.waitUntil(lambda: not view.is_computing())
    assert not view.progress.isVisibleTo(view) and not view.cancel_button.isVisibleTo(view)
    assert view.refresh_button.isEnabled()


def test_a_visible_view_recomputes_after_edits_reading_only_the_changed_article(
    measured, qtbot
):
    """Edits while the view is in front recompute it once they settle, from the cache."""
    view = measured.views.agreement_view
    session = measured.session
    second = session.article_summaries()[1].id
    for coder in ("alice", "bob"):  # a second shared article, coded alike
        session.set_annotator(coder)
        add(session, second, MarkKind.ACTOR, "China", "Country")
    with qtbot.waitSignal(view.computed, timeout=10000):
        pass  # the edits above were made with the view in front
    assert view.scope.text().startswith("2 coders (alice, bob) · 2 articles coded by all")
    assert (view.cache.reused, view.cache.read) == (1, 1)
    # China matches; of the first article's mentions only Xi Jinping does (labels differ).
    assert round(view.value_of("F1 (overlap match)", "actor spans", "alice+bob"), 3) == 0.667
    session.set_annotator("bob")
    mark = next(m for m in session.marks(measured.current_article_id) if m.label == "Government")
    with qtbot.waitSignal(view.computed, timeout=10000):
        session.update_mark(mark.with_changes(label="Person"))
    assert (view.cache.reused, view.cache.read) == (1, 1)
    assert view.value_of("F1 (overlap match)", "actor spans", "alice+bob") == 1.0


def test_cancel_stops_the_computation_and_keeps_the_numbers(measured, qtbot):
    view = measured.views.agreement_view
    before = view.value_of("F1 (overlap match)", "actor spans", "alice+bob")
    view.refresh()
    qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.is_computing(), timeout=10000)
    assert view.value_of("F1 (overlap match)", "actor spans", "alice+bob") == before
    assert not view.cancel_button.isVisibleTo(view) and view.refresh_button.isEnabled()
