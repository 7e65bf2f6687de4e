"""`cpss portfolio`: the regional comparison agrees with `cpss recommend` on every country, survives broken files,
and gives the same bytes whatever the number of worker processes."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import shutil
import statistics
from pathlib import Path

import pytest

from cpss_advisor.core.errors import InputError
from cpss_advisor.planning.pipeline import Advisor, PlanOptions
from cpss_advisor.analysis.portfolio import build_portfolio, collect_files

from tests.conftest import EXAMPLES, FIXTURES, ROOT, run_cli

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
BAD = ["phase_misspelled.yaml", "unknown_subdomain.yaml", "json_syntax.json"]


STEPS = ("climb", "restore")


@pytest.fixture(scope="module")
def plans() -> dict[str, dict]:
    """`cpss recommend --format json` for each shipped example, by file name."""
    out = {}
    for p in EXAMPLE_FILES:
        r = run_cli("recommend", p, "--format", "json")
        assert r.code == 0, r.stderr
        out[p.name] = json.loads(r.stdout)
    return out


@pytest.fixture(scope="module")
def portfolio() -> dict:
    r = run_cli("portfolio", EXAMPLES, "--format", "json")
    assert r.code == 0, r.stderr
    assert r.stderr == ""
    return json.loads(r.stdout)


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """The three examples, three broken assessments and a README that is not an assessment at all."""
    d = tmp_path / "region"
    d.mkdir()
    for p in EXAMPLE_FILES:
        shutil.copy(p, d / p.name)
    for name in BAD:
        shutil.copy(FIXTURES / "bad" / name, d / name)
    (d / "README.md").write_text("# Country files\n\n- `x`: not YAML at all: [\n")
    (d / "notes.txt").write_text("country: Nowhere\n")
    return d


def by_name(data: dict) -> dict[str, dict]:
    return {Path(r["file"]).name: r for r in data["countries"]}


# --- the shipped examples ----------------------------------------------------------------------------------------

def test_phase_table(portfolio, plans, kb):
    assert portfolio["files"] == 3 and portfolio["valid"] == 3 and portfolio["invalid"] == []
    assert [r["country"] for r in portfolio["countries"]] == ["Aldovia", "Beremia", "Corvania"]
    assert [s["subdomain"] for s in portfolio["subdomains"]] == sorted(kb.subdomains)
    rows = by_name(portfolio)
    assert rows["aldovia-early-stable.yaml"]["phases"]["1.1"] == 1
    assert rows["aldovia-early-stable.yaml"]["phases"]["6.1"] == 2
    assert rows["beremia-conflict.yaml"]["phases"]["3.3"] == 1
    assert rows["beremia-conflict.yaml"]["phases"]["5.1"] == 2
    assert rows["corvania-decentralisation.yaml"]["phases"]["1.1"] == 3
    assert rows["corvania-decentralisation.yaml"]["phases"]["2.3"] == 2
    for name, plan in plans.items():
        rated = {x["subdomain"]: x["phase"] for x in plan["ratings"]}
        assert rows[name]["phases"] == {s["subdomain"]: rated.get(s["subdomain"]) for s in portfolio["subdomains"]}


def test_first_waves_are_those_of_recommend(portfolio, plans):
    rows = by_name(portfolio)
    for name, plan in plans.items():
        expected = [r["id"] for r in plan["recommendations"] if r["wave"] == 1 and r["kind"] in STEPS]
        assert expected, name
        assert [s["id"] for s in rows[name]["first_wave"]] == expected
    beremia = rows["beremia-conflict.yaml"]["first_wave"][0]
    assert beremia == {"id": "3.3:1-2", "subdomain": "3.3", "title": "Case management and referral",
                       "from_phase": 1, "to_phase": 2}


def test_bottleneck_counts_from_the_traces(portfolio, plans):
    blocking: dict[str, int] = {}
    first: dict[str, int] = {}
    building: dict[str, int] = {}
    for plan in plans.values():
        steps = plan["recommendations"] + plan["deferred"]
        # a subdomain blocks when another subdomain's step waits for one of its steps (finish-to-start)
        waited = {q.split(":")[0] for r in steps for q in r["requires"] if q.split(":")[0] != r["subdomain"]}
        for sid in waited:
            blocking[sid] = blocking.get(sid, 0) + 1
        for sid in {r["subdomain"] for r in plan["recommendations"] if r["wave"] == 1 and r["kind"] in STEPS}:
            first[sid] = first.get(sid, 0) + 1
        for x in plan["ratings"]:
            if x["phase"] == 1:
                building[x["subdomain"]] = building.get(x["subdomain"], 0) + 1
    assert blocking, "the examples should have at least one blocking prerequisite"
    got = {b["subdomain"]: b for b in portfolio["bottlenecks"]}
    assert len(got) == 19
    for sid, b in got.items():
        assert (b["blocking"], b["first_wave"], b["at_building"]) == \
               (blocking.get(sid, 0), first.get(sid, 0), building.get(sid, 0)), sid
    ranked = [(-b["blocking"], -b["first_wave"], -b["at_building"], b["subdomain"]) for b in portfolio["bottlenecks"]]
    assert ranked == sorted(ranked)
    assert portfolio["bottlenecks"][0]["rank"] == 1
    assert max(blocking, key=lambda s: (blocking[s], first.get(s, 0), building.get(s, 0))) == \
        portfolio["bottlenecks"][0]["subdomain"]


def test_outcome_medians(portfolio, plans, kb):
    for o in portfolio["outcomes"]:
        per_country = []
        for plan in plans.values():
            phases = [x["phase"] for x in plan["ratings"] if kb.subdomains[x["subdomain"]].outcome == o["outcome"]]
            per_country.append(statistics.median(phases))
        assert o["assessments"] == 3
        assert o["median"] == statistics.median(per_country), o["outcome"]
        assert (o["lowest"], o["highest"]) == (min(per_country), max(per_country))


def test_provenance(portfolio, plans):
    prov = portfolio["provenance"]
    some = next(iter(plans.values()))["provenance"]
    assert prov["knowledge_sha256"] == some["knowledge_sha256"] and prov["rules_sha256"] == some["rules_sha256"]
    assert prov["inputs"] == [{"file": str(p), "sha256": hashlib.sha256(p.read_bytes()).hexdigest(), "valid": True}
                              for p in EXAMPLE_FILES]


def test_options_reach_the_plans(tmp_path):
    beremia = EXAMPLES / "beremia-conflict.yaml"
    plan = json.loads(run_cli("recommend", beremia, "--capacity", "2", "--horizon-years", "3", "-f", "json").stdout)
    data = json.loads(run_cli("portfolio", beremia, "--capacity", "2", "--horizon-years", "3", "-f", "json").stdout)
    assert (data["capacity"], data["horizon_years"]) == (2, 3)
    assert [s["id"] for s in data["countries"][0]["first_wave"]] == \
           [r["id"] for r in plan["recommendations"] if r["wave"] == 1 and r["kind"] in STEPS]
    assert len(data["countries"][0]["first_wave"]) == 2


# --- broken inputs -----------------------------------------------------------------------------------------------

def test_broken_files_are_listed_and_the_others_reported(mixed):
    r = run_cli("portfolio", mixed, "-f", "json")
    assert r.code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["valid"] == 3 and data["files"] == 6
    assert [r["country"] for r in data["countries"]] == ["Aldovia", "Beremia", "Corvania"]
    assert [Path(x["file"]).name for x in data["invalid"]] == sorted(BAD)
    # Not an assessment file: never read, so neither listed as invalid nor hashed.
    assert {Path(x["file"]).name for x in data["provenance"]["inputs"]} == {p.name for p in EXAMPLE_FILES} | set(BAD)
    problems = {Path(x["file"]).name: x["problems"] for x in data["invalid"]}
    misspelled = problems["phase_misspelled.yaml"][0]
    assert misspelled["line"] == 5 and "'Integation' is not a phase" in misspelled["message"]
    assert misspelled["hint"] == "did you mean 'integration'?"
    assert problems["unknown_subdomain.yaml"][0]["message"] == "unknown subdomain '3.7'"
    assert problems["json_syntax.json"][0]["message"].startswith("invalid JSON")
    # Also on stderr, one line per problem, hint included.
    lines = r.stderr.splitlines()
    assert len(lines) == sum(len(p) for p in problems.values())
    assert f"{mixed / 'phase_misspelled.yaml'}:5:10: ratings.\"1.1\".phase: 'Integation' is not a phase" in r.stderr
    assert any(line.endswith("(hint: did you mean 'integration'?)") for line in lines)


def test_broken_files_in_text_and_markdown(mixed):
    text = run_cli("portfolio", mixed)
    assert text.code == 0
    assert "Not valid (3)" in text.stdout and "unknown subdomain '3.7'" in text.stdout
    assert "hint: did you mean 'integration'?" in text.stdout
    md = run_cli("portfolio", mixed, "-f", "markdown")
    assert md.code == 0 and "## Not valid (3)" in md.stdout and "unknown subdomain '3.7'" in md.stdout


def test_only_broken_files_exit_1(tmp_path):
    for name in BAD:
        shutil.copy(FIXTURES / "bad" / name, tmp_path / name)
    r = run_cli("portfolio", tmp_path)
    assert r.code == 1 and r.stdout == ""
    assert "unknown subdomain '3.7'" in r.stderr and "none of the 3 assessment files is valid" in r.stderr


def test_empty_directory_exits_1(tmp_path):
    r = run_cli("portfolio", tmp_path)
    assert r.code == 1 and r.stdout == ""
    assert f"{tmp_path}: no assessment files found" in r.stderr
    (tmp_path / "README.md").write_text("# nothing here\n")
    r = run_cli("portfolio", tmp_path)
    assert r.code == 1 and "no assessment files found" in r.stderr


def test_missing_file_is_a_listed_problem(tmp_path):
    missing = tmp_path / "absent.yaml"
    r = run_cli("portfolio", EXAMPLES / "aldovia-early-stable.yaml", missing, "-f", "json")
    assert r.code == 0
    data = json.loads(r.stdout)
    assert data["invalid"][0]["problems"][0]["message"] == "no such file"
    assert {"file": str(missing), "sha256": None, "valid": False} in data["provenance"]["inputs"]
    assert f"{missing}: no such file" in r.stderr


def test_no_arguments_is_a_usage_error():
    assert run_cli("portfolio").code == 2


# --- duplicates, files and directories ---------------------------------------------------------------------------

def test_same_country_twice_is_kept_with_its_file(tmp_path):
    copy = tmp_path / "aldovia-2025.yaml"
    copy.write_text((EXAMPLES / "aldovia-early-stable.yaml").read_text().replace("2026-03-31", "2025-03-31"))
    data = json.loads(run_cli("portfolio", EXAMPLES, copy, "-f", "json").stdout)
    # Rows sort by country, then file: where the copy lands depends on where the checkout is.
    aldovia = sorted([str(copy), str(EXAMPLES / "aldovia-early-stable.yaml")])
    assert [(r["country"], r["file"]) for r in data["countries"]] == [
        ("Aldovia", aldovia[0]), ("Aldovia", aldovia[1]),
        ("Beremia", str(EXAMPLES / "beremia-conflict.yaml")),
        ("Corvania", str(EXAMPLES / "corvania-decentralisation.yaml"))]
    assert data["valid"] == 4
    assert data["duplicates"] == [{"country": "Aldovia", "files": aldovia}]
    text = run_cli("portfolio", EXAMPLES, copy).stdout
    assert "Aldovia is assessed in 2 files" in text


def test_a_file_reached_twice_is_read_once():
    files = collect_files([EXAMPLES / "beremia-conflict.yaml", EXAMPLES])
    assert [p.name for p in files] == ["beremia-conflict.yaml", "aldovia-early-stable.yaml",
                                       "corvania-decentralisation.yaml"]
    with pytest.raises(InputError):
        collect_files([])


# --- determinism and parallelism ---------------------------------------------------------------------------------

def test_jobs_2_gives_the_same_json_as_jobs_1(mixed):
    one = run_cli("portfolio", mixed, "-f", "json", "--jobs", "1")
    two = run_cli("portfolio", mixed, "-f", "json", "--jobs", "2")
    assert one.code == two.code == 0
    assert one.stdout == two.stdout and one.stderr == two.stderr


def test_api_in_a_pool_gives_the_same_data(mixed):
    advisor = Advisor.load()
    one = build_portfolio([mixed], advisor, PlanOptions())
    assert build_portfolio([mixed], advisor, PlanOptions(), jobs=2) == one
    assert one["valid"] == 3 and len(one["invalid"]) == 3


def test_benchmark_generator_writes_valid_assessments(tmp_path, kb):
    spec = importlib.util.spec_from_file_location("portfolio_benchmark", ROOT / "benchmarks" / "portfolio.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.generate(kb, tmp_path / "gen", 12, seed=7)
    data = build_portfolio([tmp_path / "gen"], Advisor.load(), PlanOptions())
    assert data["files"] == data["valid"] == 12 and data["invalid"] == []


def test_same_input_same_bytes():
    for fmt in ("text", "json", "markdown"):
        assert run_cli("portfolio", EXAMPLES, "-f", fmt).stdout == run_cli("portfolio", EXAMPLES, "-f", fmt).stdout


# --- formats and output ------------------------------------------------------------------------------------------

def test_text_renders():
    r = run_cli("portfolio", EXAMPLES)
    assert r.code == 0
    out = r.stdout
    assert out.startswith("Regional comparison: 3 valid assessments of 3 files\n")
    for heading in ("Phases by subdomain", "Intermediate outcomes", "Steps starting in the first period", "Most common bottlenecks"):
        assert heading in out
    assert "    - 3.3:1-2 Case management and referral: 1 -> 2 Enhancement" in out
    row = next(line for line in out.splitlines() if line.startswith("  Beremia "))
    assert row.split()[2:] == ["2", "2", "2", "2", "2", "2", "2", "1", "2", "1", "2", "2", "2", "1", "2", "2", "1",
                               "2", "1"]
    assert hashlib.sha256((EXAMPLES / "beremia-conflict.yaml").read_bytes()).hexdigest() in out


def test_markdown_renders():
    r = run_cli("portfolio", EXAMPLES, "--format", "markdown")
    assert r.code == 0
    out = r.stdout
    assert out.startswith("# Child protection systems strengthening: regional comparison\n")
    for heading in ("## Phases by subdomain", "## Intermediate outcomes", "## Steps starting in the first period", "### Beremia",
                    "## Most common bottlenecks"):
        assert heading in out
    assert "| Country | File | 1.1 | 1.2 |" in out
    assert "- 3.3:1-2 Case management and referral: 1 -> 2 Enhancement" in out


def test_output_to_file(tmp_path):
    out = tmp_path / "region.json"
    r = run_cli("portfolio", EXAMPLES, "-f", "json", "-o", out)
    assert r.code == 0 and r.stdout == "" and f"wrote {out}" in r.stderr
    assert out.read_text() == run_cli("portfolio", EXAMPLES, "-f", "json").stdout
    assert [p.name for p in tmp_path.iterdir()] == ["region.json"]


def test_output_never_replaces_an_input(tmp_path):
    src = tmp_path / "a.yaml"
    src.write_bytes((EXAMPLES / "aldovia-early-stable.yaml").read_bytes())
    before = src.read_bytes()
    r = run_cli("portfolio", tmp_path, "-o", src)
    assert r.code == 4 and src.read_bytes() == before


def test_unrated_subdomains_are_blank(tmp_path):
    partial = tmp_path / "partial.yaml"
    partial.write_text('schema_version: 1\ncountry: Partia\nas_of: 2026-01-01\nratings: {"1.1": 2, "3.3": 1}\n')
    data = json.loads(run_cli("portfolio", partial, EXAMPLES / "beremia-conflict.yaml", "-f", "json").stdout)
    row = next(r for r in data["countries"] if r["country"] == "Partia")
    assert row["phases"]["1.1"] == 2 and row["phases"]["7.3"] is None
    assert row["outcome_medians"]["7"] is None
    seven = next(o for o in data["outcomes"] if o["outcome"] == "7")
    assert seven["assessments"] == 1 and seven["median"] == 1.0
    line = next(x for x in run_cli("portfolio", partial).stdout.splitlines() if x.startswith("  Partia "))
    assert line.split()[2:] == ["2", "-", "-", "-", "-", "-", "-", "1"] + ["-"] * 11
