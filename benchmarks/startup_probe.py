"""Start the real window in this process and quit as soon as it is shown and painted.

    python benchmarks/startup_probe.py window --db P.db --annotator alice --expect ARTICLE_ID
    python benchmarks/startup_probe.py window --db P.db --annotator alice --remember ARTICLE_ID
    python benchmarks/startup_probe.py empty

``window`` runs exactly what ``python -m annotator gui --db P.db`` runs (the click command, the
session, ``annotator.gui.app.run``); the only addition is an application event filter, installed
before, that quits once the article text has been painted with the expected article open.
With ``--remember`` it first opens that article and closes the window the way a user would, so
that the window's own QSettings remember it as the project's last article (point
``XDG_CONFIG_HOME`` at a private folder). ``empty`` is the baseline: PySide6, an empty
QMainWindow of the same size, one paint.

Prints one line of JSON: the wall-clock time of the paint (``painted_at``, for the parent to
subtract its spawn time from), seconds from the probe's first line to it, CPU seconds, and what
was open.
"""

from __future__ import annotations

import json
import sys
import time

STARTED = time.perf_counter()

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402

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


class QuitAfterPaint(QObject):
    """Quit the application after the first paint that satisfies ``ready(widget)``."""

    def __init__(self, ready, on_ready=None):  # type: ignore[no-untyped-def]
        super().__init__()
        self.ready = ready
        self.on_ready = on_ready or (lambda _w: QApplication.quit())
        self.painted_after: float | None = None
        self.painted_at: float | None = None
        self.cpu_seconds: float | None = None
        self.heavy: list[str] = []
        self.report: dict[str, object] = {}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """Watch paint events; once ready, note the time and quit from the event loop."""
        if self.painted_after is None and event.type() == QEvent.Type.Paint:
            # Let the paint happen first, then look: quitting comes after the frame is drawn.
            QTimer.singleShot(0, lambda w=watched: self._check(w))
        return False

    def _check(self, watched: QObject) -> None:
        if self.painted_after is None and self.ready(watched):
            self.painted_after = time.perf_counter() - STARTED
            self.painted_at = time.time()
            self.cpu_seconds = time.process_time()  # less disturbed by a busy machine
            self.heavy = heavy_modules()
            self.on_ready(watched)


def _main_window_of(widget: QObject):  # type: ignore[no-untyped-def]
    window = widget.window() if hasattr(widget, "window") else None
    return window if hasattr(window, "text_view") and hasattr(window, "article_model") else None


def _text_painted(widget: QObject, article_id: str | None):  # type: ignore[no-untyped-def]
    """Return the main window if this is its article text's viewport, the article open."""
    window = _main_window_of(widget)
    if window is None or widget is not window.text_view.viewport():
        return None
    if article_id is not None and window.current_article_id != article_id:
        return None
    if window.text_view.document().characterCount() <= 1:
        return None
    return window


def run_window(argv: list[str]) -> None:
    """Run `annotator gui` with argv until the window has painted the article text."""
    expect = _option(argv, "--expect")
    remember = _option(argv, "--remember")
    app = QApplication(sys.argv[:1])
    if remember is not None:
        state = {"opened": False}

        def ready(widget: QObject) -> bool:
            window = _main_window_of(widget)
            if window is None:
                return False
            if not state["opened"]:
                state["opened"] = True
                window.open_article(remember)
                window.text_view.viewport().update()
                return False
            return _text_painted(widget, remember) is not None

        watcher = QuitAfterPaint(ready, lambda w: _main_window_of(w).close())
    else:
        watcher = QuitAfterPaint(lambda w: _text_painted(w, expect) is not None)
    app.installEventFilter(watcher)
    opened: dict[str, object] = {}

    def note_window(widget: QObject) -> None:
        window = _main_window_of(widget)
        if window is not None:
            opened["article"] = window.current_article_id
            opened["list_rows"] = window.article_model.rowCount()
            opened["current_row"] = window.article_list.currentIndex().row()

    previous = watcher.on_ready

    def on_ready(widget: QObject) -> None:
        note_window(widget)
        previous(widget)

    watcher.on_ready = on_ready
    from annotator.__main__ import main

    sys.argv = ["annotator", "gui", *argv]
    code = 0
    try:
        main()
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    report = {
        "painted_at": watcher.painted_at,
        "painted_s": watcher.painted_after,
        "cpu_s": watcher.cpu_seconds,
        "heavy_modules": watcher.heavy,
        **opened,
    }
    print(json.dumps(report), flush=True)
    if watcher.painted_after is None:
        code = code or 3  # the window never painted what was expected
    del app
    raise SystemExit(code)


def run_empty() -> None:
    """Show an empty QMainWindow of the main window's size, paint it once, quit."""
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(WIDTH, HEIGHT)
    watcher = QuitAfterPaint(lambda w: w is window)
    app.installEventFilter(watcher)
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
