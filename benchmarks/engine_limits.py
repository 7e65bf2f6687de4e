#!/usr/bin/env python3
"""Where durable-rules stops working: the measurements behind the limits in `cpss_advisor/rule_limits.py`.

Each measurement runs in a process of its own (some end in a crash, a hang or memory exhaustion), under a memory
limit and a timeout, on rule sets built directly (past the checks that refuse them on loading). For the shapes of
the engine's matching network it also prints the bound `rule_limits` computes, which must not be below what fails.

usage: .venv/bin/python benchmarks/engine_limits.py [--full]
  --full  also the slow or crashing runs: a million combinations (about 80 s, 2 GB), ten million (a crash),
          600 branches below one node (a hang, stopped after 60 s)
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MEMORY_LIMIT = 3 * 1024**3


def _book(rules):
    from cpss_advisor.engine.rulebook import Rulebook

    return Rulebook("benchmark", uuid.uuid4().hex * 2, {r.id: r for r in rules})


def _rule(rid, patterns, derivations=None):
    from cpss_advisor.engine.rulebook import Derivation, Rule, Template

    derivations = derivations or [Derivation("warning", (("code", rid), ("text", rid)))]
    return Rule(rid, rid, "benchmark", "advice", tuple(patterns), tuple(derivations), Template(rid, ()), None, (),
                "benchmark", 1)


def _facts(n: int) -> list[dict]:
    return [{"type": "figure", "metric": f"m{i}", "value": float(i)} for i in range(n)]


def _pending_bound(book, fact: str) -> int:
    from cpss_advisor.engine import rule_limits

    types: dict = {}
    for r in book.ordered():
        for p in r.patterns:
            rule_limits._add_pattern(types, r.id, p.fact, p.conditions)
    return max(2, 1 + rule_limits._pending(types[fact], {}))


# --- one measurement each (run in a child process) ----------------------------------------------------------------

def number(text: str) -> str:
    """A number in a derived fact: does the engine take it, and what does the next rule read?"""
    from cpss_advisor.engine.rule_engine import RuleEngine
    from cpss_advisor.engine.rulebook import Derivation, Pattern

    value = json.loads(text)
    make = _rule("make", [Pattern("f", "figure", ())], [Derivation("finding", (
        ("metric", "m"), ("subdomain", "3.3"), ("value", value), ("limit", 1)))])
    read = _rule("read", [Pattern("x", "finding", ())])
    try:
        ev = RuleEngine(_book([make, read])).evaluate(_facts(1))
    except Exception as exc:  # noqa: BLE001
        return f"{text}: {_first_line(exc)}"
    seen = [f.facts["x"]["value"] for f in ev.trace if f.rule == "read"]
    return f"{text}: taken; the next rule reads {seen[0]!r}" if seen else f"{text}: taken; no rule reads it"


def _first_line(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"


def chain(k: int) -> str:
    """k patterns, each tied to the one before: the most facts one match can hold."""
    from cpss_advisor.engine.rule_engine import RuleEngine
    from cpss_advisor.engine.rulebook import Condition, Pattern, Ref

    pats = [Pattern("a0", "figure", (Condition("value", "eq", 0),))] + \
        [Pattern(f"a{i}", "figure", (Condition("metric", "eq", Ref(f"a{i - 1}", "metric")), Condition("value", "eq", i)))
         for i in range(1, k)]
    facts = [{"type": "figure", "metric": f"m{j}", "value": i} for j in range(19) for i in range(k)]
    try:
        ev = RuleEngine(_book([_rule("chain", pats)])).evaluate(facts)
    except Exception as exc:  # noqa: BLE001
        return f"{k} patterns: {_first_line(exc)}"
    return f"{k} patterns: ok, {len(ev.trace)} firings"


def join(k: int, n: int) -> str:
    """k patterns over n facts with nothing tying them: time and memory per combination."""
    from cpss_advisor.engine.rule_engine import RuleEngine
    from cpss_advisor.engine.rulebook import Pattern

    engine = RuleEngine(_book([_rule("join", [Pattern(f"a{i}", "figure", ()) for i in range(k)])]))
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    ev = engine.evaluate(_facts(n))
    dt = time.perf_counter() - t
    mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024
    return f"{k} x {n} facts: {len(ev.trace):,} combinations in {dt:.2f} s, +{mb:.0f} MB"


def same_node(count: int) -> str:
    """count one-pattern rules over one fact type: patterns that end on the same node."""
    from cpss_advisor.engine.rule_engine import RuleEngine
    from cpss_advisor.engine.rulebook import Pattern

    try:
        RuleEngine(_book([_rule(f"r{i}", [Pattern("f", "figure", ())]) for i in range(count)]))
    except Exception as exc:  # noqa: BLE001
        return f"{count} patterns on one node: {_first_line(exc)}"
    return f"{count} patterns on one node: ok"


def tied(count: int) -> str:
    """count rules that tie a candidate to a rating: conditions one candidate fact tries at once."""
    from cpss_advisor.engine.rule_engine import RuleEngine
    from cpss_advisor.engine.rulebook import Condition, Pattern, Ref

    book = _book([_rule(f"r{i}", [Pattern("r", "rating", ()),
                                  Pattern("c", "candidate", (Condition("subdomain", "eq", Ref("r", "subdomain")),))])
                  for i in range(count)])
    bound = _pending_bound(book, "candidate")
    rating = {"type": "rating", "subdomain": "3.3", "outcome": "3", "phase": 1, "confidence": "unstated",
              "below_median": 0.0}
    candidate = {"type": "candidate", "subdomain": "3.3", "outcome": "3", "from_phase": 1, "to_phase": 2,
                 "duration": "short", "legal": False}
    try:
        RuleEngine(book).evaluate([rating, candidate])
        return f"{count} tied rules (bound {bound}): ok"
    except Exception as exc:  # noqa: BLE001
        return f"{count} tied rules (bound {bound}): {_first_line(exc)}"


def branches(count: int) -> str:
    """count rules, each comparing one fact type with a constant of its own: branches below one node."""
    from cpss_advisor.engine.rule_engine import RuleEngine
    from cpss_advisor.engine.rulebook import Condition, Pattern

    t = time.perf_counter()
    RuleEngine(_book([_rule(f"r{i}", [Pattern("f", "figure", (Condition("value", "ge", i),))]) for i in range(count)]))
    return f"{count} branches: ok in {time.perf_counter() - t:.1f} s"


def copies(count: int) -> str:
    """count copies of the shipped rules (ids renamed), run on the three examples."""
    import dataclasses

    from cpss_advisor.intake.load import load_assessment
    from cpss_advisor.engine.facts import input_facts
    from cpss_advisor.kb.loader import load_knowledge
    from cpss_advisor.engine.rule_engine import RuleEngine
    from cpss_advisor.engine.rulebook import Names
    from cpss_advisor.engine.rule_loader import load_rulebook
    from cpss_advisor.engine.targets import plan_targets

    kb = load_knowledge()
    shipped = load_rulebook(kb).ordered()
    rules = [dataclasses.replace(r, id=f"{r.id}-{c}") for c in range(count) for r in shipped]
    book = _book(rules)
    engine = RuleEngine(book)
    engine.names = Names.of(kb)
    out = []
    for name in ("aldovia-early-stable", "beremia-conflict", "corvania-decentralisation"):
        a = load_assessment(ROOT / "examples" / f"{name}.yaml", kb)
        try:
            out.append(f"{len(engine.evaluate(input_facts(a, kb, plan_targets(a))).trace)} firings")
        except Exception as exc:  # noqa: BLE001
            out.append(_first_line(exc))
            break
    return f"{count} copies ({len(rules)} rules, bound {_pending_bound(book, 'candidate')}): " + "; ".join(out)


MEASUREMENTS = {"number": number, "chain": chain, "join": join, "same_node": same_node, "tied": tied,
                "branches": branches, "copies": copies}


def run(name: str, *args, timeout: float = 300) -> str:
    """One measurement in a child process; a crash, a hang or exhausted memory is the result."""
    code = (f"import resource, sys; sys.path.insert(0, {str(ROOT)!r}); "
            f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_LIMIT}, {MEMORY_LIMIT})); "
            f"from benchmarks.engine_limits import MEASUREMENTS; "
            f"print(MEASUREMENTS[{name!r}](*{args!r}))")
    try:
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return f"{name}{args}: no result after {timeout:.0f} s (hangs)"
    if r.returncode != 0:
        last = (r.stderr.strip().splitlines() or ["?"])[-1]
        return f"{name}{args}: process ended with {r.returncode} ({'crash' if r.returncode < 0 else last[:120]})"
    return r.stdout.strip()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--full", action="store_true", help="also the slow, crashing and hanging runs")
    full = ap.parse_args().full
    print("Numbers in a derived fact")
    for text in ("2", "-3", "2.5", "0.0001", "999999999999999", "1e-05", "1e+20", "NaN", "Infinity"):
        print("  " + run("number", text))
    print("Patterns in one rule (tied one to the next)")
    for k in (6, 16, 17):
        print("  " + run("chain", k))
    print("Unjoined patterns (combinations the engine holds)")
    for k, n in [(2, 57), (3, 19), (3, 57), (4, 19)] + ([(3, 100), (5, 19), (4, 57)] if full else []):
        print("  " + run("join", k, n, timeout=600))
    print("Patterns ending on one node (durable-rules: 256)")
    for count in (256, 257):
        print("  " + run("same_node", count))
    print("Conditions tried at once on one fact (durable-rules: a stack of 64)")
    for count in (63, 64, 65):
        print("  " + run("tied", count))
    print("Copies of the shipped rule set")
    for count in (1, 5, 6):
        print("  " + run("copies", count))
    print("Branches below one node (durable-rules: a table of 512)")
    for count in (500,) + ((600,) if full else ()):
        print("  " + run("branches", count, timeout=60))
    return 0


if __name__ == "__main__":
    sys.exit(main())
