"""What the window's workflows share: a worker session of their own, throttled progress."""
# Workflows are QObjects owned by the window: one lives as long as its work and dialogs.

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from annotator.gui.background import Progress
from annotator.session import Session

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

# What a workflow's work does on the worker thread, with the worker's own session.
Work = Callable[[Session, Progress], Any]


class Workflow(QObject):
    """One run of a long piece of work the window started; ``finished(ok)`` when it is over.

    ``done`` and ``ok`` say the same for callers that poll (tests wait on ``done``).
    """

    finished = Signal(bool)

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.interaction = window.interaction
        self.done = False
        self.ok = False

    def run(
        self,
        label: str,
        work: Work,
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
    ) -> None:
        """Run work on a worker thread with a session of its own, behind a progress dialog.

        SQLite connections belong to the thread that opened them: the worker opens the
        project again (WAL lets the window read meanwhile) and closes it when done. The
        dialog is window-modal and shown at once, so the window takes no edit meanwhile.
        """
        session = self.window.session
        path, annotator = session.path, session.annotator

        def in_own_session(progress: Progress) -> Any:
            own = Session.open(path, annotator)  # type: ignore[arg-type]
            try:
                return work(own, throttled(progress))
            finally:
                own.close()

        self.interaction.run(label, in_own_session, on_success, on_failure)

    @property
    def task(self) -> object:
        """Return the background task of the work last started (tests cancel it)."""
        return self.interaction.task

    def finish(self, ok: bool) -> None:
        """Mark the workflow over and say whether it did its work."""
        self.done, self.ok = True, ok
        self.finished.emit(ok)
        # Not kept for the window's life (with its report); callers holding it may still
        # read its Python attributes (done, ok, report, count).
        self.deleteLater()

    def reload_window(self) -> None:
        """After rows changed under the window: drop undo steps that may refer to replaced
        rows, and show the open article afresh."""
        self.window.undo_stack.clear()
        if self.window.current_article_id is not None:
            self.window.open_article(self.window.current_article_id)


def throttled(progress: Progress, interval: float = 0.1) -> Progress:
    """Return a progress callback passing on at most one report per interval (each crosses
    to the UI thread); a cancel is seen at the next report passed on."""
    last = 0.0
    answer = True

    def report(done: int, total: int) -> bool:
        nonlocal last, answer
        now = time.monotonic()
        if answer and now - last >= interval:
            last = now
            answer = progress(done, total)
        return answer

    return report
