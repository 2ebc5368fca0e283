"""The window connects nowhere (issue 12, hostile content): a project whose titles, text, actor
names, notes and guidelines point at a server listening on this machine — images, links,
style sheets — is opened, shown in every view, hovered and browsed, and the server is never
contacted; nor does any Python code in the process open a socket."""

from __future__ import annotations

import socket
import sys

from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication

from annotator.core.model import ArticleStatus, MarkKind
from annotator.gui.main_window import MainWindow
from annotator.gui.navigation import show_view
from tests.conftest import add
from tests.gui.conftest import show_active

_connects: list[tuple] = []
_listening = False


def _audit(event: str, args: tuple) -> None:
    if _listening and event in ("socket.connect", "socket.getaddrinfo", "urllib.Request"):
        _connects.append((event, args))


sys.addaudithook(_audit)  # audit hooks stay for the process: it records only during the test


def hover(view) -> None:
    """Ask each visible row of a view for its tooltip, as resting the mouse there does."""
    viewport = view.viewport()
    for row in range(min(view.model().rowCount(), 5)):
        rect = view.visualRect(view.model().index(row, 1))
        point = rect.center() if rect.isValid() else QPoint(10, 10)
        QApplication.sendEvent(
            viewport, QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
        )


def test_the_window_makes_no_network_request(empty, qtbot, tmp_path):
    global _listening
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    url = f"http://127.0.0.1:{server.getsockname()[1]}"
    bait = (
        f'<img src="{url}/img.png"> <a href="{url}/a">link</a> '
        f'<link rel="stylesheet" href="{url}/s.css"> {url}/plain'
    )
    source = tmp_path / "bait.txt"
    source.write_text(
        f"{bait} Pakistan said.\n\nPakistan and China met in Gwadar.", encoding="utf-8"
    )
    empty.import_paths([source])
    empty.set_guidelines(
        f"# Rules\n\n![remote]({url}/g.png)\n\n[a link]({url}/l)\n\n{bait}\n\n"
        f'<iframe src="{url}/f"></iframe>\n'
    )
    article_id = empty.article_summaries()[0].id
    add(empty, article_id, MarkKind.ACTOR, "Pakistan", "Country")
    empty.set_status(article_id, ArticleStatus.IN_PROGRESS, note=bait)
    _listening = True
    try:
        window = MainWindow(empty)
        show_active(qtbot, window)
        qtbot.waitUntil(lambda: window.guidelines.toPlainText() != "", timeout=5000)
        hover(window.article_list)
        hover(window.mark_table)
        for view in (window.views.review_view, window.views.agreement_view, window.coding):
            show_view(window, view)
            qtbot.wait(200)
        qtbot.wait(1500)  # time for any request Qt would make in the background
        window.close()
    finally:
        _listening = False
    assert accepted(server) is None, "the window connected to the server named in the content"
    assert _connects == []
    # The control: a connection is seen by both the server and the audit hook.
    _listening = True
    try:
        socket.create_connection(server.getsockname(), timeout=5).close()
    finally:
        _listening = False
    assert accepted(server) is not None and "socket.connect" in [event for event, _ in _connects]
    server.close()


def accepted(server: socket.socket):
    """Return a connection the server has had, if any (without waiting)."""
    try:
        connection, _ = server.accept()
    except BlockingIOError:
        return None
    connection.close()
    return connection
