"""Article text, titles, names and guidelines are shown as what they say: nothing in them is
HTML to Qt, so no file is read and nothing crashes (an image of /dev/zero never loads)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from annotator.core.model import MarkKind
from annotator.gui.main_window import MainWindow
from tests.conftest import add
from tests.gui.conftest import show_active

HOSTILE = '<img src="/dev/zero"> & <b>bold</b>'


def shown_as(tip: str) -> str:
    """Return the text a rich-text tooltip displays."""
    document = QTextDocument()
    document.setHtml(tip)
    return document.toPlainText()


def test_hostile_title_name_and_guidelines_open_and_show_as_text(empty, qtbot, tmp_path):
    """A title, an actor name and guidelines that look like HTML: the window opens, renders
    the guidelines, and every tooltip shows the characters themselves."""
    path = tmp_path / "hostile.txt"
    path.write_text(f"{HOSTILE} said Pakistan.\n\nPakistan and China met.", encoding="utf-8")
    empty.import_paths([path])
    empty.set_guidelines(f"# Rules\n\n![zero](/dev/zero)\n\n{HOSTILE}\n")
    article_id = empty.article_summaries()[0].id
    mark = add(empty, article_id, MarkKind.ACTOR, "Pakistan", "Country")
    window = MainWindow(empty)
    show_active(qtbot, window)
    qtbot.waitUntil(lambda: window.guidelines.toPlainText() != "", timeout=5000)
    assert HOSTILE in window.guidelines.toPlainText()
    model = window.article_model
    title_tip = model.data(model.index(0, model.TITLE), Qt.ItemDataRole.ToolTipRole)
    assert shown_as(title_tip).startswith(HOSTILE)
    marks = window.mark_model
    row = next(r for r in range(marks.rowCount()) if marks.mark_id_at(r) == mark.id)
    text_tip = marks.data(marks.index(row, marks.TEXT), Qt.ItemDataRole.ToolTipRole)
    assert shown_as(text_tip) == "Pakistan"
    window.close()
