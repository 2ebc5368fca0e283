"""The Recomputer behind the Statistics and Network views: results shown, a cancelled one not,
finished tasks freed (their results with them)."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QWidget

from annotator.gui.background import BackgroundTask, Recomputer


def test_results_are_shown_cancelled_ones_not_and_tasks_are_freed(qtbot):
    view = QWidget()
    qtbot.addWidget(view)
    shown, failed = [], []
    release = threading.Event()

    def make_work():
        def work(_progress):
            release.wait(5)
            return "counted"

        return work

    recomputer = Recomputer(view, make_work, shown.append, failed.append, lambda: True)
    assert recomputer.refresh()
    release.set()
    qtbot.waitUntil(lambda: not recomputer.is_computing(), timeout=5000)
    assert shown == ["counted"] and failed == []
    release.clear()
    assert recomputer.refresh()
    recomputer.cancel()  # the project closed, say: what comes back is not shown
    release.set()
    qtbot.waitUntil(lambda: not recomputer.is_computing(), timeout=5000)
    assert shown == ["counted"]
    qtbot.waitUntil(lambda: not recomputer.findChildren(BackgroundTask), timeout=5000)
