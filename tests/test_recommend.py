"""`cpss recommend`: golden outputs, plan invariants on generated assessments, and scenarios from the sources."""

from __future__ import annotations

import dataclasses
import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpss_advisor.assessment import Rating, load_assessment
from cpss_advisor.evaluation import evaluate_assessment
from cpss_advisor.output import to_json
from cpss_advisor.plan_report import plan_data, render_markdown, render_text
from cpss_advisor.planner import make_plan
from cpss_advisor.rulebook import load_rulebook

from .conftest import EXAMPLES, run_cli
from .generators import assessments

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("CPSS_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def book(kb):
    return load_rulebook(kb)


def plan_of(a, kb, book, horizon=1, capacity=4) -> dict:
    ev = evaluate_assessment(a, kb, book, horizon_years=horizon)
    return plan_data(make_plan(ev, kb, horizon_years=horizon, capacity=capacity), kb, book)


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "a.yaml"
    p.write_text(text)
    return p


# --- golden outputs --------------------------------------------------------------------------------------------

def normalise(text: str) -> str:
    """Hashes of the knowledge base and the rules change with every edit to them; the plan is what is compared."""
    text = re.sub(r'("(knowledge|rules)_sha256": )"[0-9a-f]{64}"', r'\1"<sha256>"', text)
    text = re.sub(r"(knowledge|rules) (`)?[0-9a-f]{16,64}(`)?", r"\1 <sha256>", text)
    return text


@pytest.mark.parametrize("example", sorted(p.stem for p in EXAMPLES.glob("*.yaml")))
@pytest.mark.parametrize("fmt,ext", [("json", "json"), ("text", "txt"), ("markdown", "md")])
def test_golden(example, fmt, ext):
    r = run_cli("recommend", EXAMPLES / f"{example}.yaml", "--format", fmt)
    assert r.code == 0, r.stderr
    golden = GOLDEN / f"{example}.{ext}"
    if UPDATE or not golden.exists():
        golden.write_text(normalise(r.stdout))
        if not UPDATE:
            pytest.fail(f"golden file {golden.name} was missing and has been written; check it in")
    assert normalise(r.stdout) == golden.read_text(), f"{golden.name} differs; CPSS_UPDATE_GOLDEN=1 to accept"


def test_json_contract(kb, book):
    data = json.loads(run_cli("recommend", EXAMPLES / "beremia-conflict.yaml", "-f", "json").stdout)
    for key in ("schema_version", "country", "as_of", "provenance", "recommendations", "deferred", "warnings", "trace"):
        assert key in data
    assert set(data["provenance"]) == {"tool_version", "input_sha256", "knowledge_sha256", "rules_sha256"}
    rec = data["recommendations"][0]
    for key in ("id", "rank", "wave", "subdomain", "from_phase", "to_phase", "score", "interventions", "requires",
                "unblocks", "rationale"):
        assert key in rec
    assert set(rec["interventions"][0]) >= {"id", "title", "action_type"}
    assert set(rec["rationale"][0]) >= {"rule", "text", "facts", "source"}
    assert [r["rank"] for r in data["recommendations"]] == list(range(1, len(data["recommendations"]) + 1))
    assert set(data["trace"][0]) == {"rule", "facts"}
    assert data["provenance"]["input_sha256"] == __import__("hashlib").sha256(
        (EXAMPLES / "beremia-conflict.yaml").read_bytes()).hexdigest()


def test_same_input_byte_identical_json():
    a = run_cli("recommend", EXAMPLES / "beremia-conflict.yaml", "-f", "json").stdout
    b = run_cli("recommend", EXAMPLES / "beremia-conflict.yaml", "-f", "json").stdout
    assert a == b


def test_output_file_and_formats(tmp_path):
    out = tmp_path / "plan.md"
    r = run_cli("recommend", EXAMPLES / "aldovia-early-stable.yaml", "-f", "markdown", "-o", out)
    assert r.code == 0 and out.read_text().startswith("# Child protection systems strengthening plan: Aldovia")
    r = run_cli("recommend", EXAMPLES / "aldovia-early-stable.yaml", "--capacity", "0")
    assert r.code == 2
    help_text = " ".join(run_cli("recommend", "--help").stdout.split())
    assert "[default: 4; 1<=x<=50]" in help_text and "[default: 1; 1<=x<=10]" in help_text


# --- invariants ----------------------------------------------------------------------------------------------

def check_invariants(data: dict, a, capacity: int) -> None:
    recs = {r["id"]: r for r in data["recommendations"]}
    deferred = {d["id"] for d in data["deferred"]}
    fired = {t["rule"] for t in data["trace"]}
    per_wave: dict[int, int] = {}
    for r in data["recommendations"]:
        per_wave[r["wave"]] = per_wave.get(r["wave"], 0) + 1
        for req in r["requires"]:
            assert req in recs and recs[req]["wave"] < r["wave"], (r["id"], req)
        assert r["from_phase"] >= a.ratings[r["subdomain"]].phase
        assert r["to_phase"] == r["from_phase"] + 1
        assert r["rationale"] and any(x["rule"] in fired for x in r["rationale"])
    assert all(n <= capacity for n in per_wave.values())
    assert not set(recs) & deferred
    for d in data["deferred"]:
        assert d["reason"]


def goal_limits(data: dict) -> dict[str, dict[str, int]]:
    """The highest phase each subdomain is planned to reach, by the origin of the goal."""
    out: dict[str, dict[str, int]] = {}
    for t in data["trace"]:
        if t["rule"] == "hard-dependency-blocks":
            e = t["facts"]["e"]
            d = out.setdefault(e["needs"], {})
            d["dependency"] = max(d.get("dependency", 0), e["min_phase"])
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_plan_invariants_on_generated_assessments(kb, book, data):
    a = data.draw(assessments(kb, valid_contexts=True))
    horizon = data.draw(st.integers(1, 5))
    capacity = data.draw(st.integers(1, 6))
    plan = plan_of(a, kb, book, horizon, capacity)
    check_invariants(plan, a, capacity)
    assert len(plan["waves"]) == 2 * horizon
    for r in plan["recommendations"] + plan["deferred"]:
        sid = r["subdomain"]
        assert a.ratings[sid].phase < 4
        if a.targets:
            limit = max(a.targets.get(sid, 0), goal_limits(plan).get(sid, {}).get("dependency", 0))
            assert r["to_phase"] <= limit, (r["id"], a.targets.get(sid))
    assert to_json(plan) == to_json(plan_of(a, kb, book, horizon, capacity))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_raising_a_rating_never_adds_a_step_for_it(kb, book, data):
    a = data.draw(assessments(kb, valid_contexts=True))
    if not a.targets:
        a = dataclasses.replace(a, targets={s: min(4, r.phase + 1) for s, r in a.ratings.items()})
    raisable = [s for s, r in a.ratings.items() if r.phase < 4]
    if not raisable:
        return
    sid = data.draw(st.sampled_from(raisable))
    ratings = dict(a.ratings)
    ratings[sid] = Rating(phase=ratings[sid].phase + 1)
    raised = dataclasses.replace(a, ratings=ratings)

    def steps_of(plan):
        return {r["id"] for r in plan["recommendations"] + plan["deferred"] if r["subdomain"] == sid}

    assert steps_of(plan_of(raised, kb, book)) <= steps_of(plan_of(a, kb, book))


# --- scenarios written from the sources ------------------------------------------------------------------------

BASE = "schema_version: 1\ncountry: Scenaria\nas_of: 2026-06-30\n"


def test_sops_before_case_management(tmp_path, kb, book):
    """Seed 000: standard case management SOPs (3.3 Enhancement) sit in the SOP set of 3.2."""
    a = load_assessment(write(tmp_path, BASE + 'ratings: {"3.3": 1, "3.2": 1, "2.1": 2, "5.1": 2}\n'), kb)
    plan = plan_of(a, kb, book)
    recs = {r["id"]: r for r in plan["recommendations"]}
    assert "3.2:1-2" in recs["3.3:1-2"]["requires"]
    assert recs["3.2:1-2"]["wave"] < recs["3.3:1-2"]["wave"]
    assert "3.3:1-2" in recs["3.2:1-2"]["unblocks"]
    assert any(x["rule"] == "hard-dependency-blocks" for x in recs["3.2:1-2"]["rationale"])
    assert any(e["id"] == "3.3@2<-3.2@2" for e in recs["3.2:1-2"]["edges"])


def _shock_assessment(tmp_path, kb, stage: str):
    ratings = ", ".join(f'"{s}": 2' for s in sorted(kb.subdomains) if s not in {"3.3", "1.2"})
    text = BASE + f'ratings: {{{ratings}, "3.3": 1, "1.2": 1}}\ncontext: [armed_conflict, {stage}]\n'
    return load_assessment(write(tmp_path, text), kb)


def test_acute_onset_moves_case_management_forward_and_holds_long_reforms(tmp_path, kb, book):
    """Seed 001: systems strengthening fits after the immediate onset; life-saving case management, family
    tracing and reunification come first."""
    acute = plan_of(_shock_assessment(tmp_path, kb, "acute_onset"), kb, book, horizon=2)
    protracted = plan_of(_shock_assessment(tmp_path, kb, "protracted_crisis"), kb, book, horizon=2)
    rank = {r["id"]: r["rank"] for r in acute["recommendations"]}
    rank_p = {r["id"]: r["rank"] for r in protracted["recommendations"]}
    assert rank["3.3:1-2"] == 1 and rank["3.3:1-2"] <= rank_p["3.3:1-2"]
    cm = next(r for r in acute["recommendations"] if r["id"] == "3.3:1-2")
    assert "ctx-family-tracing-entry-point" in {iv["id"] for iv in cm["interventions"]}
    assert "ctx-emergency-alternative-care" in {iv["id"] for iv in cm["interventions"]}
    first_wave = [r for r in acute["recommendations"] if r["wave"] == 1]
    for r in first_wave:
        step = next(f for f in evaluate_assessment(_shock_assessment(tmp_path, kb, "acute_onset"), kb, book,
                                                    horizon_years=2).facts
                    if f["type"] == "step" and f["subdomain"] == r["subdomain"] and f["from_phase"] == r["from_phase"])
        assert not step["legal"] and step["duration"] != "long", r["id"]
    legal = next(r for r in acute["recommendations"] if r["id"] == "1.2:1-2")
    assert legal["wave"] >= 2 and legal["holds"]
    assert any(a["code"] == "acute-onset" for a in acute["advice"])
    assert any(a["code"] == "build-on-existing" for a in protracted["advice"])


def test_without_long_term_capacity_the_plan_says_so(tmp_path, kb, book):
    text = BASE + 'ratings: {"1.2": 1, "3.3": 1, "3.2": 2, "5.1": 2}\ncontext: [limited_long_term_capacity]\n'
    a = load_assessment(write(tmp_path, text), kb)
    plan = plan_of(a, kb, book)
    assert any(x["code"] == "limited-long-term-capacity" for x in plan["advice"])
    assert "cannot resource a long-term response" in render_text(plan, kb)
    assert "cannot resource a long-term response" in render_markdown(plan, kb)
    legal = next(r for r in plan["recommendations"] + plan["deferred"] if r["id"] == "1.2:1-2")
    assert legal.get("wave", 99) >= 2


def test_case_management_figures_raise_workforce_priority(tmp_path, kb, book):
    base = BASE + 'ratings: {"5.1": 1, "5.2": 1, "7.2": 1}\n'
    without = plan_of(load_assessment(write(tmp_path, base), kb), kb, book)
    with_figs = plan_of(load_assessment(write(tmp_path, base + "figures: {caseload_per_caseworker: 40}\n"), kb),
                        kb, book)
    score = lambda p: next(r["score"] for r in p["recommendations"] if r["subdomain"] == "5.1")  # noqa: E731
    assert score(with_figs) == score(without) + 2
    assert any("caseload_per_caseworker is 40" in w["text"] for w in with_figs["warnings"])


def test_capacity_defers_with_reason(tmp_path, kb, book):
    a = load_assessment(EXAMPLES / "aldovia-early-stable.yaml", kb)
    plan = plan_of(a, kb, book, horizon=1, capacity=1)
    assert len(plan["recommendations"]) == 2
    assert plan["deferred"] and all("capacity" in d["reason"] or "waits for" in d["reason"] for d in plan["deferred"])


def test_overloaded_outcome_is_warned(tmp_path, kb, book):
    text = BASE + 'ratings: {"7.1": 1, "7.2": 1, "7.3": 2, "6.1": 1}\ntargets: {"7.1": 2, "7.2": 2, "7.3": 3}\n'
    plan = plan_of(load_assessment(write(tmp_path, text), kb), kb, book)
    assert any(w["code"] == "outcome-overload" and "intermediate outcome 7" in w["text"] for w in plan["warnings"])


def test_maturity_gets_no_step(tmp_path, kb, book):
    ratings = ", ".join(f'"{s}": 4' for s in sorted(kb.subdomains))
    plan = plan_of(load_assessment(write(tmp_path, BASE + f"ratings: {{{ratings}}}\n"), kb), kb, book)
    assert plan["recommendations"] == [] and plan["deferred"] == []
    assert "No steps" in render_text(plan, kb)


def test_readme_shows_the_real_demo_output():
    from .conftest import ROOT

    readme = (ROOT / "README.md").read_text()
    out = run_cli("recommend", EXAMPLES / "beremia-conflict.yaml").stdout.splitlines()
    start = readme.index("The plan opens like this:")
    blocks = readme[start:].split("```")[1:4:2]  # the two code blocks that follow
    for block in blocks:
        lines = [ln for ln in block.strip("\n").splitlines() if ln.strip() and ln.strip() != "..."]
        assert lines and all(ln in out for ln in lines), "README demo output is stale: regenerate it"
