"""The window and its project file (issue 12, points 2 and 9): changes another program commits
show up; a file deleted or moved under the window stops the saving, says so, and everything up
to the last edit can be saved as a copy from the open connection."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.model import ArticleStatus, MarkKind
from annotator.session import Session
from tests.conftest import add
from tests.gui.conftest import press, select_text


def test_another_programs_changes_show_up(window, qtbot):
    """A status and a mark committed by another connection appear after the next look."""
    other = Session.open(window.session.path, window.session.annotator)
    article_id = window.current_article_id
    other.set_status(article_id, ArticleStatus.DONE)
    add(other, article_id, MarkKind.ACTOR, "Xinhua", "Media")
    other.close()
    window.project_watch.poll()
    row = window.article_model.row_of(article_id)
    status = window.article_model.index(row, window.article_model.STATUS)
    qtbot.waitUntil(lambda: status.data() == "done")
    qtbot.waitUntil(lambda: window.mark_model.rowCount() == 1)
    assert window.document_panel.status.currentData() == "done"
    assert window.statusBar().currentMessage() == "Updated with changes another program made."


def test_a_moved_project_stops_saving_and_offers_a_copy(window, qtbot, tmp_path):
    """Moved away: the window says so, refuses the next edit, and a copy from the open
    connection holds every edit made before."""
    select_text(window, "Xinhua")
    press(qtbot, window, Qt.Key.Key_6)
    path = window.session.path
    path.rename(tmp_path / "moved-away.db")
    window.project_watch.poll()
    box = window.interaction.dialog
    assert box.windowTitle() == "Project file gone"
    assert [b.text() for b in box.buttons()][0] == "Save a copy as…"
    select_text(window, "Pakistan")
    press(qtbot, window, Qt.Key.Key_7)
    assert "its file was deleted, moved or replaced" in window.statusBar().currentMessage()
    copy = window.session.backup(tmp_path / "saved.db")
    saved = Session.open(copy, "x", read_only=True)
    marks = saved.store.marks_for(window.current_article_id, window.session.annotator)
    assert [m.text for m in marks] == ["Xinhua"]
    saved.close()
    box.reject()


def test_an_edit_waits_for_another_writer_and_lands(window, qtbot):
    """Another program holds the write lock: the window says it waits, tries again in the
    background, and the mark lands (one undo step) once the other program is done."""
    import sqlite3

    from annotator.gui.commands import WAITING

    other = sqlite3.connect(str(window.session.path), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    select_text(window, "Xinhua")
    press(qtbot, window, Qt.Key.Key_6)
    assert window.statusBar().currentMessage() == WAITING
    assert window.mark_model.rowCount() == 0 and window.undo_stack.count() == 0
    other.execute("COMMIT")
    other.close()
    qtbot.waitUntil(lambda: window.mark_model.rowCount() == 1, timeout=10_000)
    assert window.undo_stack.count() == 1
    assert window.statusBar().currentMessage().startswith("Saved, after waiting")


def test_commits_of_the_windows_own_worker_are_not_news(window, qtbot):
    """While the window's own worker (a hub sync) writes, its commits are not shown as another
    program's: the worker's outcome shows them, and the watch takes the file as it is then."""
    writing = [True]
    window.project_watch.hold_while(lambda: writing[0])
    worker = Session.open(window.session.path, window.session.annotator)
    worker.set_status(window.current_article_id, ArticleStatus.DONE)
    worker.close()
    window.project_watch.poll()
    assert window.statusBar().currentMessage() != "Updated with changes another program made."
    writing[0] = False
    window.project_watch.take_version()
    window.project_watch.poll()
    assert window.statusBar().currentMessage() != "Updated with changes another program made."
    other = Session.open(window.session.path, window.session.annotator)  # another program
    other.set_status(window.current_article_id, ArticleStatus.SKIPPED)
    other.close()
    window.project_watch.poll()
    assert window.statusBar().currentMessage() == "Updated with changes another program made."
