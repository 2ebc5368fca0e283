"""The marks table model: sorts and filters its rows itself, and follows edits one row at a time."""

from __future__ import annotations

from PySide6.QtCore import QPersistentModelIndex, Qt

from annotator.core.model import MarkKind
from annotator.gui.models.mark_table_model import ANY, MarkTableModel
from tests.conftest import add


def coded(session):
    """Return the first article's id after marking a few things of every kind on it."""
    article_id = session.article_summaries()[0].id
    text = session.article(article_id).text
    add(session, article_id, MarkKind.ACTOR, "Xinhua", "Media")
    wang = add(session, article_id, MarkKind.ACTOR, "Wang", "Person", after=text.index("Wang said"))
    add(session, article_id, MarkKind.ACTOR, "China", "Country")
    topic = "Bilateral friendship"
    claim = add(session, article_id, MarkKind.CLAIM, "all-weather strategic", topic)
    session.update_mark(claim.with_changes(speaker_id=wang.actor_id, stance="support"))
    add(session, article_id, MarkKind.SENTIMENT, "all-weather", "positive")
    return article_id


def column(model, index):
    """Return a column's shown values, top to bottom."""
    return [model.data(model.index(r, index)) for r in range(model.rowCount())]


def test_sorts_by_every_column_both_ways_with_ties_in_text_order(qtmodeltester, session):
    """Each column sorts as its values do (case-insensitively), ties by position."""
    article_id = coded(session)
    model = MarkTableModel(session)
    model.show_article(article_id)
    marks = session.marks(article_id)
    assert column(model, MarkTableModel.START) == [str(m.start) for m in marks]
    for col in range(len(MarkTableModel.HEADERS)):
        model.sort(col, Qt.SortOrder.AscendingOrder)
        shown = column(model, col)
        numeric = col in (MarkTableModel.START, MarkTableModel.END)
        key = int if numeric else str.casefold
        assert shown == sorted(shown, key=key)
        model.sort(col, Qt.SortOrder.DescendingOrder)
        assert column(model, col) == sorted(shown, key=key, reverse=True)
        qtmodeltester.check(model)


def test_filters_and_new_marks_keep_sort_and_selection(qtmodeltester, session):
    """A filter hides rows; a new mark lands in its sorted place; a kept index follows its mark."""
    article_id = coded(session)
    model = MarkTableModel(session)
    model.show_article(article_id)
    model.sort(MarkTableModel.LABEL, Qt.SortOrder.AscendingOrder)
    model.set_filters(kind="actor")
    assert column(model, MarkTableModel.KIND) == ["actor"] * 3
    assert column(model, MarkTableModel.LABEL) == ["Country", "Media", "Person"]
    xinhua = model.index(1, 0)
    kept = QPersistentModelIndex(xinhua)
    text = session.article(article_id).text
    pakistan = add(session, article_id, MarkKind.ACTOR, "Pakistan", "Country")
    add(session, article_id, MarkKind.SENTIMENT, "strategic", "negative")  # filtered out
    assert column(model, MarkTableModel.LABEL) == ["Country", "Country", "Media", "Person"]
    assert model.data(model.index(kept.row(), MarkTableModel.TEXT)) == "Xinhua"
    assert model.row_of(pakistan.id) is not None
    model.set_filters(speaker=None)  # drafts: marks without a speaker
    assert "claim" not in column(model, MarkTableModel.KIND)
    model.set_filters(kind="claim", stance="support")
    assert column(model, MarkTableModel.TEXT) == ["all-weather strategic"]
    model.set_filters()
    assert model.filters == (ANY, ANY, ANY, ANY)
    assert model.rowCount() == len(session.marks(article_id))
    assert text  # the article is unchanged
    qtmodeltester.check(model)


def test_resized_mark_moves_and_deleted_mark_goes(qtmodeltester, session):
    """Changing a mark's extent re-sorts it in place; deleting it removes its row only."""
    article_id = coded(session)
    model = MarkTableModel(session)
    model.show_article(article_id)
    first = session.marks(article_id)[0]
    row = QPersistentModelIndex(model.index(0, 0))
    text = session.article(article_id).text
    moved = first.with_changes(start=len(text) - 6, end=len(text) - 1, text=text[-6:-1])
    session.update_mark(moved)
    assert model.data(model.index(row.row(), MarkTableModel.START)) == str(moved.start)
    assert row.row() == model.rowCount() - 1
    before = model.rowCount()
    session.remove_mark(moved.id)
    assert model.rowCount() == before - 1 and model.row_of(moved.id) is None
    qtmodeltester.check(model)


def test_details_name_the_actors_and_follow_renames(session):
    """The details column names a mention's actor and a claim's speaker, as they are now."""
    article_id = coded(session)
    model = MarkTableModel(session)
    model.show_article(article_id)
    details = column(model, MarkTableModel.DETAILS)
    assert "→ Xinhua" in details and "Wang · support" in details
    wang = next(a for a in session.actors() if a.name == "Wang")
    session.update_actor(wang.__class__(wang.id, "Wang Yi", wang.type, wang.country, wang.aliases))
    assert "Wang Yi · support" in column(model, MarkTableModel.DETAILS)


def test_selecting_marks_does_not_read_the_registry_again(window, qtbot):
    """The form's actor lists are read once; selecting other marks only moves their choice."""
    from tests.gui.conftest import press, select_text

    calls = []  # the registry reads, as SQLite runs them
    connection = window.session.store.db.conn
    connection.set_trace_callback(
        lambda sql: calls.append(sql) if "SELECT id, name, type FROM actors" in sql else None
    )
    try:
        window.mark_details.actors_changed()
        select_text(window, "Xinhua")
        press(qtbot, window, Qt.Key.Key_6)
        select_text(window, "all-weather")
        qtbot.keyClick(window.text_view, Qt.Key.Key_A)
        before = len(calls)
        assert before >= 1  # the form did read the registry once
        marks = window.session.marks(window.current_article_id)
        for mark in marks * 3:
            window.select_mark(mark.id)
        assert len(calls) == before
        target = window.mark_details.editors["target_id"]
        assert target.currentText() == "(none)"
        xinhua = next(a for a in window.session.actors() if a.name == "Xinhua")
        assert target.findData(xinhua.id) > 0  # every actor is offered
    finally:
        connection.set_trace_callback(None)


def test_the_table_paints_only_the_rows_in_view(window, qtbot):
    """Painting asks the model for the cells of the rows in view, each once, none other."""
    text = window.session.article(window.current_article_id).text
    article_id = window.current_article_id
    at = 0
    for _ in range(60):  # more rows than the table shows
        at = text.index(" ", at + 1)
        window.session.add_mark(
            *window.session.prepare_mark(article_id, MarkKind.SENTIMENT, at - 3, at, "neutral")
        )
    table = window.mark_table
    asked: list[tuple[int, int]] = []
    cell = window.mark_model.cell
    table.cell_of = lambda row, column: asked.append((row, column)) or cell(row, column)
    table.viewport().repaint()
    first, last = table.rowAt(0), table.rowAt(table.viewport().height() - 1)
    assert 0 <= first < last < 59
    rows = sorted({row for row, _column in asked})
    assert rows == list(range(first, last + 1))
    shown = [c for c in range(len(MarkTableModel.HEADERS)) if not table.isColumnHidden(c)]
    assert len(asked) == len(set(asked)) == len(rows) * len(shown)


def test_the_selected_row_is_painted_in_the_highlight(window, qtbot):
    """The selected mark's row is filled with the palette's highlight, others are not."""
    from PySide6.QtGui import QPalette

    text = window.session.article(window.current_article_id).text
    for needle in ("Xinhua", "all-weather"):
        start = text.index(needle)
        window.text_view.select_span(start, start + len(needle))
        qtbot.keyClick(window.text_view, Qt.Key.Key_D)  # neutral sentiment
    window.select_mark(window.mark_model.mark_id_at(1))
    table = window.mark_table
    image = table.viewport().grab().toImage()
    height = table.rowHeight(0)
    x = table.columnViewportPosition(MarkTableModel.START) + 3
    palette = table.palette()
    group = QPalette.ColorGroup.Active if table.isActiveWindow() else QPalette.ColorGroup.Inactive
    highlight = palette.color(group, QPalette.ColorRole.Highlight)
    assert image.pixelColor(x, height + height // 2) == highlight
    assert image.pixelColor(x, height // 2) != highlight


def test_selecting_marks_leaves_the_layout_around_the_form_alone(window, qtbot):
    """The form gets the width it needs; selecting other marks relays out the form alone."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    text = window.session.article(window.current_article_id).text
    for needle in ("Xinhua", "all-weather", "strategic", "Pakistan"):
        start = text.index(needle)
        window.text_view.select_span(start, start + len(needle))
        qtbot.keyClick(window.text_view, Qt.Key.Key_F)  # mixed sentiment
    form = window.mark_details
    area = form.parentWidget().parentWidget()  # the scroll area holding the form
    qtbot.wait(100)  # the window's first layout and the form's width settle
    assert area.viewport().width() >= form.minimumSizeHint().width()  # not cut off

    class Relayouts(QObject):
        seen: list[str] = []

        def eventFilter(self, watched, event):  # noqa: N802
            if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Resize):
                Relayouts.seen.append(type(watched).__name__)
            return False

    watcher = Relayouts()
    around = (area.parentWidget(), window.coding, window.mark_table, window.text_view, area)
    for widget in around:
        widget.installEventFilter(watcher)
    for row in (0, 2, 1, 3):
        window.select_mark(window.mark_model.mark_id_at(row))
        QApplication.processEvents()
    assert Relayouts.seen == []
    assert form.summary.text().startswith("Sentiment: “")


def test_selecting_a_mark_frames_it_without_moving_the_text(window, qtbot):
    """The selected mark keeps its glyphs (no bold to re-wrap the paragraph) and gets a frame."""
    from PySide6.QtGui import QFont

    from annotator.gui.widgets.mark_highlighter import _FRAME_COLOUR

    view = window.text_view
    text = window.session.article(window.current_article_id).text
    start = text.index("all-weather")
    end = text.index("China.", start) + len("China")
    view.select_span(start, end)
    qtbot.keyClick(view, Qt.Key.Key_T)  # a claim over most of a line: bold would re-wrap it
    window.select_mark(None)
    block = view.document().findBlock(view.positions.to_qt(start))

    def lines():
        view.highlighter.ensure_formatted(block)
        layout = block.layout()
        return [layout.lineAt(i).textStart() for i in range(layout.lineCount())]

    before = lines()
    marks = window.session.store.marks_for(window.current_article_id, window.session.annotator)
    [claim] = [m for m in marks if m.start == start]
    window.select_mark(claim.id)
    assert lines() == before
    weights = {r.format.fontWeight() for r in block.layout().formats()}
    assert QFont.Weight.Bold.value not in weights and QFont.Weight.Bold not in weights
    # The frame: the frame colour along the top edge of the mark's first line, not elsewhere.
    view.highlighter.ensure_formatted(block)
    line = block.layout().lineForTextPosition(view.positions.to_qt(start) - block.position())
    x = line.cursorToX(view.positions.to_qt(start) - block.position())
    x = x[0] if isinstance(x, tuple) else x
    top = view.blockBoundingGeometry(block).translated(view.contentOffset()).top() + line.y()
    image = view.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    frame = image.pixelColor(int((x + 6) * ratio), int((top + 0.75) * ratio))
    assert abs(frame.lightness() - _FRAME_COLOUR.lightness()) < 60
    window.select_mark(None)
    image = view.viewport().grab().toImage()
    assert image.pixelColor(int((x + 6) * ratio), int((top + 0.75) * ratio)).lightness() > 150


def test_narrow_tables_make_room_for_text_and_titles(window, qtbot):
    """In a narrow marks table the kind and end columns step aside for the text; in a narrow
    article list the counts and dates make way for the titles; wide, all come back."""
    from annotator.gui.models.article_list_model import ArticleListModel

    table = window.mark_table
    room = table.column_room
    room.shown_from = {MarkTableModel.END: 10_000, MarkTableModel.KIND: 0}
    room.fit()
    assert table.isColumnHidden(MarkTableModel.END) and not table.isColumnHidden(
        MarkTableModel.KIND
    )
    room.shown_from = {MarkTableModel.END: 0, MarkTableModel.KIND: 0}
    room.fit()
    assert not table.isColumnHidden(MarkTableModel.END)
    articles = window.article_list
    window.resizeDocks([window.docks.articles], [250], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: articles.isColumnHidden(ArticleListModel.DATE))
    assert articles.isColumnHidden(ArticleListModel.MARKS)
    assert not articles.isColumnHidden(ArticleListModel.TITLE)
    window.resizeDocks([window.docks.articles], [520], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: not articles.isColumnHidden(ArticleListModel.MARKS))
    assert not articles.isColumnHidden(ArticleListModel.DATE)
