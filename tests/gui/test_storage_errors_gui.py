"""In the window, an edit the disk cannot hold is refused and said (issue 12, point 8)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.errors import StorageError
from tests.gui.conftest import press, select_text


def test_the_window_says_a_save_failed(window, qtbot):
    """With the database at its size limit, a new mark is "Not saved: … the disk is full"."""
    session = window.session
    pages = session.store.db.execute("PRAGMA page_count").fetchone()[0]
    session.store.db.execute(f"PRAGMA max_page_count = {pages}")
    try:
        for n in range(200):  # use up the room the pages have
            session.set_guidelines(f"{n} " + "x" * 50_000)
    except StorageError:
        pass
    text = session.article(window.current_article_id).text
    words = [w for w in dict.fromkeys(text.split()) if w.isalpha() and len(w) > 3][:40]
    messages = []
    for word in words:
        select_text(window, word)
        press(qtbot, window, Qt.Key.Key_6)
        messages.append(window.statusBar().currentMessage())
        if "the disk is full" in messages[-1]:
            break
    assert messages[-1].startswith("Not saved: ")
    assert messages[-1].endswith(
        "nothing was saved: the disk is full; free some space and try again"
    )
