"""Start-up of the command line."""

from __future__ import annotations

import statistics

from harness import PYTHON, Context, Measure, annotator_cli, benchmark, check, run_process


@benchmark("cli_help_ms")
def cli_help(context: Context) -> list[Measure]:
    """`annotator --help`, process start to exit, against `python -c "import sqlite3, json"`."""
    runs = context.size(15, 7)
    ours, base = [], []
    for _ in range(runs):
        base.append(check(run_process([PYTHON, "-c", "import sqlite3, json"]), "python").seconds)
        ours.append(check(run_process(annotator_cli("--help")), "annotator --help").seconds)
    return [
        Measure(
            "cli_help_ms",
            statistics.median(ours) * 1000,
            ours,
            base,
            note="baseline: python -c 'import sqlite3, json'",
        )
    ]
