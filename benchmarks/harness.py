"""What every benchmark shares: the targets, a result row, timing and memory helpers.

A benchmark is a function taking a :class:`Context` and returning :class:`Measure` rows for the
keys it declared with :func:`benchmark`. Ours and the baseline run in the same process run,
alternating, so that a busy machine slows both alike; the key's value is their ratio, or a plain
time or size where the issue names an absolute target.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


@dataclass(frozen=True)
class Target:
    """A key's goal: ``value <= limit`` (lower is better) or ``value >= limit``."""

    limit: float
    lower_is_better: bool = True
    unit: str = ""  # "×" for ratios, "ms", "s", "MB"

    def met(self, value: float) -> bool:
        """Say whether a value meets the target."""
        return value <= self.limit if self.lower_is_better else value >= self.limit

    def __str__(self) -> str:
        return f"{'≤' if self.lower_is_better else '≥'} {self.limit:g}{self.unit}"


# The table (issue 10), in its order.
TARGETS: dict[str, Target] = {
    "save_p99_ratio": Target(1.5, unit="×"),
    "open_article_ratio": Target(3, unit="×"),
    "open_large_article_ms": Target(300, unit=" ms"),
    "add_mark_ms": Target(16, unit=" ms"),
    "open_huge_article_s": Target(3, unit=" s"),
    "ui_block_max_ms": Target(100, unit=" ms"),
    "startup_ratio": Target(1.5, unit="×"),
    "gui_rss_mb": Target(300, unit=" MB"),
    "filter_ms": Target(50, unit=" ms"),
    "search_ms": Target(20, unit=" ms"),
    "import_ratio": Target(0.5, lower_is_better=False, unit="×"),
    "import_rss_mb": Target(300, unit=" MB"),
    "export_ratio": Target(0.7, lower_is_better=False, unit="×"),
    "export_rss_mb": Target(200, unit=" MB"),
    "merge_ratio": Target(1.5, unit="×"),
    "agreement_s": Target(10, unit=" s"),
    "agreement_scaling": Target(12, unit="×"),
    "agreement_view_s": Target(2, unit=" s"),
    "cli_help_ms": Target(400, unit=" ms"),
    # Issue 14: the Statistics view and a year's network on 100k articles / 1M marks.
    "stats_ms": Target(500, unit=" ms"),
    "network_s": Target(2, unit=" s"),
    # Issue 15: the team hub on PostgreSQL.
    "sync_10k_s": Target(5, unit=" s"),
    "first_pull_100k_s": Target(60, unit=" s"),
}


@dataclass
class Measure:
    """One key's result: its value, and the timings of ours and the baseline behind it."""

    key: str
    value: float
    ours: Sequence[float] = ()  # samples of our path (seconds, MB, … as ``what`` says)
    baseline: Sequence[float] = ()  # samples of the baseline, same unit
    what: str = "s"  # unit of the samples
    sizes: dict[str, object] = field(default_factory=dict)
    note: str = ""

    @property
    def target(self) -> Target:
        """Return the key's target."""
        return TARGETS[self.key]

    @property
    def met(self) -> bool:
        """Say whether the value meets the target."""
        return self.target.met(self.value)

    def as_dict(self) -> dict[str, object]:
        """Return the row as results.json stores it."""

        def stats(samples: Sequence[float]) -> dict[str, float] | None:
            if not samples:
                return None
            return {
                "min": min(samples),
                "median": statistics.median(samples),
                "max": max(samples),
                "runs": len(samples),
            }

        return {
            "value": self.value,
            "target": str(self.target),
            "met": self.met,
            "unit": self.what,
            "ours": stats(self.ours),
            "baseline": stats(self.baseline),
            "sizes": self.sizes,
            "note": self.note,
        }


@dataclass
class Context:
    """What a benchmark gets: whether the run is quick, and a scratch folder of its own."""

    quick: bool
    workdir: Path

    def size(self, full: int, quick: int) -> int:
        """Return the full or the quick size."""
        return quick if self.quick else full


BenchmarkFn = Callable[[Context], list[Measure]]
REGISTRY: list[tuple[tuple[str, ...], BenchmarkFn]] = []


def benchmark(*keys: str) -> Callable[[BenchmarkFn], BenchmarkFn]:
    """Register a function that measures these keys."""
    for key in keys:
        if key not in TARGETS:
            raise KeyError(f"no target for benchmark key {key!r}")

    def register(fn: BenchmarkFn) -> BenchmarkFn:
        REGISTRY.append((keys, fn))
        return fn

    return register


def timed(fn: Callable[[], object]) -> float:
    """Return the seconds one call of fn takes."""
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def alternate(
    ours: Callable[[], object], baseline: Callable[[], object], runs: int
) -> tuple[list[float], list[float]]:
    """Time ours and the baseline alternately, runs times each; return both lists of seconds."""
    mine, base = [], []
    for _ in range(runs):
        base.append(timed(baseline))
        mine.append(timed(ours))
    return mine, base


def percentile(samples: Sequence[float], p: float) -> float:
    """Return the p-th percentile (0–100) of the samples, by nearest rank."""
    ordered = sorted(samples)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class ProcessRun:
    """A finished child process: wall seconds, peak resident memory (MB), and its output."""

    seconds: float
    peak_rss_mb: float
    stdout: str
    stderr: str
    returncode: int
    started_at: float = 0.0  # wall-clock time (time.time()) the command was started


MEASURE_CHILD = str(Path(__file__).resolve().parent / "measure_child.py")


def run_process(
    args: Sequence[str], env: dict[str, str] | None = None, stdin: Path | None = None
) -> ProcessRun:
    """Run a command to its end; measure its wall time and its own peak resident memory.

    The command is started by measure_child.py, a small process of its own, which times it and
    reads its peak memory: forked from this (possibly large) process, the command's peak would
    count ours.
    """
    full_env = {**os.environ, **(env or {})}
    base = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-{os.getpid()}"
    out_path, err_path = base.with_suffix(".out"), base.with_suffix(".err")
    report_path = base.with_suffix(".json")
    with out_path.open("wb") as out, err_path.open("wb") as err:
        stdin_file = stdin.open("rb") if stdin else subprocess.DEVNULL
        try:
            subprocess.run(
                [PYTHON, MEASURE_CHILD, str(report_path), *args],
                stdout=out,
                stderr=err,
                stdin=stdin_file,
                env=full_env,
                cwd=ROOT,
                check=False,
            )
        finally:
            if stdin:
                stdin_file.close()  # type: ignore[union-attr]
    report = json.loads(report_path.read_text(encoding="utf-8"))
    result = ProcessRun(
        report["seconds"],
        report["peak_rss_mb"],
        out_path.read_text(errors="replace"),
        err_path.read_text(errors="replace"),
        report["returncode"],
        report["started_at"],
    )
    for path in (out_path, err_path, report_path):
        path.unlink(missing_ok=True)
    return result


def check(run: ProcessRun, what: str) -> ProcessRun:
    """Return the run, or raise with its error output if it failed."""
    if run.returncode != 0:
        raise RuntimeError(f"{what} failed ({run.returncode}):\n{run.stderr[-3000:]}")
    return run


def annotator_cli(*args: str) -> list[str]:
    """Return the command line that runs the annotator CLI with this Python."""
    return [PYTHON, "-m", "annotator", *args]


# -- the synthetic projects the benchmarks share ---------------------------------------------


def study_project(context: Context, path: Path) -> dict[str, object]:
    """Write the single-coder study project (100k articles × 10 marks; quick: 10k) at path."""
    import synth

    shape = synth.Shape(
        articles=context.size(100_000, 10_000), marks_per_article=10, coders=("alice",)
    )
    info = synth.build_project(path, shape)
    return {**info, "shape": f"{shape.articles} articles × ~{shape.marks_per_article} marks"}


def team_project(articles: int, path: Path, marks: int = 20) -> dict[str, object]:
    """Write a three-coder project: every coder coded every article with ~marks marks."""
    import synth

    return synth.build_project(path, synth.Shape(articles=articles, marks_per_article=marks))
