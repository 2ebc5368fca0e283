"""A process that syncs a project with its hub once, for the SIGKILL test: prints ``ready``
when the project is open and the hub's driver loaded, then ``synced SECONDS`` when the sync
is done (if it gets there).

    python sync_child.py PROJECT CODER
"""

from __future__ import annotations

import sys
import time

import psycopg  # noqa: F401  (loaded before "ready": the kill's moment falls in the sync)

from annotator.session import Session


def main() -> None:
    path, coder = sys.argv[1], sys.argv[2]
    session = Session.open(path, coder)
    print("ready", flush=True)
    started = time.perf_counter()
    session.sync()
    print(f"synced {time.perf_counter() - started:.3f}", flush=True)
    session.close()


if __name__ == "__main__":
    main()
