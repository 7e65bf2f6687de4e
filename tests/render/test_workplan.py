"""The plan as a workplan (`cpss recommend FILE -o plan.xlsx`): its sheets and columns, the drop-down and the input
cells, the print setup, no cell holding more text than it shows, words for people, the timeline and the chart,
edits carried over through a regeneration, the same bytes for the same plan, and LibreOffice printing every sheet
without a blank page."""

from __future__ import annotations

import io
import re
import subprocess
import textwrap
import zipfile
import zlib
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string

from cpss_advisor import api
from cpss_advisor.intake.workplan_edits import EDIT_COLUMNS, STATUS_CHOICES
from cpss_advisor.render.plan_workbook import Workplan, plan_workbook
from cpss_advisor.render.workplan_phases import CHART_SIZE, CHART_TITLE
from cpss_advisor.render.workplan_words import Words
from cpss_advisor.render.xlsx_book import MIN_PRINT_SCALE, column_pixels, fit_scale

from tests.conftest import EXAMPLES, run_cli

EXAMPLE_NAMES = ["aldovia-early-stable", "beremia-conflict", "corvania-decentralisation"]
BEREMIA = EXAMPLES / "beremia-conflict.yaml"
SHEETS = ["Actions", "Steps", "Roadmap", "Phases", "Waiting", "About"]
_C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@pytest.fixture(scope="module")
def plans(kb) -> dict:
    """The plan of each example, and Beremia's over 4 and 10 years (longer timelines, more rows)."""
    out = {name: api.recommend(EXAMPLES / f"{name}.yaml", knowledge=kb) for name in EXAMPLE_NAMES}
    out["beremia-4-years"] = api.recommend(BEREMIA, horizon_years=4, knowledge=kb)
    out["beremia-10-years"] = api.recommend(BEREMIA, horizon_years=10, knowledge=kb)
    return out


@pytest.fixture(scope="module")
def books(plans, kb) -> dict[str, bytes]:
    return {name: plan_workbook(plan, kb) for name, plan in plans.items()}


def _open(data: bytes):
    return load_workbook(io.BytesIO(data))


def _table(ws, header_row: int = 1) -> list[dict]:
    header = [c.value for c in ws[header_row]]
    return [dict(zip(header, row)) for row in ws.iter_rows(min_row=header_row + 1, values_only=True)]


def _visible_columns(ws) -> set[int]:
    hidden = set()
    for key, dim in ws.column_dimensions.items():
        if dim.hidden:
            hidden.update(range(dim.min or column_index_from_string(key), (dim.max or dim.min or 0) + 1))
    return {c for c in range(1, ws.max_column + 1) if c not in hidden}


def _file_width(ws, col: int) -> float:
    for dim in ws.column_dimensions.values():
        if dim.min and dim.max and dim.min <= col <= dim.max and dim.width:
            return dim.width
    return 9.140625  # the default column: 8.43 characters, 64 pixels


def _pixels(ws, col: int) -> int:
    """A column's width in pixels: a file gives widths in digits of 7 pixels, cell padding included."""
    return int(_file_width(ws, col) * 7 + 0.5)


def _width(ws, col: int) -> float:
    """A column's width in characters (digits), as a spreadsheet program's column width dialog shows it."""
    return (_pixels(ws, col) - 5) / 7


# --- sheets and columns ------------------------------------------------------------------------------------------

def test_sheets_and_columns(books, plans, kb):
    wb = _open(books["beremia-conflict"])
    plan = plans["beremia-conflict"]
    assert wb.sheetnames == ["Actions", "Steps", "Roadmap", "Phases", "Chart data", "Waiting", "About"]
    assert [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"] == SHEETS
    actions = wb["Actions"]
    assert [c.value for c in actions[1]] == [
        "No.", "Step", "Subdomain", "Intervention", "Description", "Lead", "Start (month)", "End (month)", "Period",
        "Owner", "Budget", "Status", "Notes", "Step key", "Intervention key"]
    assert _visible_columns(actions) == set(range(1, 14))  # the keys are hidden
    rows = _table(actions)
    words = Words(plan, kb)
    expected = [(r, iv) for r in sorted(plan.recommendations, key=lambda r: r.rank) for iv in r.interventions]
    assert len(rows) == len(expected) == 82
    actors = {a.id: a.title for a in kb.vocabulary.actors}
    for row, (rec, iv) in zip(rows, expected):
        assert (row["Step key"], row["Intervention key"]) == (rec.id, iv.id)
        assert row["No."] == rec.rank and row["Step"] == words.step(rec.id)
        assert row["Subdomain"] == f"{rec.subdomain} {kb.subdomains[rec.subdomain].short}"
        assert row["Intervention"] == iv.title
        assert row["Description"] == (iv.description or row["Description"]) and row["Description"]
        assert row["Lead"] == actors[(iv.lead_actors or [rec.lead])[0]]
        start = rec.start_month if iv.start_month is None else iv.start_month
        assert (row["Start (month)"], row["End (month)"]) == (start, iv.end_month or rec.end_month)
        assert row["Period"].startswith("Period ") or row["Period"] == "After the horizon"
        assert all(row[c] is None for c in EDIT_COLUMNS)
    assert words.step("3.3:1-2") == "Case management and referral: from Building to Enhancement"
    assert actions.freeze_panes == "C2" and actions.auto_filter.ref == "A1:M83"
    checklist = next(r for r in rows if r["Intervention key"].startswith("cm-"))
    assert checklist["Description"].startswith("An action of the case management benchmarks checklist that lifts "
                                               "dimension ")


def test_steps_sheet_gives_each_distinct_reason_once(books, plans, kb):
    wb = _open(books["beremia-conflict"])
    plan, words = plans["beremia-conflict"], Words(plans["beremia-conflict"], kb)
    assert [c.value for c in wb["Steps"][1]] == ["No.", "Step", "Track", "Lead", "Months", "Needs first", "Unblocks",
                                                 "Why"]
    rows = _table(wb["Steps"])
    for rec in plan.recommendations:
        mine = [r for r in rows if r["No."] == rec.rank]
        assert [r["Step"] for r in mine if r["Step"]] == [words.step(rec.id)]
        why = [r["Why"] for r in mine]
        assert len(why) == len(set(why))  # each reason once
        distinct = {words.text(x["text"]) for x in rec.rationale}
        assert distinct <= set(why) and len(why) == len(distinct) + bool(rec.description)
        total = len(rec.rationale)
        if total > len(distinct):  # the old Plan sheet repeated these
            assert len(why) < total + bool(rec.description)
    repeated = max(len(r.rationale) - len({x["text"] for x in r.rationale}) for r in plan.recommendations)
    assert repeated >= 10  # one sentence is given for each checklist action of a step: shown once


def test_waiting_sheet_and_descriptions_in_words(books, plans, kb):
    for name in EXAMPLE_NAMES:
        wb, plan = _open(books[name]), plans[name]
        words = Words(plan, kb)
        waiting = _table(wb["Waiting"])
        assert [c.value for c in wb["Waiting"][1]] == ["Step", "Subdomain", "Why it waits", "Needs first"]
        assert [(r["Step"], r["Why it waits"]) for r in waiting] == [
            (words.step(d.id), words.text(d.reason)) for d in plan.deferred]
        assert all(r["Why it waits"][0].isupper() for r in waiting)
        descriptions = {r["Description"] for r in _table(wb["Actions"])}
        for rec in plan.recommendations:
            for iv in rec.interventions:
                assert not iv.description or iv.description in descriptions


def test_words_replace_ids_edges_and_snake_case(plans, kb):
    words = Words(plans["beremia-conflict"], kb)
    assert words.text("6.4 Community mechanisms reaching 3 depends on 3.3 (co_requisite dependency 3.3@2<-3.2@2).") \
        == "6.4 Community mechanisms reaching 3 depends on 3.3 (co-requisite dependency)."
    assert words.text("The term counts only while 3.3:1-2 is in the plan.") == (
        'The term counts only while "Case management and referral: from Building to Enhancement" is in the plan.')
    assert words.text("caseload_per_caseworker is 38 in armed_conflict for lead_ministry") == (
        "Caseload per caseworker is 38 in Armed conflict for Lead ministry or agency for child protection")
    assert words.step("4.2:1-2") == "Minimum standards: from Building to Enhancement"  # a step that waits
    assert words.step("1.2:3-4") == "Legislation and structures: from Integration to Maturity"  # not in the plan


# --- what people read ---------------------------------------------------------------------------------------------

_ID_PATTERNS = {
    "snake_case": re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b"),
    "step id": re.compile(r"\b\d+\.\d+:[a-z0-9-]+"),
    "edge": re.compile(r"@\d|<-"),
    "hash": re.compile(r"\b[0-9a-f]{16,}\b"),
    "CLI flag": re.compile(r"(?:^|\s)--[a-z]"),
    "citation": re.compile(r"\bseed \d{3}\b|\(lines? \d"),
}


def people_texts(wb) -> list[tuple[str, str]]:
    """(where, text) of every text people read: the cells of visible columns of visible sheets, the chart's titles,
    the page headers and footers."""
    out = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        cols = _visible_columns(ws)
        for row in ws.iter_rows():
            out += [(f"{ws.title}!{c.coordinate}", c.value) for c in row
                    if isinstance(c.value, str) and c.column in cols]
        out += [(f"{ws.title} header", str(h.center.text or "") + str(h.left.text or "") + str(h.right.text or ""))
                for h in (ws.oddHeader, ws.oddFooter)]
    return out


@pytest.mark.parametrize("name", [*EXAMPLE_NAMES, "beremia-4-years"])
def test_no_id_or_snake_case_where_people_read(name, books, plans):
    plan = plans[name]
    ids = {iv.id for r in plan.recommendations for iv in r.interventions} | {r.id for r in plan.recommendations}
    ids |= {x["rule"] for r in plan.recommendations for x in r.rationale} | {d.id for d in plan.deferred}
    ids |= set(plan.context)
    found = []
    for where, text in people_texts(_open(books[name])):
        found += [(where, what, text[:90]) for what, pat in _ID_PATTERNS.items() if pat.search(text)]
        found += [(where, "id", i) for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)]
    assert not found, found[:10]


# --- input cells, drop-down, protection ---------------------------------------------------------------------------

def test_status_drop_down_budget_and_unlocked_inputs(books):
    wb = _open(books["beremia-conflict"])
    ws = wb["Actions"]
    last = ws.max_row
    validations = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    status = validations[f"L2:L{last}"]
    assert status.type == "list" and status.formula1 == '"' + ",".join(STATUS_CHOICES) + '"'
    assert STATUS_CHOICES == ("Not started", "Under way", "Done", "On hold", "Dropped")
    assert status.showDropDown in (None, False) and status.errorStyle in (None, "stop")
    budget = validations[f"K2:K{last}"]
    assert budget.type == "decimal" and budget.operator == "greaterThanOrEqual" and budget.errorStyle == "warning"
    assert ws.protection.sheet and ws.protection.autoFilter is False  # False: the filter is allowed
    for r in range(2, last + 1):
        assert ws.cell(r, 11).number_format == "#,##0"
        for c in range(1, 16):
            assert ws.cell(r, c).protection.locked == (c not in range(10, 14)), (r, c)
    for name in SHEETS[1:]:
        assert wb[name].protection.sheet, name


# --- printing -----------------------------------------------------------------------------------------------------

def _printed_pixels(ws) -> int:
    px = sum(_pixels(ws, c) for c in _visible_columns(ws))
    if ws._charts:  # beside the table: the columns up to the chart, and the chart
        anchor = ws._charts[0].anchor._from.col
        px = sum(_pixels(ws, c) for c in range(1, anchor + 1)) + CHART_SIZE["width"]
    return px


@pytest.mark.parametrize("name", ["beremia-conflict", "beremia-4-years", "beremia-10-years", "aldovia-early-stable"])
def test_print_setup_on_every_sheet(name, books):
    wb = _open(books[name])
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        setup = ws.page_setup
        assert (setup.orientation, int(setup.paperSize)) == ("landscape", 9), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage and setup.fitToWidth in (None, 1) and setup.fitToHeight == 0
        assert ws.print_title_rows == ("$1:$2" if ws.title == "Roadmap" else "$1:$1"), ws.title
        header, footer = ws.oddHeader, ws.oddFooter
        assert header.left.text == "&B" + wb["About"]["B2"].value + "&B" or header.left.text.startswith("&B")
        assert header.center.text == "&A" and footer.right.text == "Page &P of &N", ws.title
        assert footer.left.text.startswith("Assessment as of ")
        scale = min(100, int(100 * 1045 / _printed_pixels(ws)))
        assert scale >= MIN_PRINT_SCALE, (ws.title, scale)
    assert fit_scale([10] * 10) == 100 and fit_scale([100] * 3) < 60 and column_pixels(8.43) == 64


def test_the_country_in_the_page_header_is_text(plans, kb):
    plan = plans["aldovia-early-stable"].model_copy(update={"country": "Trinidad & Tobago &P" + "x" * 80})
    ws = _open(plan_workbook(plan, kb))["Actions"]
    left = ws.oddHeader.left.text
    assert left.startswith("&BTrinidad && Tobago &&P") and left.endswith("...&B") and len(left) < 80
    # The workbook format's own escape, written as typed: its underscore escaped once, as in a cell.
    data = plan_workbook(plan.model_copy(update={"country": "a_x0041_b"}), kb)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<oddHeader>&amp;L&amp;Ba_x005F_x0041_b&amp;B" in sheet


# --- no cell holds more than it shows -----------------------------------------------------------------------------

def _lines(text: str, width: float, bold: bool) -> int:
    """The lines a wrapped cell takes, estimated independently of the writer: textwrap at a conservative number
    of characters per unit of column width (Calibri 11 fits about 1.2-1.3; bold text less)."""
    per_line = max(1, int(width * (1.05 if bold else 1.15)))
    return sum(max(1, len(textwrap.wrap(part, per_line, break_on_hyphens=False))) for part in text.split("\n"))


@pytest.mark.parametrize("name", [*EXAMPLE_NAMES, "beremia-4-years", "beremia-10-years"])
def test_no_cell_holds_more_than_it_shows(name, books):
    wb = _open(books[name])
    checked = 0
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        merged = {(m.min_row, m.min_col): m for m in ws.merged_cells.ranges}
        cols = _visible_columns(ws)
        for row in ws.iter_rows():
            height = ws.row_dimensions[row[0].row].height or 15
            assert height <= 409, (ws.title, row[0].row)
            for c in row:
                if not isinstance(c.value, str) or c.column not in cols:
                    continue
                m = merged.get((c.row, c.column))
                width = (sum(_width(ws, k) for k in range(m.min_col, m.max_col + 1)) if m else _width(ws, c.column))
                if c.alignment.wrap_text:
                    lines = _lines(c.value, width, bool(c.font.b))
                    assert 15 * lines <= height, (ws.title, c.coordinate, lines, height, c.value[:60])
                else:  # one line, within its column (a spreadsheet shows no more of a text than its cell)
                    assert "\n" not in c.value and len(c.value) <= width * 1.05, (ws.title, c.coordinate, c.value)
                checked += 1
    assert checked > 200


# --- Roadmap ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name,unit", [("beremia-conflict", 1), ("beremia-4-years", 3), ("beremia-10-years", 6),
                                       ("aldovia-early-stable", 1)])
def test_roadmap_is_a_timeline_by_track(name, unit, books, plans, kb):
    wb, plan = _open(books[name]), plans[name]
    ws = wb["Roadmap"]
    first = 5  # columns No., Step, Lead, Months, then the months
    months = [ws.cell(2, c).value for c in range(first, ws.max_column + 1)]
    assert months[:3] == [str(0), str(unit), str(2 * unit)]
    assert ws.cell(1, first).value.startswith("Period 1") or unit == 6 and ws.cell(1, first).value == "1"
    words = Words(plan, kb)
    recs = sorted(plan.recommendations, key=lambda r: r.rank)
    for n, rec in enumerate(recs, 3):
        assert ws.cell(n, 1).value == rec.rank and ws.cell(n, 2).value == words.step(rec.id)
        letter = {"system": "S", "response": "R"}[rec.track]
        filled = [int(months[c - first]) for c in range(first, first + len(months)) if ws.cell(n, c).value]
        assert {ws.cell(n, c).value for c in range(first, first + len(months)) if ws.cell(n, c).value} == {letter}
        assert filled[0] == rec.start_month // unit * unit and filled[-1] < rec.end_month <= filled[-1] + unit
        assert len(filled) == filled[-1] // unit - filled[0] // unit + 1  # no gap
        colour = ws.cell(n, first + filled[0] // unit).fill.fgColor.rgb
        assert colour.endswith({"S": "9DC3E6", "R": "F8CBAD"}[letter])
    legend = [ws.cell(r, 2).value for r in range(len(recs) + 3, ws.max_row + 1)]
    assert "How to read the timeline" in legend and any(x and x.startswith("System track") for x in legend)
    after = [c for c in range(first, ws.max_column + 1) if ws.cell(1, c).value in ("After the horizon", "After")]
    span = max(r.end_month for r in plan.recommendations)
    assert bool(after) == (span > plan.horizon_months)


# --- Phases -------------------------------------------------------------------------------------------------------

def test_phases_table_and_native_chart(books, plans, kb):
    data = books["corvania-decentralisation"]
    wb, plan = _open(data), plans["corvania-decentralisation"]
    rows = _table(wb["Phases"])
    current = {r.subdomain: r.phase for r in plan.ratings}
    target = {t.subdomain: t.phase for t in plan.targets}
    assert len(rows) == 19 and rows[0]["Intermediate outcome"] == "1 Legal and policy framework"
    for r in rows:
        sid = r["Subdomain"].split(" ")[0]
        assert r["Current phase"] == f"{current[sid]} {kb.phase_short(current[sid])}"
        assert r["Target phase"] == f"{target[sid]} {kb.phase_short(target[sid])}"
    assert wb["Chart data"].sheet_state == "hidden"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        (chart,) = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        root = zipfile.ZipFile(io.BytesIO(data)).read(chart)
    import xml.etree.ElementTree as ET

    root = ET.fromstring(root)
    (bar,) = root.iter(f"{_C}barChart")
    assert bar.find(f"{_C}barDir").get("val") == "col" and bar.find(f"{_C}grouping").get("val") == "clustered"
    # Current and target phase, by subdomain in two levels of categories (outcome, subdomain).
    refs = [[f.text for f in ser.iter(f"{_C}f")] for ser in bar.iter(f"{_C}ser")]
    assert refs == [["'Chart data'!$C$1", "'Chart data'!$A$2:$B$21", "'Chart data'!$C$2:$C$21"],
                    ["'Chart data'!$D$1", "'Chart data'!$A$2:$B$21", "'Chart data'!$D$2:$D$21"]]
    assert len(list(bar.iter(f"{_C}multiLvlStrRef"))) == 2
    # The phase names on the value axis: one labelled point per phase, named by it, out of the legend.
    (line,) = root.iter(f"{_C}lineChart")
    names = [ser.find(f"{_C}tx//{_C}f").text for ser in line.iter(f"{_C}ser")]
    assert names == ["'Chart data'!$E$1", "'Chart data'!$F$1", "'Chart data'!$G$1", "'Chart data'!$H$1"]
    assert [wb["Chart data"][f"{c}1"].value for c in "EFGH"] == ["Building", "Enhancement", "Integration", "Maturity"]
    assert [wb["Chart data"][f"{c}2"].value for c in "EFGH"] == [1, 2, 3, 4]
    assert all(s.find(f".//{_C}showSerName").get("val") == "1" for s in line.iter(f"{_C}ser"))
    assert [e.find(f"{_C}idx").get("val") for e in root.iter(f"{_C}legendEntry")] == ["2", "3", "4", "5"]
    (num_fmt,) = [a.find(f"{_C}numFmt") for a in root.iter(f"{_C}valAx") if a.find(f"{_C}numFmt") is not None][:1]
    assert num_fmt.get("formatCode") == ";;;"  # the numbers give way to the phase names
    titles = ["".join(t.text for t in title.iter(f"{_A}t")) for title in root.iter(f"{_C}title")]
    assert titles == [CHART_TITLE, "Subdomain, by intermediate outcome", "Phase"]
    outcomes = [wb["Chart data"].cell(r, 1).value for r in range(3, 22)]
    assert outcomes[0] == "1 Legal and policy framework" and outcomes[1] is None  # grouped: once per outcome


# --- edits carried over -------------------------------------------------------------------------------------------

def _by_key(path: Path, sheet: str = "Actions") -> dict:
    return {(r["Step key"], r["Intervention key"]): r for r in _table(load_workbook(path)[sheet])}


def _edit(path: Path, changes: dict) -> None:
    """Write Owner, Budget, Status and Notes values on the rows of the given (step, intervention) keys."""
    wb = load_workbook(path)
    ws = wb["Actions"]
    header = [c.value for c in ws[1]]
    col = {h: i + 1 for i, h in enumerate(header)}
    for r in range(2, ws.max_row + 1):
        key = (ws.cell(r, col["Step key"]).value, ws.cell(r, col["Intervention key"]).value)
        for name, value in changes.get(key, {}).items():
            ws.cell(r, col[name]).value = value
    wb.save(path)


def test_edits_move_with_their_intervention_through_a_regeneration(tmp_path, plans):
    """Made over 4 years, filled in, made again over 2: values follow their intervention to its new row; those of
    an intervention the shorter plan leaves out are kept aside and said; made over 4 years again, they are back."""
    out = tmp_path / "plan.xlsx"
    assert run_cli("recommend", BEREMIA, "--horizon-years", "4", "-o", out).code == 0
    before = list(_by_key(out))
    shorter = plans["beremia-conflict"]
    after = [(r.id, iv.id) for r in sorted(shorter.recommendations, key=lambda r: r.rank) for iv in r.interventions]
    moved = next(k for k in before if k in after and before.index(k) != after.index(k))
    kept = next(k for k in before if k in after and k != moved)
    dropped = next(k for k in before if k not in after)
    changes = {moved: {"Owner": "Jane Doe", "Budget": 12500, "Status": "Under way", "Notes": "Draft with ministry"},
               kept: {"Status": "Done"},
               dropped: {"Owner": "Ali", "Notes": "Needs the finance ministry"}}
    _edit(out, changes)
    r = run_cli("recommend", BEREMIA, "-o", out)
    assert r.code == 0, r.stderr
    assert f"carried over what was filled in on 2 rows of {out}" in r.stderr
    assert (f"what was filled in on 1 row of {out} has no place in the new plan: it is kept on the 'Carried over' "
            "sheet") in r.stderr
    rows = _by_key(out)
    assert list(rows) == after
    for key in (moved, kept):
        assert {k: rows[key][k] for k in changes[key]} == changes[key]
    untouched = [k for k in after if k not in (moved, kept)]
    assert all(rows[k][c] is None for k in untouched for c in EDIT_COLUMNS)
    wb = load_workbook(out)
    assert wb.sheetnames[:2] == ["Actions", "Carried over"]
    (carried,) = _table(wb["Carried over"])
    assert (carried["Step key"], carried["Intervention key"]) == dropped
    assert (carried["Owner"], carried["Budget"], carried["Status"], carried["Notes"]) == (
        "Ali", None, None, "Needs the finance ministry")
    assert carried["Why it has no row"] == "The intervention is no longer part of this step in the plan."
    assert carried["Step"] and carried["Intervention"] and carried["From"].startswith("Actions row ")
    # Made again over the horizon it had: the kept values go back to their row, and nothing is left over.
    r = run_cli("recommend", BEREMIA, "--horizon-years", "4", "-o", out)
    assert r.code == 0 and "carried over what was filled in on 3 rows" in r.stderr and "no place" not in r.stderr
    rows = _by_key(out)
    assert rows[dropped]["Owner"] == "Ali" and rows[moved]["Budget"] == 12500 and rows[kept]["Status"] == "Done"
    assert "Carried over" not in load_workbook(out).sheetnames


def test_values_kept_aside_survive_another_regeneration_until_cleared(tmp_path):
    out = tmp_path / "plan.xlsx"
    assert run_cli("recommend", BEREMIA, "-o", out).code == 0
    dropped = next(k for k in _by_key(out) if k[0] == "2.1:2-3")  # starts in the last period: not in one year
    _edit(out, {dropped: {"Notes": "Keep me"}})
    for _ in range(2):
        assert run_cli("recommend", BEREMIA, "--horizon-years", "1", "-o", out).code == 0
        (carried,) = _table(load_workbook(out)["Carried over"])
        assert carried["Notes"] == "Keep me"
    wb = load_workbook(out)
    wb["Carried over"]["F2"] = None  # dealt with: cleared
    wb.save(out)
    r = run_cli("recommend", BEREMIA, "--horizon-years", "1", "-o", out)
    assert r.code == 0 and "carried over" not in r.stderr and "Carried over" not in load_workbook(out).sheetnames


def test_edits_of_another_country_are_kept_aside(tmp_path):
    out = tmp_path / "plan.xlsx"
    assert run_cli("recommend", BEREMIA, "-o", out).code == 0
    key = next(iter(_by_key(out)))
    _edit(out, {key: {"Owner": "Jane"}})
    r = run_cli("recommend", EXAMPLES / "aldovia-early-stable.yaml", "-o", out)
    assert r.code == 0 and "on 1 row of" in r.stderr and "has no place in the new plan" in r.stderr
    (carried,) = _table(load_workbook(out)["Carried over"])
    assert carried["Owner"] == "Jane"
    assert carried["Why it has no row"] == "The workplan it came from was made for Beremia, not Aldovia."
    assert all(r["Owner"] is None for r in _by_key(out).values())


@pytest.mark.parametrize("what,content", [
    ("an intake workbook", "template"),
    ("a text file", b"my notes\n"),
    ("a damaged workbook", b"PK\x03\x04 not really"),
])
def test_a_file_that_is_not_a_workplan_is_not_replaced(what, content, tmp_path):
    out = tmp_path / "plan.xlsx"
    if content == "template":
        assert run_cli("template", "-f", "xlsx", "-o", out).code == 0
        content = out.read_bytes()
    out.write_bytes(content)
    r = run_cli("recommend", BEREMIA, "-o", out)
    assert r.code == 4, r.stderr
    assert r.stderr.startswith(f"{out}: the file exists and is not a workplan this tool can read (")
    assert "replacing it could destroy what it holds" in r.stderr and "move this file away first" in r.stderr
    assert out.read_bytes() == content
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_nothing_to_carry_and_an_open_workplan(tmp_path, books):
    out = tmp_path / "plan.xlsx"
    out.write_bytes(b"")  # an empty file holds nothing to keep
    assert run_cli("recommend", BEREMIA, "-o", out).code == 0
    assert out.read_bytes() == books["beremia-conflict"]
    r = run_cli("recommend", BEREMIA, "-o", out)  # nothing filled in: the same workbook, no notice
    assert r.code == 0 and "carried" not in r.stderr and out.read_bytes() == books["beremia-conflict"]
    _edit(out, {next(iter(_by_key(out))): {"Owner": "Jane"}})
    edited = out.read_bytes()
    (tmp_path / ".~lock.plan.xlsx#").write_text(",jane,pc,now,url;")
    r = run_cli("recommend", BEREMIA, "--horizon-years", "1", "-o", out)
    assert r.code == 4 and "the workbook is open in another program" in r.stderr
    assert out.read_bytes() == edited


def test_carrying_over_is_byte_stable_and_keeps_value_types(tmp_path, plans, kb):
    out = tmp_path / "plan.xlsx"
    assert run_cli("recommend", BEREMIA, "-o", out).code == 0
    import datetime

    first_key, second_key = list(_by_key(out))[:2]
    _edit(out, {first_key: {"Owner": "=not a formula", "Budget": 1234.5, "Notes": datetime.datetime(2026, 7, 1)},
                second_key: {"Budget": "=1000*12", "Status": "On hold"}})
    wb = load_workbook(out)
    wb["Actions"]["J2"].data_type = "s"  # typed as text (openpyxl reads a text starting with = as a formula)
    wb.save(out)
    work = api.workplan(plans["beremia-4-years"], previous=out, knowledge=kb)
    first = plan_workbook(work, kb)
    assert plan_workbook(api.workplan(plans["beremia-4-years"], previous=out, knowledge=kb), kb) == first
    rows = _by_key_bytes(first)
    assert rows[first_key]["Owner"] == "=not a formula" and rows[first_key]["Budget"] == 1234.5
    assert rows[first_key]["Notes"] == datetime.datetime(2026, 7, 1)
    # A formula saved without its value (as openpyxl saves it) is carried as its text, never dropped.
    assert (rows[second_key]["Budget"], rows[second_key]["Status"]) == ("=1000*12", "On hold")
    ws = _open(first)["Actions"]
    assert ws["J2"].data_type == "s" and ws["J2"].quotePrefix and ws["M2"].number_format == "yyyy-mm-dd"
    assert isinstance(work, Workplan) and work.previous.country == "Beremia"


def _by_key_bytes(data: bytes) -> dict:
    return {(r["Step key"], r["Intervention key"]): r for r in _table(_open(data)["Actions"])}


# --- the same bytes -----------------------------------------------------------------------------------------------

def test_the_same_plan_gives_the_same_bytes(books, plans, kb):
    for name, data in books.items():
        assert plan_workbook(plans[name], kb) == data, name
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


# --- LibreOffice prints every sheet -------------------------------------------------------------------------------

def only_sheet(xlsx: bytes, keep: str) -> bytes:
    """The workbook with every sheet but `keep` hidden (a spreadsheet program prints only the visible ones)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/workbook.xml":
                text = data.decode()
                names = re.findall(r'<sheet name="([^"]+)"', text)
                text = re.sub(r'(<sheet name="([^"]+)" sheetId="\d+")(?: state="hidden")?',
                              lambda m: m.group(1) + ("" if m.group(2) == keep else ' state="hidden"'), text)
                text = text.replace("<workbookView ", f'<workbookView activeTab="{names.index(keep)}" ', 1)
                data = text.encode()
            elif info.filename.startswith("xl/worksheets/sheet"):
                data = data.replace(b' tabSelected="1"', b"")
            dst.writestr(info, data)
    return out.getvalue()


def pdf_pages(pdf: bytes) -> list[bytes]:
    """The inflated content of each page of a PDF as LibreOffice writes it (plain objects, Flate streams)."""
    objects = {int(m.group(1)): m.group(2) for m in re.finditer(rb"(\d+) 0 obj(.*?)endobj", pdf, re.S)}
    pages = []
    for body in objects.values():
        if not re.search(rb"/Type\s*/Page(?![a-zA-Z])", body):
            continue
        contents = re.search(rb"/Contents\s*(\[[^\]]*\]|\d+ 0 R)", body).group(1)
        content = b""
        for ref in re.findall(rb"(\d+) 0 R", contents):
            obj = objects[int(ref)]
            stream = re.search(rb"stream\r?\n(.*)endstream", obj, re.S).group(1)
            content += zlib.decompressobj().decompress(stream) if b"/FlateDecode" in obj.split(b"stream")[0] \
                else stream
        pages.append(content)
    return pages


def _text_runs(content: bytes) -> int:
    return len(re.findall(rb"\bT[jJ]\b", content))


def _convert(soffice: str, profile: Path, outdir: Path, files: list[Path]) -> None:
    outdir.mkdir(exist_ok=True)
    r = subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr


#: Pages each sheet may print on, at most (the Actions and Steps sheets run down as many pages as they need).
PAGE_BUDGET = {"Roadmap": 1, "Phases": 1, "Waiting": 2, "About": 1}


#: The French names of `SHEETS` and of the page budget's sheets.
SHEETS_FR = {"Actions": "Actions", "Steps": "Étapes", "Roadmap": "Calendrier", "Phases": "Phases",
             "Waiting": "En attente", "About": "À propos"}


def test_libreoffice_prints_every_sheet_without_a_blank_page(books, tmp_path, soffice):
    _prints_every_sheet(books, {s: s for s in SHEETS}, tmp_path, soffice)


def test_libreoffice_prints_every_sheet_of_the_french_workplan_within_the_page_budget(tmp_path, soffice):
    """The French words are longer: the same page budget holds, without a blank page."""
    kb_fr = api.knowledge_base(lang="fr")
    books_fr = {name: plan_workbook(api.recommend(EXAMPLES / f"{name}.yaml", knowledge=kb_fr), kb_fr)
                for name in EXAMPLE_NAMES}
    _prints_every_sheet(books_fr, SHEETS_FR, tmp_path, soffice)


def _prints_every_sheet(books, names: dict[str, str], tmp_path, soffice) -> None:
    """Each sheet of each example printed alone by LibreOffice: every page has more than the page header and
    footer, and the sheets keep to `PAGE_BUDGET` (`names`: each sheet's name in the workbook's language)."""
    src = tmp_path / "src"
    src.mkdir()
    files = []
    for name in EXAMPLE_NAMES:
        for sheet in SHEETS:
            path = src / f"{name}--{sheet}.xlsx"
            path.write_bytes(only_sheet(books[name], names[sheet]))
            files.append(path)
    # the page header and footer alone: the text a page has without any cell (a one-cell sheet, less that cell)
    path = src / "baseline--About.xlsx"
    wb = _open(books["corvania-decentralisation"])
    waiting = names["Waiting"]
    for ws in wb.worksheets:
        ws.sheet_state = "hidden" if ws.title != waiting else "visible"
    wb.active = wb.sheetnames.index(waiting)
    ws = wb[waiting]
    ws.delete_rows(1, ws.max_row)
    ws["A1"] = "x"
    wb.save(path)
    files.append(path)
    _convert(soffice, tmp_path / "lo-profile", tmp_path / "pdf", files)
    (baseline,) = pdf_pages((tmp_path / "pdf" / "baseline--About.pdf").read_bytes())
    empty = _text_runs(baseline) - 1
    counts: dict[str, dict[str, int]] = {}
    for path in files[:-1]:
        name, sheet = path.stem.split("--")
        pages = pdf_pages((tmp_path / "pdf" / f"{path.stem}.pdf").read_bytes())
        counts.setdefault(name, {})[sheet] = len(pages)
        assert pages, (name, sheet)
        for n, content in enumerate(pages, 1):
            assert _text_runs(content) > empty + 2, (name, sheet, n)  # more than the page header and footer
        assert len(pages) <= PAGE_BUDGET.get(sheet, 20), (name, sheet, len(pages))
    print("pages per sheet:", counts)
    assert all(sum(c.values()) <= 30 for c in counts.values()), counts
