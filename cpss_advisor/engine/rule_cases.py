"""Running the cases written beside the rules: given facts, does the rule fire, and does it derive what is expected?

A case is evaluated with the whole rule set, as in real use (rules chain through derived facts). The rule under
test must fire (or must not), and each expected fact (a subset of fields) must be among the facts it derived.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..core.errors import Problem
from .fact_schema import fact_key
from .rule_engine import Evaluation, engine_for
from .rulebook import Case, Names, Rulebook

Evaluator = Callable[[list[dict]], Evaluation]


@dataclass(frozen=True)
class CaseResult:
    case: Case
    passed: bool
    message: str

    def label(self) -> str:
        return f"{self.case.rule}: {self.case.name}"


def derived_by(evaluation: Evaluation, rule_id: str) -> list[dict]:
    """The facts a rule derived in an evaluation (including ones another firing had derived first)."""
    by_key = {fact_key(f): f for f in evaluation.derived}
    out, seen = [], set()
    for firing in evaluation.trace:
        if firing.rule == rule_id:
            for key in firing.derived:
                if key not in seen and key in by_key:
                    seen.add(key)
                    out.append(by_key[key])
    return out


def _matches(expected: dict, fact: dict) -> bool:
    return all(fact.get(k) == v for k, v in expected.items())


def check_case(case: Case, evaluation: Evaluation) -> CaseResult:
    fired = case.rule in evaluation.fired()
    if case.expect == "does_not_fire":
        if fired:
            n = sum(1 for f in evaluation.trace if f.rule == case.rule)
            return CaseResult(case, False, f"expected not to fire, but it fired {n} time(s)")
        return CaseResult(case, True, "does not fire")
    if not fired:
        return CaseResult(case, False, "expected to fire, but it did not")
    made = derived_by(evaluation, case.rule)
    for exp in case.derives:
        if not any(_matches(exp, f) for f in made):
            shown = "; ".join(f"{f['type']} {{{', '.join(f'{k}: {v!r}' for k, v in f.items() if k != 'type')}}}"
                              for f in made[:6]) or "nothing"
            return CaseResult(case, False, f"expected it to derive {exp}, but it derived: {shown}")
    return CaseResult(case, True, "fires" + (f", derives {len(case.derives)} expected fact(s)" if case.derives else ""))


def run_cases(book: Rulebook, names: Names, evaluate: Evaluator | None = None,
              rule_id: str | None = None) -> list[CaseResult]:
    if evaluate is None:
        evaluate = engine_for(book, names).evaluate
    results = []
    for case in book.cases:
        if rule_id is not None and case.rule != rule_id:
            continue
        results.append(check_case(case, evaluate(list(case.given))))
    return results


def missing_cases(book: Rulebook, rule_id: str | None = None) -> list[Problem]:
    """Rules without a case where they fire, or without one where they do not (at the rule's line)."""
    out = []
    for rid in sorted(book.rules) if rule_id is None else [rule_id]:
        expects = {c.expect for c in book.cases_for(rid)}
        for e in ("fires", "does_not_fire"):
            if e not in expects:
                r = book.rules[rid]
                out.append(Problem(r.file, r.line, None, "missing-case",
                                   f"rule '{rid}' has no case where it {e.replace('_', ' ')}"))
    return out
