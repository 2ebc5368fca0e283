"""StepRunner: jobs run a step at a time from the event loop, in order, and can be stopped."""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject

from annotator.gui.steps import StepRunner


def counting(log: list[str], name: str, steps: int):
    """Return a job that notes each of its steps."""
    for i in range(steps):
        log.append(f"{name}{i}")
        yield


def test_jobs_run_in_order_between_events_and_say_when_done(qtbot):
    """A job's steps run from the event loop, one job after another; done and idle follow."""
    runner = StepRunner()
    log: list[str] = []
    done: list[str] = []
    runner.done.connect(done.append)
    runner.add("first", counting(log, "a", 3))
    runner.add("second", counting(log, "b", 2))
    assert log == [] and runner.busy and runner.has("second")
    assert not gc.isenabled()  # no full collection while jobs run
    with qtbot.waitSignal(runner.idle, timeout=5000):
        pass
    assert log == ["a0", "a1", "a2", "b0", "b1"]
    assert done == ["first", "second"] and not runner.busy
    assert gc.isenabled()


def test_cancel_and_finish(qtbot):
    """Cancelled jobs stop where they are; finish runs the rest at once."""
    runner = StepRunner()
    log: list[str] = []
    runner.add("keep", counting(log, "k", 2))
    runner.add("drop", counting(log, "d", 2))
    runner.cancel("drop")
    runner.finish()
    assert log == ["k0", "k1"] and not runner.busy and gc.isenabled()


def test_a_destroyed_runner_turns_collection_back_on(qtbot):
    """A window closed during a long load leaves Python's collector as it found it."""
    parent = QObject()
    runner = StepRunner(parent)
    runner.add("endless", iter(lambda: None, 1))
    assert not gc.isenabled()
    parent.deleteLater()
    qtbot.waitUntil(gc.isenabled, timeout=5000)
