#!/usr/bin/env python3
"""What-if batches: scenarios per second for a batch of scenarios on one base assessment, with 1 and 2 workers.

Each scenario sets one to three ratings, adds or removes a context flag, or applies a shock preset (seeded).
Each scenario is planned and compared with the base plan, as `cpss whatif` does. Prints the time, scenarios
per second and peak memory (this process and its workers) for each worker count, and checks that all runs give
the same differences.

usage: .venv/bin/python benchmarks/whatif_batch.py [--scenarios N] [--jobs 1 2] [--seed S] [BASE]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# noqa: E402
from cpss_advisor.intake.load import load_assessment
# noqa: E402
from cpss_advisor.planning.pipeline import Advisor, PlanOptions
# noqa: E402
from cpss_advisor.analysis.scenario import Scenario, apply
# noqa: E402
from cpss_advisor.analysis.whatif import whatif
# noqa: E402
from cpss_advisor.core.errors import InputError


def scenarios(kb, base, n: int, rng: random.Random) -> list:
    out = []
    sids = sorted(kb.subdomains)
    optional = sorted(c for c in kb.contexts if kb.contexts[c].category in {"opportunity", "office", "capacity"})
    presets = sorted(kb.shock_presets)
    while len(out) < n:
        kind = rng.random()
        if kind < 0.6:
            sc = Scenario(f"s{len(out)}", tuple(sorted({s: rng.randint(1, 4) for s in rng.sample(sids, rng.randint(1, 3))}.items())))
        elif kind < 0.85:
            c = rng.choice(optional)
            sc = Scenario(f"s{len(out)}", remove=(c,)) if c in base.context else Scenario(f"s{len(out)}", add=(c,))
        else:
            sc = Scenario(f"s{len(out)}", shocks=(rng.choice(presets),))
        try:
            apply(base, sc, kb)
        except InputError:  # a contradictory context: not a scenario anyone can run
            continue
        out.append(sc)
    return out


def peak_mb() -> tuple[float, float]:
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return me, kids


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("base", nargs="?", default=str(ROOT / "examples" / "beremia-conflict.yaml"))
    ap.add_argument("--scenarios", type=int, default=1000)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--seed", type=int, default=20261121)
    args = ap.parse_args()

    advisor = Advisor.load()
    base = load_assessment(args.base, advisor.kb)
    items = scenarios(advisor.kb, base, args.scenarios, random.Random(args.seed))
    print(f"base: {Path(args.base).name}; scenarios: {len(items)} (seed {args.seed})")
    results = {}
    for jobs in args.jobs:
        t = time.perf_counter()
        results[jobs] = whatif(advisor, base, items, PlanOptions(), jobs=jobs)
        elapsed = time.perf_counter() - t
        me, kids = peak_mb()
        print(f"jobs {jobs}: {elapsed:.2f} s, {len(items) / elapsed:,.0f} scenarios/s; "
              f"peak memory {me:.0f} MB (main), {kids:.0f} MB (largest worker)")
    first = results[args.jobs[0]]
    same = all(r == first for r in results.values())
    print(f"identical plans across worker counts: {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
