#!/usr/bin/env python3
"""Portfolio speed against its target: `cpss portfolio` over 2,000 assessment files within 10 s on 2 cores.

Generates the files (the fictional assessments of `benchmarks/portfolio.py`, seeded) into a temporary directory,
then runs `cpss portfolio DIR --format json -o OUT` as a fresh process several times, and prints each run's
wall-clock time, the median, the median's ratio to the target (below 1.0 meets it), and the CPU seconds the command
and its workers used (on a host that other work shares, the wall-clock time grows, the CPU time much less). `--jobs` is passed through
(default: the command's own, one worker per core); `--serial` runs the same with one process for comparison.

usage: .venv/bin/python benchmarks/portfolio_speed.py [--files N] [--runs R] [--jobs J] [--serial] [--seed S]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cpss_advisor.kb.loader import load_knowledge  # noqa: E402

TARGET_SECONDS = 10.0
FILES = 2000


def _generator():
    spec = importlib.util.spec_from_file_location("portfolio_benchmark", ROOT / "benchmarks" / "portfolio.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cpss() -> list[str]:
    exe = Path(sys.executable).with_name("cpss")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "cpss_advisor.cli.main"]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(directory: Path, out: Path, jobs: int | None) -> tuple[float, float]:
    """Wall-clock seconds of one run, and the CPU seconds of the command and its workers."""
    cmd = [*cpss(), "portfolio", str(directory), "--format", "json", "-o", str(out)]
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]
    start, cpu = time.perf_counter(), _children_cpu()
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "NO_PROGRESS": "1"})
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"cpss portfolio failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return elapsed, _children_cpu() - cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=FILES)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=None, help="worker processes (default: the command's own)")
    ap.add_argument("--serial", action="store_true", help="also time one process (--jobs 1)")
    ap.add_argument("--seed", type=int, default=20261121)
    args = ap.parse_args()

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"cpss portfolio over {args.files:,} generated assessments (seed {args.seed}), {args.runs} runs each, "
          f"{cores} cores; target {TARGET_SECONDS:g} s")
    with tempfile.TemporaryDirectory(prefix="cpss-portfolio-speed-") as tmp:
        directory = Path(tmp) / "region"
        _generator().generate(load_knowledge(), directory, args.files, args.seed)
        for jobs, label in ([(args.jobs, "default" if args.jobs is None else f"--jobs {args.jobs}")]
                            + ([(1, "--jobs 1")] if args.serial else [])):
            runs = [run_once(directory, Path(tmp) / "region.json", jobs) for _ in range(args.runs)]
            median = statistics.median(t for t, _ in runs)
            cpu = statistics.median(c for _, c in runs)
            print(f"{label:>10}: runs {', '.join(f'{t:.2f}' for t, _ in runs)} s; median {median:.2f} s; ratio to "
                  f"target {median / TARGET_SECONDS:.2f}; CPU {cpu:.1f} s (process and workers)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
