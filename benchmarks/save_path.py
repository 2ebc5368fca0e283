"""How much our save path costs over a bare durable SQLite insert.

Compares, in the same run and on the same disk:
  baseline  sqlite3 INSERT + COMMIT of one row (WAL, synchronous=FULL), as cheap as durable gets
  ours      Session.add_mark: validation, one transaction, signal emission
and prints a table of per-edit times and the ratio. Run:  .venv/bin/python benchmarks/save_path.py
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from annotator.core.model import MarkKind
from annotator.session import Session

EDITS = 500


def bare_inserts(path: Path) -> list[float]:
    """Time durable single-row INSERT+COMMITs with the plain sqlite3 module."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE marks (id INTEGER PRIMARY KEY, start INT, end INT, text TEXT)")
    times = []
    for i in range(EDITS):
        t0 = time.perf_counter()
        conn.execute("INSERT INTO marks (start, end, text) VALUES (?, ?, ?)", (i, i + 5, "China"))
        conn.commit()
        times.append(time.perf_counter() - t0)
    conn.close()
    return times


def session_adds(path: Path) -> list[float]:
    """Time Session.add_mark for sentiment spans on a synthetic article."""
    sentence = "China and Pakistan agreed to deepen cooperation. "
    source = path.with_suffix(".txt")
    source.write_text(sentence * (EDITS + 1), encoding="utf-8")
    session = Session.open(path, "bench")
    session.import_paths([source])
    article_id = session.article_summaries()[0].id
    times = []
    for i in range(EDITS):
        start = i * len(sentence)
        mark, _ = session.prepare_mark(article_id, MarkKind.SENTIMENT, start, start + 5, "positive")
        t0 = time.perf_counter()
        session.add_mark(mark)
        times.append(time.perf_counter() - t0)
    session.close()
    return times


def main() -> None:
    """Print the comparison table."""
    with tempfile.TemporaryDirectory() as tmp:
        baseline = bare_inserts(Path(tmp) / "bare.db")
        ours = session_adds(Path(tmp) / "ours.db")
    base_median = statistics.median(baseline)
    print(f"{'path':<34}{'median ms':>10}{'p95 ms':>10}{'ratio':>8}")
    for name, times in (("bare sqlite3 INSERT+COMMIT", baseline), ("Session.add_mark", ours)):
        median = statistics.median(times)
        p95 = statistics.quantiles(times, n=20)[-1]
        print(f"{name:<34}{median * 1000:>10.3f}{p95 * 1000:>10.3f}{median / base_median:>8.2f}")


if __name__ == "__main__":
    main()
