#!/usr/bin/env python3
"""`cpss recommend` on an example as a fresh process: median wall time of several runs.

Runs the installed `cpss` (the one beside this Python) with the parse cache warm (the usual case: after the first
command on a machine) and with it turned off (CPSS_NO_CACHE=1, every run parses the YAML), and prints both medians.

usage: .venv/bin/python benchmarks/end_to_end.py [--runs N] [ASSESSMENT]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(cmd: list[str], env: dict, n: int) -> list[float]:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return times


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("assessment", nargs="?", default=str(ROOT / "examples" / "beremia-conflict.yaml"))
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args()
    cpss = str(Path(sys.executable).with_name("cpss"))
    cmd = [cpss, "recommend", args.assessment]
    with tempfile.TemporaryDirectory() as cache:
        warm = {**os.environ, "CPSS_CACHE_DIR": cache}
        first = run(cmd, warm, 1)[0]
        cached = run(cmd, warm, args.runs)
        cold = run(cmd, {**os.environ, "CPSS_NO_CACHE": "1"}, max(3, args.runs // 3))
    print(f"cpss recommend {Path(args.assessment).name}, fresh process each run")
    print(f"first run (writes the parse cache): {first:.2f} s")
    print(f"parse cache warm: median {statistics.median(cached):.2f} s over {len(cached)} runs "
          f"(min {min(cached):.2f}, max {max(cached):.2f})")
    print(f"parse cache off:  median {statistics.median(cold):.2f} s over {len(cold)} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
