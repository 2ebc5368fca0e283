"""A long article: shown at once, read piece by piece, formatted where shown, coded meanwhile."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from annotator.core.model import Mark, MarkKind, new_id, utc_now
from annotator.gui.main_window import MainWindow
from annotator.gui.widgets.mark_highlighter import suggestion_format
from annotator.session import Session
from tests.gui.conftest import show_active

PARAGRAPHS = 3000
LINE = "Paragraph {i}: Wang said the corridor 😀 is safe, café owners agreed.\n"


@pytest.fixture
def long_window(qtbot, tmp_path, monkeypatch):
    """Return a window on a ~200 KB article with a mark per paragraph, read in small pieces."""
    import annotator.gui.coding_loader as loader

    monkeypatch.setattr(loader, "PROGRESSIVE_BYTES", 20_000)
    monkeypatch.setattr(loader, "PIECE_BYTES", 8_000)
    monkeypatch.setattr(loader, "ROWS_PER_TABLE_UPDATE", 200)
    monkeypatch.setattr(loader, "SCAN_CHARS", 4_000)
    text = "".join(LINE.format(i=i) for i in range(PARAGRAPHS))
    source = tmp_path / "long.txt"
    source.write_text(text, encoding="utf-8")
    session = Session.open(tmp_path / "long.db", "alice")
    session.import_paths([source])
    article_id = session.article_summaries()[0].id
    start = text.index("Wang")
    session.add_mark(*session.prepare_mark(article_id, MarkKind.ACTOR, start, start + 4, "Person"))
    now = utc_now()
    marks = []
    for i in range(PARAGRAPHS):
        at = text.index("corridor", text.index(f"Paragraph {i}:"))
        marks.append(
            Mark(new_id(), article_id, "alice", MarkKind.SENTIMENT, at, at + 8, "corridor",
                 "positive", intensity=2, created_at=now, updated_at=now)
        )
    session.add_marks(marks)
    window = MainWindow(session)
    show_active(qtbot, window)
    yield window, text
    window.coding.runner.cancel()
    window.undo_stack.clear()
    session.close()


def positive(window) -> str:
    """Return the colour of positive sentiment."""
    return QColor(window.session.tagset.span_label(MarkKind.SENTIMENT, "positive").color).name()


def test_long_article_is_read_in_pieces_and_wholly_shown(long_window, qtbot):
    """Opening shows the first screen at once; the rest follows; text and rows are complete."""
    window, text = long_window
    coding = window.coding
    window.open_article(window.current_article_id)
    assert coding.loading  # only the first piece so far
    assert 0 < len(window.text_view.toPlainText()) < len(text)
    assert coding.wait_until_shown()
    assert window.text_view.toPlainText() == text
    assert window.mark_model.rowCount() == PARAGRAPHS + 1
    assert window.text_view.positions.length == len(text)


def test_marks_made_while_reading_are_kept_once(long_window, qtbot):
    """A mark made on the first screen while the rest is read is one row, in its place."""
    window, text = long_window
    coding = window.coding
    window.open_article(window.current_article_id)
    assert coding.loading
    start = text.index("said")
    window.text_view.setFocus()
    window.text_view.select_span(start, start + 4)
    qtbot.keyClick(window.text_view, Qt.Key.Key_S)  # negative sentiment
    assert coding.wait_until_shown()
    said = [m for m in window.session.marks(window.current_article_id) if m.text == "said"]
    assert len(said) == 1
    ids = [window.mark_model.mark_id_at(r) for r in range(window.mark_model.rowCount())]
    assert len(ids) == len(set(ids)) == PARAGRAPHS + 2
    assert window.mark_model.row_of(said[0].id) == 1  # after "Wang", before the first "corridor"


def test_blocks_are_formatted_when_shown(long_window, qtbot):
    """A block far below the view has no formats until it is shown (or asked for)."""
    window, text = long_window
    assert window.coding.wait_until_shown()
    window.coding.finish_background()  # every suggestion matched, whatever the machine's pace
    view = window.text_view
    last = text.rindex("corridor")
    block = view.document().findBlock(view.positions.to_qt(last))
    colours = view.highlighter.backgrounds  # the colours painted under a block's text
    assert colours(block) == [] and block.layout().formats() == []  # never shown: not formatted
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    view.grab()  # paints the end
    painted = [colour.name() for _start, _end, colour in colours(block)]
    suggested = suggestion_format().background().color().name()
    assert painted == [suggested, positive(window)]  # "Wang" suggested, "corridor" marked
    # The text format there is the suggestion's dotted underline only.
    assert [r.format.underlineStyle() for r in block.layout().formats()] == [
        suggestion_format().underlineStyle()
    ]
    # The emoji before "corridor" in every line makes Qt positions differ from offsets.
    assert view.positions.to_qt(last) > last
    painted = [r.format.background().color().name() for r in view.formats_at(last)]
    assert painted == [positive(window)]
    assert view.formats_at(last + 8) == []


def test_suggestions_cover_the_whole_article_in_the_background(long_window, qtbot):
    """'Wang' is suggested in every paragraph but the marked one once matching is done."""
    window, text = long_window
    coding = window.coding
    assert coding.wait_until_shown()
    coding.finish_background()
    found = coding.suggestions
    assert len(found) == PARAGRAPHS - 1
    assert found[-1].start == text.rindex("Wang") and found[-1].text == "Wang"
