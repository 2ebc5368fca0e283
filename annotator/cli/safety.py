"""Keeping the project safe: `backup`, `backups`, `restore` and `check`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click

from annotator.cli.common import db_option, open_session, translate_errors


@click.command("backup")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@db_option
@translate_errors
def backup_command(out: Path, db: Path | None) -> None:
    """Write a consistent copy of the project to OUT, also while a window has it open.

    The copy is made with SQLite's online backup API: it is of one moment, complete, and the
    project stays usable meanwhile.
    """
    session = open_session(db, None, create=False)
    session.backup(out)
    click.echo(f"wrote a copy of {session.path} to {out}")


@click.command("backups")
@click.option("--keep", type=click.IntRange(min=0), help="Keep this many automatic backups.")
@db_option
@translate_errors
def backups_command(keep: int | None, db: Path | None) -> None:
    """List the automatic backups made before imports and merges (the newest first)."""
    session = open_session(db, None, create=False)
    if keep is not None:
        session.set_backups_kept(keep)
    kept = session.backups_kept()
    copies = session.backups()
    click.echo(f"{len(copies)} backup(s) of {session.path}; the newest {kept} are kept")
    for copy in copies:
        click.echo(f"  {copy}  ({copy.stat().st_size:,} bytes)")


@click.command("restore")
@click.argument("backup", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the project's contents.")
@db_option
@translate_errors
def restore_command(backup: Path, yes: bool, db: Path | None) -> None:
    """Replace the project's contents with a backup's (a copy of the project is made first).

    The backup is written into the project through SQLite, so a window that has the project
    open sees the restored contents, not a file pulled from under it.
    """
    from annotator.session import Session

    checked = Session.open(backup, "restore", read_only=True)  # an annotator project?
    articles = checked.article_count()
    checked.close()
    session = open_session(db, None, create=False)
    if not yes:
        click.confirm(
            f"Replace everything in {session.path} with {backup} ({articles} article(s))?",
            abort=True,
        )
    before = session.automatic_backup("restore")
    source = sqlite3.connect(f"file:{backup.resolve()}?mode=ro", uri=True)
    try:
        source.backup(session.store.db.conn)
    finally:
        source.close()
    session.close()
    Session.open(session.path).close()  # an older backup is brought up to this version
    saved = f" (the project as it was: {before})" if before else ""
    click.echo(f"restored {session.path} from {backup}{saved}")


@click.command("check")
@db_option
@translate_errors
def check_command(db: Path | None) -> None:
    """Check the project: integrity, foreign keys, search index, mark offsets and texts,
    actor references, schema version. Exits with status 1 when anything is wrong."""
    session = open_session(db, None, create=False)
    findings = session.check()
    width = max(len(f.what) for f in findings)
    for finding in findings:
        mark = "ok " if finding.ok else "BAD"
        click.echo(f"{mark}  {finding.what:<{width}}  {finding.detail}")
    if not all(f.ok for f in findings):
        raise SystemExit(1)
