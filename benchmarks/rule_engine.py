#!/usr/bin/env python3
"""Rule evaluation cost: the durable-rules engine against the plain-Python oracle, on the same assessments.

Prints, for N generated assessments (seeded), the median microseconds per evaluation of each, their ratio, the
median number of input facts and rule firings, the median time of a full recommend in process (targets, facts,
rules, scoring, scheduling and the typed plan with every step's reasons), the same for each shipped example (the
target: 5 ms or less), and the peak memory before and after 1,000 extra evaluations.

usage: .venv/bin/python benchmarks/rule_engine.py [--assessments N] [--repeats R] [--seed S]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# noqa: E402
from cpss_advisor.intake.assessment import Assessment, Rating
from cpss_advisor.intake.load import load_assessment
# noqa: E402
from cpss_advisor.engine.facts import input_facts
# noqa: E402
from cpss_advisor.kb.loader import load_knowledge
# noqa: E402
from cpss_advisor.engine.rule_engine import engine_for
# noqa: E402
from cpss_advisor.engine.rulebook import Names
from cpss_advisor.engine.rule_loader import load_rulebook
# noqa: E402
from cpss_advisor.engine.targets import plan_targets
# noqa: E402
from cpss_advisor.planning.pipeline import Advisor, PlanOptions
from tests.oracle import Oracle  # noqa: E402


def generate(kb, rng: random.Random) -> Assessment:
    sids = sorted(kb.subdomains)
    rated = [s for s in sids if rng.random() < 0.9]
    ratings = {s: Rating(phase=rng.randint(1, 4), confidence=rng.choice([None, "low", "medium", "high"])) for s in rated}
    shocks = [c for c in kb.contexts if kb.contexts[c].category == "shock"]
    stages = [c for c in kb.contexts if kb.contexts[c].category == "stage"]
    others = [c for c in kb.contexts if kb.contexts[c].category in {"capacity", "office", "opportunity"}]
    context = set(rng.sample(others, rng.randint(0, 2)))
    if rng.random() < 0.5:
        context |= {rng.choice(shocks), rng.choice(stages)}
    figures = {m: float(rng.randint(0, 60)) for m in kb.standards() if rng.random() < 0.3}
    return Assessment("generated", "Generated", dt.date(2026, 1, 1), ratings, tuple(sorted(context)), {},
                      figures, None, tuple(s for s in sids if s not in ratings), sha256="0" * 64)


def median_us(fn, facts, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn(facts)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1e6


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--assessments", type=int, default=50)
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--seed", type=int, default=20261121)
    args = ap.parse_args()

    kb = load_knowledge()
    book = load_rulebook(kb)
    names = Names.of(kb)
    engine = engine_for(book, names)
    oracle = Oracle(book, names)
    rng = random.Random(args.seed)
    cases, drawn = [], []
    for _ in range(args.assessments):
        a = generate(kb, rng)
        drawn.append(a)
        cases.append(input_facts(a, kb, plan_targets(a)))

    engine_us, oracle_us, firings, n_facts = [], [], [], []
    for facts in cases:
        engine.evaluate(facts)  # warm
        engine_us.append(median_us(engine.evaluate, facts, args.repeats))
        oracle_us.append(median_us(oracle.evaluate, facts, args.repeats))
        firings.append(len(engine.evaluate(facts).trace))
        n_facts.append(len(facts))

    advisor = Advisor(kb, book)
    full_us = []
    for a in drawn:
        full_us.append(median_us(lambda _: advisor.plan(a, PlanOptions()), None, args.repeats))
    examples = {}
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        a = load_assessment(path, kb)
        advisor.plan(a, PlanOptions())  # warm
        facts = input_facts(a, kb, plan_targets(a, advisor.horizon(a, PlanOptions())))
        examples[path.stem] = (median_us(lambda _: advisor.plan(a, PlanOptions()), None, max(args.repeats, 21)),
                               median_us(engine.evaluate, facts, max(args.repeats, 21)),
                               median_us(oracle.evaluate, facts, max(args.repeats, 21)),
                               len(engine.evaluate(facts).trace))

    e, o = statistics.median(engine_us), statistics.median(oracle_us)
    print(f"rules: {len(book.rules)}; assessments: {len(cases)} (seed {args.seed}); repeats per assessment: {args.repeats}")
    print(f"input facts per assessment (median): {statistics.median(n_facts):.0f}")
    print(f"rule firings per assessment (median): {statistics.median(firings):.0f}")
    print(f"durable-rules engine: median {e:,.0f} us per evaluation")
    print(f"plain-Python oracle:  median {o:,.0f} us per evaluation")
    print(f"ratio engine/oracle: {e / o:.2f}x")
    print(f"engine per firing: {e / max(1, statistics.median(firings)):.1f} us")
    print(f"full recommend in process (targets, facts, rules, scheduling, typed plan): median "
          f"{statistics.median(full_us):,.0f} us")
    print("shipped examples, full recommend in process (target: <= 5,000 us), engine / oracle per evaluation:")
    for name, (full, eng, orc, n) in examples.items():
        print(f"  {name:28s} {full:7,.0f} us   engine {eng:6,.0f} us / oracle {orc:6,.0f} us = {eng / orc:.2f}x "
              f"({n} firings)")

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    for i in range(1000):
        engine.evaluate(cases[i % len(cases)])
    elapsed = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"1,000 further evaluations: {elapsed:.2f} s; peak memory {before / 1024:.1f} MB -> {after / 1024:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
