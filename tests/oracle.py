"""A plain-Python interpreter of the compiled rules: the oracle the durable-rules engine is checked against.

Deliberately simple: repeat until nothing new happens; for each rule, try every combination of facts for its
patterns (nested loops in pattern order, filtered by the conditions), and fire once per new combination.
Rules have no negation, so the result (the set of firings and of derived facts) does not depend on order.
"""

from __future__ import annotations

from cpss_advisor.engine.fact_schema import fact_key, fact_order, public
from cpss_advisor.engine.rule_engine import Evaluation, Firing
from cpss_advisor.engine.rulebook import Condition, Names, Ref, Rule, Rulebook


def _holds(cond: Condition, fact: dict, matched: dict) -> bool:
    left = fact.get(cond.field)
    if cond.op == "in":
        return left in cond.value
    right = matched[cond.value.alias][cond.value.field] if isinstance(cond.value, Ref) else cond.value
    if cond.op == "eq":
        return left == right
    if cond.op == "ne":
        return left != right
    if left is None or right is None:
        return False
    return {"lt": left < right, "le": left <= right, "gt": left > right, "ge": left >= right}[cond.op]


def _combinations(rule: Rule, by_type: dict[str, list[dict]]):
    def extend(i: int, matched: dict, keys: tuple):
        if i == len(rule.patterns):
            yield dict(matched), keys
            return
        p = rule.patterns[i]
        for f in by_type.get(p.fact, ()):
            if all(_holds(c, f, matched) for c in p.conditions):
                matched[p.alias] = f
                yield from extend(i + 1, matched, keys + (fact_key(f),))
                del matched[p.alias]
    yield from extend(0, {}, ())


class Oracle:
    def __init__(self, book: Rulebook, names: Names):
        self.book = book
        self.names = names

    def evaluate(self, input_facts: list[dict]) -> Evaluation:
        by_type: dict[str, list[dict]] = {}
        keys = set()
        for f in input_facts:
            f = public(f)
            by_type.setdefault(f["type"], []).append(f)
            keys.add(fact_key(f))
        derived: list[dict] = []
        fired: set[tuple[str, tuple]] = set()
        trace: list[Firing] = []
        changed = True
        while changed:
            changed = False
            for rule in self.book.ordered():
                for matched, combo in list(_combinations(rule, by_type)):
                    if (rule.id, combo) in fired:
                        continue
                    fired.add((rule.id, combo))
                    changed = True
                    made = []
                    for d in rule.derivations:
                        fact = d.build(matched, rule.id, self.names)
                        key = fact_key(fact)
                        made.append(key)
                        if key not in keys:
                            keys.add(key)
                            by_type.setdefault(fact["type"], []).append(fact)
                            derived.append(fact)
                    trace.append(Firing(rule.id, {a: public(f) for a, f in matched.items()}, tuple(made)))
        return Evaluation(sorted(derived, key=fact_order), trace)
