#!/usr/bin/env python3
"""Portfolio cost: time and peak memory of `cpss portfolio` over 10, 200 and (with --large) 2,000 assessment files.

Generates N fictional assessments (seeded: random ratings, confidence, shock and stage, other contexts and case
management figures) as YAML files in a temporary directory, then runs the portfolio over the directory once per
--jobs value. Each run is a fresh Python process, so its peak memory (resource.getrusage ru_maxrss) is its own:
"main" is the process that loads the files and builds the portfolio, "worker" the largest worker process (jobs > 1).
Times are wall-clock seconds: read and plan (read, validate and plan every file, reduced to its row, in the worker
processes: `read_and_plan_all`), render (the regional analysis, the JSON and text outputs); total includes loading
the knowledge base and rule set. `benchmarks/portfolio_speed.py` times the command against its target.

usage: .venv/bin/python benchmarks/portfolio.py [--jobs 1 2] [--large] [--seed S]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# noqa: E402
from cpss_advisor.kb.loader import load_knowledge

SIZES = (10, 200)
LARGE = 2000


def assessment_yaml(kb, rng: random.Random, n: int) -> str:
    """One fictional assessment as YAML text: about 90% of subdomains rated, half of them in a shock."""
    sids = sorted(kb.subdomains)
    lines = ["schema_version: 1", f"country: Country {n:04d}", f"as_of: 2026-{rng.randint(1, 12):02d}-01", "ratings:"]
    for sid in sids:
        if rng.random() < 0.9:
            confidence = rng.choice([None, "low", "medium", "high"])
            phase = rng.randint(1, 4)
            lines.append(f'  "{sid}": ' + (f"{{phase: {phase}, confidence: {confidence}}}" if confidence else str(phase)))
    shocks = [c for c in kb.contexts if kb.contexts[c].category == "shock"]
    stages = [c for c in kb.contexts if kb.contexts[c].category == "stage"]
    others = [c for c in kb.contexts if kb.contexts[c].category in {"capacity", "office", "opportunity"}]
    context = set(rng.sample(others, rng.randint(0, 2)))
    if rng.random() < 0.5:
        context |= {rng.choice(shocks), rng.choice(stages)}
    lines.append(f"context: [{', '.join(sorted(context))}]")
    figures = {m: rng.randint(0, 60) for m in sorted(kb.standards()) if rng.random() < 0.3}
    if figures:
        lines.append("figures:")
        lines.extend(f"  {m}: {v}" for m, v in figures.items())
    return "\n".join(lines) + "\n"


def generate(kb, directory: Path, n: int, seed: int) -> None:
    directory.mkdir(parents=True)
    rng = random.Random(seed)
    for i in range(n):
        (directory / f"country-{i:04d}.yaml").write_text(assessment_yaml(kb, rng, i))


def measure(directory: str, jobs: int) -> dict:
    """One run, in this process: the portfolio over `directory`, timed by stage."""
    from cpss_advisor.planning.pipeline import Advisor, PlanOptions
    from cpss_advisor.analysis.portfolio import collect_files, portfolio_data, read_and_plan_all
    from cpss_advisor.render.portfolio_text import render_text
    from cpss_advisor.core.output import to_json

    t0 = time.perf_counter()
    advisor = Advisor.load()
    t1 = time.perf_counter()
    options = PlanOptions()
    done = read_and_plan_all(collect_files([directory]), advisor, options, jobs=jobs)
    t2 = time.perf_counter()
    data = portfolio_data([i for i, _ in done], [r for _, r in done if r is not None], advisor, options)
    size = len(to_json(data)) + len(render_text(data))
    t3 = time.perf_counter()
    return {"files": len(done), "valid": data["valid"], "read_plan": t2 - t1, "render": t3 - t2,
            "total": t3 - t0, "output_bytes": size,
            "main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 if jobs > 1 else None}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="worker processes to try (default: 1 2)")
    ap.add_argument("--large", action="store_true", help=f"also run {LARGE:,} files (takes minutes)")
    ap.add_argument("--seed", type=int, default=20261121)
    ap.add_argument("--measure", nargs=2, metavar=("DIR", "JOBS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure[0], int(args.measure[1]))))
        return 0

    kb = load_knowledge()
    sizes = SIZES + ((LARGE,) if args.large else ())
    print(f"portfolio over generated assessments (seed {args.seed}); each run in a fresh process")
    print(f"{'files':>6} {'jobs':>4} {'valid':>6} {'total s':>8} {'read+plan s':>11} {'render s':>8} "
          f"{'ms/file':>8} {'main MB':>8} {'worker MB':>9}")
    with tempfile.TemporaryDirectory(prefix="cpss-portfolio-") as tmp:
        for n in sizes:
            directory = Path(tmp) / f"n{n}"
            generate(kb, directory, n, args.seed)
            for jobs in args.jobs:
                proc = subprocess.run([sys.executable, __file__, "--measure", str(directory), str(jobs)],
                                      capture_output=True, text=True, check=True)
                r = json.loads(proc.stdout)
                worker = f"{r['worker_mb']:9.1f}" if r["worker_mb"] is not None else f"{'-':>9}"
                print(f"{r['files']:>6} {jobs:>4} {r['valid']:>6} {r['total']:8.2f} {r['read_plan']:11.2f} "
                      f"{r['render']:8.2f} {1000 * r['read_plan'] / r['files']:8.1f} {r['main_mb']:8.1f} "
                      f"{worker}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
