"""A pull's stage: the hub's rows in files of their own, filled by a fetching thread while the
project's connection already merges the part that is complete.

A new coder's first pull of a 100k-article project reads a million rows from the hub, and
merging them keeps the project's connection busy for most of a minute. Staged in one piece,
the two happened one after the other. Here the stage is two SQLite files in a temporary folder,
filled in the order the merge reads them: first the articles and the small tables the merge
reads before the marks, then the marks and the rest. Each file is written in one transaction
of its own connection and is complete when that commits; the project's connection attaches a
file only then, inside its own transaction (SQLite keeps one snapshot of an attached database
for a whole transaction: attached earlier, a file would never show the rows written after).
So the articles and their search index are merged on one core while the marks still arrive
on the other.

The files are scratch: no journal, no syncing to disk, deleted with their folder.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.storage.tallies import MARK_TALLY_COLUMNS, TallyCount

# The staged tables in the order a pull fills them, in two files: what the merge reads first
# (storage/merging.py) and the rest. A table the project does not have is left out.
STAGE_GROUPS: tuple[tuple[str, ...], ...] = (
    ("annotators", "project", "actor_links", "deletions", "articles"),
    (
        "marks",
        "actors",
        "actor_aliases",
        "actor_links_declined",
        "document_labels",
        "assignments",
        "rejected_suggestions",
        "gold_provenance",
        "gold_rejections",
    ),
)
COUNT_BATCH = 50000  # staged marks counted between two looks for a cancelled pull
STAGE_ALIAS = "pulled_{}"  # the name a complete stage file is attached under, by its number


class StageCancelledError(Exception):
    """The project's side gave up on the pull (it failed); the filling stops."""


@dataclass
class PullStage:
    """The stage's files (one for each of STAGE_GROUPS) and which are complete."""

    paths: list[Path]
    _complete: list[threading.Event] = field(default_factory=list)
    _counted: threading.Event = field(default_factory=threading.Event)
    _tallies: TallyCount | None = None
    _failed: BaseException | None = None
    _cancelled: bool = False

    def __post_init__(self) -> None:
        self._complete = [threading.Event() for _ in self.paths]

    def group_of(self, table: str) -> int:
        """Return the number of the file that holds a table."""
        for number, tables in enumerate(STAGE_GROUPS):
            if table in tables:
                return number
        raise KeyError(f"{table} is not staged")

    # -- the filling side ---------------------------------------------------------------------

    def writer(self, number: int) -> StageWriter:
        """Open a stage file for filling (in the thread that fills it)."""
        return StageWriter(self, number)

    def count_tallies(self, wanted: bool) -> None:
        """Count the staged marks' tallies if ``wanted``, then say the counting is over.

        Called once the marks' file is complete; a bulk load takes the count instead of
        making its own (storage/bulk.py).
        """
        try:
            if wanted:
                count = TallyCount()
                conn = sqlite3.connect(self.paths[self.group_of("marks")])
                try:
                    rows = conn.execute(f"SELECT {MARK_TALLY_COLUMNS} FROM marks")
                    while batch := rows.fetchmany(COUNT_BATCH):
                        self.check_cancelled()
                        count.add(batch)
                finally:
                    conn.close()
                self._tallies = count
        finally:  # counted, given up or failed: nobody waits for it any longer
            self._counted.set()

    def complete(self, number: int) -> None:
        """Say a file is complete (its filling committed): whoever waits for it may read it."""
        self._complete[number].set()

    def fail(self, problem: BaseException) -> None:
        """Record why the filling stopped, and wake whoever waits for a file or the tallies."""
        self._failed = problem
        for event in (*self._complete, self._counted):
            event.set()

    def check_cancelled(self) -> None:
        """Stop the filling (raise StageCancelledError) if the project's side gave up."""
        if self._cancelled:
            raise StageCancelledError("the pull was given up")

    # -- the merging side ---------------------------------------------------------------------

    def is_complete(self, number: int) -> bool:
        """Say whether a file is complete (its filling committed)."""
        return self._complete[number].is_set() and self._failed is None

    def wait(self, number: int, timeout: float | None = None) -> None:
        """Wait until a file is complete; raise what stopped the filling, if it stopped.

        Raises TimeoutError if ``timeout`` seconds pass first.
        """
        if not self._complete[number].wait(timeout):
            raise TimeoutError(f"stage file {number} is not complete after {timeout} s")
        if self._failed is not None:
            raise self._failed

    def counted_tallies(self) -> TallyCount | None:
        """Wait for the staged marks' tallies; return them (None: not counted)."""
        self._counted.wait()
        if self._failed is not None:
            raise self._failed
        return self._tallies

    def cancel(self) -> None:
        """Tell the filling to stop at its next batch."""
        self._cancelled = True


class StageWriter:
    """One stage file's connection, for the thread that fills it.

    Rows go in one transaction, and the file is complete once it commits.
    """

    def __init__(self, stage: PullStage, number: int) -> None:
        self.stage, self.number = stage, number
        self.conn = sqlite3.connect(stage.paths[number], isolation_level=None)
        self.conn.execute("PRAGMA journal_mode = OFF")  # scratch: nothing to roll back to
        self.conn.execute("PRAGMA synchronous = OFF")
        self.conn.execute("BEGIN")

    def add_rows(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Add pulled rows of one table."""
        self.stage.check_cancelled()
        quoted = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        self.conn.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', rows)

    def __enter__(self) -> StageWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_rest: object) -> None:
        try:
            if kind is None:
                self.conn.execute("COMMIT")
        finally:
            self.conn.close()
        if kind is None:
            self.stage.complete(self.number)
