"""What `cpss portfolio DIR` reads from a directory: assessments in YAML, JSON and intake workbooks (.xlsx); not
its own output of an earlier run, nor other results cpss wrote there, nor spreadsheet lock files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from cpss_advisor.analysis.portfolio import collect_files, cpss_output_kind
from cpss_advisor.render.workbook import template_workbook

from tests.conftest import EXAMPLES, run_cli
from tests.intake.test_workbook import _open, _yaml, fill

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


@pytest.fixture
def region(tmp_path: Path) -> Path:
    d = tmp_path / "region"
    d.mkdir()
    for p in EXAMPLE_FILES:
        shutil.copy(p, d / p.name)
    return d


def test_a_portfolio_written_into_its_directory_is_not_read_back(region):
    out = region / "region.json"
    first = run_cli("portfolio", region, "-o", out)
    assert first.code == 0, first.stderr
    data = json.loads(out.read_text())
    assert data["files"] == 3 and data["valid"] == 3
    again = run_cli("portfolio", region, "-o", out)
    assert again.code == 0, again.stderr
    assert f"{out}: skipped: a portfolio written by cpss, not an assessment" in again.stderr
    assert json.loads(out.read_text()) == data
    # The other results cpss writes as JSON are left out too; the output of a run is never one of its inputs.
    made = run_cli("recommend", EXAMPLE_FILES[0], "-o", region / "plan.json", "--record", region / "record.json")
    assert made.code == 0, made.stderr
    assert run_cli("whatif", EXAMPLE_FILES[0], "--set", "5.2=3", "-o", region / "whatif.json").code == 0
    r = run_cli("portfolio", region, "-f", "json")
    assert r.code == 0 and json.loads(r.stdout)["files"] == 3 and json.loads(r.stdout)["invalid"] == []
    for name, what in (("plan.json", "a plan"), ("record.json", "a decision record"), ("whatif.json", "a result")):
        assert f"{region / name}: skipped: {what} written by cpss, not an assessment" in r.stderr


def test_an_assessment_in_json_is_still_read(region):
    src = YAML(typ="safe").load(EXAMPLE_FILES[0].read_text())
    src["country"] = "Jsonia"
    (region / "jsonia.json").write_text(json.dumps(src, default=str))
    assert cpss_output_kind(region / "jsonia.json") is None
    data = json.loads(run_cli("portfolio", region, "-f", "json").stdout)
    assert data["valid"] == 4 and "Jsonia" in [r["country"] for r in data["countries"]]


def test_intake_workbooks_are_read(region, kb):
    src = _yaml("corvania-decentralisation")
    wb = fill(_open(template_workbook(kb, src["as_of"])), src)
    wb["Assessment"]["B2"] = "Corvania (workbook)"
    wb.save(region / "corvania.xlsx")
    (region / "~$corvania.xlsx").write_bytes(b"\x04jane")  # Excel's lock file beside an open workbook
    (region / ".~lock.corvania.xlsx#").write_text(",jane,pc,now,url;")  # LibreOffice's
    assert [p.name for p in collect_files([region])] == ["aldovia-early-stable.yaml", "beremia-conflict.yaml",
                                                         "corvania-decentralisation.yaml", "corvania.xlsx"]
    r = run_cli("portfolio", region, "-f", "json")
    assert r.code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["files"] == 4 and data["valid"] == 4 and data["invalid"] == []
    rows = {Path(row["file"]).name: row for row in data["countries"]}
    assert rows["corvania.xlsx"]["country"] == "Corvania (workbook)"
    for key in ("phases", "first_wave", "blocking", "outcome_medians"):
        assert rows["corvania.xlsx"][key] == rows["corvania-decentralisation.yaml"][key], key


def test_a_broken_workbook_is_listed_with_its_problems(region):
    (region / "broken.xlsx").write_bytes(b"not a zip file")
    r = run_cli("portfolio", region, "-f", "json")
    assert r.code == 0
    data = json.loads(r.stdout)
    assert data["files"] == 4 and [x["file"] for x in data["invalid"]] == [str(region / "broken.xlsx")]
