"""Inter-coder agreement: the `annotator agreement` report, its scaling, the window's view.

    python benchmarks/bench_agreement.py --baseline PROJECT   # the baseline, as a process

The baseline reads the same marks with one SQL query and scores each pair of coders by
set-based exact-match F1: what reading the data and the simplest measure cost at all.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import sys
import time
from itertools import combinations
from pathlib import Path

from harness import (
    PYTHON,
    Context,
    Measure,
    annotator_cli,
    benchmark,
    check,
    run_process,
    team_project,
)

HERE = Path(__file__).resolve().parent


def exact_f1_baseline(path: Path) -> dict[str, float]:
    """Return set-based exact-match F1 per pair of coders, from one query over the marks."""
    db = sqlite3.connect(path)
    marks: dict[str, set[tuple[object, ...]]] = {}
    for article_id, coder, kind, start, end, label in db.execute(
        'SELECT article_id, annotator, kind, start, "end", label FROM marks'
    ):
        marks.setdefault(coder, set()).add((article_id, kind, start, end, label))
    db.close()
    return {
        f"{a}+{b}": 2 * len(marks[a] & marks[b]) / (len(marks[a]) + len(marks[b]))
        for a, b in combinations(sorted(marks), 2)
    }


def _in_process_seconds(path: Path) -> tuple[float, float]:
    """Return the wall and CPU seconds Session.agreement() takes on a freshly opened project."""
    from annotator.session import Session

    session = Session.open(path, "lead")
    try:
        t0, c0 = time.perf_counter(), time.process_time()
        rows = session.agreement()
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    finally:
        session.close()
    if not rows:
        raise RuntimeError(f"{path}: the agreement report is empty")
    return wall, cpu


@benchmark("agreement_s", "agreement_scaling")
def agreement_report(context: Context) -> list[Measure]:
    """`annotator agreement` on 10k shared articles (a process), and in-process scaling."""
    big_n, small_n = context.size(10_000, 2_000), context.size(1_000, 200)
    big, small = context.workdir / "big.db", context.workdir / "small.db"
    # The report at the size the target names, even in a quick run: one run takes seconds.
    report_db = context.workdir / "report.db"
    info = team_project(10_000, report_db)
    runs = 3  # the machine is shared: one run can be twice another
    ours, base = [], []
    for _ in range(runs):
        baseline = [PYTHON, str(HERE / "bench_agreement.py"), "--baseline", str(report_db)]
        base.append(check(run_process(baseline), "baseline").seconds)
        run = check(run_process(annotator_cli("agreement", "--db", str(report_db))), "agreement")
        ours.append(run.seconds)
    rows = len(run.stdout.splitlines()) - 1
    others = []
    for by in ("label", "article"):
        other = check(
            run_process(annotator_cli("agreement", "--by", by, "--db", str(report_db))), by
        )
        others.append(f"--by {by} {other.seconds:.1f} s")
    measures = [
        Measure(
            "agreement_s",
            statistics.median(ours),
            ours,
            base,
            sizes={"articles": info["articles"], "marks": info["marks"], "coders": 3},
            note=f"{rows} rows, peak RSS {run.peak_rss_mb:.0f} MB; {', '.join(others)}; "
            "baseline: one query + set-based exact F1 per pair (a process)",
        )
    ]
    team_project(big_n, big)
    team_project(small_n, small)
    # Interleaved rounds, so that both sizes meet the same load on the shared machine: each
    # round compares one big run with the two small runs around it.
    big_runs, small_runs, ratios = [], [], []
    for _ in range(5):
        before = _in_process_seconds(small)
        big_runs.append(_in_process_seconds(big))
        after = _in_process_seconds(small)
        small_runs += [before, after]
        ratios.append(big_runs[-1][1] / ((before[1] + after[1]) / 2))
    big_cpu = statistics.median(cpu for _wall, cpu in big_runs)
    small_cpu = statistics.median(cpu for _wall, cpu in small_runs)
    least = min(c for _w, c in big_runs) / min(c for _w, c in small_runs)
    big_wall = statistics.median(wall for wall, _cpu in big_runs)
    small_wall = statistics.median(wall for wall, _cpu in small_runs)
    measures.append(
        Measure(
            "agreement_scaling",
            statistics.median(ratios),
            [cpu for _wall, cpu in big_runs],
            [cpu for _wall, cpu in small_runs],
            sizes={"articles": big_n, "baseline articles": small_n},
            note=f"Session.agreement() in process, CPU seconds: median of 5 rounds' ratios "
            f"(each round: {big_n:,} articles ÷ the mean of {small_n:,} before and after); "
            f"medians {big_cpu:.2f} ÷ {small_cpu:.3f} s = {big_cpu / small_cpu:.1f}×, least "
            f"{least:.1f}×, wall clock {big_wall / small_wall:.1f}× ('baseline' column: the "
            "small project)",
        )
    )
    return measures


@benchmark("agreement_view_s")
def agreement_view(context: Context) -> list[Measure]:
    """The window's Agreement view on 1k shared articles: shown until its tables are filled."""
    path = context.workdir / "view.db"
    info = team_project(1_000, path)
    runs = context.size(3, 2)
    results = []
    for _ in range(runs):
        run = check(
            run_process(
                [PYTHON, str(HERE / "probe_agreement_view.py"), str(path)],
                env={"QT_QPA_PLATFORM": "offscreen"},
            ),
            "agreement view probe",
        )
        results.append(json.loads(run.stdout.strip().splitlines()[-1]))
    seconds = [r["seconds"] for r in results]
    blocked = max(r["max_blocked_ms"] for r in results)
    idle = max(r["idle_blocked_ms"] for r in results)
    again = statistics.median(r["after_edit_seconds"] for r in results)
    return [
        Measure(
            "agreement_view_s",
            statistics.median(seconds),
            seconds,
            sizes={"articles": info["articles"], "marks": info["marks"], "coders": 3},
            note=f"event loop blocked at most {blocked:.0f} ms meanwhile (an idle window: "
            f"{idle:.0f} ms on this machine now); after one edit the view recomputes in "
            f"{again:.2f} s (cache); {results[-1]['article_rows']} article rows shown",
        )
    ]


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--baseline":
        print(json.dumps(exact_f1_baseline(Path(sys.argv[2]))))
    else:
        raise SystemExit(__doc__)
