"""`cpss compare OLD NEW [--record R]` in every format: golden text and Markdown for the Beremia example and its
re-assessment two years later, the page (self-contained, A4 print style, words for people, printed in Chromium),
the workbook (through `xlsx_book`: sheets, A4 landscape, text that stays text), the JSON, the same bytes."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import subprocess

import pytest
from openpyxl import load_workbook

from cpss_advisor import api
from cpss_advisor.audit.record import make_record, write_record
from cpss_advisor.planning.pipeline import PlanOptions
from cpss_advisor.render import plan_html, registry

from tests.conftest import EXAMPLES, ROOT, run_cli
from tests.render.test_hostile_text import FORMULAS
from tests.render.test_html_report import CHROMIUM_FLAGS, parse
from tests.render.test_portfolio_formats import people_problems, pdf_pages, text_for_people

BEREMIA = EXAMPLES / "beremia-conflict.yaml"
BEREMIA_2028 = EXAMPLES / "later" / "beremia-conflict-2028.yaml"
GOLDEN = os.path.join(os.path.dirname(__file__), "golden")
UPDATE = os.environ.get("CPSS_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def record(tmp_path_factory):
    adv = api.advisor()
    intake = api.read_assessment(BEREMIA, knowledge=adv.kb)
    path = tmp_path_factory.mktemp("record") / "beremia-plan.json"
    plan = adv.plan(intake.assessment, PlanOptions())
    write_record(path, make_record(intake.name, intake.content(), PlanOptions(), plan, created="2026-06-30T12:00:00Z"))
    return path


@pytest.fixture(scope="module")
def data(record):
    return api.compare(BEREMIA, BEREMIA_2028, record=record)


@pytest.fixture(scope="module")
def page(data, kb):
    return api.render_report("compare", data, "html", knowledge=kb)


@pytest.fixture(scope="module")
def book_bytes(data, kb):
    return api.render_report("compare", data, "xlsx", knowledge=kb)


def normalise(text: str, record) -> str:
    text = text.replace(str(record), "<record>")
    return re.sub(r"\b[0-9a-f]{64}\b|(?<=knowledge )[0-9a-f]{16}\b", "<sha256>", text)


@pytest.mark.parametrize("fmt,ext", [("text", "txt"), ("markdown", "md")])
def test_golden(fmt, ext, record, monkeypatch):
    monkeypatch.chdir(ROOT)  # the files as a user names them, whatever the checkout's path
    r = run_cli("compare", BEREMIA.relative_to(ROOT), BEREMIA_2028.relative_to(ROOT), "--record", record,
                "--format", fmt)
    assert r.code == 0, r.stderr
    golden = os.path.join(GOLDEN, f"compare-beremia-2026-2028.{ext}")
    text = normalise(r.stdout, record)
    if UPDATE or not os.path.exists(golden):
        with open(golden, "w", encoding="utf-8") as fh:
            fh.write(text)
        if not UPDATE:
            pytest.fail(f"golden file {golden} was missing and has been written; check it in")
    with open(golden, encoding="utf-8") as fh:
        assert text == fh.read(), "differs from the golden file; CPSS_UPDATE_GOLDEN=1 to accept"


def test_the_comparison_comes_in_five_formats():
    assert registry.formats("compare") == ["text", "json", "markdown", "html", "xlsx"]
    assert registry.format_of("compare", "xlsx").binary


def test_without_a_record_there_is_no_plan_section(kb):
    data = api.compare(BEREMIA, BEREMIA_2028)
    assert data["plan"] is None
    text = api.render_report("compare", data, "text", knowledge=kb)
    assert "Regressions (1)" in text and "The earlier plan" not in text
    md = api.render_report("compare", data, "markdown", knowledge=kb)
    assert "## The earlier plan" not in md and "## Regressions (1)" in md
    book = load_workbook(io.BytesIO(api.render_report("compare", data, "xlsx", knowledge=kb)))
    assert book.sheetnames == ["Summary", "Changes", "Provenance"]


# --- the page ----------------------------------------------------------------------------------------------------

def test_the_page_is_whole_self_contained_and_prints_on_a4(page):
    doc = parse(page).root
    csp = next(m for m in doc.iter("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy")
    assert csp.attrs["content"] == plan_html.CSP, "the same policy as the plan page"
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")
    for s in doc.find_all("section"):
        assert doc.by_id(s.attrs["aria-labelledby"]) is not None
    for th in doc.iter("th"):
        assert th.attrs.get("scope") in {"col", "row"}, th.text
    assert "http://" not in page and "https://" not in page and "url(" not in page
    assert "<script" not in page and "<link" not in page and "<img" not in page
    assert "@page { size: A4 portrait;" in page
    assert page.count("<h1>") == 1


def test_no_id_snake_case_flag_or_hash_in_the_text_people_read(data, page, book_bytes):
    assert any("_" in c["id"] for c in data["context"]["added"]), "the example adds a snake_case context"
    doc = parse(page).root
    assert people_problems(text_for_people(doc)) == []
    book = load_workbook(io.BytesIO(book_bytes))
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and not (ws.title == "Provenance" and c.column == 2):
                    assert people_problems(c.value) == [], (ws.title, c.coordinate, c.value)


def test_the_page_says_what_fell_back_and_why(page):
    assert "What fell back" in page and "6.4 Community mechanisms" in page
    assert "a crisis or an abrupt shock may undo" in page
    assert "Source: UNICEF, Child Protection Systems Strengthening" in page
    assert "What became of the earlier plan" in page and "Month 0 of the plan" in page
    assert '<tr class="slipped">' in page and '<tr class="achieved">' in page


def test_evidence_is_text_in_the_page_and_the_workbook(record, kb):
    later = api.load_assessment(BEREMIA_2028, knowledge=kb)
    ratings = dict(later.ratings)
    ratings["6.4"] = ratings["6.4"].model_copy(update={"evidence": "<script>alert(1)</script> & more"})
    ratings["1.1"] = ratings["1.1"].model_copy(update={"evidence": FORMULAS[0]})
    data = api.compare(BEREMIA, dataclasses.replace(later, ratings=ratings), record=record)
    page = api.render_report("compare", data, "html", knowledge=kb)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    book = load_workbook(io.BytesIO(api.render_report("compare", data, "xlsx", knowledge=kb)))
    assert FORMULAS[0] in [c.value for row in book["Changes"].iter_rows() for c in row]
    assert not any(c.data_type == "f" for ws in book.worksheets for row in ws.iter_rows() for c in row)


# --- the workbook ------------------------------------------------------------------------------------------------

def test_the_workbook_has_its_sheets_and_prints_on_a4_landscape(book_bytes, data):
    book = load_workbook(io.BytesIO(book_bytes))
    assert book.sheetnames == ["Summary", "Changes", "Planned steps", "To target", "Provenance"]
    for ws in book.worksheets:
        setup = ws.page_setup
        assert (setup.orientation, int(setup.paperSize)) == ("landscape", 9), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage and setup.fitToHeight == 0, ws.title
        assert ws.oddHeader.right.text == "&A" and "progress over time" in ws.oddHeader.left.text
        assert ws.oddFooter.right.text == "Page &P of &N"
    changes = list(book["Changes"].iter_rows(values_only=True))
    assert changes[0][:4] == ("Subdomain", "Earlier phase", "Later phase", "Change")
    assert len(changes) == 1 + len(data["subdomains"])
    assert ("6.4 Community mechanisms", "2 System Enhancement", "1 System Building", "down 1 phase") in \
        [r[:4] for r in changes]
    steps = list(book["Planned steps"].iter_rows(values_only=True))
    assert len(steps) == 1 + len(data["plan"]["steps"])
    assert ("5.2 Financing: System Enhancement to System Integration", "30 June 2027 (month 12)", "slipped",
            "2 System Enhancement") in steps


def test_same_input_same_bytes(record, kb, page, book_bytes):
    again = api.compare(BEREMIA, BEREMIA_2028, record=record)
    assert api.render_report("compare", again, "html", knowledge=kb) == page
    assert api.render_report("compare", again, "xlsx", knowledge=kb) == book_bytes
    assert api.render_report("compare", again, "json") == api.render_report("compare", again, "json")


def test_the_page_prints_on_a4_in_chromium(tmp_path, page, chromium):
    report = tmp_path / "progress.html"
    report.write_text(page, encoding="utf-8")
    pdf = tmp_path / "progress.pdf"
    proc = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                           "--no-pdf-header-footer", f"--print-to-pdf={pdf}", report.as_uri()],
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-3000:]
    data = pdf.read_bytes()
    assert 1 <= pdf_pages(data) <= 4, f"{pdf_pages(data)} pages"
    sizes = set(re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data))
    assert {(round(float(w)), round(float(h))) for w, h in sizes} == {(595, 842)}


def test_json_holds_the_ids_and_the_rules(data, kb):
    out = json.loads(api.render_report("compare", data, "json", knowledge=kb))
    assert out["kind"] == "comparison" and out["schema_version"] == 1
    assert {s["id"] for s in out["plan"]["steps"]} >= {"3.3:1-2", "6.4:2-3"}
    assert out["setback_note"]["source"]["line"] == 112


# --- the portfolio shows same-country assessments as progress ----------------------------------------------------

@pytest.fixture(scope="module")
def region():
    r = run_cli("portfolio", EXAMPLES, EXAMPLES / "later", "-f", "json")
    assert r.code == 0, r.stderr
    return json.loads(r.stdout)


def test_a_portfolio_shows_a_country_assessed_twice_as_progress(region, kb, tmp_path):
    (t,) = region["trajectories"]
    assert t["country"] == "Beremia" and [p["as_of"] for p in t["points"]] == ["2026-06-30", "2028-06-30"]
    assert t["regressions"] == ["6.4"]
    text = run_cli("portfolio", EXAMPLES, EXAMPLES / "later").stdout
    assert "Progress of countries assessed more than once (in date order)" in text
    assert "Fell back: 6.4 Community mechanisms (System Enhancement to System Building)." in text
    md = run_cli("portfolio", EXAMPLES, EXAMPLES / "later", "-f", "markdown").stdout
    assert "## Progress of countries assessed more than once" in md and "### Beremia" in md
    page = api.render_report("portfolio", region, "html", knowledge=kb)
    doc = parse(page).root
    section = doc.by_id("progress")
    assert section is not None and "Beremia" in " ".join(section.parts + [c.text for c in section.iter()])
    assert people_problems(text_for_people(doc)) == []
    book = load_workbook(io.BytesIO(api.render_report("portfolio", region, "xlsx", knowledge=kb)))
    rows = list(book["Progress"].iter_rows(values_only=True))
    assert rows[1][:2] == ("Beremia", "30 June 2026 to 30 June 2028 (24 months)")
    assert rows[1][5] == "Fell back: 6.4 Community mechanisms (System Enhancement to System Building)."


def test_a_portfolio_without_repeated_countries_has_no_progress_section(kb):
    r = run_cli("portfolio", EXAMPLES, "-f", "json")
    data = json.loads(r.stdout)
    assert data["trajectories"] == []
    assert "Progress of countries" not in run_cli("portfolio", EXAMPLES).stdout
    assert 'id="progress"' not in api.render_report("portfolio", data, "html", knowledge=kb)
    book = load_workbook(io.BytesIO(api.render_report("portfolio", data, "xlsx", knowledge=kb)))
    assert list(book["Progress"].iter_rows(values_only=True))[1][0] == "No country is assessed more than once."
