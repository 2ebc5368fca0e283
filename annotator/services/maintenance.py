"""Keeping a project safe: consistent copies while it is in use (SQLite's online backup), the
copies kept automatically before imports and merges, restoring one, and checking a project.

Backups live beside the project, in ``<project>.backups/``, named by time and reason; the
newest few are kept (``backups_kept`` in the project's settings, 3 unless changed; 0 keeps
none).
"""

from __future__ import annotations

import datetime as dt
import errno
import sqlite3
import time
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from annotator.core.errors import StorageError, ValidationError
from annotator.formats.base import exclusive_temp_file, publish
from annotator.services.base import SessionBase
from annotator.storage.schema import MIGRATION_NAMES, MIGRATION_SET

DEFAULT_KEPT = 3
KEPT_SETTING = "backups_kept"


@dataclass(frozen=True)
class CheckFinding:
    """One thing `annotator check` looked at: what, whether it is sound, and the detail."""

    what: str
    ok: bool
    detail: str


def backup_folder(project: Path) -> Path:
    """Return the folder that holds a project's automatic backups."""
    return project.with_name(project.name + ".backups")


def write_copy(connection: sqlite3.Connection, out: Path) -> None:
    """Copy a database through SQLite's online backup API into ``out`` (complete or absent)."""
    out = Path(out)
    if out.exists() and out.is_dir():
        raise ValidationError(f"{out} is a folder: give a file name for the copy")
    if not out.parent.is_dir():
        raise ValidationError(f"{out.parent}: no such folder; create it first")
    partial, handle = exclusive_temp_file(out)  # SQLite writes it by name: only made here
    handle.close()
    try:
        target = sqlite3.connect(str(partial))
        try:
            # Page by page, other connections may keep writing: the copy is of one moment.
            connection.backup(target, pages=4096)
            target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            target.close()
        publish(partial, out)
    except (sqlite3.OperationalError, OSError) as exc:
        full = "full" in str(exc) or getattr(exc, "errno", None) == errno.ENOSPC
        reason = "the disk is full" if full else str(exc)
        raise StorageError(f"{out}: the copy was not written: {reason}") from exc
    finally:
        partial.unlink(missing_ok=True)


class MaintenanceMixin(SessionBase):
    """Backups, restores and checks of the open project."""

    def backup(self, out: Path) -> Path:
        """Write a consistent copy of the project to ``out`` (while it stays in use)."""
        write_copy(self.store.db.conn, Path(out))
        return Path(out)

    def backups_kept(self) -> int:
        """Return how many automatic backups the project keeps."""
        value = self.store.get_setting(KEPT_SETTING)
        return int(value) if value and value.isdigit() else DEFAULT_KEPT

    def set_backups_kept(self, count: int) -> None:
        """Keep this many automatic backups (0: make none); older ones go now."""
        if count < 0:
            raise ValidationError("the number of backups kept cannot be negative")
        with self.store.transaction():
            self.store.set_setting(KEPT_SETTING, str(count))
        self._drop_old_backups(count)

    def _drop_old_backups(self, kept: int) -> None:
        for old in self.backups()[kept:]:
            old.unlink(missing_ok=True)
        if self.path is None or not backup_folder(self.path).is_dir():
            return
        # A copy cut short (the program killed while writing it) stays as a hidden part-file;
        # one untouched for an hour is no copy in progress.
        stale = time.time() - 3600
        for part in backup_folder(self.path).glob(".*.partial*"):
            with suppress(OSError):
                if part.stat().st_mtime < stale:
                    part.unlink()

    def automatic_backup(self, reason: str) -> Path | None:
        """Copy the project before a change that brings much in (an import, a merge); drop the
        oldest beyond the number kept. Return the copy (None: none kept, or not a file)."""
        kept = self.backups_kept()
        if kept == 0 or self.path is None or self.store.read_only:
            return None
        folder = backup_folder(self.path)
        folder.mkdir(exist_ok=True)
        stamp = dt.datetime.now().strftime("%Y-%m-%dT%H-%M-%S-%f")
        try:
            copy = self.backup(folder / f"{stamp}-before-{reason}.db")
        except StorageError as exc:
            raise StorageError(
                f"nothing was changed: the automatic backup before the {reason} failed ({exc}); "
                "free some space, or keep no backups (annotator backups --keep 0)"
            ) from exc
        self._drop_old_backups(kept)
        return copy

    def backups(self) -> list[Path]:
        """Return the project's automatic backups, the newest first."""
        if self.path is None:
            return []
        folder = backup_folder(self.path)
        return sorted(folder.glob("*-before-*.db"), reverse=True) if folder.is_dir() else []

    def _check_search_index(self) -> CheckFinding:
        db = self.store.db
        if self.store.read_only:
            # FTS5's own check is an INSERT, which a read-only connection refuses: check what
            # can be read, that every article and nothing else has an entry in the index.
            unindexed = db.execute(
                "SELECT (SELECT count(*) FROM articles WHERE rowid NOT IN "
                "(SELECT id FROM articles_fts_docsize)) + (SELECT count(*) FROM "
                "articles_fts_docsize WHERE id NOT IN (SELECT rowid FROM articles))"
            ).fetchone()[0]
            if unindexed:
                return CheckFinding("search index", False, f"{unindexed} article(s) out of step")
            return CheckFinding(
                "search index", True, "every article indexed (read-only: tokens not checked)"
            )
        try:
            db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
        except sqlite3.DatabaseError as exc:
            return CheckFinding("search index", False, str(exc))
        return CheckFinding("search index", True, "ok")

    def check(self) -> list[CheckFinding]:
        """Check the project: SQLite's integrity and foreign keys, the search index, every
        mark's offsets and text against its article, actor references, the schema version."""
        db = self.store.db
        findings = []
        integrity = [r[0] for r in db.execute("PRAGMA integrity_check")]
        findings.append(CheckFinding("integrity", integrity == ["ok"], "; ".join(integrity[:5])))
        keys = db.execute("PRAGMA foreign_key_check").fetchall()
        findings.append(
            CheckFinding(
                "foreign keys",
                not keys,
                f"{len(keys)} row(s) refer to missing rows" if keys else "ok",
            )
        )
        findings.append(self._check_search_index())
        bad_marks = db.execute(
            "SELECT m.id, a.id FROM marks m JOIN articles a ON a.id = m.article_id "
            'WHERE m.start < 0 OR m."end" > length(a.text) OR m.start >= m."end" '
            'OR substr(a.text, m.start + 1, m."end" - m.start) != m.text LIMIT 20'
        ).fetchall()
        detail = (
            "; ".join(f"mark {m[:8]} in article {a[:8]}" for m, a in bad_marks)
            if bad_marks
            else "every mark's text is its article's text between its offsets"
        )
        findings.append(CheckFinding("mark offsets", not bad_marks, detail))
        dangling = db.execute(
            "SELECT count(*) FROM marks m WHERE "
            "(m.actor_id IS NOT NULL AND m.actor_id NOT IN (SELECT id FROM actors)) OR "
            "(m.speaker_id IS NOT NULL AND m.speaker_id NOT IN (SELECT id FROM actors)) OR "
            "(m.target_id IS NOT NULL AND m.target_id NOT IN (SELECT id FROM actors))"
        ).fetchone()[0]
        findings.append(
            CheckFinding(
                "actor references",
                dangling == 0,
                f"{dangling} mark(s) refer to missing actors" if dangling else "ok",
            )
        )
        tallied = self.store.tallies_match()
        findings.append(
            CheckFinding(
                "statistics tallies",
                tallied,
                "ok" if tallied else "the tallies differ from the marks (statistics would be off)",
            )
        )
        applied = {
            r[0]
            for r in db.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET]
            )
        }
        missing = [name for name in MIGRATION_NAMES if name not in applied]
        findings.append(
            CheckFinding(
                "schema",
                not missing,
                f"{len(applied)} migration(s), up to date" if not missing else f"missing {missing}",
            )
        )
        return findings
