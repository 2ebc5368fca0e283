"""The filter bar, the filtered article list and status editing, driven as a user would."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtGui import QIcon

from annotator.core.model import ArticleFilter, ArticleStatus, DocumentLabels, MarkKind
from annotator.gui.models.article_list_model import PAGE_SIZE, ArticleListModel
from annotator.gui.widgets.article_filter import SEARCH_DELAY_MS, ArticleFilterWidget
from annotator.session import Session
from tests.conftest import add

# The bundled corpus in list order: 4e6daf (2019-07-30), a41021 (no date), 010bbc
# (2022-05-12), 9c9ef7 (2017-03-17), cbb4b8 (2022-06-15). "Bajwa" occurs in the last two.
BAJWA = ["9c9ef78aa1a2", "cbb4b898b5d7"]


@pytest.fixture
def bar(qtbot, session):
    """Return a shown filter bar on the bundled corpus and the list of filters it emitted."""
    widget = ArticleFilterWidget(session)
    qtbot.addWidget(widget)
    widget.show()
    emitted: list[ArticleFilter] = []
    widget.filter_changed.connect(emitted.append)
    return widget, emitted


def listed(model: ArticleListModel) -> list[str]:
    """Return the 12-character id prefixes of the rows a list model has loaded."""
    return [model.article_id(row)[:12] for row in range(model.rowCount())]


def column(model: ArticleListModel, col: int) -> list[str]:
    """Return the display texts of one column of the loaded rows."""
    return [model.data(model.index(row, col)) for row in range(model.rowCount())]


# -- the filter bar ----------------------------------------------------------------------------


def test_typing_filters_once_after_a_pause(qtbot, bar, session):
    """Keystrokes in the search box emit one filter, after the debounce, and the list follows."""
    widget, emitted = bar
    model = ArticleListModel(session)
    widget.filter_changed.connect(model.set_filter)
    assert model.rowCount() == 5
    qtbot.keyClicks(widget.search, "baj?wa")
    qtbot.keyClick(widget.search, Qt.Key.Key_Backspace)
    qtbot.keyClick(widget.search, Qt.Key.Key_Backspace)
    qtbot.keyClick(widget.search, Qt.Key.Key_Backspace)
    qtbot.keyClicks(widget.search, "wa")
    assert emitted == []  # not on every key
    qtbot.waitUntil(lambda: len(emitted) == 1, timeout=SEARCH_DELAY_MS * 10)
    assert emitted[0] == ArticleFilter(text="bajwa")
    assert listed(model) == BAJWA
    qtbot.wait(SEARCH_DELAY_MS * 2)
    assert len(emitted) == 1  # and only once


def test_hyphen_and_stray_quote_in_the_search_box(qtbot, bar, session):
    """Search text with punctuation and a stray quote filters without an error."""
    widget, emitted = bar
    model = ArticleListModel(session)
    widget.filter_changed.connect(model.set_filter)
    qtbot.keyClicks(widget.search, 'China-Pakistan "Economic corr')
    qtbot.waitUntil(lambda: len(emitted) == 1, timeout=SEARCH_DELAY_MS * 10)
    expected = [
        s.id[:12]
        for s in session.article_summaries()
        if "Economic Corridor" in session.article(s.id).text
    ]
    assert listed(model) == expected and len(expected) >= 3


def test_return_filters_at_once(qtbot, bar):
    """Enter in the search box applies the filter without waiting for the pause."""
    widget, emitted = bar
    qtbot.keyClicks(widget.search, "cnn")
    qtbot.keyClick(widget.search, Qt.Key.Key_Return)
    assert emitted == [ArticleFilter(text="cnn")]


def test_choosing_a_status(qtbot, bar, session):
    """The status combo offers any, not done and each status, and filters at once."""
    widget, emitted = bar
    assert [widget.status.itemText(i) for i in range(widget.status.count())] == [
        "Any status",
        "Not done",
        "new",
        "in progress",
        "done",
        "skipped",
    ]
    ids = [s.id for s in session.article_summaries()]
    session.set_status(ids[1], ArticleStatus.DONE)
    session.set_status(ids[3], ArticleStatus.SKIPPED)
    model = ArticleListModel(session)
    widget.filter_changed.connect(model.set_filter)
    widget.status.setCurrentIndex(widget.status.findText("done"))
    assert emitted[-1].statuses == frozenset({ArticleStatus.DONE})
    assert listed(model) == [ids[1][:12]]
    widget.status.setCurrentIndex(widget.status.findText("Not done"))
    assert emitted[-1].statuses == frozenset({ArticleStatus.NEW, ArticleStatus.IN_PROGRESS})
    assert listed(model) == [ids[0][:12], ids[2][:12], ids[4][:12]]
    widget.status.setCurrentIndex(0)
    assert emitted[-1] == ArticleFilter() and model.rowCount() == 5


def test_date_bounds_need_their_check_box(qtbot, bar):
    """Dates apply only while their box is ticked; they start at the corpus's first and last."""
    widget, emitted = bar
    assert not widget.date_from.isEnabled()
    assert widget.date_from.date() == QDate(2017, 3, 17)
    assert widget.date_to.date() == QDate(2022, 6, 15)
    widget.date_from.setDate(QDate(2020, 1, 1))
    assert emitted == []  # the box is not ticked
    widget.use_from.setChecked(True)
    assert widget.date_from.isEnabled()
    assert emitted[-1] == ArticleFilter(date_from="2020-01-01")
    widget.use_to.setChecked(True)
    widget.date_to.setDate(QDate(2022, 5, 31))
    assert emitted[-1] == ArticleFilter(date_from="2020-01-01", date_to="2022-05-31")
    widget.use_from.setChecked(False)
    assert emitted[-1] == ArticleFilter(date_to="2022-05-31")


def test_label_combo_groups_labels_by_kind(qtbot, bar, session):
    """Labels are listed under a disabled heading per kind; choosing one filters by it."""
    widget, emitted = bar
    texts = [widget.label.itemText(i) for i in range(widget.label.count())]
    assert texts[:3] == ["Any label", "Actor mentions", "   Person"]
    headings = [i for i, t in enumerate(texts) if t in ("Actor mentions", "Claims", "Sentiment")]
    assert len(headings) == 3
    model = widget.label.model()
    assert all(not model.item(i).isEnabled() for i in headings)
    widget.label.setCurrentIndex(widget.label.findText("   Media"))
    assert emitted[-1] == ArticleFilter(label=(MarkKind.ACTOR, "Media"))


def test_actor_combo_follows_the_registry(qtbot, bar, session):
    """New actors appear in the actor combo; choosing one filters by it."""
    widget, emitted = bar
    assert widget.actor.count() == 1  # "Any actor" only: the registry is empty
    article = session.article_summaries()[3].id
    mark = add(session, article, MarkKind.ACTOR, "Bajwa", "Military/Security")
    assert widget.actor.itemText(1) == "Bajwa (Military/Security)"
    widget.actor.setCurrentIndex(1)
    assert emitted[-1] == ArticleFilter(actor_id=mark.actor_id)
    session.remove_mark(mark.id)  # the actor leaves the registry, and the filter with it
    assert widget.actor.count() == 1
    assert emitted[-1] == ArticleFilter()


def test_actor_choices_model_passes_model_tester(qtmodeltester, bar, session):
    """The actor combo's model satisfies Qt's model contract, before and after a change."""
    widget, _emitted = bar
    qtmodeltester.check(widget.actor_choices)
    add(session, session.article_summaries()[3].id, MarkKind.ACTOR, "Bajwa", "Military/Security")
    qtmodeltester.check(widget.actor_choices)
    assert widget.actor_choices.rowCount() == 2


def test_clear_resets_every_control(qtbot, bar):
    """Clear empties the search and resets the combos and dates, emitting one empty filter."""
    widget, emitted = bar
    widget.status.setCurrentIndex(2)
    widget.use_to.setChecked(True)
    qtbot.keyClicks(widget.search, "x")
    qtbot.keyClick(widget.search, Qt.Key.Key_Return)
    count = len(emitted)
    qtbot.mouseClick(widget.clear_button, Qt.MouseButton.LeftButton)
    assert emitted[count:] == [ArticleFilter()]
    assert widget.search.text() == "" and not widget.use_to.isChecked()


# -- the filtered list model -----------------------------------------------------------------


def test_filtered_model_passes_model_tester(qtmodeltester, session):
    """The filtered list satisfies Qt's model contract, also across filter changes and edits."""
    model = ArticleListModel(session)
    model.set_filter(ArticleFilter(text="pakistan", date_from="2018-01-01"))
    qtmodeltester.check(model)
    assert column(model, ArticleListModel.DATE) == ["2019-07-30", "2022-05-12", "2022-06-15"]
    ids = [model.article_id(r) for r in range(model.rowCount())]
    session.set_status(ids[1], ArticleStatus.IN_PROGRESS)
    model.set_filter(ArticleFilter(statuses=frozenset({ArticleStatus.IN_PROGRESS})))
    assert listed(model) == [ids[1][:12]]
    model.set_filter(ArticleFilter())
    assert model.rowCount() == 5


def test_status_column_text_and_dot(qapp, qtmodeltester, session):
    """The Status column shows the status in words with a coloured dot, and follows edits."""
    model = ArticleListModel(session)
    qtmodeltester.check(model)
    assert model.headerData(3, Qt.Orientation.Horizontal) == "Status"
    assert column(model, ArticleListModel.STATUS) == ["new"] * 5
    first = model.article_id(0)
    changed = []
    model.dataChanged.connect(lambda top, bottom, _roles: changed.append((top.row(), bottom.row())))
    session.set_status(first, ArticleStatus.IN_PROGRESS)
    assert changed == [(0, 0)]
    assert model.data(model.index(0, ArticleListModel.STATUS)) == "in progress"
    icon = model.data(model.index(0, ArticleListModel.STATUS), Qt.ItemDataRole.DecorationRole)
    assert isinstance(icon, QIcon) and not icon.isNull()
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole).endswith("in progress</p>")
    session.set_annotator("bob")  # bob's statuses are his own
    assert column(model, ArticleListModel.STATUS) == ["new"] * 5


def test_other_coders_status_does_not_touch_the_list(qtmodeltester, session):
    """Document labels stored for another coder (as an import does) leave alice's rows alone."""
    model = ArticleListModel(session)
    changed = []
    model.dataChanged.connect(lambda *_: changed.append(1))
    session.set_document_labels(
        DocumentLabels(model.article_id(0), "bob", status=ArticleStatus.DONE)
    )
    assert changed == [] and column(model, ArticleListModel.STATUS) == ["new"] * 5
    assert session.store.get_document_labels(model.article_id(0), "bob").status == "done"


def many_articles(tmp_path, count):
    """Return a session on a project with `count` short articles, every third about a port."""
    lines = "\n".join(
        json.dumps({"text": f"Article number {i} about the {'port' if i % 3 == 0 else 'road'}."})
        for i in range(count)
    )
    source = tmp_path / "many.jsonl"
    source.write_text(lines, encoding="utf-8")
    session = Session.open(tmp_path / "many.db", "alice")
    session.import_paths([source])
    return session


def test_filtered_list_is_still_lazy(tmp_path):
    """A filter matching several pages lists every row at once but reads only pages shown."""
    session = many_articles(tmp_path, PAGE_SIZE * 4)
    model = ArticleListModel(session)
    model.set_filter(ArticleFilter(text="road"))  # two thirds: 533 articles
    assert model.rowCount() == session.article_count(ArticleFilter(text="road")) == 533
    assert model.pages_read == 0 and not model.canFetchMore(QModelIndex())
    last = f"Article number {PAGE_SIZE * 4 - 1} about the road."
    assert model.data(model.index(532, 0)) == last
    assert model.pages_read == 1  # the last page only
    assert all("road" in title for title in column(model, ArticleListModel.TITLE))
    assert model.pages_read == 3  # then the two others, once each
    session.close()


def test_finishing_articles_under_not_done_skips_none(tmp_path):
    """Marking rows done under "not done" keeps them, and the later pages skip no article."""
    session = many_articles(tmp_path, PAGE_SIZE + 60)
    not_done = ArticleFilter(statuses=frozenset({ArticleStatus.NEW, ArticleStatus.IN_PROGRESS}))
    model = ArticleListModel(session)
    model.set_filter(not_done)
    for row in range(50):
        session.set_status(model.article_id(row), ArticleStatus.DONE)
    assert model.data(model.index(0, ArticleListModel.STATUS)) == "done"  # the row stays
    titles = column(model, ArticleListModel.TITLE)
    assert len(titles) == PAGE_SIZE + 60
    assert titles[-1] == f"Article number {PAGE_SIZE + 59} about the road."
    model.set_filter(ArticleFilter(text="road"))
    model.set_filter(not_done)  # set again: now the finished ones go
    assert model.rowCount() == PAGE_SIZE + 10
    session.close()


def test_an_article_that_starts_matching_is_inserted_in_its_place(qtmodeltester, tmp_path):
    """An unlisted article that comes to match (status set elsewhere) appears in its place."""
    session = many_articles(tmp_path, 10)
    ids = [s.id for s in session.article_summaries()]
    model = ArticleListModel(session)
    model.set_filter(ArticleFilter(statuses=frozenset({ArticleStatus.DONE})))
    assert model.rowCount() == 0
    inserted = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    session.set_status(ids[7], ArticleStatus.DONE)
    session.set_status(ids[2], ArticleStatus.DONE)
    assert inserted == [(0, 0), (0, 0)]
    assert listed(model) == [ids[2][:12], ids[7][:12]]
    qtmodeltester.check(model)
    session.close()


def test_row_of_an_article_the_filter_leaves_out(tmp_path):
    """Looking up an article answers its row, or None if left out, without reading any page."""
    session = many_articles(tmp_path, PAGE_SIZE * 3)
    ids = [s.id for s in session.article_summaries()]
    model = ArticleListModel(session)
    model.set_filter(ArticleFilter(text="road"))
    assert model.row_of(ids[0]) is None  # article 0 is about the port
    assert model.rowCount() == 400
    assert model.row_of(ids[-1]) == 399
    assert model.pages_read == 0
    session.close()


# -- status and note in the main window --------------------------------------------------------


def stored(window):
    """Return the open article's document labels for the coder, straight from the database."""
    return window.session.store.get_document_labels(window.current_article_id, "alice")


def test_status_from_the_document_panel(window, qtbot):
    """Choosing a status stores it, shows it in the list's Status column, and undoes."""
    panel = window.document_panel
    assert panel.status.currentText() == "new"
    panel.status.setCurrentIndex(panel.status.findText("done"))
    assert stored(window).status == ArticleStatus.DONE
    status_cell = window.article_model.index(0, ArticleListModel.STATUS)
    assert window.article_model.data(status_cell) == "done"
    assert window.undo_stack.undoText() == "Set status"
    window.undo_stack.undo()
    assert stored(window).status == ArticleStatus.NEW
    assert panel.status.currentText() == "new"
    assert window.article_model.data(status_cell) == "new"
    window.undo_stack.redo()
    assert window.article_model.data(status_cell) == "done"


def test_note_from_the_document_panel(window, qtbot):
    """A typed note is saved on Enter (label keys type into it), once, and undoes."""
    panel = window.document_panel
    panel.note.setFocus()
    qtbot.keyClicks(panel.note, "check q1 again? ")
    assert panel.note.text() == "check q1 again? "  # label keys and ? are typed, not acted on
    assert window.mark_model.rowCount() == 0
    qtbot.keyClick(panel.note, Qt.Key.Key_Return)
    assert stored(window).note == "check q1 again?"
    assert window.undo_stack.count() == 1
    window.text_view.setFocus()  # leaving the field unchanged makes no second edit
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert stored(window).note == "" and panel.note.text() == ""


def test_status_and_note_follow_the_open_article(window, qtbot):
    """Each article shows its own status and note; another coder sees none."""
    session = window.session
    first = window.current_article_id
    second = session.article_summaries()[1].id
    session.set_status(second, ArticleStatus.SKIPPED, note="paywalled")
    window.open_article(second)
    assert window.document_panel.status.currentText() == "skipped"
    assert window.document_panel.note.text() == "paywalled"
    window.open_article(first)
    assert window.document_panel.status.currentText() == "new"
    assert window.document_panel.note.text() == ""
    window.open_article(second)
    session.set_annotator("bob")
    assert window.document_panel.status.currentText() == "new"


def test_filter_bar_on_the_main_windows_list(window, qtbot):
    """Wired to the window's list, the bar narrows it and finished articles drop out on refilter."""
    bar = ArticleFilterWidget(window.session)
    qtbot.addWidget(bar)
    bar.filter_changed.connect(window.article_model.set_filter)
    panel = window.document_panel
    panel.status.setCurrentIndex(panel.status.findText("done"))
    first = window.current_article_id
    bar.status.setCurrentIndex(bar.status.findText("Not done"))
    model = window.article_model
    assert model.rowCount() == 4 and model.row_of(first) is None
    assert window.current_article_id == first  # the open article stays open
    next_id = window.session.next_article_id(first, model.article_filter)
    window.open_article(next_id)
    assert window.article_list.currentIndex().row() == 0
    panel.status.setCurrentIndex(panel.status.findText("done"))
    assert model.rowCount() == 4  # the row stays until the filter is applied again
    assert model.data(model.index(0, ArticleListModel.STATUS)) == "done"
    qtbot.keyClicks(bar.search, "bajwa")
    qtbot.waitUntil(lambda: model.article_filter.text == "bajwa", timeout=SEARCH_DELAY_MS * 10)
    assert listed(model) == BAJWA


def test_commit_note_saves_text_still_being_typed(window, qtbot):
    """commit_note emits the typed note for the open article; with nothing typed, nothing."""
    panel = window.document_panel
    panel.commit_note()
    assert window.undo_stack.count() == 0
    panel.note.setFocus()
    qtbot.keyClicks(panel.note, "half-typed")
    panel.commit_note()  # what the window should do before switching article by keyboard
    assert stored(window).note == "half-typed"
    assert window.undo_stack.count() == 1


def test_filtering_in_the_window_runs_one_list_query_and_one_page(window, qtbot):
    """A filter chosen in the window's bar selects the rows once and reads one page of them."""
    statements: list[str] = []
    pages_before = window.article_model.pages_read
    window.session.store.db.conn.set_trace_callback(statements.append)
    bar = window.article_filter
    bar.status.setCurrentIndex(bar.status.findText("Not done"))
    window.article_list.viewport().repaint()  # what the user sees is painted, from one page
    window.session.store.db.conn.set_trace_callback(None)
    listing = [s for s in statements if "group_concat(" in s]
    pages = [s for s in statements if "json_each" in s and "document_labels" in s]
    assert len(listing) == 1 and len(pages) == 1
    assert window.article_model.rowCount() == 5
    assert window.article_model.pages_read == pages_before + 1
