"""Start-up of the window on the study project, with the last article of the list open."""

from __future__ import annotations

import json
import os
import statistics
from pathlib import Path

from harness import PYTHON, ROOT, Context, Measure, benchmark, check, run_process, study_project

PROBE = str(Path(__file__).resolve().parent / "startup_probe.py")


def _probe(*args: str, env: dict[str, str]) -> tuple[float, float, dict[str, object]]:
    """Run the probe as a child; return seconds from spawn to paint, its peak RSS, its report."""
    run = check(run_process([PYTHON, PROBE, *args], env=env), f"startup probe {args[0]}")
    report = json.loads(run.stdout.strip().splitlines()[-1])
    return float(report["painted_at"]) - run.started_at, run.peak_rss_mb, report


@benchmark("startup_ratio", "gui_rss_mb")
def window_startup(context: Context) -> list[Measure]:
    """`annotator gui` to the window painted with the last article open ÷ an empty window.

    Both are child processes on the offscreen platform, alternating, timed from spawn to the
    first paint of what they show (their exit is not start-up). Ours runs the real command
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
    _probe("empty", env=env)  # warm the caches for both before timing
    _probe(*window, "--expect", last, env=env)
    runs = context.size(9, 7)
    ours: list[float] = []
    base: list[float] = []
    ours_rss: list[float] = []
    base_rss: list[float] = []
    ours_cpu: list[float] = []
    base_cpu: list[float] = []
    articles = int(str(info["articles"]))
    heavy: set[str] = set()
    for _ in range(runs):
        seconds, rss, report = _probe("empty", env=env)
        base.append(seconds)
        base_rss.append(rss)
        base_cpu.append(float(report["cpu_s"]))  # type: ignore[arg-type]
        seconds, rss, report = _probe(*window, "--expect", last, env=env)
        shown = (report["list_rows"], report["current_row"])
        if shown != (articles, articles - 1):  # the whole list, the last row current
            raise RuntimeError(f"the window showed (rows, current row) {shown}")
        heavy.update(report["heavy_modules"])  # type: ignore[arg-type]
        ours.append(seconds)
        ours_rss.append(rss)
        ours_cpu.append(float(report["cpu_s"]))  # type: ignore[arg-type]
    sizes = {"articles": info["articles"], "marks": info["marks"], "actors": info["actors"]}
    median = statistics.median
    return [
        Measure(
            "startup_ratio",
            median(ours) / median(base),
            ours,
            base,
            sizes=sizes,
            note=(
                f"spawn to paint: median {median(ours) * 1000:.0f} ms vs empty window "
                f"{median(base) * 1000:.0f} ms; CPU to paint {median(ours_cpu) * 1000:.0f} vs "
                f"{median(base_cpu) * 1000:.0f} ms; loaded before the paint: "
                f"{', '.join(sorted(heavy)) or 'no heavy library, no format module'}"
            ),
        ),
        Measure(
            "gui_rss_mb",
            median(ours_rss),
            ours_rss,
            base_rss,
            what="MB",
            sizes=sizes,
            note="peak resident memory of the window process; baseline: the empty window",
        ),
    ]
