"""The coding view: opening dense and huge articles in the window, and making one mark.

Each key runs benchmarks/window_probe.py in a child process that drives the real MainWindow
offscreen on a copy of the study project with three dense articles added (synth.
add_dense_article): 5 KB with 2,000 marks, 1 MB with 20,000 marks, and 50 MB with 100,000 marks
(a book-length text coded as densely as a long report, about one mark per 500 characters).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import statistics
from pathlib import Path

from harness import (
    PYTHON,
    ROOT,
    Context,
    Measure,
    benchmark,
    check,
    run_process,
    study_project,
)

# (characters, marks) of the articles the window opens.
DENSE = {
    "small": (5_000, 2_000),
    "large": (1_000_000, 20_000),
    "huge": (50_000_000, 100_000),
}
PROBE = str(ROOT / "benchmarks" / "window_probe.py")
_VERSION = 1  # bump when the derived project changes


def window_project(context: Context, path: Path) -> dict[str, str]:
    """Write the study project with the dense articles at path; return their ids by name.

    The derived project is cached beside the generated ones (adding the 50 MB article takes
    about a minute), keyed by the study project it came from.
    """
    import synth

    info = study_project(context, path)
    from annotator.storage.schema import MIGRATION_NAMES

    raw = json.dumps(
        {"study": info, "dense": DENSE, "v": _VERSION, "schema": MIGRATION_NAMES},
        sort_keys=True,
        default=str,
    )
    cached = synth.CACHE / f"window-{hashlib.sha256(raw.encode()).hexdigest()[:16]}.db"
    ids_file = cached.with_suffix(".json")
    if cached.exists() and ids_file.exists():
        synth.copy_project(cached, path)
        return json.loads(ids_file.read_text(encoding="utf-8"))
    ids = {name: synth.add_dense_article(path, *size) for name, size in DENSE.items()}
    ids["other"] = str(info["last_article"])
    partial = cached.with_suffix(".partial")
    shutil.copyfile(path, partial)
    ids_file.write_text(json.dumps(ids), encoding="utf-8")
    partial.rename(cached)
    return ids


def probe(*args: str) -> tuple[dict[str, object], float]:
    """Run the window probe; return its JSON and the child's peak RSS (MB)."""
    run = check(
        run_process([PYTHON, PROBE, *args], env={"QT_QPA_PLATFORM": "offscreen"}),
        f"window_probe {args[0]}",
    )
    return json.loads(run.stdout.strip().splitlines()[-1]), run.peak_rss_mb


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


@benchmark("open_article_ratio", "open_large_article_ms")
def open_article(context: Context) -> list[Measure]:
    """Open a dense article in the window ÷ setPlainText + paint of its text; 1 MB one in ms."""
    project = context.workdir / "window.db"
    ids = window_project(context, project)
    runs = str(context.size(15, 7))
    small, _ = probe("open", str(project), ids["small"], ids["other"], "--runs", runs)
    large, rss = probe("open", str(project), ids["large"], ids["other"], "--runs", runs)
    ours_small = statistics.median(small["ours"])  # type: ignore[arg-type]
    base_small = statistics.median(small["baseline"])  # type: ignore[arg-type]
    ours_large = statistics.median(large["ours"])  # type: ignore[arg-type]
    base_large = statistics.median(large["baseline"])  # type: ignore[arg-type]
    return [
        Measure(
            "open_article_ratio",
            ours_small / base_small,
            small["ours"],  # type: ignore[arg-type]
            small["baseline"],  # type: ignore[arg-type]
            sizes={"chars": small["chars"], "marks": small["rows"]},
            note=f"median ours {_ms(ours_small)}, setPlainText + paint {_ms(base_small)}",
        ),
        Measure(
            "open_large_article_ms",
            ours_large * 1000,
            large["ours"],  # type: ignore[arg-type]
            large["baseline"],  # type: ignore[arg-type]
            sizes={"chars": large["chars"], "marks": large["rows"], "peak_rss_mb": round(rss)},
            note=f"setPlainText + paint of the same text {_ms(base_large)} "
            f"({ours_large / base_large:.1f}×)",
        ),
    ]


@benchmark("add_mark_ms")
def add_mark(context: Context) -> list[Measure]:
    """One new mark on the 1 MB article: label key to highlight painted and row in the table."""
    project = context.workdir / "window.db"
    ids = window_project(context, project)
    marks = context.size(20, 10)
    result, _ = probe("add", str(project), ids["large"], "--marks", str(marks))
    sentiment: list[float] = result["sentiment"]  # type: ignore[assignment]
    actor: list[float] = result["actor"]  # type: ignore[assignment]
    claim: list[float] = result["claim"]  # type: ignore[assignment]
    chars, n_marks = DENSE["large"]
    return [
        Measure(
            "add_mark_ms",
            statistics.median(sentiment) * 1000,
            sentiment,
            sizes={"chars": chars, "marks": n_marks, "new_marks": len(sentiment)},
            note=f"sentiment (key a) median {_ms(statistics.median(sentiment))}; "
            f"actor mention, picker off (key 1) {_ms(statistics.median(actor))}; "
            f"claim (key q) {_ms(statistics.median(claim))}",
        )
    ]


@benchmark("open_huge_article_s", "ui_block_max_ms")
def open_huge_article(context: Context) -> list[Measure]:
    """Open a 50 MB article; the longest the UI thread goes without a 10 ms timer tick.

    Each run is a fresh window process; the time is their median, the gap their worst.
    """
    project = context.workdir / "window.db"
    ids = window_project(context, project)
    args = ("huge", str(project), ids["huge"], ids["other"])
    runs = [probe(*args) for _ in range(context.size(3, 2))]
    seconds = [float(r["seconds"]) for r, _rss in runs]  # type: ignore[arg-type]
    gaps = [float(r["max_gap"]) for r, _rss in runs]  # type: ignore[arg-type]
    last = runs[-1][0]
    sizes = {
        "chars": last["chars"],
        "marks": last["rows"],
        "peak_rss_mb": round(max(r for _, r in runs)),
    }
    first_return = max(float(r["first_return"]) for r, _rss in runs)  # type: ignore[arg-type]
    scroll_to_end = max(float(r["scroll_to_end"]) for r, _rss in runs)  # type: ignore[arg-type]
    return [
        Measure(
            "open_huge_article_s",
            statistics.median(seconds),
            seconds,
            sizes=sizes,
            note=f"open_article returned after at most {_ms(first_return)}; "
            f"scrolling to the end then took at most {_ms(scroll_to_end)}",
        ),
        Measure("ui_block_max_ms", max(gaps) * 1000, gaps, sizes=sizes, note="worst of the runs"),
    ]
