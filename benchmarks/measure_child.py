"""Run a command as the child of this small process and report its time and peak memory.

    python measure_child.py REPORT.json COMMAND [ARG…]

A child's peak resident memory (``ru_maxrss``) counts the memory of the process it was forked
from until it runs its command, and a benchmark parent may hold a gigabyte by then: forked from
this small process instead, the command's own peak is what is measured (give or take this
process's ~10 MB). Writes {"started_at", "seconds", "peak_rss_mb", "returncode"} to REPORT.json
and exits with the command's code.
"""

from __future__ import annotations

import json
import os
import sys
import time


def main() -> int:
    """Run the command; write the report; return its exit code."""
    report, args = sys.argv[1], sys.argv[2:]
    started_at = time.time()
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(args[0], args)
        finally:
            os._exit(127)
    _pid, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    with open(report, "w", encoding="utf-8") as out:
        json.dump(
            {
                "started_at": started_at,
                "seconds": seconds,
                "peak_rss_mb": usage.ru_maxrss / 1024,  # kilobytes on Linux
                "returncode": code,
            },
            out,
        )
    return code if code >= 0 else 128 - code


if __name__ == "__main__":
    raise SystemExit(main())
