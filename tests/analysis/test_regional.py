"""The regional analysis of `cpss portfolio`: the milestones the countries' plans share and hold back, where one
regional investment unblocks the most (with what it can be only where a source says so), the countries grouped by
profile; its counts, its independence of file order and of the number of worker processes."""

from __future__ import annotations

import importlib.util
import json
import random
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpss_advisor.analysis.portfolio import build_portfolio, read_and_plan_all
from cpss_advisor.analysis.regional import REGIONAL_FORMS, counted_rows, regional_form
from cpss_advisor.planning.pipeline import Advisor, PlanOptions
from cpss_advisor.render.portfolio_text import render_markdown, render_text

from tests.conftest import EXAMPLES, FIXTURES, ROOT, SEEDS, run_cli

ALL_AT_MATURITY = {sid: 4 for sid in ("1.1", "1.2", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "4.1", "4.2", "5.1",
                                      "5.2", "6.1", "6.2", "6.3", "6.4", "7.1", "7.2", "7.3")}


@pytest.fixture(scope="module")
def advisor() -> Advisor:
    return Advisor.load()


def write_assessment(path: Path, country: str, ratings: dict, context: list[str], *, as_of: str = "2026-06-30",
                     targets: dict | None = None) -> Path:
    lines = ["schema_version: 1", f"country: {country}", f"as_of: {as_of}", "ratings:"]
    lines += [f'  "{sid}": {phase}' for sid, phase in sorted(ratings.items())]
    lines.append(f"context: [{', '.join(context)}]")
    if targets:
        lines.append("targets: {" + ", ".join(f'"{k}": {v}' for k, v in targets.items()) + "}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def workforce_region(tmp_path: Path) -> Path:
    """Three countries whose case management waits for the workforce: 3.3 at System Enhancement aiming at System
    Integration, 5.1 at System Building, everything else at System Maturity; different settings."""
    d = tmp_path / "region"
    d.mkdir()
    ratings = {**ALL_AT_MATURITY, "3.3": 2, "5.1": 1}
    write_assessment(d / "alpha.yaml", "Alpha", ratings, [], targets={"3.3": 3})
    write_assessment(d / "beta.yaml", "Beta", ratings, ["armed_conflict", "protracted_crisis"], targets={"3.3": 3})
    write_assessment(d / "gamma.yaml", "Gamma", ratings, ["natural_disaster", "recovery"], targets={"3.3": 3})
    return d


def seed_lines(seed: str, first: int, last: int) -> str:
    path = next(SEEDS.glob(f"{seed}_*.txt"))
    return "\n".join(path.read_text(encoding="utf-8").splitlines()[first - 1:last])


# --- a scenario from the sources ---------------------------------------------------------------------------------

def test_a_shared_workforce_prerequisite_is_the_regional_investment_that_unblocks_most(workforce_region, advisor):
    """Seed 000, Table 1, 3.3 System Enhancement (line 162): case management stays weak without "a formal and
    nationally/sub-nationally adopted training and supervision system for case workers", which the workforce
    subdomain starts building (5.1, line 168: "licencing and accreditation systems for social service workers do
    not exist" at System Building). Seed 002, Human and financial resources (lines 38-42): "Establish and invest in
    a diverse, qualified and wellsupported child protection social service workforce", the foundation the
    knowledge base weighs as a core function (knowledge/planning.yaml). Three countries whose case management
    waits for the workforce: the workforce reaching System Enhancement is the milestone that holds back every
    plan, and the regional investment named is workforce accreditation, cited and marked as the project's
    reading."""
    data = build_portfolio([workforce_region], advisor, PlanOptions(), jobs=1)
    regional = data["regional"]
    top = regional["investments"][0]
    assert (top["subdomain"], top["phase"], top["holds_back"], top["rank"]) == ("5.1", 2, 3, 1)
    assert top["reason"].startswith("5.1 Social service workforce reaching System Enhancement holds back the plans "
                                    "of 3 of 3 countries (Alpha, Beta, Gamma): in 3 plans, 3.3 Case management and "
                                    "referral reaching System Integration depends on it.")
    form = top["regional_form"]
    assert "accredits" in form["text"] and "licensing" in form["text"] and form["inferred"]
    assert any(s.startswith("seed 002, Human and financial resources") and s.endswith("(lines 38-42) [inferred]")
               for s in form["sources"])
    assert any(s.startswith("seed 000, Table 1, 5.1") for s in form["sources"])
    milestones = {(m["subdomain"], m["phase"]): m for m in regional["milestones"]}
    assert milestones[("5.1", 2)]["held"] == [{"subdomain": "3.3", "title": "Case management and referral",
                                               "phase": 3, "phase_name": "System Integration", "plans": 3}]
    assert milestones[("3.3", 3)]["holds_back"] == 0 and milestones[("3.3", 3)]["plans"] == 3
    # the three settings make three profiles, all weakest in the workforce's outcome
    assert [len(g["countries"]) for g in regional["profiles"]] == [1, 1, 1]
    assert {g["weakest"] for g in regional["profiles"]} == {"5"}
    assert {g["stage"] for g in regional["profiles"]} == {None, "protracted_crisis", "recovery"}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents are not beside the checkout")
def test_every_regional_form_cites_lines_that_say_so():
    """What a regional investment can be is said only where a source describes the work: each cited passage holds
    the words the form rests on."""
    words = {"5.1": ["accreditation", "workforce"], "7.1": ["CPIMS"], "3.3": ["case information management"]}
    for form in REGIONAL_FORMS:
        cited = " ".join(seed_lines(c.seed, *c.lines) for c in form.sources)
        for w in words[form.subdomain]:
            assert w.lower() in cited.lower(), (form.subdomain, w)
        assert all(c.inferred and c.reason for c in form.sources), "pooling across countries is the project's reading"
    assert "comparative information across various countries" in seed_lines("000", 102, 102)


def test_no_form_is_invented_where_no_source_describes_one(advisor):
    data = build_portfolio([EXAMPLES], advisor, PlanOptions(), jobs=1)
    assert data["regional"]["investments"]
    for i in data["regional"]["investments"]:
        assert (i["regional_form"] is None) == (regional_form(i["subdomain"], i["phase"]) is None)
    text = render_text(data)
    assert "the sources describe no shared form of this work" in text
    assert "cost" not in json.dumps(data["regional"]).replace("No cost", "").lower()


# --- counting ----------------------------------------------------------------------------------------------------

def test_a_country_assessed_twice_counts_once_by_its_latest_assessment(workforce_region, advisor):
    earlier = {**ALL_AT_MATURITY, "3.3": 1, "5.1": 1}
    write_assessment(workforce_region / "alpha-2024.yaml", "Alpha", earlier, [], as_of="2024-06-30")
    data = build_portfolio([workforce_region], advisor, PlanOptions(), jobs=1)
    assert data["valid"] == 4 and data["regional"]["countries"] == 3
    assert [Path(f).name for f in data["regional"]["counted_files"]] == ["alpha.yaml", "beta.yaml", "gamma.yaml"]
    assert "latest assessment" in data["regional"]["counting_rule"]
    assert data["regional"]["investments"][0]["holds_back"] == 3


def test_counted_rows_keep_the_latest_then_the_last_file():
    rows = [{"country": "A", "as_of": "2024-01-01", "file": "b"}, {"country": "A", "as_of": "2025-01-01", "file": "a"},
            {"country": "B", "as_of": "2025-01-01", "file": "x"}, {"country": "B", "as_of": "2025-01-01", "file": "y"}]
    assert [(r["country"], r["file"]) for r in counted_rows(rows)] == [("A", "a"), ("B", "y")]


def test_profiles_group_countries_that_share_weakest_outcome_stage_and_shocks(tmp_path, advisor):
    ratings = {**ALL_AT_MATURITY, "7.1": 1, "7.2": 1, "7.3": 2}
    for name in ("Delta", "Epsilon"):
        write_assessment(tmp_path / f"{name.lower()}.yaml", name, ratings, ["armed_conflict", "protracted_crisis"])
    write_assessment(tmp_path / "zeta.yaml", "Zeta", ratings, ["armed_conflict", "acute_onset"])
    data = build_portfolio([tmp_path], advisor, PlanOptions(), jobs=1)
    groups = data["regional"]["profiles"]
    assert [g["countries"] for g in groups] == [["Delta", "Epsilon"], ["Zeta"]]
    assert groups[0]["description"] == ("Weakest outcome: 7. Data collection and monitoring systems; stage: "
                                         "Protracted crisis; shocks: Armed conflict")
    assert "weakest intermediate outcome" in data["regional"]["profile_rule"]
    assert data["regional"]["profile_source"].endswith("[inferred]")


# --- properties --------------------------------------------------------------------------------------------------

def _generator():
    spec = importlib.util.spec_from_file_location("portfolio_benchmark", ROOT / "benchmarks" / "portfolio.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated(tmp_path_factory, kb) -> list[Path]:
    """Twelve fictional assessments (two of them the same country), and an invalid file."""
    d = tmp_path_factory.mktemp("generated")
    _generator().generate(kb, d / "gen", 12, seed=11)
    files = sorted((d / "gen").glob("*.yaml"))
    files[1].write_text(files[1].read_text().replace("Country 0001", "Country 0000"))
    shutil.copy(FIXTURES / "bad" / "unknown_subdomain.yaml", d / "gen" / "broken.yaml")
    return [*files, d / "gen" / "broken.yaml"]


@pytest.fixture(scope="module")
def generated_data(generated, advisor) -> dict:
    return build_portfolio(generated, advisor, PlanOptions(), jobs=1)


def test_counts_never_exceed_the_number_of_plans(generated_data):
    r = generated_data["regional"]
    assert r["countries"] == 11 and generated_data["valid"] == 12
    assert r["milestones"], "the generated plans share milestones"
    for m in r["milestones"]:
        assert 0 <= m["first_period"] <= m["plans"] <= r["countries"]
        assert 0 <= m["holds_back"] + m["helps"] <= r["countries"] and m["deferred"] <= r["countries"]
        assert m["plans"] + m["deferred"] <= r["countries"]
        assert all(1 <= h["plans"] <= m["holds_back"] for h in m["held"])
        assert len(m["countries_held"]) == m["holds_back"]
    assert sum(len(g["countries"]) for g in r["profiles"]) == r["countries"]
    ranks = [m["rank"] for m in r["milestones"]]
    assert ranks == sorted(ranks) and ranks[0] == 1


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(order=st.randoms(use_true_random=False))
def test_the_same_files_in_any_order_give_the_same_output(generated, generated_data, advisor, order):
    files = list(generated)
    order.shuffle(files)
    data = build_portfolio(files, advisor, PlanOptions(), jobs=1)
    assert data == generated_data
    assert render_markdown(data) == render_markdown(generated_data)


def test_parallel_and_serial_reading_give_identical_output(generated, generated_data, advisor):
    two = build_portfolio(generated, advisor, PlanOptions(), jobs=2)
    assert json.dumps(two, sort_keys=True) == json.dumps(generated_data, sort_keys=True)
    assert render_text(two) == render_text(generated_data)
    serial = read_and_plan_all(generated, advisor, PlanOptions(), jobs=1)
    pooled = read_and_plan_all(generated, advisor, PlanOptions(), jobs=2)
    assert [(i.file, i.sha256, i.valid, i.problems, row) for i, row in serial] == \
           [(i.file, i.sha256, i.valid, i.problems, row) for i, row in pooled]


def test_the_command_reads_in_parallel_by_default_for_many_files(monkeypatch, generated):
    from cpss_advisor.analysis import portfolio

    assert portfolio.default_jobs(3) == 1
    monkeypatch.setattr(portfolio, "cores", lambda: 2)
    assert portfolio.default_jobs(2000) == 2 and portfolio.default_jobs(150) == 1
    monkeypatch.setattr(portfolio, "cores", lambda: 8)
    assert portfolio.default_jobs(350) == 3
    one = run_cli("portfolio", *generated, "-f", "json", "--jobs", "1")
    default = run_cli("portfolio", *generated, "-f", "json")
    assert one.code == default.code == 0 and one.stdout == default.stdout


def test_shuffled_cli_runs_give_the_same_bytes(generated):
    files = list(generated)
    random.Random(3).shuffle(files)
    for fmt in ("text", "markdown", "json"):
        assert run_cli("portfolio", *generated, "-f", fmt).stdout == run_cli("portfolio", *files, "-f", fmt).stdout


def plan_oracle(plan) -> dict:
    """The digest read from a built plan, as `cpss recommend` writes it: the reference for `schedule_digest`."""
    steps = [r for r in plan.recommendations if r.kind in ("climb", "restore")]
    where = {r.id: (r.subdomain, r.to_phase) for r in [*steps, *plan.deferred]}
    milestones = []
    for r, planned in [*((r, True) for r in steps), *((r, False) for r in plan.deferred)]:
        dependants = {where[t.dependant] for t in [*r.score_terms, *r.unpaid_terms]
                      if t.dependant in where and where[t.dependant][0] != r.subdomain}
        milestones.append({"subdomain": r.subdomain, "phase": r.to_phase, "planned": planned,
                           "first_period": planned and r.wave == 1, "dependants": [list(d) for d in sorted(dependants)]})
    every = [*plan.recommendations, *plan.deferred]
    return {
        "first_wave": [{"id": r.id, "subdomain": r.subdomain, "from_phase": r.from_phase, "to_phase": r.to_phase}
                       for r in steps if r.wave == 1],
        "blocking": sorted({q.split(":")[0] for r in every for q in r.requires if q.split(":")[0] != r.subdomain}),
        "steps": len(steps), "deferred": len(plan.deferred),
        "first_period": plan.waves[0].months if plan.waves else None,
        "milestones": sorted(milestones, key=lambda m: (m["subdomain"], m["phase"])),
    }


def test_the_digest_from_the_schedule_is_that_of_the_plan(generated, advisor):
    from cpss_advisor.analysis.portfolio import schedule_digest
    from cpss_advisor.intake.load import load_assessment

    for path in [*generated[:-1], *EXAMPLES.glob("*.yaml")]:
        a = load_assessment(path, advisor.kb)
        for options in (PlanOptions(), PlanOptions(horizon_years=1, capacity=2)):
            assert schedule_digest(advisor.schedule(a, options)) == plan_oracle(advisor.plan(a, options)), path.name
