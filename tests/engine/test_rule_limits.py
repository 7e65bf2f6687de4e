"""What `cpss rules check` accepts also runs: numbers the engine misreads, joins too large for it, rule sets that
overflow its tables and cases that test nothing are refused when the rule set is loaded, with file and line (exit 3).

Every rule set here is written into tmp_path: a small one that plans (steps below the target, a weight for steps
from phase 1), plus whatever a test adds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cpss_advisor.engine import rule_limits
from cpss_advisor.core.errors import KnowledgeError
from cpss_advisor.engine.rule_loader import load_rulebook

from tests.conftest import EXAMPLES, run_cli

RULES = """\
kind: rules
schema_version: 1
concern: "Steps and their weight"
rules:
  - id: steps-to-target
    title: "A subdomain below its target gets its steps"
    layer: steps
    when:
      - {fact: target, as: t}
      - {fact: rating, as: r, where: {subdomain: $t.subdomain, phase: {lt: $t.phase}}}
      - {fact: step, as: s, where: {subdomain: $t.subdomain, from_phase: {ge: $r.phase}, to_phase: {le: $t.phase}}}
    derive:
      - candidate: {subdomain: $s.subdomain, outcome: $s.outcome, from_phase: $s.from_phase, to_phase: $s.to_phase,
                    duration: $s.duration, legal: $s.legal}
    rationale: "{t.subdomain|name} is below its target."
    source: {seed: "000", at: "Section 2"}

  - id: weigh-low-steps
    title: "A step from the first phase weighs more"
    layer: priorities
    when:
      - {fact: candidate, as: c, where: {from_phase: 1}}
    derive:
      - priority: {subdomain: $c.subdomain, from_phase: $c.from_phase, weight: WEIGHT, label: "first phase"}
    rationale: "{c.subdomain|name} starts from the first phase."
    source: {seed: "000", at: "Section 2"}
"""

CASES = """\
kind: rule_cases
schema_version: 1
cases:
  - rule: steps-to-target
    name: "below its target"
    given:
      - {type: target, subdomain: "3.3", phase: 2}
      - {type: rating, subdomain: "3.3", phase: 1}
      - {type: step, subdomain: "3.3", from_phase: 1, to_phase: 2}
    expect: fires
  - rule: steps-to-target
    name: "at its target"
    given:
      - {type: target, subdomain: "3.3", phase: 2}
      - {type: rating, subdomain: "3.3", phase: 2}
      - {type: step, subdomain: "3.3", from_phase: 2, to_phase: 3}
    expect: does_not_fire
  - rule: weigh-low-steps
    name: "a step from phase 1"
    given:
      - {type: candidate, subdomain: "3.3", from_phase: 1, to_phase: 2, duration: short, legal: false}
    expect: fires
  - rule: weigh-low-steps
    name: "a step from phase 2"
    given:
      - {type: candidate, subdomain: "3.3", from_phase: 2, to_phase: 3, duration: short, legal: false}
    expect: does_not_fire
"""


def rule_set(tmp_path: Path, *, weight: str = "2", rules: str = "", cases: str = "") -> Path:
    d = tmp_path / "rules"
    d.mkdir(exist_ok=True)
    (d / "steps.yaml").write_text(RULES.replace("WEIGHT", weight) + rules)
    (d / "steps.cases.yaml").write_text(CASES + cases)
    return d


def warning_rule(rid: str, patterns: list[str]) -> str:
    """A rule that derives a warning from `patterns` (YAML flow mappings), with no cases."""
    when = "".join(f"      - {p}\n" for p in patterns)
    return (f"\n  - id: {rid}\n    title: \"{rid}\"\n    layer: advice\n    when:\n{when}    derive:\n"
            f"      - warning: {{code: {rid}, text: \"{rid}\"}}\n    rationale: \"{rid}\"\n"
            f"    source: {{seed: \"000\", at: \"Section 2\"}}\n")


def problems(kb, directory: Path, *, require_cases: bool = True) -> list:
    with pytest.raises(KnowledgeError) as exc:
        load_rulebook(kb, directory, require_cases=require_cases)
    return exc.value.problems


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


# --- numbers -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("weight", [".nan", ".inf", "-.inf", "1e-05", "1e+20", "0.00001", "1000000000000000",
                                    "2.12345"])
def test_a_weight_the_engine_misreads_is_refused_where_it_is_written(kb, tmp_path, weight):
    d = rule_set(tmp_path, weight=weight)
    ps = [p for p in problems(kb, d) if p.code == "bad-number"]
    assert len(ps) == 1, [p.render() for p in problems(kb, d)]
    p = ps[0]
    assert p.file.endswith("steps.yaml") and p.line == line_of(d / "steps.yaml", "weight:") and p.column
    assert "allowed: a finite number between -10^15 and 10^15 with at most 4 decimal places" in p.message
    assert "durable-rules misreads" in p.hint


@pytest.mark.parametrize("weight", ["-1.5", "0.0001", "2.5", "999999999999999"])
def test_plain_numbers_in_range_load_and_run(kb, tmp_path, weight):
    d = rule_set(tmp_path, weight=weight)
    assert run_cli("--rules", d, "rules", "check").code == 0
    r = run_cli("--rules", d, "recommend", EXAMPLES / "beremia-conflict.yaml", "-f", "json")
    assert r.code == 0, r.stderr
    assert "NaN" not in r.stdout and "Infinity" not in r.stdout
    assert json.loads(r.stdout)["recommendations"]


def test_numbers_in_conditions_and_cases_are_checked_too(kb, tmp_path):
    rules = warning_rule("lagging-far", ["{fact: rating, as: r, where: {below_median: {ge: 1e-05}}}"]) + \
        warning_rule("lagging-listed", ["{fact: rating, as: r, where: {below_median: {in: [1.5, .nan]}}}"])
    cases = """
  - rule: weigh-low-steps
    name: "an unreadable figure in a case"
    given:
      - {type: candidate, subdomain: "3.3", from_phase: 1, to_phase: 2, duration: short, legal: false}
      - {type: rating, subdomain: "3.3", phase: 1, below_median: .inf}
    expect: fires
    derives:
      - {type: priority, subdomain: "3.3", weight: .nan}
"""
    d = rule_set(tmp_path, rules=rules, cases=cases)
    ps = [p for p in problems(kb, d, require_cases=False) if p.code == "bad-number"]
    where = sorted((Path(p.file).name, p.line) for p in ps)
    assert where == [("steps.cases.yaml", line_of(d / "steps.cases.yaml", "below_median: .inf")),
                     ("steps.cases.yaml", line_of(d / "steps.cases.yaml", "weight: .nan")),
                     ("steps.yaml", line_of(d / "steps.yaml", "1e-05")),
                     ("steps.yaml", line_of(d / "steps.yaml", "[1.5, .nan]"))], [p.render() for p in ps]


def test_cli_refuses_a_nan_weight_with_exit_3_instead_of_planning_with_it(tmp_path):
    d = rule_set(tmp_path, weight=".nan")
    for args in (["rules", "check"], ["recommend", EXAMPLES / "beremia-conflict.yaml", "-f", "json"]):
        r = run_cli("--rules", d, *args)
        assert r.code == 3, (args, r.stdout[:300], r.stderr)
        assert f"{d / 'steps.yaml'}:{line_of(d / 'steps.yaml', 'weight:')}:" in r.stderr
        assert "nan is not a finite number" in r.stderr and "Traceback" not in r.stderr
        assert r.stdout == ""


# --- joins ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("patterns,estimate", [
    (["{fact: step, as: a}", "{fact: step, as: b}", "{fact: step, as: c}"], "185,193"),
    (["{fact: rating, as: a}", "{fact: rating, as: b}", "{fact: rating, as: c}", "{fact: rating, as: d}"], "130,321"),
    (["{fact: step, as: a}", "{fact: step, as: b}", "{fact: step, as: c}", "{fact: step, as: d}",
      "{fact: step, as: e}"], "601,692,057"),
], ids=["3 steps", "4 ratings", "5 steps"])
def test_a_join_too_large_for_the_engine_is_refused(kb, tmp_path, patterns, estimate):
    d = rule_set(tmp_path, rules=warning_rule("cross-join", patterns))
    ps = [p for p in problems(kb, d, require_cases=False) if p.code == "join-too-large"]
    assert len(ps) == 1, [p.render() for p in problems(kb, d, require_cases=False)]
    p = ps[0]
    assert p.file.endswith("steps.yaml") and p.line == line_of(d / "steps.yaml", "id: cross-join")
    assert f"rule 'cross-join' joins up to about {estimate} combinations of facts" in p.message
    assert f"at most {rule_limits.MAX_COMBINATIONS:,}" in p.message and "measured" in p.message
    assert "subdomain: $c.subdomain" in p.hint


def test_joins_tied_on_a_field_are_accepted(kb, tmp_path):
    rule = warning_rule("joined", [
        "{fact: rating, as: r}",
        "{fact: target, as: t, where: {subdomain: $r.subdomain}}",
        "{fact: step, as: s, where: {subdomain: $r.subdomain}}",
        "{fact: exposure, as: x, where: {subdomain: $r.subdomain}}",
        "{fact: context, as: k, where: {context: $x.context}}"])
    book = load_rulebook(kb, rule_set(tmp_path, rules=rule), require_cases=False)
    counts = rule_limits.fact_counts(kb, book.rules.values())
    assert rule_limits.combinations(book.rules["joined"], counts)[0] <= rule_limits.MAX_COMBINATIONS


def test_shipped_rules_are_well_within_the_limits(kb):
    book = load_rulebook(kb)
    counts = rule_limits.fact_counts(kb, book.rules.values())
    assert max(rule_limits.combinations(r, counts)[0] for r in book.rules.values()) * 10 <= \
        rule_limits.MAX_COMBINATIONS
    assert len(book.rules) * 2 <= rule_limits.MAX_RULES


def test_more_patterns_than_the_engine_holds_are_refused_at_the_first_one_too_many(kb, tmp_path):
    patterns = ["{fact: rating, as: a0}"] + [f"{{fact: rating, as: a{i}, where: {{subdomain: $a{i - 1}.subdomain}}}}"
                                              for i in range(1, 7)]
    d = rule_set(tmp_path, rules=warning_rule("long-chain", patterns))
    ps = [p for p in problems(kb, d, require_cases=False) if p.code == "too-many-patterns"]
    assert len(ps) == 1
    assert ps[0].line == line_of(d / "steps.yaml", "as: a6,")
    assert "at most 6 patterns, this one 7" in ps[0].message and "error 304" in ps[0].message


# --- the size of the rule set and the engine's tables ----------------------------------------------------------------

def test_too_many_rules_are_refused(kb, tmp_path):
    extra = "".join(warning_rule(f"rule-{i}", [f"{{fact: rating, as: r, where: {{subdomain: \"{s}\", phase: {p}, "
                                                f"confidence: {c}}}}}"])
                    for i, (s, p, c) in enumerate((s, p, c) for s in sorted(kb.subdomains) for p in (1, 2, 3, 4)
                                                  for c in ("low", "medium", "high", "unstated")))
    d = rule_set(tmp_path, rules=extra)
    ps = problems(kb, d, require_cases=False)
    assert {p.code for p in ps} == {"too-many-rules"}, [p.render() for p in ps]
    assert f"at most {rule_limits.MAX_RULES} run safely" in ps[0].message and "measured" in ps[0].message
    assert ps[0].file.endswith("steps.yaml") and ps[0].line


def test_too_many_patterns_on_one_engine_node_are_refused(kb, tmp_path):
    # 43 rules of 6 patterns over the one plan fact: 258 patterns end on the node 'type == plan' (durable-rules: 256)
    extra = "".join(warning_rule(f"plan-{i}", [f"{{fact: plan, as: p{j}}}" for j in range(6)]) for i in range(43))
    ps = problems(kb, rule_set(tmp_path, rules=extra), require_cases=False)
    assert {p.code for p in ps} == {"engine-limit"}, [p.render() for p in ps]
    assert ps[0].message.startswith("rule 'plan-33': 204 patterns over 'plan' facts end on the same node")
    assert "error 108" in ps[0].message


def test_too_many_conditions_tried_at_once_are_refused_at_the_rule_that_overflows(kb, tmp_path):
    # Each rule ties a candidate to a rating: one more condition below 'type == candidate' that every candidate
    # fact must try; durable-rules' stack of 64 overflows (error 303, measured at 65 such rules).
    extra = "".join(warning_rule(f"tied-{i}", ["{fact: rating, as: r}",
                                               "{fact: candidate, as: c, where: {subdomain: $r.subdomain}}"])
                    for i in range(65))
    d = rule_set(tmp_path, rules=extra)
    ps = problems(kb, d, require_cases=False)
    assert {p.code for p in ps} == {"engine-limit"}, [p.render() for p in ps]
    assert len(ps) == 1 and ps[0].line == line_of(d / "steps.yaml", "id: tied-54")
    assert "up to 57 conditions on 'candidate' facts are tried at once" in ps[0].message
    assert "error 303" in ps[0].message


def test_too_many_branches_below_one_engine_node_are_refused(kb, tmp_path):
    # 101 rules of 4 figure patterns, each with a metric of its own: 404 branches below 'type == figure'
    extra = "".join(warning_rule(f"metric-{i}", [f"{{fact: figure, as: f{j}, where: {{metric: m{i}-{j}}}}}"
                                                 for j in range(4)]) for i in range(101))
    ps = problems(kb, rule_set(tmp_path, rules=extra), require_cases=False)
    assert {p.code for p in ps} == {"engine-limit"}, [p.render() for p in ps]
    assert "different conditions follow one condition on 'figure' facts" in ps[0].message
    assert "never finishes loading" in ps[0].message


# --- cases ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("given", ["    given: []\n", ""], ids=["given: []", "no given"])
def test_a_case_without_facts_is_refused(kb, tmp_path, given):
    cases = f"""
  - rule: weigh-low-steps
    name: "nothing at all"
{given}    expect: does_not_fire
"""
    d = rule_set(tmp_path, cases=cases)
    ps = problems(kb, d)
    assert [p.code for p in ps] == ["empty-case"], [p.render() for p in ps]
    assert ps[0].file.endswith("steps.cases.yaml")
    assert ps[0].line in (line_of(d / "steps.cases.yaml", "nothing at all") - 1,
                          line_of(d / "steps.cases.yaml", "nothing at all") + 1)
    assert "gives no facts" in ps[0].message


def test_a_case_the_rule_can_never_be_evaluated_on_is_refused(kb, tmp_path):
    cases = """
  - rule: weigh-low-steps
    name: "only a context"
    given:
      - {type: context, context: armed_conflict, category: shock}
    expect: does_not_fire
"""
    d = rule_set(tmp_path, cases=cases)
    ps = problems(kb, d)
    assert [p.code for p in ps] == ["case-never-evaluated"], [p.render() for p in ps]
    assert "rule 'weigh-low-steps' reads" in ps[0].message
    # Facts from which another rule derives what it reads are fine: a target, a rating and a step make a candidate.
    ok = cases.replace("{type: context, context: armed_conflict, category: shock}",
                       "{type: target, subdomain: \"3.3\", phase: 2}")
    rule_set(tmp_path, cases=ok)
    assert load_rulebook(kb, tmp_path / "rules")
