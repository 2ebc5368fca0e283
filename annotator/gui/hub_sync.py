"""Syncing with a team hub from the window: an indicator, Sync now, automatic sync, LISTEN.

Coding never waits for the network. A worker thread holds a Session of its own on the project
file, writable (SQLite's WAL lets the window go on writing; writers wait for each other), and
syncs at once when asked (File › Sync with hub, a click on the indicator), every few seconds
while the hub answers, and when the hub says a newer commit is there: a listener thread holds
its own connection, LISTENs on the hub's channel and wakes the worker. While the hub cannot be
reached both try again after longer and longer pauses, and the indicator says offline. After a
pull brought rows, the window's views hear of them through the window's own session, as they
hear of its own edits. A password libpq does not supply is asked for once and kept in memory.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QInputDialog, QLabel, QLineEdit

from annotator.core.errors import AnnotatorError
from annotator.core.text import elide
from annotator.gui.signals import follow
from annotator.gui.widgets.hub_indicator import HubIndicatorWidget
from annotator.session import Session

if TYPE_CHECKING:
    import psycopg

    from annotator.gui.main_window import MainWindow
    from annotator.hub.sync import SyncReport

SYNC_INTERVAL_S = 5.0  # between automatic syncs while the hub answers
MAX_RETRY_S = 60.0  # the longest pause between tries while it does not
LISTEN_WAKE_S = 1.0  # how often the listener looks up from waiting (to stop, to check)
LISTEN_CHECK_S = 30.0  # how often it asks the hub whether its connection still stands
SHOW_SYNCING_MS = 400  # a quicker automatic sync never shows "syncing" (no flicker every 5 s)
RECOUNT_MS = 300  # edits waiting are counted again once a burst of edits settles
STOP_WAIT_S = 3.0  # how long closing waits for the threads (a sync cut short is safe)
# Pulled tables (as a pull's counts name them) that the article list shows something of.
LISTED = {"articles", "coders", "assignments", "document labels", "marks"}


@dataclass(frozen=True)
class SyncOutcome:
    """What one sync by the worker came to: its report, or why it failed."""

    report: SyncReport | None = None  # None: it failed
    error: str = ""
    offline: bool = False  # the hub could not be reached, or the connection dropped
    synced_at: str | None = None

    @property
    def needs_password(self) -> bool:
        """Say whether the hub refused the login for want of the right password."""
        return self.offline and "password" in self.error


def describe_failure(exc: BaseException) -> tuple[str, bool]:
    """Return what a failed sync says, and whether it means the hub cannot be reached."""
    from annotator.services.hub import HubConnectionError

    if isinstance(exc, HubConnectionError):
        return str(exc), True
    try:
        import psycopg
    except ImportError:  # the hub extra is missing: the sync itself says so
        psycopg = None
    if psycopg is not None and isinstance(exc, psycopg.OperationalError):
        # The connection dropped midway: both sides stay whole and the next sync completes.
        return f"lost the connection to the hub: {str(exc).strip()}", True
    if isinstance(exc, AnnotatorError):
        return str(exc), False
    return f"{type(exc).__name__}: {str(exc).strip()}", False


def sync_summary(report: SyncReport) -> str:
    """Return one line on what a sync sent and brought."""
    sent = sum(report.pushed.values())
    deleted = sum(report.deleted.values())
    line = f"sent {sent} row{'s' if sent != 1 else ''}"
    if deleted:
        line += f" and {deleted} deletion{'s' if deleted != 1 else ''}"
    counts = report.pulled
    parts = []
    if counts is not None:
        for word, tally in (("new", counts.added), ("updated", counts.updated)):
            parts += [f"{n} {word} {name}" for name, n in tally.items() if n]
        parts += [f"{n} deleted {name}" for name, n in counts.deleted.items() if n]
    return line + "; brought " + (", ".join(parts) if parts else "nothing new")


def local_time(stamp: str | None, today: datetime | None = None) -> str:
    """Return a stored UTC stamp as local time: "14:03" today, else "2026-11-30 14:03"."""
    if not stamp:
        return ""
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return stamp
    today = today or datetime.now(UTC).astimezone()
    return when.strftime("%H:%M" if when.date() == today.date() else "%Y-%m-%d %H:%M")


def changes_waiting(pending: int) -> str:
    """Say how many changed rows wait to be sent (a new mark may be four: its actor, the
    actor's alias, the mark, the article's status)."""
    if pending == 0:
        return "nothing waiting"
    return f"{pending:,} change{'s' if pending != 1 else ''} waiting"


# -- the threads --------------------------------------------------------------------------------


class SyncWorker:
    """Syncs the project on a thread of its own, over a Session of its own, when due or woken.

    ``started`` and ``ended(SyncOutcome)`` are called on the worker's thread (they emit Qt
    signals, which reach the window on its own thread)."""

    def __init__(
        self,
        path: Path,
        annotator: str,
        password: Callable[[], str | None],
        started: Callable[[], None],
        ended: Callable[[SyncOutcome], None],
        interval: float = SYNC_INTERVAL_S,
    ):
        self._path, self._annotator, self._password = path, annotator, password
        self._started, self._ended = started, ended
        self.interval = interval
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._asked = False
        self._notified = 0  # the highest seq a NOTIFY named since the last look
        self._cursor = 0  # how far this project has pulled (the last sync's cursor)
        self._unshown = 0  # syncs begun whose outcome the window has not taken yet
        self._thread = threading.Thread(target=self._run, name="annotator-hub-sync", daemon=True)

    def start(self) -> None:
        """Start the thread: it syncs at once, then when due or woken."""
        self._thread.start()

    def sync_now(self) -> None:
        """Sync as soon as the sync under way (if any) has ended."""
        with self._lock:
            self._asked = True
        self._wake.set()

    def notified(self, seq: int | None) -> None:
        """Note a NOTIFY: sync unless this project has already pulled that far (None: unknown)."""
        with self._lock:
            self._notified = max(self._notified, seq if seq is not None else 2**62)
        self._wake.set()

    def stop(self) -> None:
        """Ask the thread to end (after the sync under way, if any)."""
        self._stop.set()
        self._wake.set()

    def join(self, timeout: float) -> bool:
        """Wait for the thread to end; return whether it did."""
        if self._thread.is_alive():
            self._thread.join(timeout)
        return not self._thread.is_alive()

    def has_unshown_writes(self) -> bool:
        """Say whether the worker has written to the project what the window has not shown."""
        with self._lock:
            return self._unshown > 0

    def outcome_taken(self) -> None:
        """Note that the window has shown what a sync brought."""
        with self._lock:
            self._unshown = max(0, self._unshown - 1)

    def _begin(self) -> None:
        with self._lock:
            self._unshown += 1

    def _due(self) -> bool:
        """Say whether a wake-up asks for a sync (asked, or told of rows not pulled yet)."""
        with self._lock:
            due = self._asked or self._notified > self._cursor
            self._asked, self._notified = False, 0
            self._wake.clear()
        return due

    def _run(self) -> None:
        self._begin()  # opening the project records the coder, a write: it goes with sync 1
        try:
            session = Session.open(self._path, self._annotator)
        except Exception as exc:  # noqa: BLE001 — reported, as a sync's failure is
            error, _offline = describe_failure(exc)
            self._ended(SyncOutcome(error=f"cannot open the project for syncing: {error}"))
            return
        began, failures = True, 0
        try:
            due_at = time.monotonic()  # the first sync: at once
            while not self._stop.is_set():
                woken = self._wake.wait(max(0.0, due_at - time.monotonic()))
                if self._stop.is_set():
                    break
                if not self._due() and woken:
                    continue  # a NOTIFY of rows pulled already (this project's own, say)
                if not began:
                    self._begin()
                outcome = self._sync(session)
                began = False
                failures = 0 if outcome.report is not None else failures + 1
                # Every 5 s while the hub answers; after failures 10, 20, 40, 60 s.
                pause = min(MAX_RETRY_S, self.interval * 2 ** min(failures, 8))
                due_at = time.monotonic() + pause
                self._ended(outcome)
        finally:
            if began:
                self.outcome_taken()  # stopped before its first sync: nothing to show
            session.close()

    def _sync(self, session: Session) -> SyncOutcome:
        self._started()
        try:
            report = session.sync(self._password())
        except Exception as exc:  # noqa: BLE001 — every failure is shown; the next try follows
            error, offline = describe_failure(exc)
            return SyncOutcome(error=error, offline=offline)
        self._cursor = report.cursor
        return SyncOutcome(report, synced_at=session.hub_settings().get("synced_at"))


class NotifyListener:
    """Holds a connection to the hub that LISTENs on its channel; each NOTIFY wakes the worker.

    ``reported(listening, error)`` is called on the listener's thread when it connects or loses
    the connection."""

    def __init__(
        self,
        conninfo: str,
        password: Callable[[], str | None],
        worker: SyncWorker,
        reported: Callable[[bool, str], None],
    ):
        self._conninfo, self._password = conninfo, password
        self._worker, self._reported = worker, reported
        self._stop = threading.Event()
        self._retry = threading.Event()  # set: try again now (a password came, or stop)
        self._thread = threading.Thread(target=self._run, name="annotator-hub-listen", daemon=True)

    def start(self) -> None:
        """Start listening (and reconnecting, while the hub cannot be reached)."""
        self._thread.start()

    def retry_now(self) -> None:
        """Cut a pause between tries short."""
        self._retry.set()

    def stop(self) -> None:
        """Ask the thread to end (within LISTEN_WAKE_S)."""
        self._stop.set()
        self._retry.set()

    def join(self, timeout: float) -> bool:
        """Wait for the thread to end; return whether it did."""
        if self._thread.is_alive():
            self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        from annotator.hub.schema import NOTIFY_CHANNEL
        from annotator.services.hub import connect

        pause, lost = SYNC_INTERVAL_S, False
        while not self._stop.is_set():
            try:
                with connect(self._conninfo, self._password()) as conn:
                    conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
                    self._reported(True, "")
                    if lost:
                        self._worker.sync_now()  # what was committed while not listening
                    pause, lost = SYNC_INTERVAL_S, False
                    self._listen(conn)
            except Exception as exc:  # noqa: BLE001 — offline, refused: shown, tried again
                if self._stop.is_set():
                    break
                lost = True
                self._reported(False, describe_failure(exc)[0])
            self._retry.wait(pause)
            self._retry.clear()
            pause = min(MAX_RETRY_S, pause * 2)

    def _listen(self, conn: psycopg.Connection) -> None:
        checked = time.monotonic()
        while not self._stop.is_set():
            for note in conn.notifies(timeout=LISTEN_WAKE_S):
                self._worker.notified(_seq(note.payload))
            if time.monotonic() - checked > LISTEN_CHECK_S:
                # A network gone quiet raises nothing while waiting; a query finds out.
                conn.execute("SELECT 1")
                checked = time.monotonic()


def _seq(payload: str) -> int | None:
    """Return the seq a NOTIFY names (None: it names none)."""
    try:
        return int(payload)
    except ValueError:
        return None


def _unless_gone(emit: Callable[..., None]) -> Callable[..., None]:
    """Return emit, made quiet once Qt has deleted its object (a thread outlived the window)."""

    def call(*args: object) -> None:
        try:
            emit(*args)
        except RuntimeError:  # "Internal C++ object already deleted": no one is listening
            pass

    return call


# -- the window's side --------------------------------------------------------------------------


class _Bridge(QObject):
    """Carries the threads' news to the window's thread (queued: the receivers live there)."""

    sync_started = Signal()
    sync_ended = Signal(object)  # SyncOutcome
    listening = Signal(bool, str)  # listening, the error if not


class HubSync(QObject):
    """Keeps a project tied to a hub in sync from the window, and shows how that goes."""

    def __init__(self, window: MainWindow, tie: dict[str, str]):
        super().__init__(window)
        self.window = window
        self.session = session = window.session
        self.address = tie["hub"]  # kept without a password (services/hub.py)
        self.coder = tie.get("coder", "")
        self.state = "connecting"
        self.synced_at = tie.get("synced_at")
        self.error = ""
        self.listening = False
        self.listen_error = ""
        self.last_summary = ""
        self.pending = session.store.count_pending()
        self.password: str | None = None  # this run only, never stored
        self.password_dialog: QInputDialog | None = None
        self._asked_password = False
        self._user_asked = False  # Sync now was asked: say how it went
        self._stopped = False
        self._guidelines = session.guidelines()

        self.indicator = HubIndicatorWidget()
        self.indicator.clicked.connect(self.sync_now)
        self._syncing_later = QTimer(self)
        self._syncing_later.setSingleShot(True)
        self._syncing_later.setInterval(SHOW_SYNCING_MS)
        self._syncing_later.timeout.connect(self._show_syncing)
        self._recount = QTimer(self)
        self._recount.setSingleShot(True)
        self._recount.setInterval(RECOUNT_MS)
        self._recount.timeout.connect(self._count_pending)

        # No parent: a thread may still emit on it while the window goes (Qt then drops it).
        self._bridge = _Bridge()
        self._bridge.sync_started.connect(self._sync_started)
        self._bridge.sync_ended.connect(self._sync_ended)
        self._bridge.listening.connect(self._listening_changed)
        self.worker = SyncWorker(
            Path(session.path),
            session.annotator,
            lambda: self.password,
            _unless_gone(self._bridge.sync_started.emit),
            _unless_gone(self._bridge.sync_ended.emit),
        )
        self.listener = NotifyListener(
            self.address,
            lambda: self.password,
            self.worker,
            _unless_gone(self._bridge.listening.emit),
        )
        for signal in (
            session.mark_added,
            session.mark_changed,
            session.mark_removed,
            session.marks_replaced,
            session.document_changed,
            session.actors_changed,
            session.articles_changed,
        ):
            follow(signal, self, self._edited)
        follow(session.closed, self, self.stop)
        if session.store.read_only:
            self._stopped = True
            self.state = "stopped"
            self.error = f"the project is open read-only ({session.store.read_only_reason})"
        else:
            # The worker's commits are shown here, not as another program's (ProjectWatch).
            window.project_watch.hold_while(self.worker.has_unshown_writes)
            self.worker.start()
            self.listener.start()
        self._show()

    # -- asked by the user --------------------------------------------------------------------

    def sync_now(self) -> None:
        """Sync at once (File › Sync with hub, a click on the indicator)."""
        if self._stopped:
            self.window.interaction.inform(f"Not syncing with the hub: {self.error}.")
            return
        if self.state == "offline" and "password" in self.error:
            self._ask_password()  # again (a mistyped one?), since the user asked to sync
            return
        self._user_asked = True
        self.state = "syncing"
        self._show()
        self.worker.sync_now()
        if not self.listening:
            self.listener.retry_now()

    def set_password(self, password: str) -> None:
        """Use this password for the hub from now on (this run only), and sync."""
        self.password = password or None
        self.worker.sync_now()
        self.listener.retry_now()

    def stop(self) -> None:
        """Stop syncing and listening (the window closes, or its project)."""
        if self._stopped and self.state == "stopped":
            return
        self._stopped = True
        self.state = "stopped"
        self.worker.stop()
        self.listener.stop()
        deadline = time.monotonic() + STOP_WAIT_S
        self.worker.join(max(0.0, deadline - time.monotonic()))
        self.listener.join(max(0.0, deadline - time.monotonic()))

    # -- news from the threads ------------------------------------------------------------------

    def _sync_started(self) -> None:
        if self._stopped:
            return
        if self._user_asked:
            self._show_syncing()
        else:
            self._syncing_later.start()

    def _show_syncing(self) -> None:
        if not self._stopped:
            self.state = "syncing"
            self._show()

    def _sync_ended(self, outcome: SyncOutcome) -> None:
        self._syncing_later.stop()
        try:
            if self._stopped or self.session.is_closed:
                return
            if outcome.report is not None:
                self.state, self.error = "online", ""
                self.synced_at = outcome.synced_at or self.synced_at
                self.last_summary = sync_summary(outcome.report)
                self._show_pulled(outcome.report)
                if self._user_asked:
                    self.window.interaction.inform(f"Synced with the hub: {self.last_summary}.")
            else:
                self.state = "offline" if outcome.offline else "failed"
                self.error = outcome.error
                if outcome.needs_password and not self._asked_password:
                    self._ask_password()
                elif self._user_asked:
                    self.window.interaction.inform(
                        "Could not sync: the hub cannot be reached; your edits are kept and "
                        "sent later."
                        if outcome.offline
                        else f"Could not sync with the hub: {self.error}"
                    )
            self._user_asked = False
        finally:
            self.worker.outcome_taken()
            if not self.worker.has_unshown_writes() and not self.session.is_closed:
                self.window.project_watch.take_version()
        self._count_pending()

    def _listening_changed(self, listening: bool, error: str) -> None:
        if self._stopped:
            return
        self.listening, self.listen_error = listening, error
        if not listening and "password" in error and not self._asked_password:
            self.state, self.error = "offline", error
            self._ask_password()
        self._show()

    def _show_pulled(self, report: SyncReport) -> None:
        """Tell the window's views what the pull brought, as the session tells of edits."""
        if not report.pulled_rows and not report.refused:
            return
        session, window = self.session, self.window
        counts = report.pulled
        tallies = [counts.added, counts.updated, counts.deleted] if counts else []
        changed = {name for tally in tallies for name, n in tally.items() if n}
        # The lead's tag set and guidelines arrive as project rows, which a pull does not count.
        session.reread_tagset()  # emits tagset_changed if it changed
        guidelines = session.guidelines()
        if guidelines != self._guidelines:
            self._guidelines = guidelines
            session.guidelines_changed.emit(guidelines)
        # Nor are aliases and actor links counted: rows beyond this project's own (which a pull
        # brings back) and the counted ones may be those, and the registry is read again.
        counted = sum(n for tally in tallies for n in tally.values())
        counted += sum(counts.conflicts.values()) if counts else 0
        uncounted = report.pulled_rows > sum(report.pushed.values()) + counted
        if uncounted or report.refused:
            changed.add("actors")
        if report.refused:
            changed.add("marks")
        if changed & LISTED:
            session.articles_changed.emit()
        if "actors" in changed:
            session.actors_changed.emit(None)
        article_id = window.current_article_id
        if article_id is not None and "marks" in changed:
            session.marks_replaced.emit(article_id)
        if article_id is not None and "document labels" in changed:
            labels = session.document_labels(article_id)  # this coder's
            if labels != window.document_panel.labels:
                window.document_panel.commit_note()  # a note being typed is saved, not lost
                session.document_changed.emit(labels)
        if report.refused:
            what = ", ".join(f"{table} {key.split(chr(31))[0]}" for table, key in report.refused)
            window.interaction.inform(
                f"The hub refused your edit of {what}: it was based on an old version. The "
                "hub's version is shown now; your edit is kept (annotator hub status lists it)."
            )

    # -- the indicator ----------------------------------------------------------------------------

    def _edited(self, *_args: object) -> None:
        self._recount.start()

    def _count_pending(self) -> None:
        if not self.session.is_closed:
            self.pending = self.session.store.count_pending()
            self._show()

    def _show(self) -> None:
        text, tip = self.describe()
        self.indicator.show_state(self.state, text, tip)

    def describe(self) -> tuple[str, str]:
        """Return the indicator's line and its tooltip."""
        words = {
            "connecting": "connecting…",
            "syncing": "syncing…",
            "online": "online",
            "offline": "offline",
            "failed": "sync failed",
            "stopped": "not syncing",
        }
        when = local_time(self.synced_at)
        line = [f"Hub: {words[self.state]}", f"synced {when}" if when else "not synced yet"]
        line.append(changes_waiting(self.pending))
        tip = [f"Team hub: {self.address}", f"You sync as {self.coder}."]
        if self.synced_at:
            done = f": {self.last_summary}" if self.last_summary else ""
            tip.append(f"Last sync: {local_time(self.synced_at)}{done}.")
        if self.pending:
            tip.append(f"{self.pending:,} changed rows of this project wait to be sent.")
        if self.error:
            tip.append(f"Last error: {elide(self.error, 400)}")
        if self.state != "stopped":
            if self.listening:
                tip.append("Live updates: on")
            elif self.listen_error and self.listen_error != self.error:
                tip.append(f"Live updates: off ({elide(self.listen_error, 300)})")
            else:
                tip.append("Live updates: off")
            key = self.window.app_actions["sync_hub"].shortcut()
            pressed = key.toString(QKeySequence.SequenceFormat.NativeText)
            tip.append(f"Click{f' or press {pressed}' if pressed else ''} to sync now.")
        return "  ·  ".join(line), "\n".join(tip)

    # -- a password ------------------------------------------------------------------------------

    def _ask_password(self) -> None:
        """Ask for the hub's password (without blocking the window), for this run only."""
        self._asked_password = True
        dialog = QInputDialog(self.window)
        dialog.setWindowTitle("Team hub password")
        dialog.setLabelText(
            f"The team hub asks for a password for {self.coder}:\n{self.address}\n\n"
            "It is kept only until the window closes."
        )
        for label in dialog.findChildren(QLabel):  # a typed address is never HTML
            label.setTextFormat(Qt.TextFormat.PlainText)
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
        dialog.accepted.connect(lambda: self.set_password(dialog.textValue()))
        self.password_dialog = dialog
        self.window.interaction.open_dialog(dialog)


def attach_hub_sync(window: MainWindow) -> HubSync | None:
    """Start syncing the window's project with its hub and show the indicator (None: the
    project is not tied to a hub)."""
    tie = window.session.hub_settings()
    if "hub" not in tie:
        return None
    hub_sync = HubSync(window, tie)
    window.statusBar().addPermanentWidget(hub_sync.indicator)
    return hub_sync


def sync_with_hub(window: MainWindow) -> None:
    """Sync now, or say that the project is not tied to a hub (File › Sync with hub)."""
    if window.hub_sync is None:
        window.interaction.inform(
            "This project is not tied to a team hub: join one with "
            "annotator hub join (see the README's Team hub)."
        )
        return
    window.hub_sync.sync_now()
