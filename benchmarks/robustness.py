#!/usr/bin/env python3
"""`cpss robustness` of 1,000 samples against one `cpss recommend`, each a fresh process: medians and their ratio.

Runs the installed `cpss` (the one beside this Python) on the same assessment, alternating the commands so that a
change in the machine's load falls on both: `cpss recommend` and `cpss robustness --samples N` with each worker
count asked for. Prints the median wall time and processor time (the process and its workers) of each over the
runs, their ratios to those of `recommend`, and whether every worker count wrote the same report (it must: the seed
decides the samples, not the workers).

usage: .venv/bin/python benchmarks/robustness.py [--runs N] [--samples N] [--jobs 1 2] [ASSESSMENT]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(cmd: list[str], env: dict) -> tuple[float, float, bytes]:
    """Wall time, processor time (the process and its workers) and output of one run."""
    t, c = time.perf_counter(), _cpu()
    out = subprocess.run(cmd, env=env, check=True, stdout=subprocess.PIPE).stdout
    return time.perf_counter() - t, _cpu() - c, out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("assessment", nargs="?", default=str(ROOT / "examples" / "beremia-conflict.yaml"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--samples", type=int, default=1000)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    cpss = str(Path(sys.executable).with_name("cpss"))
    recommend = [cpss, "recommend", args.assessment]
    robustness = {j: [cpss, "robustness", args.assessment, "--samples", str(args.samples), "-j", str(j),
                      "-f", "json"] for j in args.jobs}
    times: dict[str, list[float]] = {"recommend": [], **{f"robustness -j {j}": [] for j in args.jobs}}
    cpu: dict[str, list[float]] = {k: [] for k in times}
    reports = set()
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "CPSS_CACHE_DIR": cache, "NO_PROGRESS": "1"}
        timed(recommend, env)  # writes the parse cache: every later run reads it
        for _ in range(args.runs):
            elapsed, used, _out = timed(recommend, env)
            times["recommend"].append(elapsed)
            cpu["recommend"].append(used)
            for j, cmd in robustness.items():
                elapsed, used, out = timed(cmd, env)
                times[f"robustness -j {j}"].append(elapsed)
                cpu[f"robustness -j {j}"].append(used)
                reports.add(out)
    base, base_cpu = statistics.median(times["recommend"]), statistics.median(cpu["recommend"])
    print(f"{Path(args.assessment).name}: medians of {args.runs} runs, fresh process each, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f} (other work on the machine slows every run, and workers most)")
    for name, ts in times.items():
        m, c = statistics.median(ts), statistics.median(cpu[name])
        extra = "" if name == "recommend" else f"  ({m / base:.1f}x recommend; processor time {c / base_cpu:.1f}x)"
        what = name if name == "recommend" else f"{name} --samples {args.samples}"
        print(f"  {what}: {m:.2f} s (min {min(ts):.2f}, max {max(ts):.2f}), processor time {c:.2f} s{extra}")
    print(f"same report whatever the workers: {'yes' if len(reports) == 1 else 'NO'}")
    return 0 if len(reports) == 1 else 1


if __name__ == "__main__":
    sys.exit(main())
