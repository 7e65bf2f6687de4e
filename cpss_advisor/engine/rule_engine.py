"""The rule engine: compiled rules executed by durable-rules. The only module that imports `durable`.

How durable-rules is used (see the project's engineering notes on its traps):

- a Host subclass whose timer threads never start, so every action runs in the caller's thread;
- one compiled ruleset per process and rule set, named by the rules' content hash, registered once;
- one session id per evaluation, its state deleted afterwards whatever happens (memory stays flat);
- every action wrapped: it records the rule id and the facts it matched, derives facts, deduplicates them in
  Python (durable-rules refuses a fact equal to one present), and keeps any real exception, which is raised
  once the evaluation returns (durable-rules would otherwise swallow it);
- a catch-all rule, so that every fact type is handled;
- `pri` layers from the rule files, so firing order (and so the trace) is deterministic;
- an error code from durable-rules (a rule set it cannot compile, a fact it cannot take) becomes a
  `KnowledgeError` naming the rule, with its file and line: `cpss_advisor.engine.rule_limits` keeps rule sets within
  what the engine runs, and this is what remains if a limit was missed;
- Ctrl-C and SIGTERM during an evaluation are held until it has cleaned up, then delivered as usual: durable-rules
  catches every exception raised in its Python code (KeyboardInterrupt too) and would report it as a failure.
"""

from __future__ import annotations

import itertools
import re
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

import durable_rules_engine as _durable_c
from durable import engine as _durable

from ..core.errors import KnowledgeError, Problem
from .fact_schema import FACT_TYPES, fact_key, fact_order
from .rule_limits import engine_reads
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
    #: set when the evaluation is interrupted (a signal, or KeyboardInterrupt raised in an action): the remaining
    #: actions do nothing, so the agenda drains at once, and the interruption is delivered after the cleanup
    signals: list[int] = field(default_factory=list)
    stop: BaseException | None = None
    #: durable-rules returned an error code: its session may be inconsistent (deleting it can crash the process)
    engine_failed: bool = False
    #: the rule set whose texts the derived facts take (the engine's own, or the same rules in another language)
    texts: Rulebook | None = None
    names: Names | None = None

    @property
    def interrupted(self) -> bool:
        return bool(self.signals) or self.stop is not None


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


def engine_for(book: Rulebook, names: Names) -> "BoundEngine":
    """The process's engine for this rule set (compiled and registered once, by the rule files' hash: the same
    rules in another language share it), evaluating with `book`'s texts and `names`."""
    with _LOCK:
        eng = _ENGINES.get(book.sha256)
        if eng is None:
            eng = RuleEngine(book)
            _ENGINES[book.sha256] = eng
        eng.names = names
        return BoundEngine(eng, book, names)


@dataclass(frozen=True)
class BoundEngine:
    """An engine with the texts (a rule set's language) and names of one caller: two callers in two languages
    share the compiled rules, never each other's words."""

    engine: "RuleEngine"
    book: Rulebook
    names: Names

    def evaluate(self, facts: Iterable[dict]) -> "Evaluation":
        with _LOCK:  # the engine's lock is re-entrant: the texts and names hold for this evaluation only
            self.engine.texts, self.engine.names = self.book, self.names
            return self.engine.evaluate(facts)


def _compile_condition(c: Condition) -> dict:
    if c.op == "in":
        return {"$or": [{c.field: v} for v in c.value]}
    value = {c.value.alias: c.value.field} if isinstance(c.value, Ref) else c.value
    if c.op == "eq":
        return {c.field: value}
    op = {"ne": "$neq", "lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}[c.op]
    return {op: {c.field: value}}


#: Matches of one rule handed to its action in one call (durable-rules' `cap`).
BATCH = 1000


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
    return {"all": patterns, "pri": rule.pri, "cap": BATCH}


#: What durable-rules' error codes mean (its rules.h), for the messages that name them.
ENGINE_ERRORS = {
    101: "out of memory",
    102: "a value of an unexpected type", 103: "a name too long", 104: "an unexpected value",
    105: "an unexpected name",
    106: "too many different conditions follow one condition", 107: "too many conditions on absent fields",
    108: "too many patterns end on the same condition", 109: "a rule without conditions",
    113: "too many terms in one condition",
    201: "a value it cannot read", 202: "a text or value it cannot read", 203: "a number it cannot read",
    204: "a fact or condition it cannot read (a number in exponent notation?)", 205: "a list it cannot read",
    302: "a fact with too many fields",
    303: "too many conditions to try at once on one fact",
    304: "too many facts in one match",
    313: "a fact too large", 314: "a field too large",
}
_CODE = re.compile(r"error code: (\d+)")


def _error_code(exc: BaseException) -> int | None:
    m = _CODE.search(str(exc))
    return int(m.group(1)) if m else None


def _engine_problem(rule: Rule, what: str, exc: BaseException, more: str = "") -> Problem:
    code = _error_code(exc)
    meaning = ENGINE_ERRORS.get(code, "an internal error") if code is not None else str(exc)
    return Problem(rule.file, rule.line, None, "engine-refused",
                   f"rule '{rule.id}'{more}: the rule engine (durable-rules) {what}: "
                   f"error {code if code is not None else '?'}, {meaning}",
                   "this rule set goes beyond what the engine runs although 'cpss rules check' passed it: simplify "
                   "this rule, and report the rule set")


_CATCH_ALL = "__all_facts__"


def _definition(rules: Iterable[Rule], actions: dict[str, Any] | None = None) -> dict:
    """The durable-rules ruleset for these rules (with their actions, when given), and the catch-all rule."""
    definition = {}
    for rule in rules:
        entry = compile_rule(rule)
        if actions is not None:
            entry["run"] = actions[rule.id]
        definition[rule.id] = entry
    # Every fact type is handled by at least this rule; it takes facts in batches and does nothing.
    definition[_CATCH_ALL] = {"all": [{"m": {"$ex": {"type": 1}}}], "pri": 1000, "cap": 10000}
    if actions is not None:
        definition[_CATCH_ALL]["run"] = lambda c: None
    return definition


def _compiles(name: str, rules: list[Rule]) -> bool:
    """Whether durable-rules compiles these rules as a ruleset (a throwaway one, deleted at once)."""
    import json

    try:
        handle = _durable_c.create_ruleset(name, json.dumps(_definition(rules), ensure_ascii=False))
    except _durable_c.error:
        return False
    _durable_c.delete_ruleset(handle)
    return True


class RuleEngine:
    def __init__(self, book: Rulebook):
        self.book = book
        self.names: Names | None = None
        self.texts: Rulebook | None = None
        self.ruleset = f"cpss_{book.sha256[:24]}"
        self._run: _Run | None = None
        self._sids = itertools.count(1)
        #: fact types some rule matches: a derived fact of another type (a priority, a qualifier, advice, ...) is
        #: recorded but not asserted back into the engine, where nothing would read it and asserting costs a JSON
        #: round trip per fact
        self.consumed = frozenset(p.fact for rule in book.rules.values() for p in rule.patterns)
        #: set once durable-rules has returned an error code: every later evaluation fails the same way, without
        #: touching the engine again
        self._broken: list[Problem] | None = None
        rules = book.ordered()
        definition = _definition(rules, {rule.id: self._action(rule) for rule in rules})
        try:
            _host().register_rulesets({self.ruleset: definition})
        except _durable_c.error as exc:
            raise KnowledgeError(self._refused(rules, exc)) from None

    def _refused(self, rules: list[Rule], exc: BaseException) -> Problem:
        """The first rule (in registration order) from which durable-rules refuses to compile the ruleset."""
        lo, hi = 0, len(rules)  # the first lo rules compile; all of them do not
        probes = itertools.count(1)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if _compiles(f"{self.ruleset}_probe{next(probes)}", rules[:mid]):
                lo = mid
            else:
                hi = mid
        return _engine_problem(rules[hi - 1], "cannot compile the rule set from this rule on", exc)

    def _batch_problem(self, exc: BaseException, batch: list[dict]) -> Problem:
        """durable-rules refused an input fact: find which (one at a time, in a session of its own), and name the
        first rule that matches facts of its type."""
        host = _host()
        sid = f"probe{next(self._sids)}"
        failed = None
        # The session is not deleted afterwards: after an error code, durable-rules can crash doing so.
        for f in batch:
            try:
                host.assert_fact(self.ruleset, {**f, "sid": sid})
            except _durable_c.error:
                failed = f["type"]
                break
            except Exception:  # noqa: BLE001 - a fact that is refused otherwise (already present) is not it
                continue
        readers = [r for r in self.book.ordered() if failed is None or any(p.fact == failed for p in r.patterns)]
        if not readers:
            readers = self.book.ordered()
        others = f" (and {len(readers) - 1} other rule(s) over '{failed}' facts)" if failed and len(readers) > 1 else ""
        what = f"refused a '{failed}' fact" if failed else "refused the facts"
        return _engine_problem(readers[0], what, exc, others)

    def _action(self, rule: Rule):
        aliases = [p.alias for p in rule.patterns]

        def action(c) -> None:
            run = self._run
            if run is None or run.interrupted:
                return  # interrupted: let the agenda drain without doing anything
            try:
                # Up to BATCH matches of the rule come in one call (`cap`): one round trip through the engine's
                # JSON for all of them instead of one per match. Each match is one firing of the rule.
                frames = [x._d for x in c.m] if hasattr(c, "m") else [c._m]
                new = []
                derivations = run.texts.rules[rule.id].derivations if run.texts is not None else rule.derivations
                for m in frames:
                    matched = {a: {k: v for k, v in m[a].items() if k not in _ENGINE_FIELDS} for a in aliases}
                    keys = []
                    for d in derivations:
                        fact = d.build(matched, rule.id, run.names)
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
                    else:  # kept out of the engine, so checked here as the engine would read it
                        bad = next((v for v in fact.values() if not engine_reads(v)), None)
                        if bad is not None:
                            run.errors.append(KnowledgeError(Problem(
                                rule.file, rule.line, None, "engine-refused",
                                f"rule '{rule.id}': derived a number the rule engine (durable-rules) cannot read: "
                                f"{bad!r}", "numbers in rules must be finite, in plain notation")))
            except _durable_c.error as exc:
                run.engine_failed = True
                run.errors.append(KnowledgeError(_engine_problem(rule, "refused a fact this rule derived", exc)))
            except (KeyboardInterrupt, SystemExit) as exc:
                run.stop = exc  # raised again once the evaluation has cleaned up
            except Exception as exc:  # noqa: BLE001 - kept and raised after the evaluation
                run.errors.append(RuleEngineError(f"rule '{rule.id}' failed: {type(exc).__name__}: {exc}"))

        return action

    def evaluate(self, facts: Iterable[dict]) -> Evaluation:
        """Assert the input facts in one batch, run every rule to the end, return the results. The derived facts
        take the texts of `self.texts` (the same rules, in another language; None: the engine's own) and the
        names of `self.names` (`BoundEngine` sets both under the lock).

        Ctrl-C or SIGTERM meanwhile: the evaluation stops doing work, cleans up, and the signal is then delivered
        to the handler that was in place (KeyboardInterrupt for Ctrl-C)."""
        with _LOCK:
            if self._broken is not None:
                raise KnowledgeError(self._broken)
            host = _host()
            sid = f"e{next(self._sids)}"
            run = _Run(sid, texts=self.texts, names=self.names)
            batch = []
            for n, f in enumerate(facts, 1):
                ft = FACT_TYPES.get(f.get("type"))
                if ft is None:
                    raise RuleEngineError(f"unknown fact type {f.get('type')!r}")
                _check_numbers(f)
                if ft.derived:  # given directly (rule cases do): rules must not derive it a second time
                    run.keys.add(fact_key(f))
                batch.append({**f, "id": f"i{n}", "sid": sid})
            with _signals_held(run):
                self._run = run
                try:
                    if batch:
                        host.assert_facts(self.ruleset, batch)
                    # An exception outside the wrapped actions is kept by durable-rules as text in the state.
                    state = host.get_ruleset(self.ruleset).get_state(sid)
                    if state.get("exception") and not run.interrupted:
                        run.errors.append(RuleEngineError(f"the engine failed: {state['exception']}"))
                except (KeyboardInterrupt, SystemExit) as exc:
                    run.stop = run.stop or exc
                except _durable_c.error as exc:
                    self._run = None
                    run.engine_failed = True
                    run.errors.append(KnowledgeError(self._batch_problem(exc, batch)))
                except Exception as exc:  # noqa: BLE001
                    run.errors.append(RuleEngineError(f"the engine refused the facts: {type(exc).__name__}: {exc}"))
                finally:
                    self._run = None
                    if run.engine_failed:
                        # Left as it is: deleting a session after an error code crashed durable-rules (measured).
                        self._broken = next(e.problems for e in run.errors if isinstance(e, KnowledgeError))
                    else:
                        try:
                            host.delete_state(self.ruleset, sid)
                        except Exception:  # noqa: BLE001 - nothing to delete when the batch was refused early
                            pass
            if run.stop is not None:
                raise run.stop
            if run.errors:
                raise run.errors[0]
            return Evaluation(sorted(run.derived, key=fact_order), run.trace)


@contextmanager
def _signals_held(run: _Run) -> Iterator[None]:
    """Hold SIGINT and SIGTERM while durable-rules runs (it would swallow the exception their handlers raise),
    then deliver them to the handlers that were in place. Only the main thread can set handlers, and only it
    receives signals; elsewhere nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    # A handler not set from Python (None) could not be put back: such a signal is left alone.
    held = [sig for sig in (signal.SIGINT, signal.SIGTERM) if signal.getsignal(sig) is not None]
    previous = {}

    def hold(signum, _frame) -> None:
        run.signals.append(signum)

    try:
        for sig in held:
            previous[sig] = signal.signal(sig, hold)
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for sig in dict.fromkeys(run.signals):
            signal.raise_signal(sig)


_ENGINE_FIELDS = frozenset(("id", "sid"))


def _check_numbers(fact: dict) -> None:
    """durable-rules' JSON reader mishandles numbers in exponent notation (5e-324, 1e+20): such a fact silently
    corrupts the session and later ones. Refuse them loudly; the fact builders keep numbers in plain notation."""
    for k, v in fact.items():
        if not engine_reads(v):
            if type(v) is int:
                raise RuleEngineError(f"{fact['type']}.{k} = {v}: out of the range the engine reads exactly")
            raise RuleEngineError(f"{fact['type']}.{k} = {v!r}: the engine cannot read numbers in this notation")
