"""Long work (import, export, merge, agreement) on a worker thread, reported to the UI thread.

The event loop never waits for the work: the window keeps painting, and a progress bar with a
Cancel button follows it. SQLite connections belong to the thread that opened them, so the work
opens its own Session on the project file (WAL lets it read while the window reads too).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

# The work gets progress(done, total) -> bool: total 0 means unknown, False means "stop now".
Progress = Callable[[int, int], bool]


class BackgroundTask(QObject):
    """Run ``work(progress)`` on a worker thread; emit its result or error on the UI thread.

    Signals arrive through Qt's queued connections, so slots run on the thread this object
    lives in (the UI thread), never on the worker.
    """

    progressed = Signal(int, int)  # done, total (0: unknown)
    succeeded = Signal(object)  # what work returned
    failed = Signal(object)  # the exception work raised (a cancelled task raises too)
    finished = Signal()  # after succeeded or failed

    def __init__(self, work: Callable[[Progress], Any], parent: QObject | None = None):
        super().__init__(parent)
        self._work = work
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None
        self.result: Any = None
        self.error: BaseException | None = None

    def start(self) -> None:
        """Start the work on its own thread."""
        if self._thread is not None:
            raise RuntimeError("a background task runs once")
        self._thread = threading.Thread(target=self._run, name="annotator-task", daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        """Ask the work to stop at its next progress report."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        """Say whether cancelling was asked for."""
        return self._cancel.is_set()

    def is_running(self) -> bool:
        """Say whether the worker thread is still running."""
        return self._thread is not None and self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the worker thread ends (tests and shutdown); return whether it ended."""
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _progress(self, done: int, total: int) -> bool:
        self.progressed.emit(done, total)
        return not self._cancel.is_set()

    def _run(self) -> None:
        try:
            self.result = self._work(self._progress)
        except BaseException as exc:  # noqa: BLE001 — every failure is reported, none is lost
            self.error = exc
            self.failed.emit(exc)
        else:
            self.succeeded.emit(self.result)
        self.finished.emit()


def run_with_progress(
    parent: QWidget,
    label: str,
    work: Callable[[Progress], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[BaseException], None],
    minimum_duration_ms: int = 300,
) -> BackgroundTask:
    """Run work in the background behind a window-modal progress dialog with Cancel.

    The dialog appears only if the work lasts longer than ``minimum_duration_ms``. The
    callbacks run on the UI thread once the work has ended (a cancelled task's error goes to
    ``on_failure``).
    """
    dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(minimum_duration_ms)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    task = BackgroundTask(work, parent)
    dialog.canceled.connect(task.cancel)

    def progressed(done: int, total: int) -> None:
        if total > 0:
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))
        else:
            dialog.setLabelText(f"{label} {done:,}")

    task.progressed.connect(progressed)
    task.succeeded.connect(lambda result: on_success(result))
    task.failed.connect(lambda exc: on_failure(exc))

    def ended() -> None:
        dialog.close()
        dialog.deleteLater()
        task.deleteLater()

    task.finished.connect(ended)
    # The dialog only counts down its minimum duration once a value is set.
    QTimer.singleShot(0, dialog, lambda: dialog.setValue(0))
    task.dialog = dialog  # type: ignore[attr-defined] — tests press Cancel on it
    task.start()
    return task


class Recomputer(QObject):
    """Computes a view's content on a worker thread, as views that follow the coding need:
    when asked (``refresh``); again once a running computation has ended, if asked meanwhile;
    and after changes (``changed``) once the view is visible and the changes have settled, so
    a burst of edits computes once. ``make_work`` returns the work for a new computation (it
    reads the view's options on the UI thread); ``shown`` gets its result, ``failed`` its
    error; ``can_run`` says whether the project is still open."""

    def __init__(
        self,
        view: QWidget,
        make_work: Callable[[], Callable[[Progress], Any]],
        shown: Callable[[Any], None],
        failed: Callable[[BaseException], None],
        can_run: Callable[[], bool],
        settle_ms: int = 600,
    ):
        super().__init__(view)
        self._view, self._make_work = view, make_work
        self._shown, self._failed, self._can_run = shown, failed, can_run
        self.dirty = True
        self.task: BackgroundTask | None = None
        self._again = False
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(settle_ms)
        self._settle.timeout.connect(self._refresh_if_visible)

    def changed(self, *_args: object) -> None:
        """Note that the coding changed: compute again once it settles, if the view shows."""
        self.dirty = True
        if self._view.isVisible():
            self._settle.start()

    def view_shown(self) -> None:
        """Compute if the coding changed since the last computation (the view came forward)."""
        if self.dirty:
            self.refresh()

    def is_computing(self) -> bool:
        """Say whether a computation is under way."""
        return self.task is not None

    def refresh(self) -> bool:
        """Start a computation now (or once the running one ends); say whether one started."""
        if not self._can_run():
            return False
        self.dirty = False
        if self.task is not None:
            self._again = True
            return False
        task = BackgroundTask(self._make_work(), self)
        task.succeeded.connect(self._succeeded)
        task.failed.connect(self._failed_now)
        task.finished.connect(self._ended)
        self.task = task
        task.start()
        return True

    def cancel(self, *_args: object) -> None:
        """Stop the computation under way, and any asked for after it."""
        self._again = False
        if self.task is not None:
            self.task.cancel()

    def _refresh_if_visible(self) -> None:
        if self.dirty and self._view.isVisible():
            self.refresh()

    def _succeeded(self, result: Any) -> None:
        # A cancelled computation (the project closed, say) is not shown: it may be stale.
        if self.task is not None and not self.task.cancelled:
            self._shown(result)

    def _failed_now(self, error: BaseException) -> None:
        self.dirty = True
        if self.task is not None and not self.task.cancelled:
            self._failed(error)

    def _ended(self) -> None:
        task, self.task = self.task, None
        if task is not None:
            task.wait(1)  # its thread is at its very end: let it go before the task does
            task.deleteLater()  # and its result with it: the view has what it shows
        if self._again and self._can_run():
            self._again = False
            self.refresh()
