"""What the store's parts share: the connection to the project database."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import count
from pathlib import Path
from typing import Any
from urllib.parse import quote

_savepoints = count(1)  # unique savepoint names within the process


class ProjectDatabase:
    """The project's SQLite connection, with the part of sqlite-utils' ``Database`` we use.

    The connection is in autocommit mode (``isolation_level=None``): a statement outside
    ``atomic()`` is committed on its own, as sqlite-utils' ``execute`` commits the implicit
    transaction a write statement opens; ``atomic()`` is the only place a transaction begins,
    a savepoint when nested. Opening a project needs nothing more, so sqlite-utils (and the
    plugin machinery it loads) is imported only to apply a pending migration, with its own
    ``Database`` over this same connection.
    """

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    @classmethod
    def connect(cls, path: Path, read_only: bool = False) -> ProjectDatabase:
        """Open the database file at path (created when missing), or read-only (``mode=ro``;
        ``immutable`` when even SQLite's shared-memory file cannot be made beside it)."""
        if read_only:
            where = quote(str(path.resolve()))
            try:
                conn = sqlite3.connect(f"file:{where}?mode=ro", uri=True, isolation_level=None)
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.OperationalError:
                conn = sqlite3.connect(f"file:{where}?immutable=1", uri=True, isolation_level=None)
            return cls(conn)
        conn = sqlite3.connect(str(path), isolation_level=None)
        # As sqlite-utils' Database does on every connection it opens.
        conn.execute("PRAGMA recursive_triggers = ON")
        return cls(conn)

    def execute(
        self, sql: str, parameters: Sequence[Any] | dict[str, Any] | None = None
    ) -> sqlite3.Cursor:
        """Execute one SQL statement and return its cursor."""
        if parameters is None:
            return self.conn.execute(sql)
        return self.conn.execute(sql, parameters)

    @contextmanager
    def atomic(self) -> Iterator[ProjectDatabase]:
        """Run the block as one write transaction (a savepoint when nested); roll back on error."""
        if self.conn.in_transaction:
            name = f"annotator_{next(_savepoints)}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield self
            except BaseException:
                # An error (a RAISE(ROLLBACK) trigger, say) may have ended the whole
                # transaction already, savepoint included: then there is nothing to undo.
                if self.conn.in_transaction:
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    self.conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            self.conn.execute(f"RELEASE SAVEPOINT {name}")
            return
        # IMMEDIATE: the write lock is taken at the start, so a writer waits (busy_timeout) for
        # another to finish. A deferred transaction that read first could not wait: once
        # another program had written, its snapshot was stale and SQLite refused it at once.
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def table_names(self) -> list[str]:
        """Return the names of the database's tables."""
        return [
            r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()


class StoreBase:
    """Holds the project database; the Store's parts add domain-named queries."""

    def __init__(self, db: ProjectDatabase, path: Path | None):
        self.db = db
        self.path = path

    def _exists(self, sql: str, value: str) -> bool:
        return self.db.execute(sql, [value]).fetchone() is not None
