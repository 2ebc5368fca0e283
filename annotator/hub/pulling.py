"""Pulling: bring in every row the hub has past this project's cursor (what this member may see).

One snapshot of the hub is read (the rows of one hub transaction arrive together; the hub
serialises its writers, so a later commit never has a lower seq) and applied with the new
cursor in one local transaction, by the file merge's rules (storage/merging.py). The reading
runs in a thread of its own, filling the stage (storage/staging.py) while the project's
connection merges what is already complete: on two cores the articles and their search index
are written while the marks still arrive.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import threading
import time
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.errors import StorageError
from annotator.core.model import GOLD_ANNOTATOR, utc_now
from annotator.hub.schema import BLIND_TABLES, VERSIONED_TABLES
from annotator.storage import bulk
from annotator.storage.schema import KEY_SEPARATOR, SYNCED_TABLES
from annotator.storage.staging import STAGE_GROUPS, PullStage, StageCancelledError, StageWriter

if TYPE_CHECKING:
    import psycopg

    from annotator.hub.sync import SyncReport
    from annotator.storage import Store

PULL_BATCH = 20000  # rows fetched per round trip of a pull
CANCEL_TIMEOUT_S = 5.0  # how long a given-up pull waits for the hub to cancel its query
STAGE_PREFIX = "annotator-pull-"  # the name of a pull's scratch folder begins so
STALE_STAGE_S = 24 * 3600  # a scratch folder this old belongs to no running pull


def pull(store: Store, conn: psycopg.Connection, report: SyncReport) -> None:
    """Bring in every row the hub has past this project's cursor (what this member may see)."""
    cursor = int(store.hub_settings().get("pull_cursor", "0"))
    _sweep_stale_stages(time.time())
    with tempfile.TemporaryDirectory(prefix=STAGE_PREFIX, ignore_cleanup_errors=True) as folder:
        stage = store.create_stage(Path(folder))
        columns = {
            table: names
            for group in STAGE_GROUPS
            for table in group
            if (names := store.table_columns(table))  # a table the project does not have: none
        }
        # A bulk load takes tallies counted meanwhile only into a project without marks
        # (storage/merging.py): only then are they worth counting.
        fetch = _Fetch(conn, stage, columns, cursor, Path(folder), not store.has_any_marks())
        thread = threading.Thread(target=fetch.run, name="hub-pull", daemon=True)
        thread.start()
        given_up = False
        try:
            # The project is locked for writing only once the hub's rows are here: the window's
            # edits never wait on the network. Only a pull whose new articles alone are a bulk
            # load (a first pull) starts merging them while its marks still arrive.
            stage.wait(0)
            if not bulk.worth_bulk(store.db, "articles", store.count_new_staged_articles(stage)):
                stage.wait(1)
            with store.transaction():
                before = store.last_change()
                pulled = store.apply_stage(stage)
                for number in range(len(STAGE_GROUPS)):
                    stage.wait(number)  # raises what stopped the reading, if anything did
                store.drop_changes_after(before)  # the pull's own writes: the hub has them
                store.record_hub_versions(fetch.versions)
                store.set_hub_settings({"pull_cursor": str(fetch.top), "pulled_at": utc_now()})
        except BaseException:
            given_up = True
            fetch.stop()
            raise
        finally:
            thread.join()
            try:
                store.close_stage()
            except Exception:
                if not given_up:  # else what stopped the pull is the error to tell
                    raise
    # Counted once applied: a pull cut short is read again from the same cursor by the retry.
    report.pulled = pulled
    report.pulled_rows += fetch.rows
    report.cursor = fetch.top


_swept = threading.Event()  # once per process: the window syncs every few seconds


def _sweep_stale_stages(now: float) -> None:
    """Remove the scratch folders of pulls killed midway (a first pull's are large)."""
    if _swept.is_set():
        return
    _swept.set()
    for folder in Path(tempfile.gettempdir()).glob(f"{STAGE_PREFIX}*"):
        with suppress(OSError):
            if now - folder.stat().st_mtime > STALE_STAGE_S:
                shutil.rmtree(folder, ignore_errors=True)


@dataclass
class _Fetch:
    """The reading side of a pull: fills the stage from one snapshot of the hub (in its own
    thread; it touches only the hub's connection and the stage's files)."""

    conn: psycopg.Connection
    stage: PullStage
    columns: dict[str, list[str]]
    cursor: int
    folder: Path
    count_tallies: bool  # count the staged marks' tallies, if they are a bulk load's
    top: int = 0
    rows: int = 0
    staged: dict[str, int] = field(default_factory=dict)  # rows staged, by table
    versions: list[tuple[str, str, int]] = field(default_factory=list)

    def run(self) -> None:
        """Fill the stage, file by file; record what stopped it, if anything did."""
        try:
            self._fill()
        except StageCancelledError:
            pass
        except sqlite3.Error as exc:  # the scratch files, not the project, could not be written
            self.stage.fail(
                StorageError(
                    f"{self.folder}: the pull's scratch files could not be written ({exc}); "
                    "nothing was pulled (TMPDIR names a folder to use instead)"
                )
            )
        except BaseException as problem:  # noqa: BLE001 - handed to the merging thread
            self.stage.fail(problem)

    def stop(self) -> None:
        """Stop the reading: at its next batch, or now if it waits on the hub."""
        self.stage.cancel()
        if self.stage.is_complete(len(self.stage.paths) - 1):
            return  # read whole: the connection is idle or counting, nothing to cancel
        with suppress(Exception):  # the connection may be gone already: then so is the query
            self.conn.cancel_safe(timeout=CANCEL_TIMEOUT_S)

    def _fill(self) -> None:
        from annotator.hub.members import project_unblind_seq

        self.top = self.cursor
        with self.conn.transaction():
            self.conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            # The lead unblinded the project since the last pull: what blind coding hid (its
            # seqs long past) is read again from the start.
            unblinded = (project_unblind_seq(self.conn) or 0) > self.cursor
            for number, tables in enumerate(STAGE_GROUPS):
                with self.stage.writer(number) as writer:
                    for table in tables:
                        if table in self.columns:
                            since = 0 if unblinded and table in BLIND_TABLES else self.cursor
                            self._stage_table(writer, table, since)
        # While the project's connection writes the marks and builds their indexes, this core
        # counts their tallies, which a bulk load takes instead of counting them itself.
        self.stage.count_tallies(
            wanted=self.count_tallies and self.staged.get("marks", 0) >= bulk.BULK_MIN_ROWS
        )

    def _stage_table(self, writer: StageWriter, table: str, since: int) -> None:
        """Stage a hub table's rows past ``since``, noting the versions of shared records."""
        columns = self.columns[table]
        quoted = ", ".join(f'"{c}"' for c in columns)
        versioned = table in VERSIONED_TABLES
        key_at = [columns.index(c) for c in SYNCED_TABLES.get(table, ())] if versioned else []
        # Of the marks only the gold layer's are versioned (sync.is_versioned): a coder's marks
        # need no version kept, and a first pull would otherwise note one per mark.
        coder_at = columns.index("annotator") if table == "marks" else None
        with self.conn.cursor(name=f"pull_{table}") as cur:
            cur.itersize = PULL_BATCH
            cur.execute(f"SELECT {quoted}, seq FROM {table} WHERE seq > %s ORDER BY seq", [since])
            while rows := cur.fetchmany(PULL_BATCH):
                self.top, self.rows = max(self.top, rows[-1][-1]), self.rows + len(rows)
                self.staged[table] = self.staged.get(table, 0) + len(rows)
                writer.add_rows(table, columns, (row[:-1] for row in rows))
                if versioned:
                    self.versions.extend(
                        (table, KEY_SEPARATOR.join(str(row[i]) for i in key_at), row[-1])
                        for row in rows
                        if coder_at is None or row[coder_at] == GOLD_ANNOTATOR
                    )
