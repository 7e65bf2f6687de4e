"""The rule engine: compiled rules executed by durable-rules. The only module that imports `durable`.

How durable-rules is used (see the project's engineering notes on its traps):

- a Host subclass whose timer threads never start, so every action runs in the caller's thread;
- one compiled ruleset per process and rule set, named by the rules' content hash, registered once;
- one session id per evaluation, its state deleted afterwards whatever happens (memory stays flat);
- every action wrapped: it records the rule id and the facts it matched, derives facts, deduplicates them in
  Python (durable-rules refuses a fact equal to one present), and keeps any real exception, which is raised
  once the evaluation returns (durable-rules would otherwise swallow it);
- a catch-all rule, so that every fact type is handled;
- `pri` layers from the rule files, so firing order (and so the trace) is deterministic.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from typing import Any, Iterable

from durable import engine as _durable

from .fact_schema import FACT_TYPES, fact_key, fact_order
from .rulebook import Condition, Names, Ref, Rule, Rulebook


class RuleEngineError(RuntimeError):
    """A rule's action failed, or the engine refused the facts: the evaluation has no valid result."""


@dataclass(frozen=True)
class Firing:
    """One rule firing: the rule, the facts it matched (by alias), the facts it derived (by key)."""

    rule: str
    facts: dict[str, dict]
    derived: tuple[str, ...]

    def as_dict(self) -> dict:
        return {"rule": self.rule, "facts": self.facts, "derived": list(self.derived)}


@dataclass
class Evaluation:
    """The result of one evaluation: derived facts (sorted) and the trace (in firing order)."""

    derived: list[dict]
    trace: list[Firing]

    def of_type(self, fact_type: str) -> list[dict]:
        return [f for f in self.derived if f["type"] == fact_type]

    def fired(self) -> set[str]:
        return {f.rule for f in self.trace}


@dataclass
class _Run:
    sid: str
    keys: set[str] = field(default_factory=set)
    derived: list[dict] = field(default_factory=list)
    trace: list[Firing] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)
    counter: Any = field(default_factory=lambda: itertools.count(1))


class _QuietHost(_durable.Host):
    """A Host without its two background timer threads: actions run only in the caller's thread."""

    def _run(self) -> None:  # noqa: D401 - overrides the timer start-up
        return None


_HOST: _QuietHost | None = None
_ENGINES: dict[str, "RuleEngine"] = {}
_LOCK = threading.RLock()


def _host() -> _QuietHost:
    global _HOST
    if _HOST is None:
        _HOST = _QuietHost()
    return _HOST


def engine_for(book: Rulebook, names: Names) -> "RuleEngine":
    """The process's engine for this rule set (compiled and registered once)."""
    with _LOCK:
        eng = _ENGINES.get(book.sha256)
        if eng is None:
            eng = RuleEngine(book)
            _ENGINES[book.sha256] = eng
        eng.names = names
        return eng


def _compile_condition(c: Condition) -> dict:
    if c.op == "in":
        return {"$or": [{c.field: v} for v in c.value]}
    value = {c.value.alias: c.value.field} if isinstance(c.value, Ref) else c.value
    if c.op == "eq":
        return {c.field: value}
    op = {"ne": "$neq", "lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}[c.op]
    return {op: {c.field: value}}


def compile_rule(rule: Rule) -> dict:
    """A rule as durable-rules' JSON ruleset entry (without its action).

    Within a pattern, `in` conditions (compiled to `$or`) come after every other condition: durable-rules
    2.0.28 matches a `$or` placed before a reference to another fact (`{"to_phase": {"c": "to_phase"}}`) as if the
    reference were not there (found by the differential test against the plain-Python oracle)."""
    patterns = []
    for p in rule.patterns:
        ordered = sorted(p.conditions, key=lambda c: c.op == "in")
        terms = [{"type": p.fact}] + [_compile_condition(c) for c in ordered]
        patterns.append({p.alias: terms[0] if len(terms) == 1 else {"$and": terms}})
    return {"all": patterns, "pri": rule.pri}


class RuleEngine:
    def __init__(self, book: Rulebook):
        self.book = book
        self.names: Names | None = None
        self.ruleset = f"cpss_{book.sha256[:24]}"
        self._run: _Run | None = None
        self._sids = itertools.count(1)
        #: fact types some rule matches: a derived fact of another type (a priority, a qualifier, advice, ...) is
        #: recorded but not asserted back into the engine, where nothing would read it and asserting costs a JSON
        #: round trip per fact
        self.consumed = frozenset(p.fact for rule in book.rules.values() for p in rule.patterns)
        definition = {}
        for rule in book.ordered():
            entry = compile_rule(rule)
            entry["run"] = self._action(rule)
            definition[rule.id] = entry
        # Every fact type is handled by at least this rule; it takes facts in batches and does nothing.
        definition["__all_facts__"] = {"all": [{"m": {"$ex": {"type": 1}}}], "pri": 1000, "cap": 10000,
                                       "run": lambda c: None}
        _host().register_rulesets({self.ruleset: definition})

    def _action(self, rule: Rule):
        aliases = [p.alias for p in rule.patterns]

        def action(c) -> None:
            run = self._run
            try:
                m = c._m
                matched = {a: {k: v for k, v in m[a].items() if k not in _ENGINE_FIELDS} for a in aliases}
                new, keys = [], []
                for d in rule.derivations:
                    fact = d.build(matched, rule.id, self.names)
                    key = fact_key(fact)
                    keys.append(key)
                    if key not in run.keys:
                        run.keys.add(key)
                        run.derived.append(fact)
                        new.append(fact)
                run.trace.append(Firing(rule.id, matched, tuple(keys)))
                for fact in new:
                    if fact["type"] in self.consumed:
                        c.assert_fact({**fact, "id": f"d{next(run.counter)}", "sid": run.sid})
            except BaseException as exc:  # noqa: BLE001 - kept and raised after the evaluation
                run.errors.append(RuleEngineError(f"rule '{rule.id}' failed: {type(exc).__name__}: {exc}"))

        return action

    def evaluate(self, facts: Iterable[dict]) -> Evaluation:
        """Assert the input facts in one batch, run every rule to the end, return the results."""
        with _LOCK:
            host = _host()
            sid = f"e{next(self._sids)}"
            run = _Run(sid)
            batch = []
            for n, f in enumerate(facts, 1):
                ft = FACT_TYPES.get(f.get("type"))
                if ft is None:
                    raise RuleEngineError(f"unknown fact type {f.get('type')!r}")
                _check_numbers(f)
                if ft.derived:  # given directly (rule cases do): rules must not derive it a second time
                    run.keys.add(fact_key(f))
                batch.append({**f, "id": f"i{n}", "sid": sid})
            self._run = run
            try:
                if batch:
                    host.assert_facts(self.ruleset, batch)
                # An exception outside the wrapped actions is kept by durable-rules as text in the session state.
                state = host.get_ruleset(self.ruleset).get_state(sid)
                if state.get("exception"):
                    run.errors.append(RuleEngineError(f"the engine failed: {state['exception']}"))
            except BaseException as exc:  # noqa: BLE001
                run.errors.append(RuleEngineError(f"the engine refused the facts: {type(exc).__name__}: {exc}"))
            finally:
                self._run = None
                try:
                    host.delete_state(self.ruleset, sid)
                except BaseException:  # noqa: BLE001 - nothing to delete when the batch was refused early
                    pass
            if run.errors:
                raise run.errors[0]
            return Evaluation(sorted(run.derived, key=fact_order), run.trace)


_ENGINE_FIELDS = frozenset(("id", "sid"))


def _check_numbers(fact: dict) -> None:
    """durable-rules' JSON reader mishandles numbers in exponent notation (5e-324, 1e+20): such a fact silently
    corrupts the session and later ones. Refuse them loudly; the fact builders keep numbers in plain notation."""
    for k, v in fact.items():
        t = type(v)
        if t is float:
            if "e" in repr(v) or v != v or v in (float("inf"), float("-inf")):
                raise RuleEngineError(f"{fact['type']}.{k} = {v!r}: the engine cannot read numbers in this notation")
        elif t is int and abs(v) >= 10**15:
            raise RuleEngineError(f"{fact['type']}.{k} = {v}: out of the range the engine reads exactly")
