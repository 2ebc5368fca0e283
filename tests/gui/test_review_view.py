"""The review view, driven as an adjudicator would: keys, clicks, undo; gold checked in the DB."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from annotator.core.model import GOLD_ANNOTATOR
from tests.gui.conftest import two_coders_window


@pytest.fixture
def reviewing(qtbot, session):
    """Return the main window on a project coded by alice and bob, in the review view."""
    window = two_coders_window(qtbot, session, Qt.Key.Key_V)
    assert window.views.currentWidget() is window.views.review_view
    yield window
    window.undo_stack.clear()


def gold(window):
    """Return the gold marks' (text, label) of the open article, in text order."""
    marks = window.session.store.marks_for(window.current_article_id, GOLD_ANNOTATOR)
    return [(m.text, m.label) for m in marks]


def states(window):
    """Return the units' state column as shown."""
    model = window.views.review_view.unit_model
    return [model.index(r, model.state_column).data() for r in range(model.rowCount())]


def cell(window):
    """Return the (row, column title) of the units table's current cell."""
    index = window.views.review_view.unit_table.currentIndex()
    return index.row(), window.views.review_view.unit_model.HEADERS[index.column()]


def key(qtbot, window, which, modifiers=Qt.KeyboardModifier.NoModifier):
    """Press a key in the units table."""
    qtbot.keyClick(window.views.review_view.unit_table, which, modifiers)


def test_review_shows_every_coder_agreement_and_lanes(reviewing):
    """Columns per coder, states per unit, the article's agreement and a lane per coder."""
    view = reviewing.views.review_view
    assert view.unit_model.HEADERS == ("Kind", "Text", "alice", "bob", "Gold", "State")
    assert states(reviewing) == ["differs", "agreed", "differs", "differs"]
    first = view.unit_model.index(0, 3).data()
    assert first.startswith("Government → ")
    assert view.unit_model.index(0, 2).data() == "“Imran Khan” Person → Imran Khan"
    assert "mean F1 (overlap) 0.33" in view.summary.text()
    assert "3 with differences, 4 still open" in view.summary.text()
    # The selected unit is framed in each coder's colour round exactly their span.
    text = reviewing.session.article(reviewing.current_article_id).text
    assert [(c, [text[s:e] for s, e in spans]) for c, spans in view.text_view.lanes] == [
        ("#0072b2", ["Imran Khan"]),
        ("#d55e00", ["Prime Minister Imran Khan"]),
    ]
    assert "alice" in view.legend.text() and "bob" in view.legend.text()
    for model in (view.unit_model, view.labels_model):
        ModelTester(None).check(model)
    tip = view.text_view.tooltip_at(
        view.text_view.span_rects(view.review.units[1].start, view.review.units[1].end)[0]
        .center()
        .toPoint()
    )
    assert "alice: Person → Xi Jinping" in tip and "bob: Person → Xi Jinping" in tip


def test_keyboard_adjudication_with_undo(reviewing, qtbot):
    """F8 walks disagreements; Enter on a coder's cell accepts, switching replaces; undo."""
    view = reviewing.views.review_view
    view.unit_table.setFocus()
    assert cell(reviewing) == (0, "Text")
    qtbot.keyClick(view.unit_table, Qt.Key.Key_F8)
    assert cell(reviewing)[0] == 2  # the claim; the agreed unit is skipped
    qtbot.keyClick(view.unit_table, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert cell(reviewing)[0] == 0

    key(qtbot, reviewing, Qt.Key.Key_Right)
    assert cell(reviewing) == (0, "alice")
    key(qtbot, reviewing, Qt.Key.Key_Return)
    assert gold(reviewing) == [("Imran Khan", "Person")]
    assert states(reviewing)[0] == "gold ✓"
    assert cell(reviewing) == (0, "alice")  # the place is kept after the refresh
    key(qtbot, reviewing, Qt.Key.Key_Right)
    key(qtbot, reviewing, Qt.Key.Key_Return)
    assert gold(reviewing) == [("Prime Minister Imran Khan", "Government")]
    prov = view.provenance.text()
    assert prov.startswith("accepted by lead") and "from 1 coder mark(s)" in prov

    reviewing.undo_stack.undo()
    assert gold(reviewing) == [("Imran Khan", "Person")]
    reviewing.undo_stack.undo()
    assert gold(reviewing) == []
    qtbot.waitUntil(lambda: states(reviewing)[0] == "differs")  # refreshed once, after undo
    reviewing.undo_stack.redo()
    assert gold(reviewing) == [("Imran Khan", "Person")]


def test_reject_premerge_add_edit_and_document_labels(reviewing, qtbot):
    """Backspace rejects; pre-merge takes the agreed unit; a label key adds gold; edits note it."""
    view = reviewing.views.review_view
    view.unit_table.setFocus()
    view.select_unit(3)
    key(qtbot, reviewing, Qt.Key.Key_Backspace)
    assert states(reviewing)[3] == "rejected"
    assert view.unit_model.index(3, 3).data(Qt.ItemDataRole.FontRole).strikeOut()

    qtbot.mouseClick(view.buttons["premerge"], Qt.MouseButton.LeftButton)
    assert gold(reviewing) == [("Xi Jinping", "Person")]
    assert states(reviewing) == ["differs", "gold ✓", "differs", "rejected"]

    view.select_unit(2, column=1)  # only alice made the claim: Enter takes hers
    key(qtbot, reviewing, Qt.Key.Key_Return)
    claim = next(m for m in view.review.units[2].gold)
    assert claim.text == "discussed steps to enhance security"
    stance = view.gold_form.editors["stance"]
    stance.setCurrentIndex(stance.findData("support"))
    assert reviewing.session.store.get_mark(claim.id).stance == "support"
    assert view.provenance.text().startswith("accepted, edited by lead")

    text = reviewing.session.article(reviewing.current_article_id).text
    start = text.index("Belt and Road Initiative")
    view.text_view.setFocus()
    view.text_view.select_span(start, start + len("Belt and Road Initiative"))
    qtbot.keyClick(view.text_view, Qt.Key.Key_A)  # the tag set's key for sentiment "positive"
    added = [
        m
        for m in reviewing.session.store.marks_for(reviewing.current_article_id, GOLD_ANNOTATOR)
        if m.text == "Belt and Road Initiative"
    ]
    assert [(m.kind.value, m.label) for m in added] == [("sentiment", "positive")]
    assert reviewing.session.provenance(added[0].id).how == "added"
    # Coding marks are untouched: the lead coded nothing.
    assert reviewing.session.store.marks_for(reviewing.current_article_id, "lead") == []

    view.labels_table.selectRow(1)  # bob
    qtbot.mouseClick(view.take_labels_button, Qt.MouseButton.LeftButton)
    assert view.labels_model.index(2, 1).data() == "neutral"
    reviewing.undo_stack.undo()
    qtbot.waitUntil(lambda: view.labels_model.index(2, 1).data() == "—")


def test_one_coders_article_asks_for_a_second_coder(window, qtbot):
    """Reviewing an article only one coder has coded shows no unit as agreed."""
    from annotator.core.model import MarkKind
    from tests.conftest import add

    add(window.session, window.current_article_id, MarkKind.ACTOR, "China", "Country")
    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_V, modifiers)
    assert window.views.currentWidget() is window.views.review_view
    assert states(window) == ["needs a 2nd coder"]
    assert "a review needs at least two coders" in window.views.review_view.summary.text()
