#!/usr/bin/env python3
"""Time to write each workbook: the intake template and the plan of an example, in this process.

The knowledge base is loaded and the plan made once, outside the timing; each run writes the workbook to bytes
(nothing touches the disk). Prints the median of the runs, with the smallest and largest, and the size written.

usage: .venv/bin/python benchmarks/workbooks.py [--runs N] [ASSESSMENT]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

from cpss_advisor.intake.assessment import load_assessment
from cpss_advisor.planning.pipeline import Advisor, PlanOptions
from cpss_advisor.render.workbook import plan_workbook, template_workbook

ROOT = Path(__file__).resolve().parent.parent


def timed(write: Callable[[], bytes], runs: int) -> tuple[list[float], int]:
    times, size = [], 0
    for _ in range(runs):
        t = time.perf_counter()
        size = len(write())
        times.append(time.perf_counter() - t)
    return times, size


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("assessment", nargs="?", default=str(ROOT / "examples" / "beremia-conflict.yaml"))
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    advisor = Advisor.load()
    plan = advisor.plan(load_assessment(args.assessment, advisor.kb), PlanOptions())
    cases = {
        "template workbook": lambda: template_workbook(advisor.kb, dt.date(2026, 1, 15)),
        f"plan workbook ({Path(args.assessment).name})": lambda: plan_workbook(plan, advisor.kb),
    }
    for name, write in cases.items():
        times, size = timed(write, args.runs)
        print(f"{name}: median {statistics.median(times) * 1000:.1f} ms over {len(times)} runs "
              f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}); {size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
