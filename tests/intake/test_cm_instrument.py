"""The case management checklist as an assessment: levels, next actions, out-of-order notes, reading both kinds of
file with located errors, `cpss cm`, and how a done list changes the plan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cpss_advisor.intake.assessment import cm_action_ids
from cpss_advisor.intake.load import load_assessment
from cpss_advisor.intake.cm_assessment import load_case_management
from cpss_advisor.core.errors import InputError, KnowledgeError
from cpss_advisor.engine.evaluation import evaluate_assessment
from cpss_advisor.kb.loader import load_knowledge
from cpss_advisor.core.output import to_json
from cpss_advisor.planning.pipeline import Advisor, PlanOptions
from cpss_advisor.planning.plan_model import Plan
from cpss_advisor.render.plan_text import render_markdown, render_text
from cpss_advisor.engine.rule_loader import load_rulebook

from tests.conftest import EXAMPLES, run_cli


@pytest.fixture(scope="module")
def book(kb):
    return load_rulebook(kb)


def actions_of(kb, unit: str, from_level: int | None = None) -> list[str]:
    """The action ids of a unit (a dimension's own actions, or a sub-dimension's), optionally of one transition."""
    return [a.id for a in kb.checklist.actions.values()
            if a.unit == unit and (from_level is None or a.from_level == from_level)]


def levels(kb, done) -> dict:
    return {d.id: d for d in kb.instrument_levels(done)}


def units(kb, done) -> dict:
    return {u.id: u for d in kb.instrument_levels(done) for u in d.units}


# --- levels -----------------------------------------------------------------------------------------------------

def test_everything_done_is_good_practice(kb):
    dims = levels(kb, cm_action_ids(kb))
    assert len(dims) == 8
    assert all(d.level == 4 and d.next_actions == () and d.out_of_order == () for d in dims.values())
    assert all(u.level == 4 and u.done and len(u.done) == u.total for d in dims.values() for u in d.units)


def test_nothing_done_is_critical_with_the_first_transition_next(kb):
    dims = levels(kb, [])
    assert all(d.level == 1 for d in dims.values())
    assert list(dims["1"].next_actions) == actions_of(kb, "1", 1)


def test_a_gap_in_the_first_transition_is_critical_whatever_is_done_above(kb):
    gap = actions_of(kb, "1", 1)[2]
    done = [a for a in cm_action_ids(kb) if a != gap]
    dims = levels(kb, done)
    assert dims["1"].level == 1
    assert dims["1"].next_actions == (gap,)
    assert set(dims["1"].out_of_order) == set(actions_of(kb, "1", 2) + actions_of(kb, "1", 3))
    assert all(d.level == 4 for i, d in dims.items() if i != "1")


def test_level_counts_consecutive_complete_transitions(kb):
    t1, t2, t3 = (actions_of(kb, "7", n) for n in (1, 2, 3))
    assert levels(kb, t1)["7"].level == 2
    assert levels(kb, t1 + t2)["7"].level == 3
    assert levels(kb, t1 + t2 + t3[:-1])["7"].level == 3
    assert levels(kb, t1 + t3)["7"].level == 2       # the third transition does not count before the second


def test_a_dimension_with_sub_dimensions_is_at_its_lowest_unit(kb):
    rest = [a for u in ("5a", "5b", "5c") for a in actions_of(kb, u)]
    d = levels(kb, rest + actions_of(kb, "5d", 1))["5"]
    assert [u.id for u in d.units] == ["5a", "5b", "5c", "5d"]
    assert [u.level for u in d.units] == [4, 4, 4, 2] and d.level == 2
    assert d.next_actions == tuple(actions_of(kb, "5d", 2))
    assert levels(kb, rest)["5"].level == 1
    # dimension 2 has general actions of its own besides sub-dimensions a-f: the general unit counts too
    two = levels(kb, [a for u in ("2a", "2b", "2c", "2d", "2e", "2f") for a in actions_of(kb, u)])["2"]
    assert two.units[0].id == "2" and two.units[0].level == 1 and two.level == 1
    assert two.next_actions == tuple(actions_of(kb, "2", 1))


def test_next_actions_are_the_missing_ones_of_the_next_transition_of_the_lowest_units(kb):
    done = actions_of(kb, "2", 1) + [a for u in ("2a", "2b", "2c", "2d", "2e", "2f") for a in actions_of(kb, u, 1)]
    done += actions_of(kb, "2b", 2) + actions_of(kb, "2a", 2)[:1]
    u = units(kb, done)
    assert u["2b"].level == 3 and u["2a"].level == 2
    assert u["2a"].next_actions == tuple(actions_of(kb, "2a", 2)[1:])
    d = levels(kb, done)["2"]
    assert d.level == 2
    assert set(d.next_actions) == set(actions_of(kb, "2a", 2)[1:]) | {
        a for x in ("2", "2c", "2d", "2e", "2f") for a in actions_of(kb, x, 2)}
    assert not set(d.next_actions) & set(actions_of(kb, "2b", 3)), "2b is above the dimension's level"


def test_actions_done_above_the_next_transition_are_out_of_order(kb):
    early = actions_of(kb, "5b", 3)[1]
    partial = actions_of(kb, "5b", 1)[0]
    u = units(kb, [early, partial])["5b"]
    assert u.level == 1
    assert u.out_of_order == (early,)           # done two transitions early
    assert partial not in u.out_of_order         # progress on the next transition is not out of order
    assert partial not in u.next_actions and actions_of(kb, "5b", 1)[1] in u.next_actions


# --- reading done lists ---------------------------------------------------------------------------------------------

BASE = "schema_version: 1\ncountry: Checklandia\nas_of: 2026-06-30\n"


def write(tmp_path: Path, text: str, name: str = "a.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text)
    return p


def test_unknown_action_is_located_at_its_list_item_with_a_hint(tmp_path, kb):
    text = (BASE + 'ratings: {"3.3": 1}\ncase_management:\n  done:\n    - cm-1-1-cp-risk-analysis\n'
            "    - cm-1-1-develop-sop\n")
    path = write(tmp_path, text)
    with pytest.raises(InputError) as exc:
        load_assessment(path, kb)
    [p] = exc.value.problems
    assert (p.line, p.column, p.code) == (8, 7, "unknown-action")
    assert p.message == "unknown checklist action 'cm-1-1-develop-sop'"
    assert "did you mean 'cm-1-1-develop-sops'" in p.hint
    r = run_cli("validate", path)
    assert r.code == 1 and f"{path}:8:7: unknown checklist action 'cm-1-1-develop-sop'" in r.stderr
    assert "hint: did you mean 'cm-1-1-develop-sops'" in r.stderr


def test_unknown_action_in_a_flow_list_and_nothing_close(tmp_path, kb):
    path = write(tmp_path, BASE + "case_management: {done: [cm-1-1-cp-risk-analysis, train everyone]}\n")
    with pytest.raises(InputError) as exc:
        load_assessment(path, kb)
    [p] = exc.value.problems
    assert p.line == 4 and p.column == 51 and "unknown checklist action 'train everyone'" in p.message
    assert "knowledge/case_management.yaml" in p.hint


def test_a_repeated_action_is_a_warning(tmp_path, kb):
    text = BASE + "case_management:\n  done:\n    - cm-6-1-basic-resources\n    - cm-6-1-basic-resources\n"
    a = load_assessment(write(tmp_path, text), kb)
    assert a.case_management.done == ("cm-6-1-basic-resources",)
    [w] = [w for w in a.warnings if w.code == "repeated-action"]
    assert w.line == 7 and "listed twice" in w.message


def test_shape_errors_in_the_section(tmp_path, kb):
    for body, message in [("case_management: {done: cm-6-1-basic-resources}\n", "done must be a list"),
                          ("case_management: {done: [12]}\n", "expected text"),
                          ("case_management: {dones: []}\n", "unknown field 'dones'")]:
        with pytest.raises(InputError) as exc:
            load_assessment(write(tmp_path, BASE + body), kb)
        assert any(message in p.message for p in exc.value.problems), (body, exc.value.problems)
        assert all(p.line == 4 for p in exc.value.problems)


def test_without_the_section_there_is_no_checklist(tmp_path, kb):
    a = load_assessment(write(tmp_path, BASE + 'ratings: {"3.3": 1}\n'), kb)
    assert a.case_management is None
    empty = load_assessment(write(tmp_path, BASE + 'ratings: {"3.3": 1}\ncase_management: {done: []}\n'), kb)
    assert empty.case_management is not None and empty.case_management.done == ()


STANDALONE = """kind: case_management_assessment
schema_version: 1
country: Checklandia
as_of: 2026-06-30
done:
  - cm-6-1-basic-resources
  - cm-6-3-long-term-resources
figures: {caseload_per_caseworker: 30}
notes: "agency self-assessment"
"""


def test_standalone_file(tmp_path, kb):
    cma = load_case_management(write(tmp_path, STANDALONE), kb)
    assert cma.input_kind == "case_management_assessment" and cma.country == "Checklandia"
    assert cma.done == ("cm-6-1-basic-resources", "cm-6-3-long-term-resources")
    assert cma.figures == {"caseload_per_caseworker": 30.0} and cma.notes == "agency self-assessment"


def test_standalone_file_errors_are_located(tmp_path, kb):
    bad = STANDALONE.replace("cm-6-3-long-term-resources", "cm-6-3-long-term-resource").replace(
        "caseload_per_caseworker", "caseload")
    with pytest.raises(InputError) as exc:
        load_case_management(write(tmp_path, bad), kb)
    got = {(p.line, p.code) for p in exc.value.problems}
    assert got == {(7, "unknown-action"), (8, "unknown-figure")}
    wrong_kind = STANDALONE.replace("kind: case_management_assessment", "kind: case_management")
    with pytest.raises(InputError) as exc:
        load_case_management(write(tmp_path, wrong_kind), kb)
    assert exc.value.problems[0].line == 1 and "case_management_assessment" in exc.value.problems[0].message


def test_recommend_points_a_standalone_file_to_cpss_cm(tmp_path):
    r = run_cli("recommend", write(tmp_path, STANDALONE))
    assert r.code == 1 and "this is a case management assessment" in r.stderr and "cpss cm" in r.stderr


# --- cpss cm --------------------------------------------------------------------------------------------------------

def test_cm_text_on_the_example(kb):
    r = run_cli("cm", EXAMPLES / "beremia-conflict.yaml")
    assert r.code == 0, r.stderr
    out = r.stdout
    assert out.startswith("Case management benchmarks for Beremia (as of 2026-06-30)\n")
    assert "  5 Appropriate staffing and capacity building" in out and "1 Critical to address" in out
    assert "    5d Supervision and coaching" in out
    assert "5d Supervision and coaching: 1 Critical to address -> 2 Requires improvement (holds the dimension back)" \
        in out
    assert "[cm-5d-1-supervision-practices]" in out
    assert "Done out of order" in out and "cm-5b-3-female-caseworkers" in out
    assert "caseload_per_caseworker" in out and "does not meet" in out


def test_cm_json_on_the_example(kb):
    r = run_cli("cm", EXAMPLES / "beremia-conflict.yaml", "--format", "json")
    assert r.code == 0, r.stderr
    data = json.loads(r.stdout)
    dims = {d["id"]: d for d in data["dimensions"]}
    assert data["input_kind"] == "assessment" and data["country"] == "Beremia"
    assert dims["5"]["level"] == 1 and dims["5"]["level_name"] == "Critical to address"
    assert sorted(i for i, d in dims.items() if d["level"] == 2) == ["1", "2", "3", "4", "6", "7", "8"]
    assert dims["5"]["next_actions"] == ["cm-5d-1-supervision-practices"]
    assert dims["5"]["out_of_order"] == ["cm-5b-3-female-caseworkers"]
    assert {f["metric"]: f["dimension"] for f in data["figures"]}["caseload_per_caseworker"] == "5b"
    assert data["done"] == 54 and data["actions"] == len(cm_action_ids(kb))
    assert run_cli("cm", EXAMPLES / "beremia-conflict.yaml", "--format", "json").stdout == r.stdout


def test_cm_on_a_standalone_file_text_and_json(tmp_path):
    path = write(tmp_path, STANDALONE)
    text = run_cli("cm", path)
    assert text.code == 0 and "2 of 135 checklist actions done" in text.stdout
    assert "cm-6-3-long-term-resources: Meets minimum levels -> Good practice" in text.stdout
    assert "Notes: agency self-assessment" in text.stdout
    data = json.loads(run_cli("cm", path, "-f", "json").stdout)
    assert data["input_kind"] == "case_management_assessment"
    assert {d["id"]: d["level"] for d in data["dimensions"]}["6"] == 2


def test_cm_needs_a_checklist(tmp_path):
    r = run_cli("cm", EXAMPLES / "aldovia-early-stable.yaml")
    assert r.code == 1 and "no 'case_management:' section" in r.stderr and "hint:" in r.stderr
    out = tmp_path / "levels.json"
    assert run_cli("cm", write(tmp_path, STANDALONE), "-f", "json", "-o", out).code == 0
    assert json.loads(out.read_text())["country"] == "Checklandia"


# --- the knowledge base --------------------------------------------------------------------------------------------

def test_every_dimension_has_a_vocabulary_action_type(kb):
    types = {a.id for a in kb.vocabulary.action_types}
    assert all(d.action_type in types for d in kb.case_management.dimensions)


def test_unknown_dimension_action_type_is_refused(kb_copy):
    path = kb_copy / "case_management.yaml"
    text = path.read_text()
    assert text.count("action_type: workforce\n") == 1
    path.write_text(text.replace("action_type: workforce\n", "action_type: workforse\n"))
    with pytest.raises(KnowledgeError) as exc:
        load_knowledge(kb_copy)
    [p] = [p for p in exc.value.problems if p.code == "unknown-action-type"]
    assert p.message == "unknown action type 'workforse'" and "did you mean 'workforce'" in p.hint
    assert p.file.endswith("case_management.yaml") and p.line


# --- the plan -------------------------------------------------------------------------------------------------------

PLAN_BASE = BASE + 'ratings: {"3.2": 2, "3.3": 1, "5.1": 2, "5.2": 2, "2.1": 2}\n'
# Staffing at Critical to address: 5a-5c at Requires improvement, no supervision practised yet (5d). Every other
# dimension at Requires improvement.
SECTION_UNITS = ["1", "2", "2a", "2b", "2c", "2d", "2e", "2f", "3", "4", "5a", "5b", "5c", "6", "7", "8"]


def plan_of(a, kb, book) -> dict:
    return json.loads(to_json(Advisor(kb, book).plan(a, PlanOptions()).model_dump(mode="json")))


def test_a_case_management_assessment_changes_the_plan(tmp_path, kb, book):
    done = [a for u in SECTION_UNITS for a in actions_of(kb, u, 1)]
    section = "case_management:\n  done:\n" + "".join(f"    - {a}\n" for a in done)
    without = plan_of(load_assessment(write(tmp_path, PLAN_BASE, "without.yaml"), kb), kb, book)
    with_cm = plan_of(load_assessment(write(tmp_path, PLAN_BASE + section, "with.yaml"), kb), kb, book)
    before = {r["id"]: r for r in without["recommendations"]}
    after = {r["id"]: r for r in with_cm["recommendations"]}
    assert set(before) == set(after)
    assert not any(iv.get("checklist") for r in before.values() for iv in r["interventions"])

    # 5.1: staffing is at Critical to address: its next actions join the step, and the step weighs one more
    workforce = after["5.1:2-3"]
    checklist = [iv for iv in workforce["interventions"] if iv.get("checklist")]
    assert [iv["id"] for iv in checklist] == actions_of(kb, "5d", 1)
    assert all(iv["action_type"] == "workforce" and iv["added_by"] == "checklist-actions-join-step" and
               iv["title"] == kb.checklist.actions[iv["id"]].text and iv["unit"] == "5d" for iv in checklist)
    assert workforce["score"] == before["5.1:2-3"]["score"] + 1
    term = next(t for t in workforce["score_terms"] if t["rule"] == "critical-dimension-priority")
    assert term["weight"] == 1 and "dimension 5 Appropriate staffing and capacity building" in term["label"]
    assert {"checklist-actions-join-step", "critical-dimension-priority"} <= {x["rule"] for x in workforce["rationale"]}

    # 3.3: dimensions 1, 2 and 3 at Requires improvement: their transition-2 actions join the step, no extra weight
    cm = after["3.3:1-2"]
    ids = {iv["id"] for iv in cm["interventions"] if iv.get("checklist")}
    assert ids == {a for u in ("1", "2", "2a", "2b", "2c", "2d", "2e", "2f", "3") for a in actions_of(kb, u, 2)}
    assert cm["score"] == before["3.3:1-2"]["score"]
    assert "checklist-actions-join-step" in {x["rule"] for x in cm["rationale"]}
    # the general interventions still come first
    assert cm["interventions"][: len(before["3.3:1-2"]["interventions"])] == before["3.3:1-2"]["interventions"]

    text = render_text(Plan.model_validate(with_cm), kb)
    assert "Case management checklist, next actions:" in text
    assert "(workforce; checklist 5d -> Requires improvement) [cm-5d-1-supervision-practices]" in " ".join(text.split())
    assert "**Case management checklist, next actions**" in render_markdown(Plan.model_validate(with_cm), kb,
                                                                             detail="full")
    assert "Case management checklist" not in render_text(Plan.model_validate(without), kb)


def test_checklist_facts_only_with_the_section(tmp_path, kb, book):
    without = evaluate_assessment(load_assessment(write(tmp_path, PLAN_BASE, "x.yaml"), kb), kb, book)
    assert not [f for f in without.facts if f["type"] in {"cm_level", "cm_next"}]
    with_cm = evaluate_assessment(load_assessment(write(tmp_path, PLAN_BASE + "case_management: {done: []}\n", "y.yaml"),
                                                  kb), kb, book)
    lv = [f for f in with_cm.facts if f["type"] == "cm_level"]
    assert len(lv) == sum(len(d.maps_to) for d in kb.case_management.dimensions)
    assert all(f["level"] == 1 and f["level_name"] == "Critical to address" for f in lv)
    nxt = {(f["subdomain"], f["action"]) for f in with_cm.facts if f["type"] == "cm_next"}
    assert ("5.1", "cm-5d-1-supervision-practices") in nxt and ("3.3", "cm-1-1-develop-sops") in nxt
