"""GUI fixtures: the real main window over a real project, shown offscreen."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def private_settings(qapp, tmp_path):
    """Keep QSettings (layout, last article) in the test's own folder, never the user's."""
    from PySide6.QtCore import QSettings

    qapp.setOrganizationName("annotator-tests")
    qapp.setApplicationName("annotator")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))
    yield tmp_path / "qs"


@pytest.fixture
def window(qtbot, session):
    """Return the shown main window on the bundled corpus, first article open."""
    from annotator.gui.main_window import MainWindow

    win = MainWindow(session)
    show_active(qtbot, win)
    yield win
    win.undo_stack.clear()


def show_active(qtbot, win, size=(1440, 900)) -> None:
    """Show a main window at a desktop's size (the offscreen screen is 800×600, on which the
    first start would maximise it), make it the active window (shortcuts need one) and focus
    the text."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    qtbot.addWidget(win)
    if size is not None:
        win.setWindowState(Qt.WindowState.WindowNoState)
        win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=3000)
    win.text_view.setFocus()


def select_text(window, needle: str, occurrence: int = 0) -> tuple[int, int]:
    """Select the n-th occurrence of needle in the open article; return its code-point span."""
    text = window.session.article(window.current_article_id).text
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    window.text_view.setFocus()  # as selecting with the mouse would
    window.text_view.select_span(start, start + len(needle))
    return start, start + len(needle)


def accept_picker(qtbot, window) -> None:
    """Accept the actor picker's highlighted choice if it is open."""
    from PySide6.QtCore import Qt

    if window.actor_picker.isVisible():
        qtbot.keyClick(window.actor_picker.name_edit, Qt.Key.Key_Return)


def press(qtbot, window, key, modifiers=None) -> None:
    """Press a key in the article text; if it opened the actor picker, accept its choice."""
    if modifiers is None:
        qtbot.keyClick(window.text_view, key)
    else:
        qtbot.keyClick(window.text_view, key, modifiers)
    accept_picker(qtbot, window)


def two_coders_window(qtbot, session, view_key):
    """Return the main window on alice's and bob's coding, switched to a view by its key."""
    from PySide6.QtCore import Qt

    from annotator.gui.main_window import MainWindow
    from tests.conftest import code_two_coders

    code_two_coders(session)
    window = MainWindow(session)
    show_active(qtbot, window)
    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, view_key, modifiers)
    return window


def finished(qtbot, workflow) -> bool:
    """Wait for a window workflow (import, export, merge) to end; return whether it worked."""
    qtbot.waitUntil(lambda: workflow.done, timeout=20000)
    return workflow.ok
