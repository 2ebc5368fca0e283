"""Durability and concurrency, proven with real processes (issue 12): a process editing as fast
as it can is SIGKILLed at random moments (10 times; 50 with --long) and every edit it had been
told was saved is there, the project checking clean; two processes editing one project at once
have no edit refused and none lost."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from annotator.session import Session

CHILD = Path(__file__).with_name("editing_child.py")


def child(path: Path, coder: str, seconds: float) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(CHILD), str(path), coder, str(seconds)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def acknowledged(output: str) -> set[str]:
    return {line for line in output.splitlines() if line and not line.startswith("refused")}


def project(session, tmp_path) -> Path:
    session.close()
    path = tmp_path / "edited.db"
    shutil.copy(session.path, path)
    return path


def test_sigkill_loses_no_acknowledged_edit(session, tmp_path, request):
    path = project(session, tmp_path)
    kills = 50 if request.config.getoption("--long") else 10
    rng = random.Random(11)
    seen: set[str] = set()
    for _ in range(kills):
        editor = child(path, "crash", 30)
        time.sleep(0.6 + rng.random() * 0.4)  # start-up, then a random moment of editing
        os.kill(editor.pid, signal.SIGKILL)
        output, _ = editor.communicate()
        seen |= acknowledged(output)
        reopened = Session.open(path, "checker")
        findings = reopened.check()
        assert all(f.ok for f in findings), [f for f in findings if not f.ok]
        stored = {r[0] for r in reopened.store.db.execute("SELECT id FROM marks")}
        assert seen <= stored, f"lost {len(seen - stored)} acknowledged edit(s)"
        reopened.close()
    assert len(seen) > kills  # it was editing when killed, not only starting


def test_two_processes_editing_at_once(session, tmp_path):
    path = project(session, tmp_path)
    editors = [child(path, coder, 3) for coder in ("anna", "ben")]
    outputs = [editor.communicate(timeout=60) for editor in editors]
    for (out, err), editor in zip(outputs, editors, strict=True):
        assert editor.returncode == 0, err
        assert out.rstrip().endswith("refused=0"), err
    reopened = Session.open(path, "checker")
    stored = {r[0] for r in reopened.store.db.execute("SELECT id FROM marks")}
    for out, _err in outputs:
        made = acknowledged(out) - {out.rstrip().splitlines()[-1]}
        assert made and made <= stored
    assert all(f.ok for f in reopened.check())
    reopened.close()
