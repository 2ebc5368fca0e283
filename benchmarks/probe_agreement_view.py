"""Show the Agreement view in the real main window (offscreen) and time it; print JSON.

    QT_QPA_PLATFORM=offscreen python benchmarks/probe_agreement_view.py PROJECT

Times from asking for the view until its tables show the report, while a 10 ms timer on the
UI thread records the longest gap between its ticks (how long the event loop was blocked).
Then one mark is changed and the view recomputed, which the per-article cache makes cheap.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.gui.navigation import show_view  # noqa: E402
from annotator.session import Session  # noqa: E402


class Ticker:
    """A 10 ms timer on the UI thread remembering when it ticked."""

    def __init__(self) -> None:
        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))
        self.timer.start()

    def max_gap_ms(self, since: float, until: float) -> float:
        """Return the longest time between ticks (or the window's ends) in [since, until]."""
        moments = [since, *(t for t in self.ticks if since < t < until), until]
        return max(b - a for a, b in zip(moments, moments[1:], strict=False)) * 1000


def wait_until_shown(view, app: QApplication, timeout: float = 600) -> None:
    """Run the event loop until the view has its numbers (at once if it computed inline)."""
    computed = getattr(view, "computed", None)
    if computed is None or not view.is_computing():
        return
    loop = QEventLoop()
    computed.connect(loop.quit)
    QTimer.singleShot(int(timeout * 1000), loop.quit)
    if view.is_computing():
        loop.exec()
    computed.disconnect(loop.quit)


def main(path: str) -> dict[str, object]:
    """Open the project in the window, show the Agreement view, then change a mark."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    session = Session.open(path, "lead")
    window = MainWindow(session)
    window.resize(1280, 800)
    window.show()
    deadline = time.perf_counter() + 2
    while time.perf_counter() < deadline:  # let the window settle before measuring
        app.processEvents()
    view = window.views.agreement_view
    ticker = Ticker()
    # The same ticker on an idle window: what the machine's load alone delays it by.
    idle_from = time.perf_counter()
    idle = QEventLoop()
    QTimer.singleShot(1000, idle.quit)
    idle.exec()
    idle_blocked = ticker.max_gap_ms(idle_from, time.perf_counter())
    t0 = time.perf_counter()
    show_view(window, view)
    wait_until_shown(view, app)
    app.processEvents()  # paint the filled tables
    t1 = time.perf_counter()
    seconds, blocked = t1 - t0, ticker.max_gap_ms(t0, t1)
    rows = view.article_model.rowCount()

    # One coder relabels one mark; the view, still in front, recomputes.
    article_id = view.article_model.rows[0].article_id
    coder = session.agreement_scope()[0][0]
    session.set_annotator(coder)
    mark = session.marks(article_id)[0]
    session.update_mark(mark.with_changes(label=mark.label))
    t2 = time.perf_counter()
    view.refresh()
    wait_until_shown(view, app)
    app.processEvents()
    t3 = time.perf_counter()
    window.close()
    session.close()
    return {
        "seconds": seconds,
        "max_blocked_ms": blocked,
        "after_edit_seconds": t3 - t2,
        "after_edit_blocked_ms": ticker.max_gap_ms(t2, t3),
        "idle_blocked_ms": idle_blocked,
        "article_rows": rows,
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
