"""Start the real window in this process and quit as soon as it is shown and painted.

    python benchmarks/startup_probe.py window --db P.db --annotator alice --expect ARTICLE_ID
    python benchmarks/startup_probe.py window --db P.db --annotator alice --remember ARTICLE_ID
    python benchmarks/startup_probe.py empty

``window`` runs exactly what ``python -m annotator gui --db P.db`` runs (the click command, the
session, ``annotator.gui.app.run``), in the same order; the only addition is an event filter on
the article text's viewport, installed as the main window is made, that quits once the text
has been painted with the expected article open. With ``--remember`` it first opens that
article and closes the window the way a user would, so that the window's own QSettings
remember it as the project's last article (point ``XDG_CONFIG_HOME`` at a private folder).
``empty`` is the baseline: PySide6, an empty QMainWindow of the same size, one paint, watched
by the same filter on the window itself.

What the probe does not do, so as not to charge the window for the probe: it imports Qt only
where ``annotator gui`` does (after the project is open: PySide6's import hook reads the
source of every module imported after it, some 40 ms for the session's modules), and it
watches one widget, not every event of the application (a Python call per event).

Prints one line of JSON: the wall-clock time of the paint (``painted_at``, for the parent to
subtract its spawn time from), seconds from the probe's first line to it, CPU seconds, and what
was open.
"""

from __future__ import annotations

import json
import sys
import time

STARTED = time.perf_counter()

WIDTH, HEIGHT = 1440, 900  # the main window's default size
# Libraries the window does not need before it shows (issue 10); the probe reports any loaded.
HEAVY = ("pandas", "numpy", "networkx", "cassis", "jsonschema", "spacy", "sklearn")


def heavy_modules() -> list[str]:
    """Return the heavy libraries and format modules loaded so far."""
    formats = [
        name
        for name in sys.modules
        if name.startswith("annotator.formats.")
        and name not in ("annotator.formats.base", "annotator.formats.registry")
    ]
    return sorted([name for name in HEAVY if name in sys.modules] + formats)


def paint_watcher(ready, on_ready):  # type: ignore[no-untyped-def]
    """Return an event filter that calls ``on_ready(widget)`` after the first paint of a
    watched widget for which ``ready(widget)`` holds (Qt is imported here, not before)."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    paint = QEvent.Type.Paint

    class QuitAfterPaint(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.painted_after: float | None = None
            self.painted_at: float | None = None
            self.cpu_seconds: float | None = None
            self.heavy: list[str] = []

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            """Watch paint events; once ready, note the time and quit from the event loop."""
            if self.painted_after is None and event.type() == paint:
                # Let the paint happen first, then look: quitting comes after the frame is drawn.
                QTimer.singleShot(0, lambda w=watched: self._check(w))
            return False

        def _check(self, watched: QObject) -> None:
            if self.painted_after is None and ready(watched):
                self.painted_after = time.perf_counter() - STARTED
                self.painted_at = time.time()
                self.cpu_seconds = time.process_time()  # less disturbed by a busy machine
                self.heavy = heavy_modules()
                on_ready(watched)

    return QuitAfterPaint()


def _text_painted(window, article_id: str | None) -> bool:  # type: ignore[no-untyped-def]
    """Say whether the window shows this article (any, if None) with its text in place."""
    if article_id is not None and window.current_article_id != article_id:
        return False
    return window.text_view.document().characterCount() > 1


def run_window(argv: list[str]) -> None:
    """Run `annotator gui` with argv until the window has painted the article text."""
    expect = _option(argv, "--expect")
    remember = _option(argv, "--remember")
    state: dict[str, object] = {}
    watchers: list[object] = []

    def quit_after(window) -> None:  # type: ignore[no-untyped-def]
        from PySide6.QtWidgets import QApplication

        state["article"] = window.current_article_id
        state["list_rows"] = window.article_model.rowCount()
        state["current_row"] = window.article_list.currentIndex().row()
        if remember is not None:
            window.close()
        else:
            QApplication.quit()

    def watch(window) -> None:  # type: ignore[no-untyped-def]
        """Install the paint watcher on a new main window's article text."""
        if remember is not None:
            opened = {"yet": False}

            def ready(_viewport) -> bool:  # type: ignore[no-untyped-def]
                if not opened["yet"]:
                    opened["yet"] = True
                    window.open_article(remember)
                    window.text_view.viewport().update()
                    return False
                return _text_painted(window, remember)
        else:

            def ready(_viewport) -> bool:  # type: ignore[no-untyped-def]
                return _text_painted(window, expect)

        watcher = paint_watcher(ready, lambda _viewport: quit_after(window))
        window.text_view.viewport().installEventFilter(watcher)
        watchers.append(watcher)

    import annotator.__main__ as entry

    open_session = entry.open_session

    def open_session_then_watch(*args, **kwargs):  # type: ignore[no-untyped-def]
        session = open_session(*args, **kwargs)
        # Where `annotator gui` goes next: the GUI modules (and Qt with them).
        from annotator.gui.main_window import MainWindow

        make = MainWindow.__init__

        def make_and_watch(window, *args, **kwargs):  # type: ignore[no-untyped-def]
            make(window, *args, **kwargs)
            watch(window)

        MainWindow.__init__ = make_and_watch  # type: ignore[method-assign]
        return session

    entry.open_session = open_session_then_watch  # type: ignore[assignment]
    sys.argv = ["annotator", "gui", *argv]
    code = 0
    try:
        entry.main()
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    watcher = watchers[0] if watchers else None
    painted_after = getattr(watcher, "painted_after", None)
    report = {
        "painted_at": getattr(watcher, "painted_at", None),
        "painted_s": painted_after,
        "cpu_s": getattr(watcher, "cpu_seconds", None),
        "heavy_modules": getattr(watcher, "heavy", []),
        **state,
    }
    print(json.dumps(report), flush=True)
    if painted_after is None:
        code = code or 3  # the window never painted what was expected
    raise SystemExit(code)


def run_empty() -> None:
    """Show an empty QMainWindow of the main window's size, paint it once, quit."""
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(WIDTH, HEIGHT)
    watcher = paint_watcher(lambda w: w is window, lambda _w: QApplication.quit())
    window.installEventFilter(watcher)
    window.show()
    code = app.exec()
    report = {
        "painted_at": watcher.painted_at,
        "painted_s": watcher.painted_after,
        "cpu_s": watcher.cpu_seconds,
    }
    print(json.dumps(report), flush=True)
    raise SystemExit(code if watcher.painted_after is not None else 3)


def _option(argv: list[str], name: str) -> str | None:
    """Take ``name VALUE`` out of argv and return VALUE (None when absent)."""
    if name not in argv:
        return None
    i = argv.index(name)
    value = argv[i + 1]
    del argv[i : i + 2]
    return value


if __name__ == "__main__":
    mode, *rest = sys.argv[1:] or ["empty"]
    if mode == "empty":
        run_empty()
    elif mode == "window":
        run_window(rest)
    else:
        raise SystemExit(f"unknown mode {mode!r}: window or empty")
