"""Drive the real main window offscreen and time the coding view (run as a child process).

    python benchmarks/window_probe.py open PROJECT ARTICLE OTHER [--runs N]
    python benchmarks/window_probe.py add PROJECT ARTICLE [--marks N]
    python benchmarks/window_probe.py huge PROJECT ARTICLE OTHER

``open``: open ARTICLE in the window (after OTHER, so that every run is a real switch) until its
first screen is highlighted and painted, alternating with the baseline, a bare QPlainTextEdit
of the text view's size: ``setPlainText`` of the same text and a paint.
``add``: select a word and press a label key in the text, until the highlight is painted and the
row is in the marks table, each painted once (by the events the key caused, or after them);
sentiment marks (key ``a``), actor mentions with the picker off (``1``) and claims (``q``).
``huge``: open ARTICLE while a 10 ms timer ticks on the UI thread; the time until the article is
wholly loaded and painted, and the longest gap between ticks.

Prints one JSON object of seconds on stdout. Works against older versions of the coding view
too (without a loading state it is taken to be done when open_article returns).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QPlainTextEdit  # noqa: E402

from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.session import Session  # noqa: E402


def application() -> QApplication:
    """Return the application, with QSettings kept in a scratch folder (never the user's)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName("annotator-bench")
    app.setApplicationName("annotator")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    scratch = tempfile.mkdtemp(prefix="annotator-probe-")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, scratch)
    return app


class PaintWatch(QObject):
    """Notes the widgets that received a paint event (the set is cleared by the caller)."""

    def __init__(self) -> None:
        super().__init__()
        self.widgets: set[QObject] = set()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """Note a paint and let it through."""
        if event.type() == QEvent.Type.Paint:
            self.widgets.add(watched)
        return False

    def watch(self, *widgets: QObject) -> None:
        """Note the paints of these widgets from now on."""
        for widget in widgets:
            widget.installEventFilter(self)

    def clear(self) -> None:
        """Forget the paints noted so far."""
        self.widgets.clear()

    def __contains__(self, widget: QObject) -> bool:
        return widget in self.widgets


PAINTS = PaintWatch()  # the viewports of the window under test


def shown_window(project: Path) -> MainWindow:
    """Return the main window on a project, shown, active and settled."""
    session = Session.open(project, "alice")
    window = MainWindow(session)
    window.resize(1440, 900)
    window.show()
    window.activateWindow()
    QTest.qWaitForWindowExposed(window)
    settle(window)
    window.text_view.setFocus()
    PAINTS.watch(window.text_view.viewport(), window.mark_table.viewport())
    return window


def loading(window: MainWindow) -> bool:
    """Say whether the coding view is still loading its article progressively."""
    return bool(getattr(window.coding, "loading", False))


def settle(window: MainWindow) -> None:
    """Run the event loop until the coding view has nothing left to load, then flush events."""
    loop = QEventLoop()
    loaded = getattr(window.coding, "loaded", None)
    if loaded is not None and loading(window):
        loaded.connect(loop.quit)
        while loading(window):
            loop.exec()
        loaded.disconnect(loop.quit)
    QApplication.processEvents()


def paint(window: MainWindow) -> None:
    """Paint the text and the marks table now (processed, not just scheduled)."""
    window.text_view.viewport().repaint()
    window.mark_table.viewport().repaint()


def painted_once(window: MainWindow) -> None:
    """Paint the text and the marks table now unless the events since ``PAINTS.clear()`` did.

    The updates an open or a new mark asks for are painted while settle() processes the
    events; a viewport with nothing to update is painted here, so that a timing always
    includes both paints but never one twice.
    """
    for viewport in (window.text_view.viewport(), window.mark_table.viewport()):
        if viewport not in PAINTS:
            viewport.repaint()


def open_once(window: MainWindow, article_id: str) -> None:
    """Open an article until it is loaded and painted."""
    PAINTS.clear()
    window.open_article(article_id)
    settle(window)
    painted_once(window)


def idle(window: MainWindow) -> None:
    """Let background work the last step started finish (not timed)."""
    runner = getattr(window.coding, "runner", None)
    if runner is not None:
        runner.wait()
    QApplication.processEvents()


def measure_open(project: Path, article_id: str, other_id: str, runs: int) -> dict[str, object]:
    """Time opening an article against setPlainText + paint of its text in a bare editor."""
    window = shown_window(project)
    text = window.session.article(article_id).text
    bare = QPlainTextEdit()
    bare.setReadOnly(True)
    bare.setFont(window.text_view.font())
    bare.resize(window.text_view.size())
    bare.show()
    QTest.qWaitForWindowExposed(bare)
    ours: list[float] = []
    base: list[float] = []
    open_once(window, article_id)  # warm: first use of fonts, caches
    for _ in range(runs):
        bare.setPlainText("")
        idle(window)  # background work of the last open must not fall into the baseline
        t0 = time.perf_counter()
        bare.setPlainText(text)
        QApplication.processEvents()
        bare.viewport().repaint()
        base.append(time.perf_counter() - t0)

        open_once(window, other_id)
        idle(window)
        t0 = time.perf_counter()
        open_once(window, article_id)
        ours.append(time.perf_counter() - t0)
    rows = window.mark_model.rowCount()
    return {"ours": ours, "baseline": base, "rows": rows, "chars": len(text)}


def _words(text: str, count: int) -> list[tuple[int, int]]:
    """Return count words spread over the text, as (start, end) code-point spans."""
    spans = []
    step = max(1, len(text) // (count + 1))
    for i in range(1, count + 1):
        start = i * step
        while start < len(text) and not (text[start].isalpha() and not text[start - 1].isalnum()):
            start += 1
        end = start
        while end < len(text) and text[end].isalnum():
            end += 1
        if end > start:
            spans.append((start, end))
    return spans


def _add_marks(
    window: MainWindow, key: Qt.Key, spans: list[tuple[int, int]], refused: list[str]
) -> list[float]:
    times = []
    view = window.text_view
    for start, end in spans:
        before = window.mark_model.rowCount()
        view.setFocus()
        view.select_span(start, end)
        view.ensureCursorVisible()
        idle(window)
        paint(window)
        PAINTS.clear()
        t0 = time.perf_counter()
        QTest.keyClick(view, key)
        settle(window)
        painted_once(window)
        elapsed = time.perf_counter() - t0
        if window.mark_model.rowCount() == before + 1:
            times.append(elapsed)
        else:  # refused (say why) or not made: not a timing of a new mark
            refused.append(f"{key.name} {start}-{end}: {window.statusBar().currentMessage()}")
        view.setFocus()
    return times


def measure_add(project: Path, article_id: str, marks: int) -> dict[str, object]:
    """Time new marks made by a label key, key press to highlight and row painted."""
    window = shown_window(project)
    open_once(window, article_id)
    text = window.session.article(article_id).text
    spans = _words(text, 3 * marks)
    refused: list[str] = []
    sentiment = _add_marks(window, Qt.Key.Key_A, spans[0::3], refused)
    window.coding.ask_actor = False
    actor = _add_marks(window, Qt.Key.Key_1, spans[1::3], refused)
    claim = _add_marks(window, Qt.Key.Key_Q, spans[2::3], refused)
    return {"sentiment": sentiment, "actor": actor, "claim": claim, "refused": refused}


def measure_huge(project: Path, article_id: str, other_id: str) -> dict[str, object]:
    """Time opening a huge article, and the longest the UI thread went without a timer tick."""
    window = shown_window(project)
    open_once(window, other_id)
    ticks: list[float] = []
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    QApplication.processEvents()
    PAINTS.clear()
    t0 = time.perf_counter()
    ticks.append(t0)
    window.open_article(article_id)
    first_return = time.perf_counter() - t0
    settle(window)
    painted_once(window)
    done = time.perf_counter()
    ticks.append(done)
    timer.stop()
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    # Scroll to the end and back: the layout of the rest must not block either.
    t_end = time.perf_counter()
    window.text_view.verticalScrollBar().setValue(window.text_view.verticalScrollBar().maximum())
    QApplication.processEvents()
    paint(window)
    scroll_end = time.perf_counter() - t_end
    return {
        "seconds": done - t0,
        "first_return": first_return,
        "max_gap": max(gaps),
        "ticks": len(ticks),
        "scroll_to_end": scroll_end,
        "rows": window.mark_model.rowCount(),
        "chars": len(window.session.article(article_id).text),
    }


def main(argv: list[str] | None = None) -> int:
    """Run one measurement and print its JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=("open", "add", "huge"))
    parser.add_argument("project", type=Path)
    parser.add_argument("article")
    parser.add_argument("other", nargs="?")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--marks", type=int, default=20)
    args = parser.parse_args(argv)
    application()
    if args.what == "open":
        result = measure_open(args.project, args.article, args.other, args.runs)
    elif args.what == "add":
        result = measure_add(args.project, args.article, args.marks)
    else:
        result = measure_huge(args.project, args.article, args.other)
    print(json.dumps(result))
    sys.stdout.flush()
    os._exit(0)  # skip tearing down a window over a 50 MB document


if __name__ == "__main__":
    raise SystemExit(main())
