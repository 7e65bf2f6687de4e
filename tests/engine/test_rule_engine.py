"""The rule engine: rule cases, the differential test against the plain-Python oracle, determinism, memory,
loud failures."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings

from cpss_advisor.engine.evaluation import evaluate_assessment
from cpss_advisor.engine.facts import input_facts
from cpss_advisor.engine.rule_cases import run_cases
from cpss_advisor.engine.rule_engine import RuleEngineError, engine_for
from cpss_advisor.engine.rulebook import Derivation, Names
from cpss_advisor.engine.rule_loader import load_rulebook
from cpss_advisor.engine.targets import plan_targets

from tests.conftest import EXAMPLES
from tests.generators import assessments
from tests.oracle import Oracle


@pytest.fixture(scope="session")
def book(kb):
    return load_rulebook(kb)


@pytest.fixture(scope="session")
def names(kb):
    return Names.of(kb)


def _case_ids():
    from cpss_advisor.kb.loader import load_knowledge

    b = load_rulebook(load_knowledge())
    return [f"{c.rule}:{c.name}" for c in b.cases]


def test_every_rule_has_a_firing_and_a_non_firing_case(book):
    for rid in book.rules:
        assert {c.expect for c in book.cases_for(rid)} == {"fires", "does_not_fire"}, rid


@pytest.mark.parametrize("case_id", _case_ids())
def test_rule_case_in_engine_and_oracle(book, names, case_id):
    rule, name = case_id.split(":", 1)
    engine_result = [r for r in run_cases(book, names, rule_id=rule) if r.case.name == name]
    oracle_result = [r for r in run_cases(book, names, evaluate=Oracle(book, names).evaluate, rule_id=rule)
                     if r.case.name == name]
    assert engine_result and engine_result[0].passed, engine_result[0].message
    assert oracle_result[0].passed, "oracle: " + oracle_result[0].message


def _comparable(ev):
    trace = sorted((f.rule, json.dumps(f.facts, sort_keys=True), f.derived) for f in ev.trace)
    return json.dumps(ev.derived, sort_keys=True), trace


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=__import__("hypothesis").strategies.data())
def test_engine_and_oracle_agree_on_generated_assessments(kb, book, names, data):
    a = data.draw(assessments(kb))
    horizon = data.draw(__import__("hypothesis").strategies.integers(1, 6))
    facts = input_facts(a, kb, plan_targets(a, horizon))
    engine = engine_for(book, names).evaluate(facts)
    oracle = Oracle(book, names).evaluate(facts)
    assert _comparable(engine) == _comparable(oracle)


def test_same_input_same_output_in_process(kb, book):
    from cpss_advisor.intake.load import load_assessment

    a = load_assessment(EXAMPLES / "beremia-conflict.yaml", kb)
    first = evaluate_assessment(a, kb, book)
    second = evaluate_assessment(a, kb, book)
    assert [f.as_dict() for f in first.result.trace] == [f.as_dict() for f in second.result.trace]
    assert first.result.derived == second.result.derived


def test_same_output_under_different_hash_seeds(tmp_path):
    outputs = []
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        r = subprocess.run([sys.executable, "-m", "cpss_advisor.cli.main", "rules", "run",
                            str(EXAMPLES / "beremia-conflict.yaml"), "--format", "json"],
                           capture_output=True, env=env, cwd=tmp_path, timeout=120)
        assert r.returncode == 0, r.stderr.decode()
        outputs.append(r.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
    data = json.loads(outputs[0])
    assert data["trace"] and data["provenance"]["rules_sha256"]


def test_memory_stays_flat_over_1000_evaluations(kb, book, names):
    from cpss_advisor.intake.load import load_assessment

    engine = engine_for(book, names)
    facts = input_facts(load_assessment(EXAMPLES / "beremia-conflict.yaml", kb), kb,
                        plan_targets(load_assessment(EXAMPLES / "beremia-conflict.yaml", kb)))
    for _ in range(200):
        engine.evaluate(facts)
    before = _rss_kb()
    for _ in range(1000):
        engine.evaluate(facts)
    after = _rss_kb()
    assert after - before < 4 * 1024, f"resident memory grew by {(after - before) / 1024:.1f} MB over 1,000 evaluations"


def _rss_kb() -> int:
    """Resident memory now (not the peak), after a collection: what stays allocated."""
    import gc

    gc.collect()
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def test_an_exception_in_an_action_fails_the_evaluation_loudly(kb, book, names, monkeypatch):
    from cpss_advisor.intake.load import load_assessment

    a = load_assessment(EXAMPLES / "aldovia-early-stable.yaml", kb)
    facts = input_facts(a, kb, plan_targets(a))
    engine = engine_for(book, names)
    real = Derivation.build

    def broken(self, matched, rule_id, names_=None):
        if self.fact == "candidate":
            raise ZeroDivisionError("deliberate")
        return real(self, matched, rule_id, names_)

    monkeypatch.setattr(Derivation, "build", broken)
    with pytest.raises(RuleEngineError, match="(target|goal)-makes-steps.*ZeroDivisionError: deliberate"):
        engine.evaluate(facts)
    monkeypatch.setattr(Derivation, "build", real)
    assert engine.evaluate(facts).of_type("candidate")  # the engine is still usable: the session was deleted


def test_rules_run_shows_trace_and_provenance(kb):
    from tests.conftest import run_cli

    r = run_cli("rules", "run", EXAMPLES / "beremia-conflict.yaml")
    assert r.code == 0
    assert "dependency-shapes-step: 6.4 Community mechanisms reaching 3 System Integration depends on 3.3" in r.stdout
    assert "rules sha256" in r.stdout


def test_cli_rules_commands():
    from tests.conftest import run_cli

    r = run_cli("rules", "check")
    assert r.code == 0 and "rules OK" in r.stdout
    r = run_cli("rules", "test")
    assert r.code == 0 and " 0 failed" in r.stdout
    r = run_cli("rules", "list")
    assert r.code == 0 and "dependency-shapes-step" in r.stdout
    for _ in range(2):  # the second time from the parse cache: the lines must still be there
        r = run_cli("rules", "show", "lagging-priority")
        assert r.code == 0 and "Source: seed 000" in r.stdout and "Cases (" in r.stdout
        assert ":None" not in r.stdout and "rules/lagging.yaml:" in r.stdout
    r = run_cli("rules", "show", "lagging-priorit")
    assert r.code == 1 and "did you mean 'lagging-priority'" in r.stderr


def test_numbers_the_engine_cannot_read_are_refused_loudly(kb, book, names):
    from cpss_advisor.intake.load import load_assessment

    engine = engine_for(book, names)
    a = load_assessment(EXAMPLES / "beremia-conflict.yaml", kb)
    facts = input_facts(a, kb, plan_targets(a))
    bad = facts + [{"type": "figure", "metric": "caseload_per_caseworker", "value": 5e-324}]
    with pytest.raises(RuleEngineError, match="cannot read numbers in this notation"):
        engine.evaluate(bad)
    assert len(engine.evaluate(facts).trace) == len(Oracle(book, names).evaluate(facts).trace)


def test_tiny_and_fractional_figures_are_stated_in_plain_notation(kb, book, names, tmp_path):
    from cpss_advisor.intake.load import load_assessment

    p = tmp_path / "a.yaml"
    p.write_text("schema_version: 1\ncountry: T\nas_of: 2026-01-01\nratings: {'5.1': 1}\n"
                 "figures: {caseload_per_caseworker: 1.0e-300, caseworkers_per_supervisor: 6.00004}\n")
    a = load_assessment(p, kb)
    facts = input_facts(a, kb, plan_targets(a))
    figures = {f["metric"]: f["value"] for f in facts if f["type"] == "figure"}
    assert figures == {"caseload_per_caseworker": 0.0, "caseworkers_per_supervisor": 6.0}
    assert _comparable(engine_for(book, names).evaluate(facts)) == _comparable(Oracle(book, names).evaluate(facts))


# --- error codes from durable-rules: located errors naming the rule (exit 3), never internal errors ---------------

def _rule(rid: str, patterns, derivations, line: int):
    from cpss_advisor.engine.rulebook import Rule, Template

    return Rule(rid, rid, "tests", "advice", tuple(patterns), tuple(derivations), Template(rid, ()), None, (),
                "tests/engine.yaml", line)


def _book(rules):
    import uuid

    from cpss_advisor.engine.rulebook import Rulebook

    return Rulebook("tests", uuid.uuid4().hex * 2, {r.id: r for r in rules})


def _warning(code: str):
    return Derivation("warning", (("code", code), ("text", code)))


def test_a_rule_set_the_engine_cannot_compile_names_the_rule_from_which_it_fails():
    from cpss_advisor.core.errors import KnowledgeError
    from cpss_advisor.engine.rule_engine import RuleEngine
    from cpss_advisor.engine.rulebook import Condition, Pattern

    # Checks on loading refuse 1e-05; built directly, the second rule reaches the engine, which cannot read it.
    rules = [_rule(rid, [Pattern("f", "figure", (Condition("value", "ge", value),))], [_warning(rid)], line)
             for rid, value, line in (("a", 1.5, 10), ("b", 1e-05, 20), ("c", 2.5, 30))]
    with pytest.raises(KnowledgeError) as exc:
        RuleEngine(_book(rules))
    (p,) = exc.value.problems
    assert (p.file, p.line, p.code) == ("tests/engine.yaml", 20, "engine-refused")
    assert p.message.startswith("rule 'b': the rule engine (durable-rules) cannot compile the rule set")
    assert "error 204" in p.message


def test_a_fact_a_rule_derives_that_the_engine_refuses_names_the_rule(kb, names):
    from cpss_advisor.core.errors import KnowledgeError
    from cpss_advisor.engine.rule_engine import RuleEngine
    from cpss_advisor.engine.rulebook import Pattern, Ref

    weigh = _rule("weigh", [Pattern("c", "candidate", ())],
                  [Derivation("priority", (("subdomain", Ref("c", "subdomain")), ("from_phase", Ref("c", "from_phase")),
                                           ("weight", float("inf")), ("label", "x")))], 7)
    engine = RuleEngine(_book([weigh]))
    engine.names = names
    candidate = {"type": "candidate", "subdomain": "3.3", "outcome": "3", "from_phase": 1, "to_phase": 2,
                 "duration": "short", "legal": False}
    with pytest.raises(KnowledgeError) as exc:
        engine.evaluate([candidate])
    (p,) = exc.value.problems
    assert (p.file, p.line, p.code) == ("tests/engine.yaml", 7, "engine-refused")
    # no rule reads priorities, so the fact stays out of the engine and is checked as the engine would read it
    assert p.message == "rule 'weigh': derived a number the rule engine (durable-rules) cannot read: inf"


def test_a_fact_a_rule_derives_into_the_engine_that_it_refuses_names_the_rule(kb, names):
    from cpss_advisor.core.errors import KnowledgeError
    from cpss_advisor.engine.rule_engine import RuleEngine
    from cpss_advisor.engine.rulebook import Pattern, Ref

    weigh = _rule("weigh", [Pattern("c", "candidate", ())],
                  [Derivation("priority", (("subdomain", Ref("c", "subdomain")), ("from_phase", Ref("c", "from_phase")),
                                           ("weight", float("inf")), ("label", "x")))], 7)
    read = _rule("read", [Pattern("p", "priority", ())], [_warning("w")], 8)  # a rule reads priorities
    engine = RuleEngine(_book([weigh, read]))
    engine.names = names
    candidate = {"type": "candidate", "subdomain": "3.3", "outcome": "3", "from_phase": 1, "to_phase": 2,
                 "duration": "short", "legal": False}
    with pytest.raises(KnowledgeError) as exc:
        engine.evaluate([candidate])
    (p,) = exc.value.problems
    assert (p.file, p.line) == ("tests/engine.yaml", 7)
    assert p.message.startswith("rule 'weigh': the rule engine (durable-rules) refused a fact this rule derived")
    assert "error 202" in p.message
    with pytest.raises(KnowledgeError) as again:  # the engine is not touched again: the same error at once
        engine.evaluate([candidate])
    assert again.value.problems == exc.value.problems


def test_an_input_fact_the_engine_refuses_names_a_rule_that_reads_it(names):
    from cpss_advisor.core.errors import KnowledgeError
    from cpss_advisor.engine.rule_engine import RuleEngine
    from cpss_advisor.engine.rulebook import Condition, Pattern, Ref

    # 65 rules tie a candidate to a rating: every candidate fact has 65 conditions to try at once (error 303).
    rules = [_rule(f"tied-{i}", [Pattern("r", "rating", ()),
                                 Pattern("c", "candidate", (Condition("subdomain", "eq", Ref("r", "subdomain")),))],
                   [_warning(f"w{i}")], 100 + i) for i in range(65)]
    engine = RuleEngine(_book(rules))
    engine.names = names
    candidate = {"type": "candidate", "subdomain": "3.3", "outcome": "3", "from_phase": 1, "to_phase": 2,
                 "duration": "short", "legal": False}
    rating = {"type": "rating", "subdomain": "3.3", "outcome": "3", "phase": 1, "confidence": "unstated",
              "below_median": 0.0}
    with pytest.raises(KnowledgeError) as exc:
        engine.evaluate([rating, candidate])
    (p,) = exc.value.problems
    assert (p.file, p.line) == ("tests/engine.yaml", 100)
    assert p.message.startswith("rule 'tied-0' (and 64 other rule(s) over 'candidate' facts): the rule engine "
                                "(durable-rules) refused a 'candidate' fact: error 303")


def test_cli_reports_an_engine_error_code_as_an_invalid_rule_set(tmp_path, monkeypatch):
    from cpss_advisor.core import sources
    from cpss_advisor.engine import rule_loader

    from tests.conftest import run_cli
    from tests.engine.test_rule_limits import line_of, rule_set

    monkeypatch.setattr(rule_loader, "number_problem", lambda value: None)  # as if the check on loading missed it
    monkeypatch.setattr(sources, "_KEPT", sources.OrderedDict())  # and forget the rule set loaded so, afterwards
    d = rule_set(tmp_path, weight=".inf")
    r = run_cli("--rules", d, "recommend", EXAMPLES / "beremia-conflict.yaml")
    assert r.code == 3, r.stderr
    assert r.stderr.startswith(f"{d / 'steps.yaml'}:{line_of(d / 'steps.yaml', 'id: weigh-low-steps')}: "
                               "rule 'weigh-low-steps': derived a number the rule engine (durable-rules) cannot read")
    assert "inf" in r.stderr and "internal error" not in r.stderr
