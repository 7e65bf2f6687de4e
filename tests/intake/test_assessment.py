"""Reading valid assessments: every accepted form, warnings, derived views, YAML and JSON alike."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from cpss_advisor.analysis.outcomes import outcome_views
from cpss_advisor.intake.assessment import PHASE_NAMES
from cpss_advisor.intake.load import load_assessment
from cpss_advisor.core.errors import InputError

from tests.conftest import EXAMPLES

SUBDOMAINS = ["1.1", "1.2", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "4.1", "4.2",
              "5.1", "5.2", "6.1", "6.2", "6.3", "6.4", "7.1", "7.2", "7.3"]


def write(tmp_path: Path, text: str, name: str = "a.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text)
    return p


def test_accepted_rating_forms(tmp_path, kb):
    p = write(tmp_path, """schema_version: 1
country: Testland
as_of: 2026-06-30
ratings:
  1.1: 2                       # unquoted: read as a number by YAML, taken as the id
  "1.2": enhancement
  "2.1": System Integration
  "2.2": "4"
  "3.3": {phase: 1, confidence: low, evidence: "agency-specific SOPs only"}
  "5.1": MATURITY
""")
    a = load_assessment(p, kb)
    assert {s: r.phase for s, r in a.ratings.items()} == {"1.1": 2, "1.2": 2, "2.1": 3, "2.2": 4, "3.3": 1, "5.1": 4}
    assert a.ratings["3.3"].confidence == "low"
    assert a.ratings["3.3"].evidence == "agency-specific SOPs only"
    assert a.as_of == dt.date(2026, 6, 30)
    assert len(a.unrated) == 13 and "3.1" in a.unrated


def test_empty_sections_and_unrated(tmp_path, kb):
    p = write(tmp_path, "schema_version: 1\ncountry: Testland\nas_of: '2026-06-30'\nratings:\n  '3.3': 2\ncontext:\n"
                        "targets:\n")
    a = load_assessment(p, kb)
    assert a.context == () and a.targets == {}
    assert a.unrated == tuple(s for s in SUBDOMAINS if s != "3.3")


def test_nothing_rated_is_refused_at_the_ratings_key(tmp_path, kb):
    # Every rating commented out (a blank template): refused, pointing at where to rate.
    p = write(tmp_path, "schema_version: 1\ncountry: Testland\nas_of: '2026-06-30'\nratings:\ncontext:\ntargets:\n")
    with pytest.raises(InputError) as exc:
        load_assessment(p, kb)
    [problem] = exc.value.problems
    assert (problem.code, problem.line, problem.column) == ("nothing-rated", 4, 1)
    assert "under 'ratings:'" in problem.hint


def test_warnings_do_not_fail(tmp_path, kb):
    p = write(tmp_path, """schema_version: 1
country: Testland
as_of: 2026-06-30
ratings: {"3.3": 3}
context: [epidemic]
targets: {"3.3": 2, "5.1": 3}
""")
    a = load_assessment(p, kb)
    codes = sorted(w.code for w in a.warnings)
    assert codes == ["incomplete-context", "target-reached", "target-unrated"]
    shock = next(w for w in a.warnings if w.code == "incomplete-context")
    assert "should come with one of: acute_onset" in shock.message and shock.line == 5


def test_outcome_view_weakest_and_median(tmp_path, kb):
    p = write(tmp_path, 'schema_version: 1\ncountry: T\nas_of: 2026-01-01\nratings: {"2.1": 1, "2.2": 3, "2.3": 4}\n')
    views = {v.outcome: v for v in outcome_views(load_assessment(p, kb), kb)}
    assert (views["2"].weakest, views["2"].median, views["2"].rated) == (1, 3, 3)
    assert (views["1"].weakest, views["1"].median, views["1"].rated) == (None, None, 0)


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_examples_are_valid(example, kb):
    a = load_assessment(example, kb)
    assert a.country and a.ratings


def test_examples_differ_in_kind(kb):
    loaded = {p.stem: load_assessment(p, kb) for p in EXAMPLES.glob("*.yaml")}
    early = loaded["aldovia-early-stable"]
    shock = loaded["beremia-conflict"]
    decentral = loaded["corvania-decentralisation"]
    assert max(r.phase for r in early.ratings.values()) <= 2 and not any(
        kb.contexts[c].category == "shock" for c in early.context)
    assert "armed_conflict" in shock.context and sorted(r.phase for r in shock.ratings.values())[9] == 2
    assert "decentralisation_reform" in decentral.context
    assert sorted(r.phase for r in decentral.ratings.values())[9] == 3


# --- properties -------------------------------------------------------------------------------------------------

phase_forms = st.integers(1, 4).flatmap(lambda n: st.sampled_from([
    n, str(n), PHASE_NAMES[n], PHASE_NAMES[n].upper(), f"System {PHASE_NAMES[n].title()}",
    {"phase": n}, {"phase": PHASE_NAMES[n], "confidence": "high"}]).map(lambda form: (n, form)))

ratings_strategy = st.dictionaries(st.sampled_from(SUBDOMAINS), phase_forms, min_size=1, max_size=19)


def _dump_yaml(data: dict, path: Path) -> None:
    yaml = YAML()
    with path.open("w") as fh:
        yaml.dump(data, fh)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ratings=ratings_strategy)
def test_any_accepted_form_gives_the_intended_phase_in_yaml_and_json(tmp_path, kb, ratings):
    data = {"schema_version": 1, "country": "Propland", "as_of": "2026-06-30",
            "ratings": {sid: form for sid, (_, form) in ratings.items()}}
    y, j = tmp_path / "p.yaml", tmp_path / "p.json"
    _dump_yaml(data, y)
    j.write_text(json.dumps(data))
    a_yaml, a_json = load_assessment(y, kb), load_assessment(j, kb)
    expected = {sid: n for sid, (n, _) in ratings.items()}
    assert {s: r.phase for s, r in a_yaml.ratings.items()} == expected
    assert a_yaml.ratings == a_json.ratings
    assert set(a_yaml.unrated) == set(SUBDOMAINS) - set(expected)


junk = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(extra=st.dictionaries(st.sampled_from(["ratings", "context", "targets", "figures", "notes", "country",
                                                "as_of", "schema_version", "other"]), junk, max_size=5))
def test_arbitrary_values_give_a_result_or_a_located_input_error(tmp_path, kb, extra):
    data = {"schema_version": 1, "country": "Fuzzland", "as_of": "2026-06-30", **extra}
    p = tmp_path / "f.json"
    p.write_text(json.dumps(data))
    try:
        load_assessment(p, kb)
    except InputError as exc:
        assert exc.problems
        assert all(pr.file == str(p) and pr.message for pr in exc.problems)
