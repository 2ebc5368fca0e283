"""Analysis: the statistics behind the Statistics view and `annotator stats`.

The baseline is the least any such view does: one aggregate query over the marks (marks per
coder and label), timed in the same process on the same project.
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from pathlib import Path

from harness import Context, Measure, benchmark, study_project


def _baseline_seconds(path: Path) -> float:
    db = sqlite3.connect(path)
    try:
        t0 = time.perf_counter()
        db.execute("SELECT annotator, kind, label, count(*) FROM marks GROUP BY 1, 2, 3").fetchall()
        return time.perf_counter() - t0
    finally:
        db.close()


@benchmark("stats_ms")
def statistics_counts(context: Context) -> list[Measure]:
    """Every statistic the Statistics view shows, counted on the study project (1M marks)."""
    from annotator.session import Session

    path = context.workdir / "study.db"
    info = study_project(context, path)
    ours, base = [], []
    for _ in range(3):
        base.append(_baseline_seconds(path))
        session = Session.open(path, "alice")
        try:
            t0 = time.perf_counter()
            counted = session.statistics()
            ours.append(time.perf_counter() - t0)
        finally:
            session.close()
    rows = sum(len(s.table.rows) for s in counted)
    return [
        Measure(
            "stats_ms",
            statistics.median(ours) * 1000,
            ours,
            base,
            sizes={"articles": info["articles"], "marks": info["marks"]},
            note=f"{len(counted)} statistics, {rows} table rows; baseline: one GROUP BY over "
            f"the marks, {statistics.median(base) * 1000:.0f} ms",
        )
    ]


@benchmark("network_s")
def network_of_a_year(context: Context) -> list[Measure]:
    """The discourse network of a year's claims on the study project: statements read, the
    one-mode subtract matrix computed (what `annotator network` and the Network view do)."""
    from annotator.analysis.networks import NetworkOptions, network
    from annotator.services.networks import project_statements
    from annotator.session import Session

    path = context.workdir / "study.db"
    info = study_project(context, path)
    session = Session.open(path, "alice")
    try:
        year = session.store.db.execute(
            "SELECT substr(a.date, 1, 4) FROM marks m JOIN articles a ON a.id = m.article_id "
            "WHERE m.kind = 'claim' AND a.date IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC "
            "LIMIT 1"
        ).fetchone()[0]
        options = NetworkOptions(
            qualifier_aggregation="subtract", start=f"{year}-01-01", stop=f"{year}-12-31"
        )
        ours, base = [], []
        for _ in range(3):
            t0 = time.perf_counter()
            session.store.db.execute(
                "SELECT count(*) FROM marks WHERE kind = 'claim' AND speaker_id IS NOT NULL"
            ).fetchone()
            base.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            found = project_statements(session.store, None, options.start, options.stop)
            made = network(found.statements, options)
            ours.append(time.perf_counter() - t0)
    finally:
        session.close()
    return [
        Measure(
            "network_s",
            statistics.median(ours),
            ours,
            base,
            sizes={"articles": info["articles"], "marks": info["marks"]},
            note=f"{year}: {made.statements} statements, {len(made.rows)} actors; baseline: "
            "counting the claims with a speaker",
        )
    ]
