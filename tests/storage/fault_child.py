"""Faults a test cannot make in its own process, made in a private mount namespace (run under
``unshare --map-root-user --mount``): a tiny tmpfs filled to the brim, and a file system
remounted read-only. Every command goes through the CLI as a user would type it; what each
printed and what was left on the disk is written to stdout as one JSON object.

    python fault_child.py full|read-only MOUNT_POINT BIG_JSONL
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli
from annotator.session import Session


def run(*args: str) -> dict[str, object]:
    result = CliRunner().invoke(cli, list(args))
    return {
        "exit": result.exit_code,
        "output": result.output,
        "crash": repr(result.exception)
        if result.exception and not isinstance(result.exception, SystemExit)
        else None,
    }


def fill(folder: Path) -> None:
    """Write a filler file until the file system refuses one more byte."""
    with open(folder / "filler", "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC, exc
        try:  # the last, partial page
            while handle.write(b"\0"):
                pass
        except OSError as exc:
            assert exc.errno == errno.ENOSPC, exc
    assert os.statvfs(folder).f_bavail == 0


def free(folder: Path, kib: int) -> None:
    """Shrink the filler so that about ``kib`` KiB are free."""
    filler = folder / "filler"
    os.truncate(filler, max(0, filler.stat().st_size - kib * 1024))


def state(project: Path) -> dict[str, object]:
    session = Session.open(project, "checker", read_only=True)
    try:
        return {
            "articles": len(session.article_summaries()),
            "check": [f.detail for f in session.check() if not f.ok],
        }
    finally:
        session.close()


def full_disk(mount: Path, big: Path) -> dict[str, object]:
    project = mount / "p.db"
    session = Session.open(project, "alice")
    session.import_bundled_corpus()
    session.close()
    seen: dict[str, object] = {}
    fill(mount)
    seen["articles"] = run("articles", "--db", str(project))
    seen["status"] = run("status", "--db", str(project), "0", "done")
    seen["check"] = run("check", "--db", str(project))
    seen["new_project"] = run("import", "--db", str(mount / "new.db"), str(big))
    seen["new_project_left"] = sorted(p.name for p in mount.iterdir())
    free(mount, 100)  # room for a little, not for a backup of the project
    seen["import_backup_fails"] = run("import", "--db", str(project), str(big))
    seen["backups_left"] = sorted(p.name for p in (mount / "p.db.backups").iterdir())
    seen["after_backup_failed"] = state(project)
    seen["keep_none"] = run("backups", "--db", str(project), "--keep", "0")
    seen["import_fails"] = run("import", "--db", str(project), str(big))
    seen["after_import_failed"] = state(project)
    seen["backup"] = run("backup", "--db", str(project), str(mount / "copy.db"))
    seen["files_left"] = sorted(p.name for p in mount.iterdir())
    return seen


def read_only_file_system(mount: Path) -> dict[str, object]:
    project = mount / "p.db"
    session = Session.open(project, "alice")
    session.import_bundled_corpus()
    session.close()
    before = project.read_bytes()
    subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
    seen: dict[str, object] = {
        "articles": run("articles", "--db", str(project)),
        "status": run("status", "--db", str(project), "0", "done"),
        "export": run("export", "--db", str(project), "--format", "jsonl", "-"),
    }
    seen["unchanged"] = project.read_bytes() == before
    return seen


def main() -> None:
    scenario, mount, big = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1536k", "tmpfs", str(mount)], check=True)
    seen = full_disk(mount, big) if scenario == "full" else read_only_file_system(mount)
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
