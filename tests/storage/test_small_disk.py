"""A full disk and a read-only file system, made for real (a tmpfs in a private mount namespace,
where the machine lets a test make one; skipped otherwise): every command is a clear message,
reading still works, and nothing stored is lost or half-written (issue 12, faults)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CHILD = Path(__file__).with_name("fault_child.py")
REPO = Path(__file__).resolve().parents[2]


def namespaces_work() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "--map-root-user", "--mount", "mount", "-t", "tmpfs", "tmpfs", "/mnt"],
        capture_output=True,
    )
    return probe.returncode == 0


pytestmark = pytest.mark.skipif(
    not namespaces_work(), reason="this machine lets no test mount a file system of its own"
)


def in_namespace(scenario: str, tmp_path: Path) -> dict:
    mount = tmp_path / "disk"
    mount.mkdir()
    big = tmp_path / "big.jsonl"
    with big.open("w") as out:  # more than the small disk holds
        for n in range(2000):
            out.write(json.dumps({"title": f"t{n}", "text": f"word {n} " * 80}) + "\n")
    done = subprocess.run(
        [
            "unshare",
            "--map-root-user",
            "--mount",
            sys.executable,
            str(CHILD),
            scenario,
            str(mount),
            str(big),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


def test_a_disk_filled_to_the_brim(tmp_path):
    seen = in_namespace("full", tmp_path)
    crashes = {
        name: run["crash"]
        for name, run in seen.items()
        if isinstance(run, dict) and run.get("crash")
    }
    assert crashes == {}
    # Nothing can be written, everything can still be read.
    assert seen["articles"]["exit"] == 0 and "5 article(s)" in seen["articles"]["output"]
    assert seen["check"]["exit"] == 0, seen["check"]["output"]
    assert "is open read-only (the disk is full" in seen["status"]["output"]
    # A new project is refused whole: no empty file left behind.
    assert "cannot create the project: the disk is full" in seen["new_project"]["output"]
    assert "new.db" not in seen["new_project_left"]
    # An import whose automatic backup does not fit changes nothing and leaves no part-copy.
    assert "the automatic backup before the import failed" in seen["import_backup_fails"]["output"]
    assert seen["backups_left"] == []
    assert seen["after_backup_failed"] == {"articles": 5, "check": []}
    # Without backups the import itself runs out of room: rolled back whole.
    assert seen["keep_none"]["exit"] == 0
    assert "nothing was saved: the disk is full" in seen["import_fails"]["output"]
    assert seen["after_import_failed"] == {"articles": 5, "check": []}
    assert "the copy was not written: the disk is full" in seen["backup"]["output"]
    # No part-written copy anywhere (SQLite's own -wal and -shm files may stay beside p.db).
    left = [name for name in seen["files_left"] if not name.endswith(("-wal", "-shm"))]
    assert left == ["filler", "p.db", "p.db.backups"]


def test_a_read_only_file_system_opens_read_only_by_itself(tmp_path):
    seen = in_namespace("read-only", tmp_path)
    assert seen["articles"]["exit"] == 0 and "5 article(s)" in seen["articles"]["output"]
    assert seen["status"]["exit"] == 1
    assert "is open read-only (you cannot write the file or its folder)" in seen["status"]["output"]
    assert seen["export"]["exit"] == 0
    assert seen["unchanged"] is True
