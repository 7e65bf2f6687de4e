"""`cpss consensus`: the comparison in every format, the agreed assessment, and the record of its plan."""

from __future__ import annotations

import json
import os

import pytest
from openpyxl import load_workbook

from tests.conftest import EXAMPLES, run_cli

WORKSHOP = sorted((EXAMPLES / "consensus" / "beremia").glob("*.yaml"))
DECISIONS = EXAMPLES / "consensus" / "beremia-decisions.yaml"


def test_the_comparison_as_text():
    r = run_cli("consensus", *WORKSHOP)
    assert r.code == 0, r.stderr
    assert r.stdout.startswith("Consensus on the ratings of Beremia (30 June 2026)")
    assert "These disagreements change the plan: 3.3 Case management and referral" in " ".join(r.stdout.split())
    assert "3.3 Case management and referral  1  2  1  disagree: changes the plan" in r.stdout


@pytest.mark.parametrize("fmt", ["json", "markdown", "html", "text"])
def test_every_format_gives_the_same_bytes_twice(fmt):
    a, b = run_cli("consensus", *WORKSHOP, "-f", fmt), run_cli("consensus", *WORKSHOP, "-f", fmt)
    assert a.code == 0 and a.stdout == b.stdout and a.stdout


def test_the_page_and_the_workbook(tmp_path):
    page, book = tmp_path / "c.html", tmp_path / "c.xlsx"
    assert run_cli("consensus", *WORKSHOP, "-o", page).code == 0
    html = page.read_text()
    assert "Content-Security-Policy" in html and "<script" not in html
    assert "Ministry of Social Welfare" in html and "changes the plan" in html
    assert run_cli("consensus", *WORKSHOP, "-o", book).code == 0
    wb = load_workbook(book)
    assert wb.sheetnames == ["Ratings", "Disagreements", "About", "Files"]
    assert wb["Ratings"]["A1"].value == "Subdomain" and wb["Ratings"]["B1"].value == "Ministry of Justice"


def test_hostile_names_are_text(tmp_path):
    src = WORKSHOP[0].read_text().replace("participant: Ministry of Justice", 'participant: "<b>J&J</b> | *x*"')
    (tmp_path / "j.yaml").write_text(src)
    r = run_cli("consensus", tmp_path / "j.yaml", WORKSHOP[1], "-f", "html")
    assert r.code == 0 and "<b>J" not in r.stdout and "&lt;b&gt;J&amp;J&lt;/b&gt;" in r.stdout
    md = run_cli("consensus", tmp_path / "j.yaml", WORKSHOP[1], "-f", "markdown").stdout
    assert "\\<b\\>" in md or "&lt;b&gt;" in md


def test_the_agreed_assessment_is_planned_and_its_record_keeps_every_rating(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1782777600")
    agreed, record = tmp_path / "agreed.yaml", tmp_path / "r.json"
    r = run_cli("consensus", *WORKSHOP, "--decisions", DECISIONS, "-o", agreed)
    assert r.code == 0, r.stderr
    assert run_cli("validate", agreed).code == 0
    r = run_cli("recommend", agreed, "--record", record)
    assert r.code == 0, r.stderr
    text = json.loads(record.read_text())["input"]["text"]
    assert "Ministry of Social Welfare" in text and "agreed_by" in text
    v = run_cli("verify", record)
    assert v.code == 0, v.stdout + v.stderr
    e = run_cli("explain", record, "3.3:1-2")
    assert e.code == 0 and "3.3" in e.stdout


def test_the_agreed_assessment_as_json(tmp_path):
    out = tmp_path / "agreed.json"
    assert run_cli("consensus", *WORKSHOP, "--decisions", DECISIONS, "-o", out).code == 0
    data = json.loads(out.read_text())
    assert data["consensus"]["subdomains"]["3.3"]["agreed_by"] == ["Ministry of Social Welfare", "UNICEF country office"]


def test_never_written_over_an_input(tmp_path):
    copy = tmp_path / "mine.yaml"
    copy.write_text(WORKSHOP[0].read_text())
    before = copy.read_bytes()
    r = run_cli("consensus", copy, *WORKSHOP[1:], "--decisions", DECISIONS, "-o", copy)
    assert r.code != 0 and copy.read_bytes() == before


def test_an_undecided_disagreement_is_bad_input(tmp_path):
    d = tmp_path / "d.yaml"
    d.write_text('"3.3": {phase: 1, agreed_by: [UNICEF country office], evidence: "draft SOPs only"}\n')
    r = run_cli("consensus", *WORKSHOP, "--decisions", d)
    assert r.code == 1 and r.stdout == "" and "Traceback" not in r.stderr
    assert "d.yaml: 1.2 Legislation" in r.stderr and "the participants disagree (Ministry of Justice 3" in r.stderr


def test_usage_errors():
    assert run_cli("consensus", *WORKSHOP, "--name", "A").code == 2
    r = run_cli("consensus", *WORKSHOP, "--decisions", DECISIONS, "--format", "html")
    assert r.code == 2 and "--format applies to the comparison" in r.stderr
    assert run_cli("consensus", *WORKSHOP, "-f", "xlsx").code == 2
    r = run_cli("consensus", *WORKSHOP, "--decisions", DECISIONS, "-o", "agreed.html")
    assert r.code == 2 and "written as YAML" in r.stderr and not os.path.exists("agreed.html")


def test_other_countries_are_bad_input():
    r = run_cli("consensus", WORKSHOP[0], EXAMPLES / "aldovia-early-stable.yaml")
    assert r.code == 1 and "rates Aldovia but" in r.stderr


def test_names_on_the_command_line():
    r = run_cli("consensus", *WORKSHOP, "--name", "MoJ", "--name", "MoSW", "--name", "UNICEF", "-f", "json")
    assert json.loads(r.stdout)["participants"] == ["MoJ", "MoSW", "UNICEF"]
    assert os.path.exists(DECISIONS)


def test_the_workbook_is_the_same_bytes_twice(tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert run_cli("consensus", *WORKSHOP, "-o", a).code == 0 and run_cli("consensus", *WORKSHOP, "-o", b).code == 0
    assert a.read_bytes() == b.read_bytes()
