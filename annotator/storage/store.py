"""The project database: a SQLite file with domain-named reads and writes."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from annotator.core.errors import (
    ReadOnlyError,
    SchemaVersionError,
    StorageError,
    ValidationError,
)
from annotator.core.model import utc_now
from annotator.core.paths import file_in_the_way
from annotator.storage.actors import ActorQueries
from annotator.storage.agreement import AgreementQueries
from annotator.storage.articles import ArticleQueries
from annotator.storage.base import ProjectDatabase
from annotator.storage.coding import CodingQueries
from annotator.storage.deletions import DeletionQueries
from annotator.storage.gold import GoldQueries
from annotator.storage.hub_log import HubLogQueries
from annotator.storage.listing import ListingQueries
from annotator.storage.marks import MarkQueries
from annotator.storage.merging import MergeQueries
from annotator.storage.schema import MIGRATION_NAMES, MIGRATION_SET
from annotator.storage.statistics import StatisticsQueries
from annotator.storage.streams import StreamQueries
from annotator.storage.suggestions import SuggestionQueries


BUSY_TIMEOUT_MS = 5000  # how long a change waits for another program's write
WAL_SIZE_LIMIT_BYTES = 64 * 2**20  # the write-ahead log is cut back to this after a large load


class Store(
    ArticleQueries,
    ActorQueries,
    MarkQueries,
    SuggestionQueries,
    MergeQueries,
    GoldQueries,
    StreamQueries,
    ListingQueries,
    CodingQueries,
    AgreementQueries,
    StatisticsQueries,
    DeletionQueries,
    HubLogQueries,
):
    """Reads and writes one project database; callers group writes with ``transaction()``."""

    read_only = False  # opened with mode=ro (or its file gone): every write is refused
    read_only_reason = "you cannot write the file or its folder"

    @classmethod
    def open(cls, path: Path | str, read_only: bool | None = None) -> Store:
        """Open (creating if needed) a project database and bring its schema up to date.

        A project the user cannot write (the file, or its folder, where SQLite keeps its
        journal) opens read-only unless ``read_only`` says otherwise: reading, searching and
        exporting work; a change is refused with ReadOnlyError.
        """
        path = Path(path)
        if read_only is None:
            read_only = path.exists() and not (
                os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
            )
        if read_only:
            return cls._open_read_only(path)
        blocking = file_in_the_way(path)  # a file where a folder should be: no traceback
        if blocking is not None:
            raise SchemaVersionError(f"{path}: {blocking} is a file, not a folder")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SchemaVersionError(f"{path}: cannot make its folder ({exc.strerror})") from exc
        existed = path.exists()
        db: ProjectDatabase | None = None
        try:
            db = ProjectDatabase.connect(path)
            applied = _check_is_project(db, path)
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("PRAGMA journal_mode = WAL")
            # FULL makes each commit durable against power loss; a commit costs well under 1 ms.
            db.execute("PRAGMA synchronous = FULL")
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # After a large load (an import, a first pull: 1.2 GB for 100,000 articles) the
            # write-ahead log would keep its size on disk while the project stays open; the
            # next write after its checkpoint cuts it back to this.
            db.execute(f"PRAGMA journal_size_limit = {WAL_SIZE_LIMIT_BYTES}")
            if any(name not in applied for name in MIGRATION_NAMES):
                _apply_migrations(db)
            _fold_new_names(db)
        except sqlite3.OperationalError as exc:
            if db is not None:
                db.close()
            full = _disk_is_full(path, exc)
            if not existed:
                _remove_half_made(path)  # a full disk leaves no empty project behind
                if full:
                    raise SchemaVersionError(
                        f"{path}: cannot create the project: the disk is full; "
                        "free some space and try again"
                    ) from exc
            elif full:
                # Nothing can be written, but everything can still be read and exported.
                store = cls._open_read_only(path)
                store.read_only_reason = "the disk is full; free some space to make changes"
                return store
            if "locked" in str(exc) or "busy" in str(exc):
                raise SchemaVersionError(
                    f"{path}: the project is locked by another program; close it and try again"
                ) from exc
            raise SchemaVersionError(f"{path}: cannot open the project database ({exc})") from exc
        except sqlite3.DatabaseError as exc:
            if db is not None:
                db.close()
            raise SchemaVersionError(f"{path}: not an annotator project database ({exc})") from exc
        return cls(db, path)

    @classmethod
    def _open_read_only(cls, path: Path) -> Store:
        try:
            db = ProjectDatabase.connect(path, read_only=True)
            applied = _check_is_project(db, path)
        except sqlite3.DatabaseError as exc:
            raise SchemaVersionError(f"{path}: not an annotator project database ({exc})") from exc
        if any(name not in applied for name in MIGRATION_NAMES):
            db.close()
            raise SchemaVersionError(
                f"{path} is read-only and was written by an older annotator: upgrading it needs "
                "write access (open a copy you can write)"
            )
        store = cls(db, path)
        store.read_only = True
        return store

    def writable_now(self) -> bool:
        """Say whether a change could begin at once (no other program is writing)."""
        if self.read_only or self.db.conn.in_transaction:
            return True  # refused, or already writing: the change itself says what happens
        self.db.execute("PRAGMA busy_timeout = 0")
        try:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("ROLLBACK")
            return True
        except sqlite3.OperationalError:
            return False
        finally:
            self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    def close(self) -> None:
        """Close the database connection."""
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run the block as one transaction (a savepoint when nested); roll back on error."""
        if self.read_only:
            raise ReadOnlyError(
                f"{self.path} is open read-only ({self.read_only_reason}): nothing was changed"
            )
        try:
            with self.db.atomic():
                yield
        except sqlite3.IntegrityError as exc:
            raise ValidationError(f"the project database refused the change ({exc})") from exc
        except sqlite3.OperationalError as exc:
            raise StorageError(_storage_reason(self.path, exc)) from exc

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Read the block's queries from one consistent state of the database."""
        if self.db.conn.in_transaction:
            yield
            return
        self.db.execute("BEGIN")
        try:
            yield
        finally:
            self.db.execute("ROLLBACK")  # read only: nothing to keep

    # -- project settings -------------------------------------------------------------------

    def get_setting(self, key: str) -> str | None:
        """Return a project setting, or None when unset."""
        row = self.db.execute("SELECT value FROM project WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def set_setting(self, key: str, value: str) -> None:
        """Set a project setting."""
        self.db.execute(
            "INSERT INTO project (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    # -- annotators -------------------------------------------------------------------------

    def ensure_annotator(self, name: str) -> None:
        """Record a coder's name if it is new."""
        self.db.execute(
            "INSERT INTO annotators (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
            [name, utc_now()],
        )

    def annotator_names(self) -> list[str]:
        """Return every coder's name, sorted."""
        return [r[0] for r in self.db.execute("SELECT name FROM annotators ORDER BY name")]


def _storage_reason(path: Path | None, exc: sqlite3.OperationalError) -> str:
    """Say why the database could not store a change, in a user's words."""
    message = str(exc)
    if "full" in message:
        reason = "the disk is full; free some space and try again"
    elif "locked" in message or "busy" in message:
        reason = "another program kept the project busy; try again"
    elif "readonly" in message or "read-only" in message:
        reason = "the project file cannot be written"
    else:
        reason = message
    return f"{path}: nothing was saved: {reason}"


def _disk_is_full(path: Path, exc: sqlite3.OperationalError) -> bool:
    """Say whether opening failed because the disk has no room (SQLite may say only "disk
    I/O error" when it cannot make its shared-memory file)."""
    if "full" in str(exc):
        return True
    try:
        return os.statvfs(path.parent).f_bavail == 0
    except OSError:
        return False


def _remove_half_made(path: Path) -> None:
    """Remove the files a project that failed to come into being left behind."""
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with suppress(OSError):
            leftover.unlink()


def _check_is_project(db: ProjectDatabase, path: Path) -> list[str]:
    """Refuse a database that is not ours or that a newer annotator has migrated.

    Return the names of the migrations it has applied.
    """
    tables = set(db.table_names())
    if not tables:
        return []
    if "_sqlite_migrations" not in tables:
        raise SchemaVersionError(
            f"{path}: this SQLite database is not an annotator project (it has other tables)"
        )
    applied = [
        r[0]
        for r in db.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY id",
            [MIGRATION_SET],
        )
    ]
    if not applied and tables - {"_sqlite_migrations"}:
        raise SchemaVersionError(f"{path}: this SQLite database is not an annotator project")
    unknown = [name for name in applied if name not in MIGRATION_NAMES]
    if unknown:
        raise SchemaVersionError(
            f"{path}: this project was written by a newer version of annotator "
            f"(schema step {unknown[-1]!r} is unknown here); upgrade annotator to open it"
        )
    return applied


def _apply_migrations(db: ProjectDatabase) -> None:
    """Apply the pending migrations with sqlite-utils' engine, over the same connection."""
    from annotator.storage.migrations import migrations  # loads sqlite-utils (only now)

    from sqlite_utils import Database

    migrations.apply(Database(db.conn))


def _fold_new_names(db: ProjectDatabase) -> None:
    """Fold the actor names and aliases another program wrote without their folded form."""
    # Both look-ups are served by the folded-name indexes (NULLs sort first): nothing to scan.
    unfolded = db.execute(
        "SELECT EXISTS (SELECT 1 FROM actors WHERE name_folded IS NULL) "
        "OR EXISTS (SELECT 1 FROM actor_aliases WHERE alias_folded IS NULL)"
    ).fetchone()[0]
    if unfolded:
        from annotator.storage.migrations import fill_folded_names

        with db.atomic():
            fill_folded_names(db)
