"""Work on a worker thread reports progress and its result on the UI thread."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QPushButton, QWidget

from annotator.gui.background import BackgroundTask, run_with_progress


def test_result_and_progress_arrive_on_the_ui_thread(qtbot):
    ui_thread = threading.current_thread()
    seen: list[tuple[int, int, bool]] = []
    results: list[tuple[object, bool]] = []

    def work(progress):
        assert threading.current_thread() is not ui_thread
        for i in range(3):
            progress(i + 1, 3)
        return "done"

    task = BackgroundTask(work)
    task.progressed.connect(
        lambda d, t: seen.append((d, t, threading.current_thread() is ui_thread))
    )
    task.succeeded.connect(lambda r: results.append((r, threading.current_thread() is ui_thread)))
    with qtbot.waitSignal(task.finished, timeout=5000):
        task.start()
    qtbot.waitUntil(lambda: len(results) == 1)
    assert results == [("done", True)]
    assert seen == [(1, 3, True), (2, 3, True), (3, 3, True)]


def test_cancel_stops_the_work_at_its_next_report(qtbot):
    started = threading.Event()
    release = threading.Event()
    errors: list[BaseException] = []

    def work(progress):
        started.set()
        release.wait(5)
        if not progress(1, 10):
            raise RuntimeError("cancelled")
        return "finished anyway"

    task = BackgroundTask(work)
    task.failed.connect(errors.append)
    task.start()
    assert started.wait(5)
    task.cancel()
    release.set()
    assert task.wait(5)
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert str(errors[0]) == "cancelled"
    assert task.cancelled


def test_run_with_progress_calls_back_and_cancel_button_cancels(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    outcome: list[object] = []
    gate = threading.Event()

    def work(progress):
        while not gate.wait(0.01):
            if not progress(0, 0):
                raise RuntimeError("stopped by the user")
        return 42

    task = run_with_progress(parent, "Working…", work, outcome.append, outcome.append, 0)
    task.dialog.findChild(QPushButton).click()  # the Cancel button
    qtbot.waitUntil(lambda: len(outcome) == 1, timeout=5000)
    assert isinstance(outcome[0], RuntimeError)

    gate.set()
    done: list[object] = []
    run_with_progress(parent, "Again…", work, done.append, done.append, 0)
    qtbot.waitUntil(lambda: done == [42], timeout=5000)


def test_a_task_runs_once(qtbot):
    task = BackgroundTask(lambda progress: None)
    task.start()
    assert task.wait(5)
    with pytest.raises(RuntimeError):
        task.start()
