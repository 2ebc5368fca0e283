"""Long work on the UI thread in short steps, between the window's events.

A job is a generator that does a bounded piece of work (a few milliseconds to a few tens)
before each ``yield``. The runner advances the first job from a zero-interval timer, for about
``SLICE`` seconds per turn of the event loop, so that typing, scrolling and painting go on
while a 50 MB article is read. Used where the work touches Qt objects (the document, the
models), which a worker thread must not.

A long load makes many long-lived objects, and that is what sets off Python's full cyclic
collections: each visits the whole heap, 100–300 ms for this application's (Qt wrappers, the
article list, the registry), far past the UI's budget. So automatic collection pauses while
jobs run, and when the queue is empty what exists is frozen (``gc.freeze``): later full
collections visit only what came after. Plain garbage is freed by reference counting anyway.
"""

from __future__ import annotations

import gc
import time
from collections import deque
from collections.abc import Iterator

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal

SLICE = 0.02  # seconds of work per turn of the event loop
FREEZE_AFTER = 0.25  # seconds of work after which what the jobs made is frozen (see above)


class StepRunner(QObject):
    """Runs named jobs one after another, a slice at a time, from the event loop."""

    idle = Signal()  # every job is done
    done = Signal(str)  # a job of this name ran to its end

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._jobs: deque[tuple[str, Iterator[None]]] = deque()
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._turn)
        self._collecting: bool | None = None  # whether collection was on before jobs began
        self._worked = 0.0  # seconds of work since the queue was last empty
        # A runner destroyed with jobs left (its window closed) must not leave collection off.
        paused = self._paused = [False]
        self.destroyed.connect(lambda *_: _resume_collection(paused))

    @property
    def busy(self) -> bool:
        """Say whether any job is waiting or under way."""
        return bool(self._jobs)

    def has(self, name: str) -> bool:
        """Say whether a job of this name is waiting or under way."""
        return any(job_name == name for job_name, _job in self._jobs)

    def add(self, name: str, job: Iterator[None]) -> None:
        """Queue a job after the others."""
        self._jobs.append((name, job))
        self._timer.start()
        if self._collecting is None:
            self._collecting = gc.isenabled()
            self._paused[0] = self._collecting
            gc.disable()

    def _now_idle(self) -> None:
        self._timer.stop()
        if self._collecting is not None:
            if self._worked > FREEZE_AFTER:
                gc.freeze()  # what a long load built is long-lived: no full collection visits it
            if self._collecting:
                gc.enable()
            self._paused[0] = False
            self._collecting = None
            self._worked = 0.0
        self.idle.emit()

    def cancel(self, name: str | None = None) -> None:
        """Drop the jobs of this name (None: every job)."""
        keep = deque()
        for job_name, job in self._jobs:
            if name is None or job_name == name:
                close = getattr(job, "close", None)  # a generator's finally blocks run
                if close is not None:
                    close()
            else:
                keep.append((job_name, job))
        self._jobs = keep
        if not self._jobs:
            self._now_idle()

    def finish(self, name: str | None = None) -> None:
        """Run the jobs of this name (None: every job) to their end now."""
        for job_name, job in list(self._jobs):
            if name is None or job_name == name:
                for _step in job:
                    pass
                self._drop(job)
        if not self._jobs:
            self._now_idle()

    def wait(self, timeout_ms: int = 60_000) -> bool:
        """Run the event loop until every job is done (or the timeout); say whether they are."""
        if not self._jobs:
            return True
        loop = QEventLoop()
        self.idle.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        self.idle.disconnect(loop.quit)
        return not self._jobs

    def _drop(self, job: Iterator[None], ended: bool = True) -> None:
        names = [name for name, j in self._jobs if j is job]
        self._jobs = deque(j for j in self._jobs if j[1] is not job)
        for name in names if ended else ():
            self.done.emit(name)

    def _turn(self) -> None:
        started = time.perf_counter()
        while self._jobs:
            _name, job = self._jobs[0]
            before = time.perf_counter()
            try:
                next(job)
            except StopIteration:
                self._drop(job)
            except Exception:
                self._drop(job, ended=False)  # a failed job must not fail again every turn
                raise
            now = time.perf_counter()
            self._worked += now - before
            if now - started + (now - before) > SLICE:
                break  # another step like the last one would overrun the slice
        if not self._jobs:
            self._now_idle()


def _resume_collection(paused: list[bool]) -> None:
    """Turn automatic collection back on if a runner turned it off and was destroyed."""
    if paused[0]:
        paused[0] = False
        gc.enable()
