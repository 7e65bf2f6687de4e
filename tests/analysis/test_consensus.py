"""Consensus: participants' ratings compared per subdomain, the disagreements that change the plan, the agreed
assessment that keeps every individual rating."""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpss_advisor import api
from cpss_advisor.analysis.consensus import held_phase
from cpss_advisor.core.errors import InputError
from cpss_advisor.intake.assessment import Rating
from cpss_advisor.intake.assessment_data import assessment_data
from cpss_advisor.intake.load import load_assessment
from cpss_advisor.planning.pipeline import PlanOptions

from tests.conftest import EXAMPLES, SEEDS
from tests.generators import assessments

WORKSHOP = sorted((EXAMPLES / "consensus" / "beremia").glob("*.yaml"))
DECISIONS = EXAMPLES / "consensus" / "beremia-decisions.yaml"


@pytest.fixture(scope="module")
def workshop():
    return api.consensus(WORKSHOP)


def _plan_content(plan) -> dict:
    """What a plan recommends, without the provenance of its input."""
    data = plan.model_dump(mode="json")
    data.pop("provenance", None)
    data.pop("trace", None)
    data.pop("input", None)
    data["warnings"] = [{k: v for k, v in w.items() if k != "at"} for w in data["warnings"]]  # the file's name
    return {k: v for k, v in data.items() if k not in ("source", "assessment")}


def test_the_workshop_scenario_from_the_benchmarks(workshop):
    """Seed 000, line 104: the model lets UNICEF and its Government partners "assess the state of the child
    protection system, identify priorities ... and build consensus around the system strengthening approach and
    priority interventions". Two ministries and a partner rate Beremia independently: the consensus shows where they
    disagree, which disagreements change the priorities of the plan and which do not, and the agreed assessment
    keeps each participant's rating with who agreed and the evidence."""
    assert "build consensus around the system strengthening approach" in \
        (SEEDS / "000_456755f65268c9f7.txt").read_text().splitlines()[103]
    c = workshop
    assert c.participants == ["Ministry of Justice", "Ministry of Social Welfare", "UNICEF country office"]
    assert [s.subdomain for s in c.disagreements] == ["1.2", "3.3", "5.1", "6.2"]
    changes = {s.subdomain: s.changes_plan for s in c.disagreements}
    assert changes == {"1.2": False, "3.3": True, "5.1": True, "6.2": True}
    case = c.subdomain("3.3")
    assert case.ratings == {"Ministry of Justice": 1, "Ministry of Social Welfare": 2, "UNICEF country office": 1}
    assert case.held == 1 and case.held_because == "median"
    assert "National SOPs" in case.evidence["Ministry of Social Welfare"]
    (alt,) = case.alternatives
    assert alt.phase == 2 and alt.participants == ("Ministry of Social Welfare",)
    assert "3.3:1-2" in alt.removed and "3.3:2-3" in alt.added
    assert "drops 3.3 Case management and referral reaching System Enhancement" in case.changes
    law = c.subdomain("1.2")
    assert not law.changes_plan and "only scores, ranks or reasons differ" in law.changes
    agreed = api.agree(c, DECISIONS)
    assert {s: agreed.ratings[s].phase for s in ("1.2", "3.3", "5.1", "6.2")} == {"1.2": 2, "3.3": 1, "5.1": 1, "6.2": 2}
    entry = agreed.consensus.subdomains["3.3"]
    assert entry.agreed_by == ["Ministry of Social Welfare", "UNICEF country office"]
    assert entry.ratings["Ministry of Social Welfare"].phase == 2 and "draft" in entry.evidence
    assert agreed.consensus.subdomains["1.1"].agreed_by == c.participants  # unanimous: agreed by all who rated
    assert agreed.participant is None


def test_the_json_carries_the_contract(workshop):
    data = json.loads(api.render_report("consensus", workshop, "json"))
    assert data["kind"] == "consensus" and data["participants"] == workshop.participants
    row = next(s for s in data["subdomains"] if s["subdomain"] == "6.2")
    assert set(row) >= {"subdomain", "title", "ratings", "evidence", "agree", "changes_plan", "changes"}
    assert data["change_the_plan"] == ["3.3", "5.1", "6.2"]


def test_a_disagreement_without_a_decision_is_an_error_naming_it(workshop):
    with pytest.raises(InputError) as e:
        api.agree(workshop, {"3.3": {"phase": 1, "agreed_by": ["UNICEF country office"], "evidence": "draft SOPs"}})
    undecided = [p for p in e.value.problems if p.code == "undecided"]
    assert [p.message.split(" ")[0] for p in undecided] == ["1.2", "5.1", "6.2"]
    assert "Ministry of Justice 3" in undecided[0].message


def test_decisions_are_checked_with_their_place(tmp_path, workshop):
    bad = tmp_path / "decisions.yaml"
    bad.write_text('"3.3":\n  phase: 5\n  agreed_by: [UNICEF]\n  evidence: "x"\n"3.9": {phase: 1, agreed_by: [A], '
                   'evidence: "y"}\n')
    with pytest.raises(InputError) as e:
        api.agree(workshop, bad)
    found = {(p.code, p.line) for p in e.value.problems}
    assert ("bad-phase-range", 2) in found and ("unknown-subdomain", 5) in found
    bad.write_text('"3.3": {phase: 1, agreed_by: [UNICEF], evidence: "x"}\n')
    with pytest.raises(InputError) as e:
        api.agree(workshop, bad)
    unknown = next(p for p in e.value.problems if p.code == "unknown-participant")
    assert unknown.line == 1 and "UNICEF country office" in unknown.hint


def test_other_countries_are_an_error_naming_the_files(tmp_path):
    other = EXAMPLES / "aldovia-early-stable.yaml"
    with pytest.raises(InputError) as e:
        api.consensus([WORKSHOP[0], other])
    (p,) = e.value.problems
    assert p.code == "mismatched-country" and p.file == str(other) and str(WORKSHOP[0]) in p.message


def test_another_knowledge_base_is_an_error_naming_the_file(kb):
    a = load_assessment(WORKSHOP[0], kb)
    strange = dataclasses.replace(a, source="elsewhere.yaml", ratings={**a.ratings, "9.9": Rating(phase=2)})
    with pytest.raises(InputError) as e:
        api.consensus([a, strange], names=["A", "B"])
    assert e.value.problems[0].code == "mismatched-knowledge" and e.value.problems[0].file == "elsewhere.yaml"


def test_names_default_to_the_participant_then_the_file_name(tmp_path):
    text = WORKSHOP[0].read_text().replace("participant: Ministry of Justice\n", "")
    (tmp_path / "justice-team.yaml").write_text(text)
    c = api.consensus([tmp_path / "justice-team.yaml", WORKSHOP[1]])
    assert c.participants == ["justice-team", "Ministry of Social Welfare"]
    assert api.consensus(WORKSHOP[:2], names=["MoJ", "MoSW"]).participants == ["MoJ", "MoSW"]
    with pytest.raises(InputError) as e:
        api.consensus([WORKSHOP[0], WORKSHOP[0]])
    assert e.value.problems[0].code == "duplicate-participant"
    with pytest.raises(InputError) as e:
        api.consensus(WORKSHOP, names=["A", "B"])
    assert e.value.problems[0].code == "bad-participant"


def test_decisions_hold_their_subdomains_at_the_agreed_phase():
    c = api.consensus(WORKSHOP, decisions={"3.3": {"phase": 2, "agreed_by": ["Ministry of Social Welfare"],
                                                   "evidence": "the draft SOPs are used"}})
    case = c.subdomain("3.3")
    assert case.held == 2 and case.held_because == "agreed"
    assert [a.phase for a in case.alternatives] == [1]
    assert c.decided["3.3"]["phase"] == 2


def test_the_work_is_bounded(workshop):
    """One base plan, and one more per phase a participant gave a disputed subdomain other than its held phase."""
    assert sum(len(s.alternatives) for s in workshop.subdomains) == 4
    assert held_phase([1, 4]) == 2 and held_phase([1, 2, 2, 4]) == 2 and held_phase([3]) == 3


def test_the_agreed_assessment_round_trips_through_yaml_and_json(workshop, kb, tmp_path):
    agreed = api.agree(workshop, DECISIONS)
    for fmt in ("yaml", "json"):
        path = tmp_path / f"agreed.{fmt}"
        path.write_text(api.render_report("assessment", agreed, fmt))
        again = load_assessment(path, kb)
        assert assessment_data(again) == assessment_data(agreed)
    assert api.render_report("assessment", agreed, "yaml") == api.render_report("assessment", agreed, "yaml")


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_unanimous_participants_agree_everywhere_and_plan_as_one(kb, data):
    """Participants who all give the same ratings agree everywhere, no disagreement changes the plan, and their
    agreed assessment plans exactly like any one of them."""
    a = data.draw(assessments(kb, valid_contexts=True))
    if not a.ratings:
        a = dataclasses.replace(a, ratings={"3.3": Rating(phase=2)}, unrated=tuple(s for s in a.unrated if s != "3.3"))
    a = load_assessment(assessment_data(a), kb)  # as a participant's file reads it (with its warnings)
    n = data.draw(st.integers(2, 4))
    c = api.consensus([a] * n, names=[f"P{i}" for i in range(n)], knowledge=kb)
    assert all(s.agree and not s.changes_plan and not s.alternatives for s in c.subdomains)
    agreed = api.agree(c, {}, knowledge=kb)
    assert {s: r.phase for s, r in agreed.ratings.items()} == {s: r.phase for s, r in a.ratings.items()}
    one = api.recommend(a, knowledge=kb)
    together = api.recommend(agreed, knowledge=kb)
    assert _plan_content(together) == _plan_content(one)


def test_options_reach_the_plans():
    c = api.consensus(WORKSHOP, options={"horizon_years": 1, "capacity": 2})
    assert c.options == PlanOptions(1, 2).as_dict()


def test_an_assessment_without_participants_is_unchanged(kb):
    a = load_assessment(EXAMPLES / "beremia-conflict.yaml", kb)
    assert a.participant is None and a.consensus is None
    assert "participant" not in assessment_data(a) and "consensus" not in assessment_data(a)


def test_the_consensus_section_keeps_the_agreed_phase_equal_to_the_rating(tmp_path, kb, workshop):
    text = api.render_report("assessment", api.agree(workshop, DECISIONS), "yaml")
    path = tmp_path / "edited.yaml"
    path.write_text(text.replace('"3.3":\n    phase: 1', '"3.3":\n    phase: 2', 1))
    with pytest.raises(InputError) as e:
        load_assessment(path, kb)
    assert [p.code for p in e.value.problems] == ["consensus-mismatch"]




def test_the_problems_of_every_file_are_listed_at_once(tmp_path):
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("schema_version: 1\ncountry: Beremia\nas_of: 2026-06-30\nratings: {\"3.7\": 2}\n")
    b.write_text("schema_version: 1\ncountry: Beremia\nas_of: 2026-06-30\nratings: {\"3.3\": 9}\n")
    with pytest.raises(InputError) as e:
        api.consensus([a, WORKSHOP[0], b])
    assert {p.file for p in e.value.problems} == {str(a), str(b)}


def test_a_phase_lost_to_a_shock_is_kept_in_the_agreed_assessment(kb):
    """Participants who agree on a phase and record the phase a shock took away: the agreed assessment keeps it,
    so the way back restores rather than builds (as each participant's own plan would)."""
    base = {"schema_version": 1, "country": "Examplia", "as_of": "2026-06-30",
            "ratings": {"3.3": {"phase": 1, "prior_phase": 2}, "5.1": 2}}
    a = load_assessment(base, kb)
    c = api.consensus([a, a], names=["A", "B"], knowledge=kb)
    agreed = api.agree(c, {}, knowledge=kb)
    assert agreed.ratings["3.3"].prior_phase == 2
    assert [r.kind for r in api.recommend(agreed, knowledge=kb).recommendations if r.subdomain == "3.3"] == \
        [r.kind for r in api.recommend(a, knowledge=kb).recommendations if r.subdomain == "3.3"]


def test_files_that_differ_beyond_the_ratings_are_told(tmp_path):
    text = WORKSHOP[1].read_text().replace("context: [armed_conflict, protracted_crisis, government_capacity_weakened]",
                                           "context: [armed_conflict, protracted_crisis]")
    (tmp_path / "sw.yaml").write_text(text)
    c = api.consensus([WORKSHOP[0], tmp_path / "sw.yaml"])
    assert c.other_differences == ["Ministry of Social Welfare's file gives other context than Ministry of Justice's; "
                                   "Ministry of Justice's are used."]
    assert "Ministry of Social Welfare's file gives other context" in api.render_report("consensus", c, "text")


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_words_for_people_hold_no_ids(workshop, fmt):
    """The comparison names steps and subdomains in words: no step id, no snake_case id, no hash."""
    import re

    out = api.render_report("consensus", workshop, fmt)
    assert not re.search(r"\b\d\.\d:\d-\d\b", out)
    assert not re.search(r"\b(held_because|changes_plan|agreed_by|armed_conflict)\b", out)
    assert workshop.provenance["input_sha256"] not in out


def test_the_decisions_taken_are_shown_with_their_evidence():
    c = api.consensus(WORKSHOP, decisions=DECISIONS)
    assert c.decided["3.3"]["agreed_by"] == ["Ministry of Social Welfare", "UNICEF country office"]
    text = " ".join(api.render_report("consensus", c, "text").split())
    assert ("Agreed: System Building, agreed by Ministry of Social Welfare and UNICEF country office: The national "
            "SOPs are still a draft;") in text
    assert "in use.." not in text and "Compared with the plan at System Building (as agreed):" in text


def test_the_template_offers_the_participant_line(kb, tmp_path):
    text = api.render_report("template", __import__("datetime").date(2026, 6, 30), "yaml")
    text = text.replace('# participant: "Ministry of Social Welfare"', 'participant: "Ministry of Social Welfare"')
    text = text.replace('  # "3.3": 1 ', '  "3.3": 1 ')
    (tmp_path / "a.yaml").write_text(text.replace('"Country name"', "Examplia"))
    assert load_assessment(tmp_path / "a.yaml", kb).participant == "Ministry of Social Welfare"


def test_a_workbook_names_its_participant(kb, tmp_path):
    """An intake workbook's Assessment sheet may carry a Participant row, read like the YAML field."""
    import datetime
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(api.render_report("template", datetime.date(2026, 6, 30), "xlsx")))
    ws = wb["Assessment"]
    ws["B2"] = "Beremia"
    ws["A7"], ws["B7"] = "Participant", "Ministry of Justice"
    wb["Ratings"]["D2"] = 2
    wb.save(tmp_path / "justice.xlsx")
    a = load_assessment(tmp_path / "justice.xlsx", kb)
    assert a.participant == "Ministry of Justice"
    c = api.consensus([tmp_path / "justice.xlsx", WORKSHOP[1]], knowledge=kb)
    assert c.participants == ["Ministry of Justice", "Ministry of Social Welfare"]


def test_the_reports_render_from_the_json_data_too(workshop):
    data = json.loads(api.render_report("consensus", workshop, "json"))
    for fmt in ("text", "markdown", "html"):
        assert api.render_report("consensus", data, fmt) == api.render_report("consensus", workshop, fmt)
