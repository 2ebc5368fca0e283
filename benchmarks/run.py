"""Run the benchmarks, print the table and write benchmarks/results.json.

    python benchmarks/run.py            # the sizes the issue names (100k articles, …)
    python benchmarks/run.py --quick    # reduced sizes, a few minutes on 2 cores
    python benchmarks/run.py --only agreement_s filter_ms

Each key compares our path with a baseline measured in the same run (see harness.py); the
synthetic projects are generated once per shape and cached in benchmarks/.cache.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))

import harness  # noqa: E402
from harness import REGISTRY, TARGETS, Context, Measure  # noqa: E402

# Importing a module registers its benchmarks.
MODULES = (
    "bench_storage",
    "bench_window",
    "bench_startup",
    "bench_data",
    "bench_agreement",
    "bench_cli",
    "bench_analysis",
    "bench_hub",
)


def _load() -> None:
    for name in MODULES:
        if (HERE / f"{name}.py").exists():
            __import__(name)


def machine() -> dict[str, object]:
    """Return what the numbers were measured on."""
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        model = platform.processor() or "unknown"
    try:
        mem = next(
            int(line.split()[1]) // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        mem = 0
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_mb": mem,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "sqlite": __import__("sqlite3").sqlite_version,
    }


def _fmt(x: float) -> str:
    if x != x:
        return "nan"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.3g}"


def _samples(samples: list[float] | tuple[float, ...], unit: str) -> str:
    if not samples:
        return ""
    ordered = sorted(samples)
    median = ordered[len(ordered) // 2]
    scale, shown = (1000, "ms") if unit == "s" else (1, unit)
    return (
        f"{_fmt(ordered[0] * scale)}/{_fmt(median * scale)}/{_fmt(ordered[-1] * scale)} {shown}"
    )


def print_table(rows: list[Measure]) -> None:
    """Print key, value against target, ours and baseline (min/median/max), sizes."""
    header = f"{'key':<22} {'value':>10} {'target':>10} {'ok':>3}  {'runs':>4}  "
    header += f"{'ours min/med/max':<28} {'baseline min/med/max':<28} sizes"
    print(header)
    print("-" * len(header))
    for r in rows:
        sizes = ", ".join(f"{k}={v}" for k, v in r.sizes.items())
        print(
            f"{r.key:<22} {_fmt(r.value):>10} {str(r.target):>10} "
            f"{'yes' if r.met else 'NO':>3}  {len(r.ours):>4}  "
            f"{_samples(list(r.ours), r.what):<28} {_samples(list(r.baseline), r.what):<28} "
            f"{sizes}"
        )
        if r.note:
            print(f"{'':<22} {r.note}")


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks; return 1 if one failed to run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="reduced sizes (a few minutes)")
    parser.add_argument("--only", nargs="+", metavar="KEY", help="run only these keys")
    parser.add_argument(
        "--out", type=Path, default=HERE / "results.json", help="where to write the results"
    )
    args = parser.parse_args(argv)
    _load()
    wanted = set(args.only or TARGETS)
    unknown = wanted - set(TARGETS)
    if unknown:
        parser.error(f"unknown key(s): {', '.join(sorted(unknown))}")
    results: dict[str, Measure] = {}
    failures: dict[str, str] = {}
    started = time.perf_counter()
    for keys, fn in REGISTRY:
        if not wanted & set(keys):
            continue
        with tempfile.TemporaryDirectory(prefix="annotator-bench-") as tmp:
            context = Context(quick=args.quick, workdir=Path(tmp))
            t0 = time.perf_counter()
            print(f"… {fn.__module__}.{fn.__name__} ({', '.join(keys)})", flush=True)
            try:
                for row in fn(context):
                    results[row.key] = row
            except Exception:  # report and go on: one broken benchmark must not hide the rest
                message = traceback.format_exc()
                print(message, file=sys.stderr)
                for key in keys:
                    failures[key] = message.strip().splitlines()[-1]
            print(f"  {time.perf_counter() - t0:.1f} s", flush=True)
    rows = [results[k] for k in TARGETS if k in results]
    print()
    print_table(rows)
    missing = sorted(wanted - set(results) - set(failures))
    for key, why in failures.items():
        print(f"FAILED {key}: {why}")
    if missing:
        print(f"not measured: {', '.join(missing)}")
    previous: dict[str, object] = {}
    if args.only and args.out.exists():
        previous = json.loads(args.out.read_text(encoding="utf-8")).get("results", {})
    document = {
        "run": {
            "quick": args.quick,
            "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "seconds": round(time.perf_counter() - started, 1),
            "machine": machine(),
        },
        "results": {**previous, **{r.key: r.as_dict() for r in rows}},
    }
    args.out.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"\nwrote {args.out}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())


__all__ = ["harness", "main"]
