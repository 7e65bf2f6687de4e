"""Decision records: `cpss recommend --record`, `cpss verify` and `cpss explain`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpss_advisor.core.errors import EXIT_DIFFERS
from cpss_advisor.planning.pipeline import Advisor, PlanOptions
from cpss_advisor.core.output import to_json
from cpss_advisor.audit.explain import explain_step
from cpss_advisor.audit.record import make_record, verify
from cpss_advisor.intake.load import read_assessment
from cpss_advisor.engine.rule_loader import default_rules_directory

from tests.conftest import EXAMPLES, run_cli
from tests.generators import assessments

BEREMIA = EXAMPLES / "beremia-conflict.yaml"
EPOCH = "1782777600"  # 2026-06-30T00:00:00Z
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


@pytest.fixture(autouse=True)
def fixed_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture(scope="module")
def advisor():
    return Advisor.load()


def record_of(tmp_path: Path, example: Path = BEREMIA, *args: str, name: str = "record.json") -> Path:
    out = tmp_path / name
    r = run_cli("recommend", example, "--record", out, *args)
    assert r.code == 0, r.stderr
    return out


def rewrite(path: Path, change) -> Path:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data, indent=2))
    return path


def rules_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "rules"
    shutil.copytree(default_rules_directory(), dest, ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    return dest


# --- writing and reading -----------------------------------------------------------------------------------------

def test_record_written_and_readable(tmp_path):
    path = record_of(tmp_path)
    record = json.loads(path.read_text())
    assert set(record) == {"kind", "record_version", "created", "language", "input", "options", "provenance", "trace",
                           "plan"}
    assert record["kind"] == "decision_record" and record["record_version"] == 2
    assert record["created"] == "2026-06-30T00:00:00Z"
    assert record["input"]["file"] == str(BEREMIA)
    assert record["input"]["text"] == BEREMIA.read_text()
    assert record["input"]["sha256"] == record["provenance"]["input_sha256"]
    assert record["options"] == {"horizon_years": None, "capacity": None, "per_lead": None}
    plan = json.loads(run_cli("recommend", BEREMIA, "-f", "json").stdout)
    assert record["plan"] == plan
    assert record["provenance"] == plan["provenance"] and record["trace"] == plan["trace"]


def test_record_leaves_the_normal_output_alone(tmp_path):
    r = run_cli("recommend", BEREMIA, "--record", tmp_path / "r.json")
    assert r.code == 0 and r.stdout == run_cli("recommend", BEREMIA).stdout
    assert f"wrote record {tmp_path / 'r.json'}" in r.stderr


def test_created_follows_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert json.loads(record_of(tmp_path).read_text())["created"] == "1970-01-01T00:00:00Z"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    r = run_cli("recommend", BEREMIA, "--record", tmp_path / "r.json")
    assert r.code == 1 and "SOURCE_DATE_EPOCH" in r.stderr
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    created = json.loads(record_of(tmp_path, name="now.json").read_text())["created"]
    assert created.endswith("Z") and created[:4] >= "2025"


def test_same_input_and_epoch_give_byte_identical_records(tmp_path, monkeypatch):
    a = record_of(tmp_path, BEREMIA, "--horizon-years", "2", name="a.json").read_bytes()
    b = record_of(tmp_path, BEREMIA, "--horizon-years", "2", name="b.json").read_bytes()
    assert a == b
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1782777601")
    c = json.loads(record_of(tmp_path, BEREMIA, "--horizon-years", "2", name="c.json").read_text())
    c["created"] = "2026-06-30T00:00:00Z"
    assert to_json(c).encode() == a


def test_record_never_over_an_input_or_the_output(tmp_path):
    assessment = tmp_path / "a.yaml"
    shutil.copy(BEREMIA, assessment)
    r = run_cli("recommend", assessment, "--record", assessment)
    assert r.code == 4 and assessment.read_text() == BEREMIA.read_text()
    r = run_cli("recommend", assessment, "-o", tmp_path / "x.json", "--record", tmp_path / "x.json")
    assert r.code == 2 and not (tmp_path / "x.json").exists()


# --- verify ------------------------------------------------------------------------------------------------------

def test_verify_untouched_record_is_identical(tmp_path):
    path = record_of(tmp_path)
    r = run_cli("verify", path)
    assert r.code == 0 and r.stdout == "identical\n", r.stdout + r.stderr
    data = json.loads(run_cli("verify", path, "-f", "json").stdout)
    assert data["identical"] is True and data["causes"] == [] and data["steps"] == []


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(example=st.sampled_from(EXAMPLE_FILES), horizon=st.none() | st.integers(1, 3),
       capacity=st.none() | st.integers(1, 6))
def test_verify_untouched_records_of_the_examples(advisor, example, horizon, capacity):
    options = PlanOptions(horizon, capacity)
    intake = read_assessment(example, advisor.kb)
    record = json.loads(to_json(make_record(intake.name, intake.content(), options,
                                            advisor.plan(intake.assessment, options))))
    result = verify(record, advisor, record_name="record.json")
    assert result.identical, result.as_dict()


def test_verify_after_editing_the_embedded_input(tmp_path):
    path = rewrite(record_of(tmp_path), lambda d: d["input"].update(
        text=d["input"]["text"].replace('"3.3": {phase: 1', '"3.3": {phase: 2')))
    r = run_cli("verify", path)
    assert r.code == EXIT_DIFFERS == 5
    assert "the input changed" in r.stdout and "the record was edited" in r.stdout
    assert "3.3:1-2: removed from month 0" in r.stdout and "3.3:2-3: added at month 0" in r.stdout
    assert "rules changed" not in r.stdout and "knowledge base changed" not in r.stdout


def test_verify_with_adapted_rules(tmp_path):
    path = record_of(tmp_path)
    rules = rules_copy(tmp_path)
    deps = rules / "dependencies.yaml"
    text = deps.read_text()
    assert text.count("weight: 2, dependant: $b.step,") == 1
    deps.write_text(text.replace("weight: 2, dependant: $b.step,", "weight: 1, dependant: $b.step,"))  # +2 -> +1
    r = run_cli("--rules", rules, "verify", path)
    out = " ".join(r.stdout.split())
    assert r.code == 5
    assert "the rules changed: recorded rules_sha256" in out
    assert "knowledge base changed" not in out and "input changed" not in out
    assert "3.3:1-2: score 8 -> 7 (no longer +2 prerequisite of 6.4 reaching phase 3" in out
    assert "3.3:1-2: rank 7 -> 8" in out and "5.1:2-3: rank 8 -> 7" in out
    data = json.loads(run_cli("--rules", rules, "verify", path, "-f", "json").stdout)
    assert [c["kind"] for c in data["causes"]] == ["rules"]
    assert {"id": "3.3:1-2", "change": "score"} in [{"id": s["id"], "change": s["change"]} for s in data["steps"]]


def test_verify_with_adapted_knowledge(tmp_path, kb_copy):
    path = record_of(tmp_path)
    criteria = kb_copy / "criteria.yaml"
    text = criteria.read_text()
    old = "Standard child protection case management SOPs have been established."
    assert text.count(old) == 1
    criteria.write_text(text.replace(old, "Standard case management SOPs have been adopted."))
    r = run_cli("--knowledge", kb_copy, "verify", path)
    assert r.code == 5
    assert "the knowledge base changed: recorded knowledge_sha256" in r.stdout
    assert "3.3:1-2: its criteria differ" in r.stdout


def test_verify_a_record_whose_plan_was_edited(tmp_path):
    path = rewrite(record_of(tmp_path), lambda d: d["plan"]["recommendations"][0].update(score=99.0))
    r = run_cli("verify", path)
    out = " ".join(r.stdout.split())
    assert r.code == 5 and "the recorded plan was edited" in out
    first = json.loads(path.read_text())["plan"]["recommendations"][0]["id"]
    assert f"{first}: score 99 -> 0" in out


def test_verify_an_embedded_input_that_no_longer_parses(tmp_path):
    path = rewrite(record_of(tmp_path), lambda d: d["input"].update(
        text=d["input"]["text"].replace('"3.3": {phase: 1', '"3.7": {phase: 1')))
    r = run_cli("verify", path)
    assert r.code == 1
    assert f"{BEREMIA} (embedded in {path}):" in r.stderr and "unknown subdomain '3.7'" in r.stderr


@pytest.mark.parametrize("damage,expect", [
    (lambda text: "this is not json {", "invalid JSON"),
    (lambda text: text[: len(text) // 2], "the record is truncated"),
    (lambda text: text[:-40], "the record is truncated"),
    (lambda text: json.dumps(json.loads(text)["plan"]), "it is a plan"),
    (lambda text: json.dumps({**json.loads(text), "kind": "rule_cases"}), 'its kind is "rule_cases"'),
    (lambda text: json.dumps([1, 2]), "its top level is a list"),
    (lambda text: json.dumps({**json.loads(text), "record_version": 1}), "unknown record_version 1"),
    (lambda text: json.dumps({k: v for k, v in json.loads(text).items() if k != "plan"}),
     "missing required field 'plan'"),
    (lambda text: json.dumps({**json.loads(text), "options": {"horizon_years": 0, "capacity": 4}}),
     "options.horizon_years"),
])
@pytest.mark.parametrize("command", ["verify", "explain"])
def test_broken_records_are_refused_naming_the_file(tmp_path, damage, expect, command):
    good = record_of(tmp_path)
    broken = tmp_path / "broken.json"
    broken.write_text(damage(good.read_text()))
    r = run_cli(command, broken)
    assert r.code == 1
    assert r.stderr.startswith(str(broken)) and expect in r.stderr, r.stderr


def test_missing_record(tmp_path):
    r = run_cli("explain", tmp_path / "none.json")
    assert r.code == 1 and "no such file" in r.stderr


# --- explain -----------------------------------------------------------------------------------------------------

def test_explain_a_first_period_step(tmp_path):
    r = run_cli("explain", record_of(tmp_path), "3.3:1-2")
    assert r.code == 0, r.stderr
    out = " ".join(r.stdout.split())
    for heading in ("Why this step", "Why now", "Why not earlier", "What would change it"):
        assert f"\n{heading}\n" in r.stdout
    assert "3.3:1-2 Case management and referral systems: 1 System Building -> 2 System Enhancement" in out
    assert "Reaching System Enhancement means:" in out
    assert "- Standard child protection case management SOPs have been established." in out
    assert "It starts at month 0 (period 1, months 0-6) and is expected to be reached by month 12" in out
    assert "Its score is 8: +2 core function: case management is how children at risk are reached" in out
    assert "It starts at once, in the first period." in out
    assert "rule exposed-step-priority, which depends on the context armed_conflict" in out


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text("schema_version: 1\ncountry: Recordia\nas_of: 2026-06-30\n" + text)
    return p


def test_explain_a_step_that_waits_for_a_prerequisite(tmp_path):
    """Seed 000 (line 155): the national coordination mechanism needs the lead ministry first (finish-to-start)."""
    a = _write(tmp_path, "wait.yaml", 'ratings: {"2.1": 1, "2.2": 2}\n')
    path = record_of(tmp_path, a, "--horizon-years", "4")
    data = json.loads(run_cli("explain", path, "2.2:2-3", "-f", "json").stdout)
    later = data["why_not_earlier"]
    assert later["reason"] == "prerequisite" and [w["id"] for w in later["waited_for"]] == ["2.1:1-2"]
    end = later["waited_for"][0]["end_month"]
    assert data["step"]["start_month"] >= end
    out = " ".join(run_cli("explain", path, "2.2:2-3").stdout.split())
    assert f"It requires 2.1:1-2 (reached by month {end}): it starts only once they are reached." in out
    assert f"It waits for 2.1:1-2, expected by month {end}: if 2.1 were already at phase 2" in out


def test_explain_a_step_held_back_by_capacity(tmp_path):
    data = json.loads(run_cli("explain", record_of(tmp_path), "2.1:2-3", "-f", "json").stdout)
    later = data["why_not_earlier"]
    assert later["reason"] == "capacity"
    assert "no room earlier" in later["text"][0] and "Lead ministry" in later["text"][0]
    kinds = [x["kind"] for x in data["what_would_change_it"]["items"]]
    assert kinds[0] == "capacity" and kinds[-1] == "margin"


def test_explain_a_held_step(tmp_path):
    """At acute onset the reforms wait for the first period to pass (seed 001, line 13): a step whose every
    piece of work is a reform starts once the first period is over, and explain says which hold it was."""
    acute = tmp_path / "acute.yaml"
    acute.write_text(BEREMIA.read_text().replace("protracted_crisis", "acute_onset"))
    path = record_of(tmp_path, acute)
    record = json.loads(path.read_text())
    plan = record["plan"]
    first_end = plan["waves"][0]["end_month"]
    held = [r for r in plan["recommendations"] if any(iv["held"] for iv in r["interventions"])]
    assert held
    r = held[0]
    data = json.loads(run_cli("explain", path, r["id"], "-f", "json").stdout)
    text = " ".join(" ".join(data["why_not_earlier"]["text"]).split())
    assert "interventions start later than the step" in text and "at acute onset, reforms" in text
    assert all(iv["start_month"] >= first_end for iv in r["interventions"] if iv["held"])


def test_explain_the_whole_plan(tmp_path):
    path = record_of(tmp_path)
    record = json.loads(path.read_text())
    r = run_cli("explain", path)
    assert r.code == 0
    positions = [r.stdout.index(f"{x['rank']}. {x['id']} ") for x in record["plan"]["recommendations"]]
    assert positions == sorted(positions) and len(positions) == len(record["plan"]["recommendations"])
    n = len(record["plan"]["deferred"])
    assert f"Deferred ({n})" in r.stdout and "- 4.2:1-2 (score 2): no room when it could start" in r.stdout
    data = json.loads(run_cli("explain", path, "-f", "json").stdout)
    assert [s["id"] for s in data["steps"]] == [x["id"] for x in record["plan"]["recommendations"]]
    assert [d["id"] for d in data["deferred"]] == [x["id"] for x in record["plan"]["deferred"]]
    assert all(" ".join(s["text"].split()) in " ".join(r.stdout.split()) for s in data["steps"])


def test_explain_text_and_json_say_the_same(tmp_path):
    path = record_of(tmp_path)
    text = " ".join(run_cli("explain", path, "4.2:1-2").stdout.split())  # a deferred step
    assert "deferred" in text and "no room when it could start" in text
    for step in ("5.1:2-3", "3.3:respond-align-humanitarian-cm"):
        data = json.loads(run_cli("explain", path, step, "-f", "json").stdout)
        text = " ".join(run_cli("explain", path, step).stdout.split())
        for section in ("why_this_step", "why_now", "why_not_earlier", "what_would_change_it"):
            for sentence in data[section]["text"]:
                assert " ".join(sentence.split()) in text


def test_explain_unknown_step(tmp_path):
    r = run_cli("explain", record_of(tmp_path), "3.4:1-2")
    assert r.code == 1
    assert "no step '3.4:1-2' in the record" in r.stderr and "did you mean '3.3:1-2'" in r.stderr


def test_explain_and_verify_do_not_write_over_the_record(tmp_path):
    path = record_of(tmp_path)
    before = path.read_bytes()
    assert run_cli("explain", path, "-o", path).code == 4
    assert run_cli("verify", path, "-o", path).code == 4
    assert path.read_bytes() == before


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_why_not_earlier_matches_the_schedule(advisor, data):
    """Whatever explain says held a step back is true of the plan: the prerequisites it waited for end by its start,
    a hold ends by its start, or the plan had no room at an earlier start (its capacity or a lead actor's full)."""
    a = data.draw(assessments(advisor.kb, valid_contexts=True))
    horizon, capacity = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 5))
    plan_model = advisor.plan(a, PlanOptions(horizon, capacity))
    record = json.loads(to_json(make_record("generated.yaml", {"text": ""}, PlanOptions(horizon, capacity), plan_model)))
    plan = record["plan"]
    recs = {r["id"]: r for r in plan["recommendations"]}
    starts = [w["start_month"] for w in plan["waves"]]
    counted = [r for r in plan["recommendations"] if r["track"] == "system" and r["kind"] in ("climb", "restore")]
    stretched = any(p["policy"] == "lead_ministry_stretched" for p in plan["policies"])

    def limit(lead: str) -> int:
        return max(1, plan["per_lead_capacity"] - (1 if stretched and lead == "lead_ministry" else 0))

    def full_at(month: int, r: dict) -> bool:
        """At `month` the step could not start: no room in the plan, or for its lead, or a co-requisite was not
        ready (the group starts together)."""
        group = [r] + [recs[c] for c in r["co_requisites"] if c in recs]
        running = [x for x in counted if x["start_month"] <= month < x["end_month"]]
        if len(running) + len(group) > plan["capacity"]:
            return True
        for g in group:
            if g["lead"] and sum(1 for x in running if x["lead"] == g["lead"]) + \
                    sum(1 for h in group if h["lead"] == g["lead"]) > limit(g["lead"]):
                return True
        return any(any(recs[q]["end_month"] > month for q in g["requires"] if q in recs) for g in group[1:])

    for r in plan["recommendations"]:
        why = explain_step(record, r["id"])["why_not_earlier"]
        if why["reason"] in ("first-period", "beside"):
            assert r["start_month"] == 0 or why["reason"] == "beside"
        elif why["reason"] == "prerequisite":
            assert why["waited_for"] and all(w["end_month"] <= r["start_month"] for w in why["waited_for"])
            assert max(w["end_month"] for w in why["waited_for"]) > starts[0]
        elif why["reason"] == "held":
            assert any(iv["held"] for iv in r["interventions"]) or r["holds"]
        elif why["reason"] == "capacity":
            earlier = [m for m in starts if m < r["start_month"]]
            assert earlier and any(full_at(m, r) for m in earlier), r["id"]


def test_verify_names_a_tool_version_change(tmp_path):
    def older(d: dict) -> None:
        for provenance in (d["provenance"], d["plan"]["provenance"]):
            provenance["tool_version"] = "0.0.1"

    r = run_cli("verify", rewrite(record_of(tmp_path), older))
    out = " ".join(r.stdout.split())
    assert r.code == 5 and "the tool version changed: recorded cpss-advisor 0.0.1" in out
    assert "Steps that differ (0)" in out and "none" in out


def test_byte_order_mark_keeps_hashes_consistent(tmp_path):
    import hashlib

    src = tmp_path / "bom.yaml"
    src.write_bytes(b"\xef\xbb\xbf" + (EXAMPLES / "aldovia-early-stable.yaml").read_bytes())
    rec = tmp_path / "rec.json"
    r = run_cli("recommend", src, "-f", "json", "--record", rec)
    assert r.code == 0, r.stderr
    digest = hashlib.sha256(src.read_bytes()).hexdigest()
    assert json.loads(r.stdout)["provenance"]["input_sha256"] == digest
    assert json.loads(rec.read_text())["input"]["sha256"] == digest
    v = run_cli("verify", rec)
    assert v.code == 0 and v.stdout.strip() == "identical"


def test_records_of_workbook_inputs_verify(tmp_path, kb):
    book = tmp_path / "intake.xlsx"
    assert run_cli("template", "--format", "xlsx", "-o", book).code == 0
    import openpyxl

    wb = openpyxl.load_workbook(book)
    ws = wb["Ratings"]
    hrow = next(i for i, row in enumerate(ws.iter_rows(values_only=True), 1) if row and "Phase" in [str(v) for v in row])
    names = [str(c.value) for c in ws[hrow]]
    phase_col = names.index("Phase") + 1
    for r in range(hrow + 1, hrow + 20):
        ws.cell(row=r, column=phase_col).value = "Enhancement"
    wb.save(book)
    rec = tmp_path / "rec.json"
    r = run_cli("recommend", book, "--record", rec, "-f", "json")
    assert r.code == 0, r.stderr
    data = json.loads(rec.read_text())
    import hashlib

    assert data["input"]["sha256"] == hashlib.sha256(book.read_bytes()).hexdigest() and "base64" in data["input"]
    assert run_cli("verify", rec).stdout.strip() == "identical"
    data["input"]["base64"] = data["input"]["base64"][:-8] + "AAAAAAA="
    rec.write_text(json.dumps(data))
    v = run_cli("verify", rec)
    assert v.code != 0
