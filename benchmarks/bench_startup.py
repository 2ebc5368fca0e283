"""Start-up of the window on the study project, with the last article of the list open."""

from __future__ import annotations

import json
import os
import statistics
from pathlib import Path

from harness import (
    PYTHON,
    ROOT,
    Context,
    Measure,
    ProcessRun,
    benchmark,
    check,
    run_process,
    study_project,
)

PROBE = str(Path(__file__).resolve().parent / "startup_probe.py")


def _probe(*args: str, env: dict[str, str]) -> tuple[ProcessRun, dict[str, object]]:
    """Run the probe as a child; return the run and the report it printed."""
    run = check(run_process([PYTHON, PROBE, *args], env=env), f"startup probe {args[0]}")
    return run, json.loads(run.stdout.strip().splitlines()[-1])


@benchmark("startup_ratio", "gui_rss_mb")
def window_startup(context: Context) -> list[Measure]:
    """`annotator gui` to the window painted with the last article open ÷ an empty window.

    Both are child processes on the offscreen platform, alternating. Ours runs the real command
    (``annotator.__main__``) with the window's QSettings, in a private XDG_CONFIG_HOME, pointing
    at the last article of the list; the probe only adds an event filter that quits once the
    article text is painted. The baseline imports PySide6, shows an empty QMainWindow of the
    same size, paints it and quits.
    """
    db = context.workdir / "study.db"
    info = study_project(context, db)
    last = str(info["last_article"])
    env = {
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(context.workdir / "config"),
        # The checkout under test, whatever the venv's editable install points at.
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        # Compiled modules cached (by the warm-up runs) as an installed program has them, in
        # the scratch folder rather than beside the sources; both sides use the same cache.
        "PYTHONDONTWRITEBYTECODE": "",
        "PYTHONPYCACHEPREFIX": str(context.workdir / "pycache"),
    }
    window = ["window", "--db", str(db), "--annotator", "alice"]
    # Open the last article once and close the window, as a coder would: QSettings remember it.
    _probe(*window, "--remember", last, env=env)
    _probe("empty", env=env)  # warm the file cache for both before timing
    _probe(*window, "--expect", last, env=env)
    runs = context.size(9, 7)
    ours: list[ProcessRun] = []
    base: list[ProcessRun] = []
    reports: list[dict[str, object]] = []
    empty_paints: list[float] = []
    for _ in range(runs):
        run, report = _probe("empty", env=env)
        base.append(run)
        empty_paints.append(float(report["painted_s"]))  # type: ignore[arg-type]
        run, report = _probe(*window, "--expect", last, env=env)
        ours.append(run)
        reports.append(report)
    articles = int(str(info["articles"]))
    listed = {(r["list_rows"], r["current_row"]) for r in reports}
    if listed != {(articles, articles - 1)}:  # the whole list, the last row current
        raise RuntimeError(f"the window showed (rows, current row) {listed}")
    ours_s = [r.seconds for r in ours]
    base_s = [r.seconds for r in base]
    paints = [float(r["painted_s"]) for r in reports]  # type: ignore[arg-type]
    sizes = {"articles": info["articles"], "marks": info["marks"], "actors": info["actors"]}
    return [
        Measure(
            "startup_ratio",
            statistics.median(ours_s) / statistics.median(base_s),
            ours_s,
            base_s,
            sizes=sizes,
            note=(
                f"median {statistics.median(ours_s) * 1000:.0f} ms vs empty window "
                f"{statistics.median(base_s) * 1000:.0f} ms (process start to exit); "
                f"probe start to paint {statistics.median(paints) * 1000:.0f} ms vs "
                f"{statistics.median(empty_paints) * 1000:.0f} ms"
            ),
        ),
        Measure(
            "gui_rss_mb",
            statistics.median(r.peak_rss_mb for r in ours),
            [r.peak_rss_mb for r in ours],
            [r.peak_rss_mb for r in base],
            what="MB",
            sizes=sizes,
            note="peak resident memory of the window process; baseline: the empty window",
        ),
    ]
