"""What the rule engine can run, measured, and the checks that keep a rule set within it.

durable-rules 2.0.28 reads numbers with a JSON parser of its own and matches facts through tables of fixed size.
Past their limits it fails with an error code, loops without end, runs out of memory or crashes the process,
whatever `cpss rules check` said. Every limit here was found by running the engine (`benchmarks/engine_limits.py`
repeats the measurements) and is set with a margin below the point of failure; `cpss_advisor.engine.rulebook` applies
these checks when a rule set is loaded, so a rule set that loads also runs. `cpss_advisor.engine.rule_engine` still turns
any error code the engine raises into an error naming the rule.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable

from ..core.errors import Problem
from .fact_schema import FACT_TYPES

if TYPE_CHECKING:  # pragma: no cover
    from ..kb.knowledge_base import KnowledgeBase
    from .rulebook import Condition, Rule

# --- numbers ---------------------------------------------------------------------------------------------------

#: Numbers in rule and case files. durable-rules' parser reads "2", "-3", "1.5" and "1.5e-05", but refuses an
#: exponent that follows no fraction, as Python writes 1e-05 and 1e+20 (error 204 when a rule derives the fact),
#: refuses "Infinity" (error 202) and compares NaN as null: a NaN weight went through, then deferred the top steps
#: for a false "capacity" reason and put a bare NaN in the JSON. Python writes a float in plain notation from
#: 0.0001 up to 1e16, and durable-rules compares whole numbers with fractions as doubles, exact below 2**53. A
#: finite number below 10**15 in magnitude with at most 4 decimal places is therefore written in plain notation
#: and read back exactly (case management figures are rounded to the same 4 places).
MAX_MAGNITUDE = 10**15
MAX_DECIMALS = 4
ALLOWED_NUMBERS = (f"a finite number between -10^15 and 10^15 with at most {MAX_DECIMALS} decimal places, "
                   "in plain notation")


def number_problem(value: Any) -> str | None:
    """Why the rule engine cannot take this number from a rule file, or None (also for what is not a number)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value!r} is not a finite number"
    if abs(value) >= MAX_MAGNITUDE:
        return f"{value!r} is out of the range the rule engine reads exactly"
    if isinstance(value, float) and round(value, MAX_DECIMALS) != value:
        return f"{value!r} has more than {MAX_DECIMALS} decimal places"
    return None


def engine_reads(value: Any) -> bool:
    """Whether durable-rules reads a number of a fact back as the same number (facts built in code: plain
    notation, finite, whole numbers below 10**15)."""
    t = type(value)
    if t is float:
        return math.isfinite(value) and "e" not in repr(value)
    if t is int:
        return abs(value) < MAX_MAGNITUDE
    return True


# --- joins -----------------------------------------------------------------------------------------------------

#: Patterns (facts joined) in one rule. durable-rules holds at most 16 facts per match: a rule of 17 chained
#: patterns failed with error 304 (and deleting its session then crashed the process); 16 ran (measured). The
#: shipped rules join at most 4; 6 leaves room.
MAX_PATTERNS = 6

#: Combinations of facts one rule may have to hold (estimated as below). durable-rules builds every combination
#: that matches a rule, in memory, before any action runs. Measured with unjoined patterns: 25-75 microseconds
#: (quiet or busy host) and 2 KB per combination; 3 patterns over 57 facts (175,560 combinations) took 5-9 s and
#: 348 MB, over 100 facts (970,200) 79 s and 1.9 GB; 5 over 19 facts ran out of memory, and 4 over 57 facts
#: (10.5 million) crashed the process (segmentation fault) under a 3 GB limit. The shipped rules estimate at most
#: 684; 20,000 keeps any one rule under about 1.5 s and 40 MB.
MAX_COMBINATIONS = 20_000
_COST = "measured: up to 75 microseconds and 2 KB each; a million took 80 s and 1.9 GB, ten million crashed"


@dataclass(frozen=True)
class FactCounts:
    """How many facts of each type one evaluation can hold (an estimate), and how many values a field can take."""

    per_type: dict[str, int]
    domains: dict[str, int]  # field kind -> number of values ("subdomain": 19, "phase": 4, ...)

    def domain(self, kind: Any) -> int | None:
        if isinstance(kind, tuple):
            return len(kind)
        return self.domains.get(kind)


def fact_counts(kb: "KnowledgeBase", rules: Iterable["Rule"]) -> FactCounts:
    """Input facts: the most this knowledge base can give (every subdomain at its first step, every context, every
    figure, no checklist action done). Derived facts: at most one per step for each derivation of the type in the
    rule set (rules derive facts about steps and subdomains)."""
    s = len(kb.subdomains)
    steps = 3 * s
    cm = kb.case_management
    dims = list(cm.dimensions) if cm else []
    standards = list(cm.standards) if cm else []

    def maps_to(dim_id: str) -> int:
        d = kb.cm_dimension(dim_id[0])
        return len(d.maps_to) if d is not None else 0

    def actions(d) -> int:
        return sum(len(t.actions) for t in d.transitions) + \
            sum(len(t.actions) for sd in d.sub_dimensions for t in sd.transitions)

    counts = {
        "rating": s, "unrated": s, "plan": 1, "untargeted": s, "target": s, "bottleneck": s,
        "context": len(kb.contexts),
        "exposure": sum(len(c.affects) for c in kb.contexts.values()),
        "step": steps,
        "edge": len(kb.edges),
        "figure": len(standards),
        "standard": sum(maps_to(st.dimension) for st in standards),
        "offer": sum(len(iv.subdomains) * len(iv.steps) for iv in kb.interventions.values() if iv.contexts),
        "cm_level": sum(len(d.maps_to) for d in dims),
        "cm_next": sum(len(d.maps_to) * actions(d) for d in dims),
    }
    derivations: dict[str, int] = {}
    for rule in rules:
        for d in rule.derivations:
            derivations[d.fact] = derivations.get(d.fact, 0) + 1
    for name, ft in FACT_TYPES.items():
        if ft.derived:
            counts[name] = steps * derivations.get(name, 0)
    domains = {"subdomain": s, "context": len(kb.contexts), "phase": 4, "level": 4, "step": 3, "bool": 2}
    return FactCounts(counts, domains)


def candidates(pattern_fact: str, conditions: Iterable["Condition"], counts: FactCounts) -> int:
    """How many facts one pattern can match for each combination of the patterns before it: the facts of its type,
    divided by the values of each field it fixes (to a constant, or to a field of an earlier pattern)."""
    n = counts.per_type.get(pattern_fact, 0)
    kinds = FACT_TYPES[pattern_fact].fields
    fixed: dict[str, float] = {}  # field -> the share of facts that pass its conditions
    for c in conditions:
        dom = counts.domain(kinds.get(c.field))
        if not dom:
            continue
        if c.op == "eq":
            fixed[c.field] = min(fixed.get(c.field, 1.0), 1 / dom)
        elif c.op == "in":
            fixed[c.field] = min(fixed.get(c.field, 1.0), min(1.0, len(c.value) / dom))
    share = math.prod(fixed.values())
    return max(1, math.ceil(n * share)) if n else 0


def combinations(rule: "Rule", counts: FactCounts) -> tuple[int, list[int]]:
    """The estimated number of combinations of facts the engine holds for a rule, and each pattern's share."""
    per = [candidates(p.fact, p.conditions, counts) for p in rule.patterns]
    return math.prod(per), per


# --- the engine's matching network -----------------------------------------------------------------------------

#: Rules in one rule set. What breaks durable-rules is not the number of rules itself but how many patterns share a
#: node of its matching network (the three limits below, each checked exactly). Measured: copies of the shipped
#: rules ran at 185 rules and failed at 222 (error 303); 257 one-pattern rules over one fact type failed (error
#: 108, the same at 258 two-pattern rules). The shipped set has under 40 rules; 150 bounds loading time too.
MAX_RULES = 150
#: Patterns that end on one node (the same fact type with the same constant conditions): durable-rules' list holds
#: 256, the 257th fails with error 108 (measured).
MAX_PATTERNS_PER_NODE = 200
#: Branches below one node (distinct next conditions): a table of 512 entries that durable-rules searches without
#: end once it is full (measured: 500 rules, each with its own constant on one fact type, loaded in 1.3 s; 600
#: never finished).
MAX_BRANCHES_PER_NODE = 400
#: Conditions waiting to be tried at once while one fact is matched: durable-rules' stack holds 64, then error 303.
#: Counted here as an upper bound (every condition that could hold for one fact, deepest branch first); the bound
#: was 69 for 5 copies of the shipped rules, which ran, and 82 for 6 copies, which failed. The shipped set needs 17.
MAX_PENDING_CONDITIONS = 56

_unique = itertools.count()


@dataclass
class _Node:
    """A node of the engine's matching network as durable-rules builds it: one per condition, shared between
    patterns when the condition compares with the same constant after the same conditions (a comparison with a
    field of another pattern is never shared)."""

    grouped: str | None = None  # field name when this is an equality with a text or true/false constant
    children: dict[tuple, "_Node"] = field(default_factory=dict)
    ending: list[str] = field(default_factory=list)  # ids of the rules whose patterns end here

    def child(self, key: tuple, grouped: str | None = None) -> "_Node":
        if key not in self.children:
            self.children[key] = _Node(grouped)
        return self.children[key]


def _add_pattern(types: dict[str, _Node], rule_id: str, fact: str, conditions: Iterable["Condition"]) -> None:
    from .rulebook import Ref

    node = types.setdefault(fact, _Node())
    for c in conditions:
        if c.op == "in":  # compiled as `$or`: one branch per value, joined again in a node of its own
            after = _Node()
            for v in c.value:
                branch = node.child(("const", c.field, "eq", _const_key(v)), _grouping(c.field, v))
                branch.children[("join", next(_unique))] = after
            node = after
        elif isinstance(c.value, Ref):
            node = node.child(("ref", next(_unique)))
        else:
            node = node.child(("const", c.field, c.op, _const_key(c.value)),
                              _grouping(c.field, c.value) if c.op == "eq" else None)
    node.ending.append(rule_id)


def _const_key(v: Any) -> tuple:
    return (type(v).__name__, v)


def _grouping(field_name: str, v: Any) -> str | None:
    # Of several equalities on one field with text or true/false constants, one fact passes at most one. Numbers
    # are not grouped: 1 and 1.0 are different nodes that the same fact passes.
    return field_name if isinstance(v, (str, bool)) else None


def _pending(node: _Node, memo: dict[int, int]) -> int:
    """An upper bound on how far the engine's stack grows below a node: its children that one fact can pass
    are pushed at once, then each is expanded in turn (assume the deepest first, above all its siblings)."""
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = 0  # the network has no cycles; this only guards the recursion
    free: list[_Node] = []
    groups: dict[str, list[_Node]] = {}
    for ch in node.children.values():
        if ch.grouped is not None:
            groups.setdefault(ch.grouped, []).append(ch)
        else:
            free.append(ch)
    pushed = free + [max(g, key=lambda c: _pending(c, memo)) for g in groups.values()]
    k = len(pushed)
    result = max(k, k - 1 + max(_pending(c, memo) for c in pushed)) if pushed else 0
    memo[key] = result
    return result


def _walk(node: _Node, seen: set[int] | None = None):
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
    yield node
    for ch in node.children.values():
        yield from _walk(ch, seen)


def _network_violations(types: dict[str, _Node], facts: Iterable[str]) -> list[tuple[str, str, int]]:
    """(what, fact type, figure) for each limit the network breaks for these fact types."""
    out = []
    for fact in sorted(set(facts)):
        root = types.get(fact)
        if root is None:
            continue
        # Below the root: this fact type's node and the catch-all node that handles every fact.
        peak = max(2, 1 + _pending(root, {}))
        if peak > MAX_PENDING_CONDITIONS:
            out.append(("pending", fact, peak))
        for node in _walk(root):
            if len(node.ending) > MAX_PATTERNS_PER_NODE:
                out.append(("ending", fact, len(node.ending)))
                break
        for node in _walk(root):
            if len(node.children) > MAX_BRANCHES_PER_NODE:
                out.append(("branches", fact, len(node.children)))
                break
    return out


_NETWORK_MESSAGES = {
    "pending": ("up to {n} conditions on '{fact}' facts are tried at once in the rule engine once this rule is "
                f"added; at most {MAX_PENDING_CONDITIONS} (durable-rules' stack holds 64, then fails with error "
                "303: measured)",
                "use fewer patterns over '{fact}' facts, or write shared constant conditions first and in the same "
                "order (a condition on $alias.field is never shared)"),
    "ending": ("{n} patterns over '{fact}' facts end on the same node of the rule engine once this rule is added; at "
               f"most {MAX_PATTERNS_PER_NODE} (durable-rules holds 256, then fails with error 108: measured)",
               "merge rules that match the same facts, or tell their patterns apart by a condition"),
    "branches": ("{n} different conditions follow one condition on '{fact}' facts once this rule is added; at most "
                 f"{MAX_BRANCHES_PER_NODE} (durable-rules' table holds 512, then never finishes loading: measured)",
                 "compare with fewer distinct constants, e.g. one rule with `in:` or `ge:` instead of many"),
}


def network_problems(rules: list["Rule"]) -> list[Problem]:
    """Problems where the rule set would overflow one of the engine's fixed tables, located at the rule (in
    registration order) with which each first overflows."""
    types: dict[str, _Node] = {}
    for rule in rules:
        for p in rule.patterns:
            _add_pattern(types, rule.id, p.fact, p.conditions)
    if not _network_violations(types, types):
        return []
    problems, reported = [], set()
    types = {}
    for rule in rules:
        for p in rule.patterns:
            _add_pattern(types, rule.id, p.fact, p.conditions)
        for what, fact, n in _network_violations(types, {p.fact for p in rule.patterns}):
            if (what, fact) in reported:
                continue
            reported.add((what, fact))
            message, hint = _NETWORK_MESSAGES[what]
            problems.append(Problem(rule.file, rule.line, None, "engine-limit",
                                    f"rule '{rule.id}': " + message.format(n=n, fact=fact), hint.format(fact=fact)))
    return problems


def rule_set_problems(rules: list["Rule"], kb: "KnowledgeBase") -> list[Problem]:
    """Every way a compiled rule set exceeds what the engine runs: rule count, joins, and the matching network."""
    problems: list[Problem] = []
    in_files = sorted(rules, key=lambda r: (r.file, r.line or 0))
    if len(in_files) > MAX_RULES:
        r = in_files[MAX_RULES]
        problems.append(Problem(r.file, r.line, None, "too-many-rules",
                                f"the rule set has {len(in_files)} rules; at most {MAX_RULES} run safely in one "
                                f"rule engine (copies of the shipped rules failed from 222 rules: measured)",
                                "merge rules that differ only in a constant, e.g. with `in:`"))
    counts = fact_counts(kb, rules)
    for rule in rules:
        total, per = combinations(rule, counts)
        if total > MAX_COMBINATIONS:
            shares = " x ".join(f"{n} {p.fact} ({p.alias})" for n, p in zip(per, rule.patterns))
            problems.append(Problem(rule.file, rule.line, None, "join-too-large",
                                    f"rule '{rule.id}' joins up to about {total:,} combinations of facts ({shares}); "
                                    f"at most {MAX_COMBINATIONS:,}: the rule engine holds every combination in "
                                    f"memory ({_COST})",
                                    "tie each pattern to an earlier one on a field (e.g. subdomain: $c.subdomain), "
                                    "or narrow it with a constant"))
    problems.extend(network_problems(sorted(rules, key=lambda r: (r.pri, r.file, r.line or 0))))
    return problems
