"""Progress over time (`cpss_advisor.analysis.progress`): two assessments of one country, and the earlier plan.

Properties on generated assessments (an assessment compared with itself shows no change; every fall is flagged as a
regression; percentages stay within [0, 100]), the dates a step is due by, the follow-up of a real plan, the
refusals, trajectories, and a scenario written from the sources (a shock sets subdomains back).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpss_advisor import api
from cpss_advisor.analysis.progress import (
    SETBACK_NOTE,
    add_months,
    compare,
    months_between,
    percent,
    plan_progress,
    phase_changes,
    trajectories,
)
from cpss_advisor.audit.record import make_record, write_record
from cpss_advisor.core.errors import InputError
from cpss_advisor.planning.pipeline import PlanOptions
from tests.conftest import EXAMPLES, SEEDS
from tests.generators import SUBDOMAINS, assessments

BEREMIA = EXAMPLES / "beremia-conflict.yaml"
BEREMIA_2028 = EXAMPLES / "later" / "beremia-conflict-2028.yaml"
SLOW = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _later(a, **changes):
    return dataclasses.replace(a, as_of=dt.date(2028, 1, 1), source="later", **changes)


# --- properties --------------------------------------------------------------------------------------------------

@settings(max_examples=60, **SLOW)
@given(data=st.data())
def test_an_assessment_compared_with_itself_shows_no_change(kb, data):
    a = data.draw(assessments(kb))
    out = compare(a, _later(a), kb)
    assert out["counts"]["up"] == out["counts"]["down"] == 0
    assert out["counts"]["unchanged"] == len(a.ratings)
    assert out["regressions"] == [] and out["setback_note"] is None
    assert out["context"]["added"] == out["context"]["removed"] == []
    assert all(c["change"] in ("unchanged", "unrated") for c in out["subdomains"])


@settings(max_examples=60, **SLOW)
@given(data=st.data())
def test_every_fall_is_flagged_as_a_regression(kb, data):
    old, new = data.draw(assessments(kb)), data.draw(assessments(kb))
    out = compare(old, _later(new), kb)
    falls = sorted(s for s in old.ratings if s in new.ratings and new.ratings[s].phase < old.ratings[s].phase)
    assert out["regressions"] == falls
    for c in out["subdomains"]:
        assert c["regression"] == (c["subdomain"] in falls)
        if c["regression"]:
            assert c["change"] == "down" and c["phases"] < 0
    assert (out["setback_note"] == SETBACK_NOTE) == bool(falls)
    text = api.render_report("compare", out, "text", knowledge=kb)
    assert (f"Regressions ({len(falls)})" in text) == bool(falls) and ("Regressions (" in text) == bool(falls)


@st.composite
def plans(draw, old):
    """A plan's record data for `old`: targets above some ratings, and phase steps (and actions) with end months."""
    recs, targets = [], []
    for rank, sid in enumerate(sorted(old.ratings), 1):
        phase = old.ratings[sid].phase
        if phase < 4 and draw(st.booleans()):
            target = draw(st.integers(phase + 1, 4))
            targets.append({"subdomain": sid, "phase": target, "explicit": False})
            for p in range(phase, target):
                recs.append({"id": f"{sid}:{p}-{p + 1}", "kind": "climb", "subdomain": sid, "subdomain_title": sid,
                             "from_phase": p, "to_phase": p + 1, "rank": len(recs) + 1, "start_month": 0,
                             "end_month": draw(st.integers(1, 60))})
        if draw(st.integers(0, 4)) == 0:
            recs.append({"id": f"{sid}:respond", "kind": "respond", "subdomain": sid, "subdomain_title": sid,
                         "from_phase": phase, "to_phase": phase, "rank": len(recs) + 1, "start_month": 0,
                         "end_month": 3})
    return {"as_of": old.as_of.isoformat(), "horizon_months": 24, "recommendations": recs, "targets": targets,
            "deferred": []}


@settings(max_examples=80, **SLOW)
@given(data=st.data())
def test_percentages_stay_within_0_and_100(kb, data):
    old, new = data.draw(assessments(kb)), data.draw(assessments(kb))
    new = dataclasses.replace(new, as_of=add_months(old.as_of, data.draw(st.integers(0, 72))))
    plan = data.draw(plans(old))
    out = plan_progress(plan, old, new, phase_changes(old, new, kb), kb, "r.json")
    shares = [t["percent"] for t in out["targets"]] + [out["overall"]["percent"], out["to_date"]["percent"]]
    assert all(x is None or 0 <= x <= 100 for x in shares)
    assert out["overall"]["phases_gained"] <= out["overall"]["phases_planned"]
    assert sum(out["counts"].values()) == len(out["steps"])
    assert all(s["kind"] in ("climb", "restore") for s in out["steps"])
    for s in out["steps"]:
        reached = new.phase(s["subdomain"]) is not None and new.phase(s["subdomain"]) >= s["to_phase"]
        assert (s["status"] == "achieved") == reached


def test_percent_is_bounded_and_none_without_a_plan():
    assert percent(0, 0) is None
    assert percent(3, 2) == 100.0 and percent(-1, 2) == 0.0 and percent(1, 3) == 33.3


# --- dates -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("day,months,expected", [
    ("2026-06-30", 12, "2027-06-30"), ("2026-06-30", 33, "2029-03-30"), ("2026-01-31", 1, "2026-02-28"),
    ("2024-02-29", 12, "2025-02-28"), ("2026-06-30", 0, "2026-06-30")])
def test_add_months(day, months, expected):
    assert add_months(dt.date.fromisoformat(day), months).isoformat() == expected


@pytest.mark.parametrize("a,b,n", [("2026-06-30", "2028-06-30", 24), ("2026-06-30", "2028-06-29", 23),
                                   ("2026-01-31", "2026-02-28", 1), ("2028-06-30", "2026-06-30", -24)])
def test_months_between(a, b, n):
    assert months_between(dt.date.fromisoformat(a), dt.date.fromisoformat(b)) == n


# --- the Beremia example, two years later ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def beremia_record(tmp_path_factory):
    adv = api.advisor()
    intake = api.read_assessment(BEREMIA, knowledge=adv.kb)
    plan = adv.plan(intake.assessment, PlanOptions())
    path = tmp_path_factory.mktemp("record") / "beremia.json"
    write_record(path, make_record(intake.name, intake.content(), PlanOptions(), plan, created="2026-06-30T12:00:00Z"))
    return path


def test_the_earlier_plan_followed_up(beremia_record):
    out = api.compare(BEREMIA, BEREMIA_2028, record=beremia_record)
    status = {s["id"]: s["status"] for s in out["plan"]["steps"]}
    # due (end month by 30 June 2028) and reached; reached before it was due; due and not reached; not yet due
    assert status["3.3:1-2"] == status["7.3:1-2"] == status["3.2:2-3"] == "achieved"
    assert status["1.1:2-3"] == "achieved"
    assert status["5.2:2-3"] == status["2.3:2-3"] == status["6.4:2-3"] == "slipped"
    assert status["5.1:2-3"] == status["7.1:1-2"] == status["2.1:2-3"] == "not-yet-due"
    # a step ending in month 24 is due on the day 24 months after the earlier assessment
    step = next(s for s in out["plan"]["steps"] if s["id"] == "2.3:2-3")
    assert step["due"] == "2028-06-30" and step["due_by_new"]
    # actions (respond, protect, surge) are not phase steps
    assert not any(s["id"].endswith(("respond-align-humanitarian-cm", "secondment-to-government"))
                   for s in out["plan"]["steps"])
    assert out["plan"]["unplanned"] == [{"subdomain": "4.2", "title": "Minimum standards", "from_phase": 1,
                                         "to_phase": 2, "partly_planned": False, "deferred": True}]
    assert out["plan"]["overall"] == {"phases_planned": 19, "phases_gained": 6, "percent": 31.6, "subdomains": 19}
    assert out["plan"]["to_date"] == {"due": 7, "achieved": 4, "percent": 57.1}
    assert out["regressions"] == ["6.4"]
    assert [c["id"] for c in out["context"]["added"]] == ["natural_disaster"] and out["context"]["removed"] == []
    assert "Month 0 of the plan is taken to be the date of the earlier assessment" in out["plan"]["due_rule"]
    assert "phases gained / phases planned to target" in out["plan"]["percent_rule"]


def test_a_record_of_another_assessment_is_refused_naming_both(beremia_record, tmp_path):
    other = tmp_path / "beremia-edited.yaml"
    other.write_text(BEREMIA.read_text().replace("caseload_per_caseworker: 38", "caseload_per_caseworker: 37"))
    with pytest.raises(InputError) as exc:
        api.compare(other, BEREMIA_2028, record=beremia_record)
    (p,) = exc.value.problems
    assert p.code == "record-of-other-assessment" and p.file == str(beremia_record)
    assert str(BEREMIA) in p.message and str(other) in p.message


def test_assessments_of_two_countries_are_refused_at_the_later_country(tmp_path):
    other = tmp_path / "aldovia.yaml"
    other.write_text((EXAMPLES / "aldovia-early-stable.yaml").read_text())
    with pytest.raises(InputError) as exc:
        api.compare(BEREMIA, other)
    (p,) = exc.value.problems
    assert (p.code, p.file, p.line) == ("different-country", str(other), 4)
    assert "Aldovia" in p.message and "Beremia" in p.message and "cpss portfolio" in p.hint


def test_country_names_match_whatever_their_case_and_spacing(kb):
    a = api.load_assessment(BEREMIA, knowledge=kb)
    out = compare(a, _later(a, country="  BEREMIA "), kb)
    assert out["counts"]["down"] == 0


def test_a_later_assessment_dated_first_is_a_warning_saying_which_is_which(kb):
    a = api.load_assessment(BEREMIA, knowledge=kb)
    b = api.load_assessment(BEREMIA_2028, knowledge=kb)
    out = compare(b, a, kb)
    (w,) = out["warnings"]
    assert w["code"] == "not-later"
    assert "the first file given is read as the earlier assessment".lower() in w["text"].lower()
    assert str(BEREMIA) in w["text"] and str(BEREMIA_2028) in w["text"]
    assert out["months"] == -24
    assert compare(a, a, kb)["warnings"][0]["code"] == "not-later"  # the same day


def test_the_comparison_is_the_same_bytes_every_time(beremia_record, kb):
    first = api.render_report("compare", api.compare(BEREMIA, BEREMIA_2028, record=beremia_record), "json")
    assert first == api.render_report("compare", api.compare(BEREMIA, BEREMIA_2028, record=beremia_record), "json")


# --- trajectories ------------------------------------------------------------------------------------------------

def test_trajectories_order_one_country_by_date(kb):
    a = api.load_assessment(BEREMIA, knowledge=kb)
    b = api.load_assessment(BEREMIA_2028, knowledge=kb)
    c = api.load_assessment(EXAMPLES / "aldovia-early-stable.yaml", knowledge=kb)
    (t,) = trajectories([b, c, a], kb)
    assert t["country"] == "Beremia"
    assert [p["as_of"] for p in t["points"]] == ["2026-06-30", "2028-06-30"]
    (leg,) = t["legs"]
    assert [d["subdomain"] for d in leg["down"]] == ["6.4"] and t["regressions"] == ["6.4"]
    assert len(leg["up"]) == 6 and leg["context_added"] == ["natural_disaster"]
    assert t["overall"] == leg


# --- a scenario from the sources -----------------------------------------------------------------------------------

def test_a_shock_sets_subdomains_back_and_each_fall_is_flagged_and_explained(kb):
    """Seed 000, line 112 (Section 1.1, Phases of CPSS: the considerations for reading the phases): "various
    parts of the systems, i.e., intermediate outcomes (and individual subdomains), have the potential of moving back from a
    higher phase to a lower phase; e.g., sudden shocks and humanitarian situations can set back the progress made in
    systems strengthening, and some or all intermediate outcomes or subdomains may witness negative progress as a
    result."

    Beremia is re-assessed after a sudden-onset disaster: the shock preset of the knowledge base sets case
    management, the workforce and community mechanisms back one phase each and brings its context. Each fall is a
    regression, explained by the benchmarks' note with its source; the disaster shows as context added."""
    assert "sudden shocks and humanitarian situations can set back" in \
        (SEEDS / "000_456755f65268c9f7.txt").read_text().splitlines()[111]
    before = api.load_assessment(BEREMIA, knowledge=kb)
    preset = kb.shock_presets["sudden-onset-disaster"]
    ratings = dict(before.ratings)
    for s in preset.setbacks:
        r = ratings[s.subdomain]
        ratings[s.subdomain] = r.model_copy(update={"phase": max(1, r.phase - s.phases)})
    after = _later(before, ratings=ratings, context=tuple(sorted({*before.context, *preset.context})))
    out = compare(before, after, kb)
    fell = sorted(s.subdomain for s in preset.setbacks if before.ratings[s.subdomain].phase > 1)
    assert out["regressions"] == fell == ["5.1", "6.4"]  # 3.3 was already at System Building
    assert out["setback_note"]["source"] == {"seed": "000", "at": SETBACK_NOTE["source"]["at"], "line": 112}
    assert "a crisis or an abrupt shock may undo" in out["setback_note"]["text"]
    assert {c["id"] for c in out["context"]["added"]} == set(preset.context) - set(before.context)
    text = api.render_report("compare", out, "text", knowledge=kb)
    assert "Regressions (2)" in text and "(seed 000, line 112)" in text
    assert "6.4 Community mechanisms: 2 System Enhancement -> 1 System Building (down 1 phase)" in text


def test_subdomains_rated_in_one_assessment_only_are_not_compared(kb):
    a = api.load_assessment(BEREMIA, knowledge=kb)
    ratings = {s: r for s, r in a.ratings.items() if s != "4.2"}
    out = compare(a, _later(a, ratings=ratings, unrated=("4.2",)), kb)
    row = next(c for c in out["subdomains"] if c["subdomain"] == "4.2")
    assert row["change"] == "no-longer-rated" and not row["regression"]
    assert out["counts"]["not_compared"] == 1 and out["counts"]["unchanged"] == 18
    assert set(SUBDOMAINS) == {c["subdomain"] for c in out["subdomains"]}
