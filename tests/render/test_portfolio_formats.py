"""`cpss portfolio DIR --format html|xlsx`: the regional comparison as a page that prints on A4 and as a workbook.

Both show the same content (`cpss_advisor.render.portfolio_view`): the phase table, each plan's first period in
words, the region's bottlenecks with their three counts, the outcome medians, the invalid files with their
problems, and where it all comes from. Checked here: the content, words for people (no id, snake_case value, flag
or hash outside the small print), hostile country and file names, the same bytes for the same input, the page in
Chromium (at most 4 A4 pages for the shipped examples) and the workbook in openpyxl and LibreOffice.
"""

from __future__ import annotations

import copy
import os
import io
import json
import re
import shutil
import subprocess
import zipfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cpss_advisor.core.escape import html as escape_html
from cpss_advisor.core.escape import visible
from cpss_advisor.render import plan_html, registry
from cpss_advisor.render.portfolio_html import render_html
from cpss_advisor.render.portfolio_view import PHASE_FILLS
from cpss_advisor.render.portfolio_workbook import SHEETS, portfolio_workbook

from tests.conftest import EXAMPLES, FIXTURES, run_cli
from tests.render.test_hostile_text import CONTROLS, FORMULAS, MARKUP, RAW_CONTROL
from tests.render.test_html_report import CHROMIUM_FLAGS, Node, parse, png_pixels, png_size

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
BEREMIA = EXAMPLES / "beremia-conflict.yaml"
#: The shipped examples' portfolio prints on at most this many A4 pages (three before the regional sections:
#: investments, milestones and profiles, which take about one page).
PAGE_BUDGET = 4

#: What must not appear in text meant for people: a step id (3.3:1-2), an edge (3.1@3<-5.2@2), a snake_case value,
#: a command-line flag or command, a hash, a planning term of the code ("wave").
NOT_FOR_PEOPLE = {
    "step id": re.compile(r"\b\d\.\d:\d-\d\b"),
    "edge": re.compile(r"\d@\d"),
    "snake_case": re.compile(r"\b[a-z]+_[a-z_]+\b"),
    "flag": re.compile(r"(?<![\w-])--?[a-z]"),
    "command": re.compile(r"\bcpss (?:recommend|portfolio|validate)\b"),
    "hash": re.compile(r"\b[0-9a-f]{16,}\b"),
    "wave": re.compile(r"\bwaves?\b", re.IGNORECASE),
}


def people_problems(text: str) -> list[str]:
    return [f"{what}: {m.group()!r}" for what, rx in NOT_FOR_PEOPLE.items() for m in rx.finditer(text)]


# --- fixtures ----------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def data() -> dict:
    r = run_cli("portfolio", EXAMPLES, "-f", "json")
    assert r.code == 0, r.stderr
    return json.loads(r.stdout)


@pytest.fixture(scope="module")
def page(data, kb) -> str:
    return render_html(data, kb)


@pytest.fixture(scope="module")
def doc(page) -> Node:
    return parse(page).root


@pytest.fixture(scope="module")
def book_bytes(data, kb) -> bytes:
    return portfolio_workbook(data, kb)


@pytest.fixture(scope="module")
def book(book_bytes):
    return load_workbook(io.BytesIO(book_bytes))


@pytest.fixture
def region(tmp_path: Path) -> Path:
    """The three examples, Beremia assessed a second time, an assessment that rates three subdomains, and an
    invalid file."""
    d = tmp_path / "region"
    d.mkdir()
    for p in EXAMPLE_FILES:
        shutil.copy(p, d / p.name)
    shutil.copy(BEREMIA, d / "beremia-second-team.yaml")
    (d / "partia.yaml").write_text('schema_version: 1\ncountry: Partia\nas_of: 2026-01-31\n'
                                   'ratings: {"3.3": 1, "5.1": 2, "7.3": 4}\n', encoding="utf-8")
    shutil.copy(FIXTURES / "bad" / "unknown_subdomain.yaml", d / "broken.yaml")
    return d


def portfolio_json(*paths) -> dict:
    r = run_cli("portfolio", *paths, "-f", "json")
    assert r.code == 0, r.stderr
    return json.loads(r.stdout)


def section(doc: Node, ident: str) -> Node:
    node = doc.by_id(ident)
    assert node is not None, ident
    return node


def phase_label(kb, n: int) -> str:
    return kb.phases[n].name


# --- the formats are registered ----------------------------------------------------------------------------------

def test_the_portfolio_comes_as_html_and_xlsx():
    assert registry.formats("portfolio") == ["text", "json", "markdown", "html", "xlsx"]
    assert registry.format_of("portfolio", "xlsx").binary and not registry.format_of("portfolio", "html").binary
    assert registry.implied_format("portfolio", Path("region.html")) == "html"
    assert registry.implied_format("portfolio", Path("Region.XLSX")) == "xlsx"


def test_the_output_file_names_the_format(tmp_path, page, book_bytes):
    html, xlsx = tmp_path / "region.html", tmp_path / "region.xlsx"
    r = run_cli("portfolio", EXAMPLES, "-o", html)
    assert r.code == 0 and r.stdout == "" and r.stderr == f"wrote {html}\n"
    assert html.read_text(encoding="utf-8") == page
    r = run_cli("portfolio", EXAMPLES, "-o", xlsx)
    assert r.code == 0 and r.stdout == "", r.stderr
    assert xlsx.read_bytes() == book_bytes
    r = run_cli("portfolio", EXAMPLES, "--format", "xlsx")
    assert r.code == 2 and "give its file with -o, e.g. -o portfolio.xlsx" in r.stderr and r.stdout == ""
    r = run_cli("portfolio", EXAMPLES, "--format", "html")
    assert r.code == 0 and r.stdout == page


# --- the page ----------------------------------------------------------------------------------------------------

def test_the_page_is_whole_and_self_contained(page, doc):
    tb = parse(page)
    assert tb.doctype.lower() == "doctype html" and page.endswith("</html>\n")
    html = doc.children[0]
    assert html.tag == "html" and html.attrs.get("lang") == "en"
    csp = next(m for m in doc.iter("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy")
    assert csp.attrs["content"] == plan_html.CSP, "the same policy as the plan page"
    assert "http://" not in page and "https://" not in page and "url(" not in page
    assert "@import" not in page and "@font-face" not in page
    for tag in ["script", "link", "img", "iframe", "object", "embed", "svg"]:
        assert not doc.find_all(tag), tag
    assert not [k for n in doc.iter() for k in n.attrs if k.startswith("on") or k in {"src", "srcset", "href"}]
    assert len(doc.find_all("h1")) == 1
    levels = [int(n.tag[1]) for n in doc.iter() if re.fullmatch(r"h[1-6]", n.tag)]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels
    for s in doc.find_all("section"):
        assert doc.by_id(s.attrs["aria-labelledby"]) is not None
    for th in doc.iter("th"):
        assert th.attrs.get("scope") in {"col", "row"}, th.text


def test_the_phase_table_colours_and_numbers_every_phase(doc, data, kb):
    table = next(t for t in doc.find_all("table") if "phases" in t.classes())
    heads = [th.text for th in next(table.iter("thead")).iter("th")]
    assert heads == ["Country"] + [f"{s['subdomain']} {s['title']}" for s in data["subdomains"]]
    rows = list(next(table.iter("tbody")).iter("tr"))
    assert len(rows) == len(data["countries"])
    for tr, country in zip(rows, data["countries"]):
        th = next(tr.iter("th"))
        assert th.text == f"{country['country']} {Path(country['file']).name}, as of {country['as_of']}"
        cells = list(tr.iter("td"))
        for td, s in zip(cells, data["subdomains"]):
            phase = country["phases"][s["subdomain"]]
            assert td.text == str(phase), "the number is written in every cell: it reads in black and white"
            assert f"p{phase}" in td.classes()
    legend = [(li.find_all("span")[0].text, " ".join(li.parts).strip())
              for li in next(n for n in doc.find_all("ul") if "legend" in n.classes()).iter("li")]
    assert legend == [(str(n), phase_label(kb, n)) for n in sorted(kb.phases)] + [("–", "not rated")]
    for n, fill in PHASE_FILLS.items():
        assert f".p{n} {{ background: {fill};" in doc.find_all("style")[0].text


def test_the_page_says_what_each_plan_starts_with(doc, data, kb):
    text = section(doc, "first-period").text
    for country in data["countries"]:
        months = country["first_period"].replace("-", "\u2013")
        assert f"{country['country']}, months {months}" in text
        for s in country["first_wave"]:
            assert (f"{s['subdomain']} {s['title']}: from {phase_label(kb, s['from_phase'])} "
                    f"to {phase_label(kb, s['to_phase'])}") in text
        for c in country["context"]:
            assert kb.contexts[c].title in text and c not in text


def test_the_page_ranks_the_bottlenecks_and_gives_the_outcomes(doc, data, kb):
    rows = {tr.find_all("th")[0].text: [td.text for td in tr.iter("td")]
            for tr in section(doc, "bottlenecks").iter("tr") if tr.find_all("th")[0].attrs.get("scope") == "row"}
    counted = [b for b in data["bottlenecks"] if b["blocking"] or b["first_wave"] or b["at_building"]]
    assert list(rows) == [f"{b['subdomain']} {b['title']}" for b in counted]
    for b in counted:
        assert rows[f"{b['subdomain']} {b['title']}"] == [str(b["rank"]), str(b["blocking"]), str(b["first_wave"]),
                                                          str(b["at_building"])]
    quiet = [f"{b['subdomain']} {b['title']}" for b in data["bottlenecks"] if b not in counted]
    assert f"Not counted in any assessment: {', '.join(quiet)}." in section(doc, "bottlenecks").text
    outcomes = section(doc, "outcomes").text
    for o in data["outcomes"]:
        assert f"{o['outcome']}. {o['title']}" in outcomes
    assert "1.5, between System Building and System Enhancement" in outcomes
    assert "2, System Enhancement" in outcomes


def test_the_page_names_its_files_and_keeps_the_hashes_in_the_small_print(page, doc, data):
    footer = doc.find_all("footer")[0].text
    for x in data["provenance"]["inputs"]:
        assert x["file"] in footer
    small = section(doc, "checksums")
    assert "small-print" in small.classes()
    hashes = [data["provenance"]["knowledge_sha256"], data["provenance"]["rules_sha256"],
              *(x["sha256"] for x in data["provenance"]["inputs"])]
    for h in hashes:
        assert page.count(h) == 1 and h in small.text


def text_for_people(doc: Node) -> str:
    """The page's text without the style sheet and the small print of checksums."""
    def walk(n: Node):
        if n.tag in {"style", "head"} or n.attrs.get("id") == "checksums":
            return
        yield from n.parts
        for c in n.children:
            yield from walk(c)

    return " ".join(walk(doc))


def test_no_id_snake_case_flag_or_hash_in_the_text_people_read(doc, book, data):
    assert any("_" in c for r in data["countries"] for c in r["context"]), "the examples have snake_case contexts"
    assert people_problems(text_for_people(doc)) == []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and not (ws.title == "Provenance" and c.column == 3):
                    assert people_problems(c.value) == [], (ws.title, c.coordinate, c.value)


def test_duplicates_unrated_and_invalid_files(region, kb):
    data = portfolio_json(region)
    assert data["valid"] == 5 and len(data["invalid"]) == 1
    doc = parse(render_html(data, kb)).root
    header = doc.find_all("header")[0].text
    assert "5 assessments compared, from 6 files; 1 file could not be compared." in header
    assert "It is listed at the end, with its problems." in header
    partia = next(tr for tr in doc.iter("tr") if "Partia" in tr.text)
    assert [td.text for td in partia.iter("td")].count("–") == len(kb.subdomains) - 3
    assert all("unrated" in td.classes() for td in partia.iter("td") if td.text == "–")
    text = doc.text
    assert f"Beremia is assessed in 2 files ({region / 'beremia-conflict.yaml'}, " \
           f"{region / 'beremia-second-team.yaml'}); each is compared and counted as one assessment." in text
    invalid = section(doc, "invalid").text
    assert str(region / "broken.yaml") in invalid
    assert "line 6, column 3: unknown subdomain '3.7' Hint: did you mean '3.3' or '3.2' or '3.1'?" in invalid
    assert "(not valid)" in section(doc, "checksums").text
    wb = load_workbook(io.BytesIO(portfolio_workbook(data, kb)))
    rows = [[c.value for c in r] for r in wb["Invalid files"].iter_rows(min_row=2)]
    assert rows == [[str(region / "broken.yaml"), "line 6, column 3", "unknown subdomain '3.7'",
                     "did you mean '3.3' or '3.2' or '3.1'?"]]
    phases = wb["Phases"]
    partia_row = next(r for r in phases.iter_rows(min_row=2) if r[0].value == "Partia")
    assert sum(c.value is None for c in partia_row[3:]) == len(kb.subdomains) - 3


# --- the workbook ------------------------------------------------------------------------------------------------

def test_the_workbook_has_the_sheets_and_values(book, data, kb):
    assert book.sheetnames == list(SHEETS)
    phases = book["Phases"]
    assert [c.value for c in phases[1]] == ["Country", "File", "As of"] + [f"{s['subdomain']} {s['title']}"
                                                                           for s in data["subdomains"]]
    for row, country in zip(phases.iter_rows(min_row=2, max_row=1 + len(data["countries"])), data["countries"]):
        assert [row[0].value, row[1].value, row[2].value.date().isoformat()] == \
            [country["country"], country["file"], country["as_of"]]
        assert [c.value for c in row[3:]] == [country["phases"][s["subdomain"]] for s in data["subdomains"]]
    legend = [[phases.cell(r, 1).value, phases.cell(r, 2).value] for r in range(2, phases.max_row + 1)
              if isinstance(phases.cell(r, 2).value, str) and phases.cell(r, 2).value.startswith("System")]
    assert legend == [[n, phase_label(kb, n)] for n in sorted(kb.phases)]

    first = [[c.value for c in r] for r in book["First period"].iter_rows(min_row=2)]
    expected = [[c["country"], c["file"], "months " + c["first_period"].replace("-", "\u2013"), i,
                 f"{s['subdomain']} {s['title']}", phase_label(kb, s["from_phase"]), phase_label(kb, s["to_phase"])]
                for c in data["countries"] for i, s in enumerate(c["first_wave"], 1)]
    assert [r[:3] + r[4:] for r in first] == expected
    assert {r[3] for r in first if r[0] == "Beremia"} == {"Armed conflict, Government capacity weakened, "
                                                         "Protracted crisis"}

    bottlenecks = [[c.value for c in r] for r in book["Bottlenecks"].iter_rows(min_row=2)]
    assert bottlenecks == [[b["rank"], f"{b['subdomain']} {b['title']}", b["blocking"], b["first_wave"],
                            b["at_building"]] for b in data["bottlenecks"]]
    assert "(of 3 assessments)" in book["Bottlenecks"]["C1"].value

    outcomes = [[c.value for c in r] for r in book["Outcomes"].iter_rows(min_row=2)]
    assert [r[:6] for r in outcomes] == [[f"{o['outcome']}. {o['title']}", ", ".join(o["subdomains"]),
                                          o["assessments"], o["median"], o["lowest"], o["highest"]]
                                         for o in data["outcomes"]]
    assert [[c.value for c in r] for r in book["Invalid files"].iter_rows(min_row=2)] == \
        [["Every file was a valid assessment.", None, None, None]]

    prov = {(r[0].value, r[1].value): r[2].value for r in book["Provenance"].iter_rows(min_row=2)}
    assert prov[("Knowledge base", None)] == data["provenance"]["knowledge_sha256"]
    assert prov[("Rules", None)] == data["provenance"]["rules_sha256"]
    for x in data["provenance"]["inputs"]:
        assert prov[("File", x["file"])] == x["sha256"]


def test_the_phases_are_coloured_by_conditional_formats(book, book_bytes, data):
    ws = book["Phases"]
    last_col = ws.cell(1, 3 + len(data["subdomains"])).column_letter
    ranges = {str(r.sqref): r.rules for r in ws.conditional_formatting}
    rules = ranges[f"D2:{last_col}{1 + len(data['countries'])}"]
    assert sorted((r.type, r.operator, r.formula[0]) for r in rules) == \
        [("cellIs", "equal", str(n)) for n in sorted(PHASE_FILLS)]
    with zipfile.ZipFile(io.BytesIO(book_bytes)) as z:
        styles = z.read("xl/styles.xml").decode()
    for fill in PHASE_FILLS.values():
        assert f'rgb="FF{fill[1:]}"' in styles


def test_every_sheet_prints_on_a4_landscape_with_headers_and_footers(book):
    for ws in book.worksheets:
        setup = ws.page_setup
        assert (setup.orientation, int(setup.paperSize)) == ("landscape", 9), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage and setup.fitToHeight == 0, ws.title
        assert ws.print_title_rows == "$1:$1", ws.title
        assert ws.oddHeader.right.text == "&A" and "regional comparison" in ws.oddHeader.left.text
        assert ws.oddFooter.right.text == "Page &P of &N" and ws.oddFooter.left.text.startswith("cpss-advisor ")
        assert ws.freeze_panes in ("A2", "B2"), ws.title


def test_the_phase_headings_are_upright_and_the_row_is_tall_enough(book, data):
    ws = book["Phases"]
    assert all(ws.cell(1, c).alignment.textRotation == 90 for c in range(4, 4 + len(data["subdomains"])))
    longest = max(len(f"{s['subdomain']} {s['title']}") for s in data["subdomains"])
    assert ws.row_dimensions[1].height >= longest * 6


# --- the same bytes ----------------------------------------------------------------------------------------------

def test_same_input_same_bytes(tmp_path, data, kb, page, book_bytes):
    again = json.loads(json.dumps(data))
    assert render_html(again, kb) == page and portfolio_workbook(again, kb) == book_bytes
    for name in ("a", "b"):
        for fmt in ("html", "xlsx"):
            assert run_cli("portfolio", EXAMPLES, "-j", "2", "-o", tmp_path / f"{name}.{fmt}").code == 0
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes() == page.encode()
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes() == book_bytes
    with zipfile.ZipFile(io.BytesIO(book_bytes)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_a_portfolio_workbook_in_the_directory_it_compares_is_not_read_back(tmp_path):
    d = tmp_path / "region"
    d.mkdir()
    for p in EXAMPLE_FILES:
        shutil.copy(p, d / p.name)
    out = d / "region.xlsx"
    assert run_cli("portfolio", d, "-o", out).code == 0
    first = out.read_bytes()
    again = run_cli("portfolio", d, "-o", out)
    assert again.code == 0, again.stderr
    assert f"{out}: skipped: a portfolio written by cpss, not an assessment" in again.stderr
    assert out.read_bytes() == first
    # An intake workbook beside it is still read as an assessment.
    assert run_cli("template", "-o", d / "blank.xlsx").code == 0
    r = run_cli("portfolio", d, "-f", "json")
    assert r.code == 0 and str(d / "blank.xlsx") in [x["file"] for x in json.loads(r.stdout)["invalid"]]


# --- hostile text ------------------------------------------------------------------------------------------------

def hostile_region(tmp_path: Path, country: str) -> tuple[Path, Path, Path]:
    """A directory with Beremia renamed `country` in a file with a hostile name, Aldovia, and an invalid file with a
    hostile name."""
    d = tmp_path / "region"
    d.mkdir()
    name = d / "a|b`c <img src=x> [l](javascript:y) \x1b]0;pwned\x07\nz.yaml"
    name.write_text(BEREMIA.read_text(encoding="utf-8").replace("country: Beremia", "country: " + json.dumps(country)),
                    encoding="utf-8")
    shutil.copy(EXAMPLES / "aldovia-early-stable.yaml", d / "aldovia.yaml")
    bad = d / "bad <script>alert(1)&amp;\x1b[2J.yaml"
    shutil.copy(FIXTURES / "bad" / "unknown_subdomain.yaml", bad)
    return d, name, bad


def test_hostile_country_and_file_names_in_the_page(tmp_path, kb):
    d, name, bad = hostile_region(tmp_path, MARKUP)
    r = run_cli("portfolio", d, "-f", "html")
    assert r.code == 0, r.stderr
    page = r.stdout
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert not RAW_CONTROL.search(page.replace("\t", ""))
    assert escape_html(MARKUP) in page
    doc = parse(page).root
    assert not doc.find_all("script") and not doc.find_all("img") and not doc.find_all("a")
    # File names with their control characters shown as escapes (a line break is white space in HTML).
    shown = " ".join(visible(str(name), keep="\n").split())
    row = next(tr for tr in doc.iter("tr") if MARKUP in tr.text)
    assert " ".join(visible(name.name, keep="\n").split()) in row.text
    assert MARKUP in [h.text.rsplit(",", 1)[0] for h in section(doc, "first-period").find_all("h3")]
    assert visible(str(bad)) in section(doc, "invalid").text
    assert shown in doc.find_all("footer")[0].text


def test_control_characters_in_a_country_name_are_shown_in_the_page(data, kb):
    poisoned = copy.deepcopy(data)
    for row in poisoned["countries"]:
        row["country"] = CONTROLS + MARKUP
    page = render_html(poisoned, kb)
    assert not RAW_CONTROL.search(page.replace("\t", "")) and "<script" not in page.lower()
    assert "Ter\\x1b[2J\\x1b]0;pwned\\x07ra\\x00\\x9b[31m\\rFAKE&lt;img" in page


def _formulas(book_bytes: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(book_bytes)) as z:
        roots = [ET.fromstring(z.read(n)) for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    return [el.text or "" for root in roots for el in root.iter() if el.tag.endswith("}f")]


@pytest.mark.parametrize("text", FORMULAS + [CONTROLS, MARKUP])
def test_hostile_country_names_in_the_workbook_are_text(data, kb, text):
    poisoned = copy.deepcopy(data)
    for row in poisoned["countries"]:
        row["country"] = text
    for d in poisoned["duplicates"]:
        d["country"] = text
    book_bytes = portfolio_workbook(poisoned, kb)
    assert _formulas(book_bytes) == []
    with zipfile.ZipFile(io.BytesIO(book_bytes)) as z:
        for n in z.namelist():
            assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", z.read(n)), n
    wb = load_workbook(io.BytesIO(book_bytes))
    for sheet in ("Phases", "First period"):
        cell = wb[sheet]["A2"]
        assert cell.value == visible(text, keep="\t\n") and cell.data_type == "s"
        assert cell.quotePrefix == (text[0] in "=+-@\t")


def test_hostile_file_names_in_the_workbook(tmp_path, kb):
    d, name, bad = hostile_region(tmp_path, MARKUP)
    out = tmp_path / "region.xlsx"
    r = run_cli("portfolio", d, "-o", out)
    assert r.code == 0, r.stderr
    assert _formulas(out.read_bytes()) == []
    wb = load_workbook(out)
    shown = visible(str(name), keep="\t\n")
    assert shown in [c.value for c in wb["Phases"]["B"]]
    assert MARKUP in [c.value for c in wb["Phases"]["A"]]
    assert visible(str(bad), keep="\t\n") in [c.value for c in wb["Invalid files"]["A"]]
    assert shown in [c.value for c in wb["Provenance"]["B"]]


def test_hostile_knowledge_in_both_formats(data, kb):
    """A knowledge base given with --knowledge is text someone else wrote: its phase names, context titles and
    subdomain titles are shown as text in both formats."""
    hostile = copy.copy(kb)
    hostile.phases = {n: p.model_copy(update={"name": CONTROLS + MARKUP}) for n, p in kb.phases.items()}
    hostile.contexts = {c: x.model_copy(update={"title": FORMULAS[0] + CONTROLS}) for c, x in kb.contexts.items()}
    poisoned = copy.deepcopy(data)
    for s in poisoned["subdomains"]:
        s["title"] = MARKUP + CONTROLS
    page = render_html(poisoned, hostile)
    assert not RAW_CONTROL.search(page.replace("\t", "")) and "<script" not in page.lower() and "<img" not in page
    assert escape_html(visible(CONTROLS)) + escape_html(MARKUP) in page
    book_bytes = portfolio_workbook(poisoned, hostile)  # openpyxl alone would raise IllegalCharacterError
    assert _formulas(book_bytes) == []
    first = load_workbook(io.BytesIO(book_bytes))["First period"]
    assert first["D2"].value.startswith(FORMULAS[0]) and first["D2"].data_type == "s" and first["D2"].quotePrefix


# --- in real programs --------------------------------------------------------------------------------------------

PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def pdf_pages(pdf: bytes) -> int:
    assert pdf.startswith(b"%PDF"), "not a PDF"
    return len(PAGE.findall(pdf))


def test_the_examples_print_on_at_most_four_a4_pages_in_chromium(tmp_path, page, chromium):
    report = tmp_path / "region.html"
    report.write_text(page, encoding="utf-8")
    pdf = tmp_path / "region.pdf"
    proc = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                           "--no-pdf-header-footer", f"--print-to-pdf={pdf}", report.as_uri()],
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-3000:]
    data = pdf.read_bytes()
    pages = pdf_pages(data)
    assert 1 <= pages <= PAGE_BUDGET, f"{pages} pages"
    # A4 portrait: 595 x 842 points
    sizes = set(re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data))
    assert {(round(float(w)), round(float(h))) for w, h in sizes} == {(595, 842)}
    console = [line for line in proc.stderr.splitlines() if "CONSOLE" in line]
    assert not console, "\n".join(console)

    shot = tmp_path / "region.png"
    proc = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                           f"--screenshot={shot}", "--window-size=1100,1600", report.as_uri()],
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-3000:]
    png = shot.read_bytes()
    assert png_size(png) == (1100, 1600)
    assert len(set(png_pixels(png)[::101])) > 32, "the screenshot is almost uniform: blank?"


def _convert(soffice: str, profile: Path, fmt: str, outdir: Path, path: Path) -> Path:
    outdir.mkdir(exist_ok=True)
    r = subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                        "--convert-to", fmt, "--outdir", str(outdir), str(path)],
                       capture_output=True, text=True, timeout=240)
    assert r.returncode == 0, r.stderr
    return outdir / f"{path.stem}.{fmt}"


def test_libreoffice_converts_and_resaves_the_workbook(tmp_path, book_bytes, data, soffice):
    src = tmp_path / "region.xlsx"
    src.write_bytes(book_bytes)
    profile = tmp_path / "lo-profile"
    pdf = _convert(soffice, profile, "pdf", tmp_path / "pdf", src).read_bytes()
    assert len(SHEETS) <= pdf_pages(pdf) <= 2 * len(SHEETS)
    resaved = _convert(soffice, profile, "xlsx", tmp_path / "resaved", src)
    assert src.read_bytes() == book_bytes and resaved.read_bytes() != book_bytes
    wb = load_workbook(resaved)
    assert wb.sheetnames == list(SHEETS)
    assert [c.value for c in wb["Phases"]["A"][1:1 + len(data["countries"])]] == \
        [c["country"] for c in data["countries"]]
    assert wb["Phases"].conditional_formatting, "the colours survive LibreOffice"


# --- the regional sections ---------------------------------------------------------------------------------------

GOLDEN = Path(__file__).resolve().parent / "golden"


def _golden(name: str, text: str) -> None:
    golden = GOLDEN / name
    if os.environ.get("CPSS_UPDATE_GOLDEN") == "1" or not golden.exists():
        golden.write_text(text, encoding="utf-8")
        if os.environ.get("CPSS_UPDATE_GOLDEN") != "1":
            pytest.fail(f"golden file {name} was missing and has been written; check it in")
    assert text == golden.read_text(encoding="utf-8"), f"{name} differs; CPSS_UPDATE_GOLDEN=1 to accept"


def test_golden_regional_sections_of_the_examples():
    """The regional sections of the examples' portfolio, in Markdown and text (the rest of the output names the
    checkout's paths and hashes)."""
    md = run_cli("portfolio", EXAMPLES, "-f", "markdown").stdout
    _golden("portfolio-regional-examples.md", md[md.index("## Where one regional investment"):md.index("\n---\n")])
    text = run_cli("portfolio", EXAMPLES).stdout
    _golden("portfolio-regional-examples.txt",
            text[text.index("Where one regional investment"):text.index("\ncpss-advisor ")])


def test_the_page_names_the_regional_investments_milestones_and_profiles(doc, data):
    regional = data["regional"]
    investments = section(doc, "investments").text
    for i in regional["investments"]:
        assert i["reason"] in investments
    assert "the sources describe no shared form of this work" in investments
    assert "comparative information across countries" in investments and "No cost is given" in investments
    rows = [[c.text for c in tr.children] for tr in section(doc, "milestones").iter("tr")][1:]
    shown = regional["milestones"][:6]
    assert [r[:6] for r in rows] == [[str(m["rank"]), f"{m['subdomain']} {m['title']} reaching {m['phase_name']}",
                                      str(m["holds_back"]), str(m["plans"]), str(m["first_period"]),
                                      str(m["deferred"])] for m in shown]
    assert f"{len(regional['milestones']) - 6} more milestones, ranked lower" in section(doc, "milestones").text
    profiles = section(doc, "profiles").text
    assert regional["profile_rule"] in profiles
    for g in regional["profiles"]:
        assert f"{g['description']} ({len(g['countries'])}): {', '.join(g['countries'])}" in profiles
    assert "(the project's reading)" in profiles and "seed" not in profiles


def test_the_workbook_has_the_regional_sheets(book, data):
    regional = data["regional"]
    inv = [[c.value for c in r] for r in book["Investments"].iter_rows(min_row=2)]
    assert [r[:4] for r in inv[:len(regional["investments"])]] == \
        [[i["rank"], i["milestone"], i["holds_back"], i["reason"]] for i in regional["investments"]]
    assert inv[-1][3] == f"{regional['ranking_rule']} {regional['counting_rule']}"
    ms = [[c.value for c in r] for r in book["Milestones"].iter_rows(min_row=2)]
    assert [r[:6] for r in ms] == [[m["rank"], f"{m['subdomain']} {m['title']} reaching {m['phase_name']}",
                                    m["holds_back"], m["plans"], m["first_period"], m["deferred"]]
                                   for m in regional["milestones"]]
    assert "(of 3 countries)" in book["Milestones"]["C1"].value
    prof = [[c.value for c in r] for r in book["Profiles"].iter_rows(min_row=2)]
    assert [r for r in prof[:len(regional["profiles"])]] == \
        [[g["description"], len(g["countries"]), ", ".join(g["countries"])] for g in regional["profiles"]]
    assert prof[-1][0] == regional["profile_rule"]


def test_a_regional_form_is_shown_with_its_sources_in_words(tmp_path, kb):
    """Seed 002, Human and financial resources (lines 38-42), and seed 000, Table 1, 5.1 (line 168): the workforce
    and its accreditation; three countries whose case management waits for the workforce get workforce
    accreditation as the regional investment, with its sources named as documents, not as file ids."""
    from tests.analysis.test_regional import ALL_AT_MATURITY, write_assessment

    for name in ("Alpha", "Beta", "Gamma"):
        write_assessment(tmp_path / f"{name.lower()}.yaml", name, {**ALL_AT_MATURITY, "3.3": 2, "5.1": 1}, [],
                         targets={"3.3": 3})
    data = portfolio_json(tmp_path)
    doc = parse(render_html(data, kb)).root
    text = section(doc, "investments").text
    assert "For the region: a regional programme that accredits pre- and in-service training" in text
    assert ("Multi-agency call to action, Strengthening Child Protection Systems: A Framework for Action: Human and "
            "financial resources") in text
    assert "(the project's reading)" in text and "seed" not in text
    assert people_problems(text) == []
    wb = load_workbook(io.BytesIO(portfolio_workbook(data, kb)))
    row = [c.value for c in wb["Investments"][2]]
    assert row[1] == "5.1 Social service workforce reaching System Enhancement" and row[2] == 3
    assert row[4].startswith("a regional programme that accredits") and "UNICEF" in row[5]
