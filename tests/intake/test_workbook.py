"""Excel in and out: the intake workbook, reading a filled one (every problem at its sheet and cell), the plan
workbook, and a real spreadsheet program (LibreOffice) converting and re-saving both."""

from __future__ import annotations

import datetime as _dt
import io
import json
import os
import subprocess
import sys
import warnings
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from ruamel.yaml import YAML

from cpss_advisor.intake import xlsx_package as wbmod
from cpss_advisor.planning.plan_model import Plan
from cpss_advisor.intake.load import load_assessment
from cpss_advisor.core.errors import InputError, Problem
from cpss_advisor.intake.workbook import PHASE_CHOICES
from cpss_advisor.render.workbook import plan_workbook, template_workbook

from tests.conftest import EXAMPLES, ROOT, run_cli

AS_OF = _dt.date(2026, 1, 15)
EXAMPLE_NAMES = ["aldovia-early-stable", "beremia-conflict", "corvania-decentralisation"]
# Ratings columns of the template (found by header when read; fixed here to write exact cells).
COL = {"outcome": 1, "subdomain": 2, "title": 3, "phase": 4, "confidence": 5, "evidence": 6, "target": 7}
_C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _yaml(name: str) -> dict:
    return YAML(typ="safe").load((EXAMPLES / f"{name}.yaml").read_text())


@pytest.fixture(scope="module")
def template_bytes(kb) -> bytes:
    return template_workbook(kb, AS_OF)


def _open(data: bytes):
    return load_workbook(io.BytesIO(data))


def _rows_by_id(ws, col: int) -> dict:
    return {ws.cell(r, col).value: r for r in range(2, ws.max_row + 1) if ws.cell(r, col).value is not None}


def fill(wb, src: dict, *, phase_as=lambda n: PHASE_CHOICES[n - 1]):
    """Fill an intake workbook in place from an assessment as a YAML document gives it."""
    a = wb["Assessment"]
    a["B2"] = src["country"]
    a["B3"] = src["as_of"]
    ws = wb["Ratings"]
    rows = _rows_by_id(ws, COL["subdomain"])
    for sid, rating in (src.get("ratings") or {}).items():
        rating = rating if isinstance(rating, dict) else {"phase": rating}
        r = rows[sid]
        ws.cell(r, COL["phase"]).value = phase_as(rating["phase"])
        ws.cell(r, COL["confidence"]).value = rating.get("confidence")
        ws.cell(r, COL["evidence"]).value = rating.get("evidence")
    for sid, target in (src.get("targets") or {}).items():
        ws.cell(rows[sid], COL["target"]).value = phase_as(target)
    c = wb["Context"]
    for cid, r in _rows_by_id(c, 2).items():
        c.cell(r, 3).value = "Yes" if cid in (src.get("context") or []) else "No"
    f = wb["Figures"]
    for metric, r in _rows_by_id(f, 1).items():
        f.cell(r, 3).value = (src.get("figures") or {}).get(metric)
    cm = src.get("case_management") or {}
    k = wb["Case management"]
    for aid, r in _rows_by_id(k, 3).items():
        k.cell(r, 4).value = "Yes" if aid in (cm.get("done") or []) else "No"
    a["B5"] = cm.get("notes")
    return wb


def save(wb, path: Path) -> Path:
    wb.save(path)
    return path


@pytest.fixture
def filled(tmp_path, template_bytes):
    """A template filled like examples/corvania-decentralisation.yaml (an openpyxl workbook, not yet saved)."""
    return fill(_open(template_bytes), _yaml("corvania-decentralisation"))


def _plan_json(path: Path) -> dict:
    r = run_cli("recommend", path, "--format", "json")
    assert r.code == 0, r.stderr
    return json.loads(r.stdout)


def _same_plan(a: dict, b: dict) -> None:
    for key in ("recommendations", "deferred", "warnings", "advice", "targets", "ratings", "context", "unrated",
                "country", "as_of", "waves", "trace"):
        assert a[key] == b[key], key
    assert a["provenance"]["knowledge_sha256"] == b["provenance"]["knowledge_sha256"]


def _messages(exc: InputError) -> list[str]:
    return [f"{p.location()}: {p.message}" for p in exc.problems]


# --- the intake workbook -----------------------------------------------------------------------------------------

def test_template_workbook_has_the_sheets_dropdowns_and_criteria(template_bytes, kb):
    wb = _open(template_bytes)
    assert wb.sheetnames == ["Instructions", "Assessment", "Ratings", "Context", "Figures", "Case management"]
    assert wb.security.lockStructure  # sheets cannot be renamed or deleted
    ws = wb["Ratings"]
    headers = [c.value for c in ws[1]]
    assert headers[:7] == ["Intermediate outcome", "Subdomain", "Title", "Phase", "Confidence", "Evidence",
                           "Target phase"]
    assert headers[7:] == [f"{n} {PHASE_CHOICES[n - 1]}: criteria" for n in (1, 2, 3, 4)]
    sids = [ws.cell(r, 2).value for r in range(2, ws.max_row + 1)]
    assert sids == [s for o in sorted(kb.outcomes) for s in kb.subdomains_of(o)] and len(sids) == 19
    for r, sid in enumerate(sids, 2):
        sd = kb.subdomains[sid]
        assert ws.cell(r, 1).value == f"{sd.outcome}. {kb.outcomes[sd.outcome].title}"
        assert ws.cell(r, 3).value == sd.title
        for n in (1, 2, 3, 4):  # the criteria of each phase, beside the row, wrapped
            cell = ws.cell(r, 7 + n)
            assert cell.value == " ".join(kb.criteria[(sid, n)].summary.split())
            assert cell.alignment.wrap_text
        assert ws.cell(r, 2).number_format == "@"  # the id stays text
        assert ws.row_dimensions[r].height and ws.row_dimensions[r].height > 30  # tall enough for the criteria
    assert ws.freeze_panes == "D2"  # header row (and the id columns) frozen
    assert ws.column_dimensions["H"].width >= 40 and ws.column_dimensions["B"].width >= 8
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists == {"D2:D20": '"Building,Enhancement,Integration,Maturity"', "E2:E20": '"low,medium,high"',
                     "G2:G20": '"Building,Enhancement,Integration,Maturity"'}
    assert all(dv.type == "list" and dv.showErrorMessage for dv in ws.data_validations.dataValidation)
    prompts = {str(dv.sqref): (dv.promptTitle, dv.errorTitle, dv.showInputMessage, dv.allow_blank)
               for dv in ws.data_validations.dataValidation}
    assert prompts == {"D2:D20": ("Phase", "Phase", True, True), "E2:E20": ("Confidence", "Confidence", True, True),
                       "G2:G20": ("Target phase", "Target phase", True, True)}
    assert all(dv.prompt and dv.error.startswith("Choose one of: ") for dv in ws.data_validations.dataValidation)


def test_template_protects_headers_and_leaves_inputs_unlocked(template_bytes):
    wb = _open(template_bytes)
    for name in wb.sheetnames:
        ws = wb[name]
        assert ws.protection.sheet, name
        assert not ws.protection.password, name  # no password: Review > Unprotect Sheet works
    r = wb["Ratings"]
    assert r["A1"].protection.locked and r["D1"].protection.locked and r["B5"].protection.locked
    assert r["H5"].protection.locked  # the criteria texts
    for col in "DEFG":
        assert not r[f"{col}5"].protection.locked
    a = wb["Assessment"]
    assert [a.cell(i, 1).value for i in range(1, 7)] == ["Field", "Country", "As of (YYYY-MM-DD)", "Notes",
                                                         "Case management notes", "Schema version"]
    assert not a["B2"].protection.locked and not a["B3"].protection.locked and a["B6"].protection.locked
    assert a["B3"].value == _dt.datetime(2026, 1, 15) and a["B3"].number_format == "yyyy-mm-dd"
    assert not wb["Context"]["C2"].protection.locked and wb["Context"]["B2"].protection.locked
    assert not wb["Figures"]["C2"].protection.locked and wb["Figures"]["A2"].protection.locked


def test_template_context_and_figures_sheets(template_bytes, kb):
    wb = _open(template_bytes)
    c = wb["Context"]
    assert [x.value for x in c[1]] == ["Category", "Context id", "Applies (Yes/No)", "Title", "Description"]
    rows = _rows_by_id(c, 2)
    assert set(rows) == set(kb.contexts)
    for cid, r in rows.items():
        assert c.cell(r, 3).value == "No"
        assert c.cell(r, 5).value == " ".join(kb.contexts[cid].description.split())
    categories = [c.cell(r, 1).value for r in range(2, c.max_row + 1)]
    assert categories[0] == "Shock" and categories[-1] == "Opportunity"  # grouped by category
    (dv,) = c.data_validations.dataValidation
    assert dv.formula1 == '"Yes,No"' and str(dv.sqref) == f"C2:C{len(kb.contexts) + 1}"
    f = wb["Figures"]
    assert [x.value for x in f[1]] == ["Figure", "Standard", "Your figure", "Unit", "What the standard says"]
    standards = kb.standards()
    rows = _rows_by_id(f, 1)
    assert set(rows) == set(standards)
    assert f.cell(rows["caseload_per_caseworker"], 2).value == "at most 25"
    assert f.cell(rows["months_to_final_review_after_closure"], 2).value == "at least 3"
    text = "\n".join(str(x.value) for x in wb["Instructions"]["A"] if x.value)
    for word in ("Building", "Maturity", "confidence", "cpss validate", "Ratings!D7"):
        assert word in text


def test_template_case_management_checklist(template_bytes, kb):
    ws = _open(template_bytes)["Case management"]
    assert [c.value for c in ws[1]] == ["Dimension", "Level step", "Action id", "Done (Yes/No)", "Checklist action"]
    ids = [ws.cell(r, 3).value for r in range(2, ws.max_row + 1)]
    cm = kb.case_management
    expected = [a.id for d in cm.dimensions for u in [d, *d.sub_dimensions] for t in u.transitions for a in t.actions]
    assert ids == expected and len(ids) == len(set(ids))
    assert {ws.cell(r, 4).value for r in range(2, ws.max_row + 1)} == {"No"}
    assert ws.cell(2, 2).value == "1 Critical to address -> 2 Requires improvement"
    (dv,) = ws.data_validations.dataValidation
    assert dv.formula1 == '"Yes,No"' and str(dv.sqref) == f"D2:D{len(ids) + 1}"
    assert not ws["D2"].protection.locked and ws["C2"].protection.locked


def test_checklist_counts_only_when_used(filled, tmp_path, kb):
    """No action marked done and no notes: no case management section, as in a YAML file without one."""
    assert load_assessment(save(filled, tmp_path / "a.xlsx"), kb).case_management is None
    filled["Case management"]["D2"] = "Yes"
    a = load_assessment(save(filled, tmp_path / "b.xlsx"), kb)
    assert a.case_management.done == (filled["Case management"]["C2"].value,)


#: Each workbook: how it is written in this process, and the command that writes it in another one.
WORKBOOKS = {
    "template": (lambda kb, plan: template_workbook(kb, AS_OF),
                 ["template", "--format", "xlsx", "--as-of", "2026-01-15"]),
    "plan": (lambda kb, plan: plan_workbook(Plan.model_validate(plan), kb),
             ["recommend", str(EXAMPLES / "beremia-conflict.yaml"), "--format", "xlsx"]),
}


@pytest.mark.parametrize("which", sorted(WORKBOOKS))
def test_workbook_bytes_are_deterministic(which, kb, beremia_plan, tmp_path):
    write, command = WORKBOOKS[which]
    data = write(kb, beremia_plan)
    assert write(kb, beremia_plan) == data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert core.count("2000-01-01T00:00:00Z") == 2 and "cpss-advisor" in core  # created and modified
    # Another process, another hash seed, a second later: the same bytes.
    out = tmp_path / "other.xlsx"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-m", "cpss_advisor.cli.main", *command, "-o", str(out)],
                   check=True, env=env, capture_output=True, cwd=ROOT)
    assert out.read_bytes() == data


def test_template_command_writes_xlsx(tmp_path, template_bytes):
    out = tmp_path / "assessment.xlsx"
    r = run_cli("template", "--format", "xlsx", "-o", out, "--as-of", "2026-01-15")
    assert r.code == 0 and out.read_bytes() == template_bytes
    # The blank is refused like the YAML template: nothing is rated (pointing at the first phase cell), and the
    # country is the placeholder.
    v = run_cli("validate", out, "-f", "json")
    assert v.code == 1 and v.stdout == ""
    assert f"{out}:Ratings!D2: nothing is rated" in v.stderr and "Phase column of the Ratings sheet" in v.stderr
    assert f"{out}:Assessment!B2: the country is still the template's placeholder" in v.stderr
    # Never replaces a file without --force; the format follows an .xlsx name.
    out.write_bytes(b"precious")
    r = run_cli("template", "-o", out)
    assert r.code == 4 and "the file exists" in r.stderr and out.read_bytes() == b"precious"
    assert run_cli("template", "-o", out, "--force", "--as-of", "2026-01-15").code == 0
    assert out.read_bytes() == template_bytes


@pytest.mark.parametrize("args,expected", [
    (["--format", "xlsx"], "give its file with -o"),
    (["--format", "xlsx", "-o", "blank.yaml"], "conflicts with -o"),
    (["--format", "yaml", "-o", "blank.xlsx"], "a .xlsx file is xlsx"),
])
def test_template_xlsx_usage_errors(tmp_path, args, expected):
    args = [str(tmp_path / a) if a.startswith("blank") else a for a in args]
    r = run_cli("template", *args)
    assert r.code == 2 and expected in r.stderr
    assert not list(tmp_path.iterdir())


# --- reading a filled workbook -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_round_trip_gives_the_plan_of_the_yaml(name, tmp_path, template_bytes, kb):
    path = save(fill(_open(template_bytes), _yaml(name)), tmp_path / f"{name}.xlsx")
    from_xlsx = load_assessment(path, kb)
    from_yaml = load_assessment(EXAMPLES / f"{name}.yaml", kb)
    for field in ("country", "as_of", "ratings", "context", "targets", "figures", "notes", "unrated"):
        assert getattr(from_xlsx, field) == getattr(from_yaml, field), field
    assert [p.message for p in from_xlsx.warnings] == [p.message for p in from_yaml.warnings]
    _same_plan(_plan_json(path), _plan_json(EXAMPLES / f"{name}.yaml"))


def test_corvania_round_trip_recommendations(filled, tmp_path):
    path = save(filled, tmp_path / "corvania.xlsx")
    xlsx, yaml = _plan_json(path), _plan_json(EXAMPLES / "corvania-decentralisation.yaml")
    assert xlsx["recommendations"] == yaml["recommendations"] and xlsx["recommendations"]
    assert xlsx["provenance"]["input_sha256"] != yaml["provenance"]["input_sha256"]  # the workbook's own bytes


def test_values_as_spreadsheets_hand_them_back(tmp_path, template_bytes, kb):
    """Numbers for phases, text for numbers, floats for ids, serial dates, TRUE for Yes, odd capitals: all read."""
    src = _yaml("beremia-conflict")
    words = {1: "system building", 2: "ENHANCEMENT ", 3: " Integration", 4: "Maturity"}
    wb = fill(_open(template_bytes), src, phase_as=lambda n: [n, float(n), str(n), words[n]][n % 4])
    ws = wb["Ratings"]
    for r in range(2, ws.max_row + 1):
        sid = ws.cell(r, 2).value
        ws.cell(r, 2).value = float(sid) if r % 2 else f" {sid} "  # re-typed ids come back as numbers
        conf = ws.cell(r, 5).value
        ws.cell(r, 5).value = conf.upper() if conf and r % 3 == 0 else conf
    wb["Assessment"]["B3"] = 46203  # 2026-06-30 as Excel's serial day number (the date format lost)
    c = wb["Context"]
    yes = [TRUE_LIKE for TRUE_LIKE in (True, 1, "yes", "x")]
    for i, (cid, r) in enumerate(_rows_by_id(c, 2).items()):
        c.cell(r, 3).value = yes[i % 4] if cid in src["context"] else [False, 0, None, "no"][i % 4]
    f = wb["Figures"]
    for metric, r in _rows_by_id(f, 1).items():
        if metric in src["figures"]:
            f.cell(r, 3).value = str(src["figures"][metric])  # numbers stored as text
    path = save(wb, tmp_path / "resaved.xlsx")
    a, b = load_assessment(path, kb), load_assessment(EXAMPLES / "beremia-conflict.yaml", kb)
    for field in ("country", "as_of", "ratings", "context", "targets", "figures"):
        assert getattr(a, field) == getattr(b, field), field


def test_rows_out_of_order_blank_extra_rows_and_moved_columns(tmp_path, kb):
    """A workbook laid out differently (a title row, columns in another order, rows shuffled, blank rows, notes)
    reads by its headers to the same assessment."""
    src = _yaml("corvania-decentralisation")
    wb = Workbook()
    a = wb.active
    a.title = "Assessment"
    a.append(["Our assessment"])
    a.append(["As of", _dt.date(2026, 9, 30)])
    a.append(["country", "Corvania"])
    ws = wb.create_sheet("Ratings")
    ws.append(["Ratings of Corvania, workshop of 12 May"])
    ws.append(["Evidence", "Target", "Phase", "Confidence", "Subdomain"])
    for sid in sorted(src["ratings"], reverse=True):
        rt = src["ratings"][sid]
        ws.append([rt.get("evidence"), PHASE_CHOICES[src["targets"][sid] - 1] if sid in src["targets"] else None,
                   PHASE_CHOICES[rt["phase"] - 1], rt.get("confidence"), sid])
        ws.append([])
    ws.append([None, None, None, None, "Total"])  # a note row: not a subdomain, no input
    c = wb.create_sheet("Context")
    c.append(["Applies", "Context id"])
    c.append(["No", "armed_conflict"])
    c.append([None, None])
    c.append(["Yes", "law_reform_window"])
    c.append(["Yes", "decentralisation_reform"])
    f = wb.create_sheet("Figures")
    f.append(["Figure", "Your figure"])
    path = save(wb, tmp_path / "other-layout.xlsx")
    x, y = load_assessment(path, kb), load_assessment(EXAMPLES / "corvania-decentralisation.yaml", kb)
    for field in ("country", "as_of", "ratings", "context", "targets", "figures"):
        assert getattr(x, field) == getattr(y, field), field


BAD_CASES = [
    # (what, cell -> value, exact "sheet!cell: message" lines)
    ("phase typo", {"Ratings!D7": "Integation"},
     ["Ratings!D7: 'Integation' is not a phase; allowed: Building, Enhancement, Integration, Maturity"]),
    ("phase out of range", {"Ratings!D4": 5}, ["Ratings!D4: phase 5 is out of range 1-4"]),
    ("confidence", {"Ratings!E3": "sure"}, ["Ratings!E3: 'sure' is not allowed; allowed: 'low', 'medium' or 'high'"]),
    ("target typo", {"Ratings!G5": "Maturty"},
     ["Ratings!G5: 'Maturty' is not a phase; allowed: Building, Enhancement, Integration, Maturity; or "
      "'keep' to leave the subdomain where it is"]),
    ("confidence without phase", {"Ratings!D9": None},
     ["Ratings!D9: 3.3 has a confidence or evidence but no phase; choose its phase or clear the row"]),
    ("unknown subdomain in an extra row", {"Ratings!B22": "3.7", "Ratings!D22": "Building"},
     ["Ratings!B22: unknown subdomain '3.7'"]),
    ("repeated subdomain", {"Ratings!B22": "3.3", "Ratings!D22": "Building"},
     ["Ratings!B22: subdomain '3.3' is also in row 9; keep one row per subdomain"]),
    ("phase without subdomain", {"Ratings!D23": "Building"}, ["Ratings!D23: a phase in a row without a subdomain"]),
    ("country empty", {"Assessment!B2": None}, ["Assessment!B2: the country is empty; write the country's name"]),
    ("date", {"Assessment!B3": "30/09/2026"}, ["Assessment!B3: '30/09/2026' is not a date; write it as YYYY-MM-DD"]),
    ("date empty", {"Assessment!B3": None}, ["Assessment!B3: the as-of date is empty; write it as YYYY-MM-DD"]),
    ("schema version", {"Assessment!B6": 2}, ["Assessment!B6: 2 is not allowed; allowed: 1"]),
    ("yes/no", {"Context!C3": "maybe"}, ["Context!C3: 'maybe' is not Yes or No"]),
    ("unknown context", {"Context!B18": "armed conflikt", "Context!C18": "Yes"},
     ["Context!B18: unknown context 'armed_conflikt'"]),
    ("contradictory stages", {"Context!C2": "Yes", "Context!C7": "Yes", "Context!C9": "Yes"},
     ["Context!C9: contradictory context: 'acute_onset' and 'recovery' cannot be given together"]),
    ("figure not a number", {"Figures!C2": "lots"}, ["Figures!C2: expected a number, got 'lots'"]),
    ("figure negative", {"Figures!C3": -1}, ["Figures!C3: expected a non-negative number, got -1"]),
    ("unknown figure", {"Figures!A12": "caseload", "Figures!C12": 30}, ["Figures!A12: unknown figure 'caseload'"]),
    ("unknown checklist action", {"Case management!C3": "cm-1-1-no-such-action", "Case management!D3": "Yes"},
     ["Case management!C3: unknown checklist action 'cm-1-1-no-such-action'"]),
    ("checklist yes/no", {"Case management!D4": "done"}, ["Case management!D4: 'done' is not Yes or No"]),
    ("several at once", {"Ratings!D7": "Integation", "Context!C3": "maybe", "Ratings!D23": "Building"},
     ["Context!C3: 'maybe' is not Yes or No",
      "Ratings!D7: 'Integation' is not a phase; allowed: Building, Enhancement, Integration, Maturity",
      "Ratings!D23: a phase in a row without a subdomain"]),
]


def _set(wb, changes: dict) -> None:
    for ref, value in changes.items():
        sheet, cell = ref.split("!")
        wb[sheet][cell] = value


@pytest.mark.parametrize("what,changes,expected", BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_every_problem_names_its_sheet_and_cell(what, changes, expected, filled, tmp_path, kb):
    _set(filled, changes)
    path = save(filled, tmp_path / "assessment.xlsx")
    with pytest.raises(InputError) as exc:
        load_assessment(path, kb)
    assert _messages(exc.value) == [f"{path}:{line}" for line in expected]
    assert all(p.cell and p.line is None for p in exc.value.problems)


_CELLS = ([f"Ratings!{c}{r}" for c in "BDEFG" for r in (1, 2, 9, 20, 21, 25)] +
          [f"Context!{c}{r}" for c in "BC" for r in (1, 2, 8, 16, 17)] +
          [f"Figures!{c}{r}" for c in "AC" for r in (1, 2, 9, 10)] +
          [f"Assessment!{c}{r}" for c in "AB" for r in (2, 3, 4, 5, 6, 7)] +
          [f"Case management!{c}{r}" for c in "CD" for r in (1, 2, 50)])
_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 10**7), st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=_dt.date(1901, 1, 1)),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
    st.sampled_from(["Integration", "Integation", "Yes", "no", "3.3", "3.7", "high", "HIGH", "2026-01-01", "=1+1",
                     "armed_conflict", "recovery", " ", "1,200", "12,5", "cm-1-1-develop-sops", "Phase", "Subdomain"]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(changes=st.dictionaries(st.sampled_from(_CELLS), _VALUES, min_size=1, max_size=6))
@example(changes={"Assessment!B3": 2958466.0})  # a date cell past any date: openpyxl reads it as an error value
def test_any_cell_values_give_an_assessment_or_located_problems(changes, template_bytes, kb, tmp_path_factory):
    wb = fill(_open(template_bytes), _yaml("beremia-conflict"))
    _set(wb, changes)
    path = save(wb, tmp_path_factory.mktemp("fuzz") / "assessment.xlsx")
    try:
        a = load_assessment(path, kb)
    except InputError as exc:
        assert exc.problems
        for p in exc.problems:
            assert p.message and p.file == str(path)
            assert p.cell or p.code in {"missing-sheet"}, p.render()
    else:
        assert a.country and len(a.ratings) + len(a.unrated) == 19


def test_cli_prints_sheet_and_cell_with_the_hint(filled, tmp_path):
    filled["Ratings"]["D7"] = "Integation"
    path = save(filled, tmp_path / "assessment.xlsx")
    r = run_cli("validate", path)
    assert r.code == 1 and r.stdout == ""
    assert r.stderr == (f"{path}:Ratings!D7: 'Integation' is not a phase; allowed: Building, Enhancement, "
                        "Integration, Maturity\n  hint: did you mean 'Integration'?\n")
    r = run_cli("recommend", path, "-f", "json")
    assert r.code == 1 and "Ratings!D7" in r.stderr
    problem = json.loads(json.dumps(InputError(Problem(str(path), None, None, "x", "m", cell="Ratings!D7"))
                                    .problems[0].as_dict()))
    assert problem["cell"] == "Ratings!D7"


def test_warnings_name_their_cells(filled, tmp_path, kb):
    _set(filled, {"Ratings!G12": "Maturity", "Ratings!D12": None, "Ratings!E12": None, "Ratings!F12": None,
                  "Ratings!G2": "Building"})
    path = save(filled, tmp_path / "assessment.xlsx")
    a = load_assessment(path, kb)
    where = {p.location().split(":", 1)[1]: p.message for p in a.warnings}
    assert where == {"Ratings!G12": "target for 5.1 but 5.1 is not rated",
                     "Ratings!G2": "target phase 1 for 1.1 is not above its rating (3); no step will be planned for it"}
    v = run_cli("validate", path, "-f", "json")
    assert v.code == 0 and {w["cell"] for w in json.loads(v.stdout)["warnings"]} == {"Ratings!G2", "Ratings!G12"}
    ats = {w.get("at") for w in _plan_json(path)["warnings"]}
    assert {f"{path}:Ratings!G2", f"{path}:Ratings!G12"} <= ats


def test_problem_location_and_order_with_cells():
    p = Problem("a.xlsx", None, None, "c", "m", cell="Ratings!D7")
    assert p.location() == "a.xlsx:Ratings!D7" and p.render() == "a.xlsx:Ratings!D7: m"
    assert Problem("a.yaml", 3, 4, "c", "m").location() == "a.yaml:3:4"
    assert "cell" not in Problem("a.yaml", 3, 4, "c", "m").as_dict()
    cells = ["Ratings!D10", "Context!C3", "Ratings!D7", "Ratings!AA7", "Ratings!B7"]
    err = InputError([Problem("a.xlsx", None, None, "c", "m", cell=c) for c in cells])
    assert [p.cell for p in err.problems] == ["Context!C3", "Ratings!B7", "Ratings!D7", "Ratings!AA7", "Ratings!D10"]


def test_missing_sheet_is_a_clear_error(filled, tmp_path, kb):
    filled.security = None
    del filled["Context"]
    path = save(filled, tmp_path / "assessment.xlsx")
    with pytest.raises(InputError) as exc:
        load_assessment(path, kb)
    (p,) = exc.value.problems
    assert p.render() == (
        f"{path}: the sheet 'Context' is missing; the workbook has 'Instructions', 'Assessment', 'Ratings', "
        "'Figures', 'Case management'\n  hint: an assessment workbook has the sheets Assessment, Ratings, Context, Figures; restore "
        "the sheet (or its name), or start from 'cpss template --format xlsx'")


def test_missing_header_is_a_clear_error(filled, tmp_path, kb):
    filled["Ratings"]["D1"] = "Stage"
    path = save(filled, tmp_path / "assessment.xlsx")
    with pytest.raises(InputError) as exc:
        load_assessment(path, kb)
    assert _messages(exc.value) == [
        f"{path}:Ratings!A1: no header row with the columns 'Subdomain' and 'Phase' in the first 10 rows"]


@pytest.mark.parametrize("what,content,expected", [
    ("yaml text", b"schema_version: 1\ncountry: X\n", "not an Excel workbook (.xlsx): the file is not a zip package"),
    ("empty", b"", "the file is empty, not an Excel workbook"),
    ("a zip", None, "not an Excel workbook (.xlsx): a zip file without a workbook in it"),
    ("truncated", "truncated", "not an Excel workbook (.xlsx): the zip package is damaged or incomplete"),
    ("xls or encrypted", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
     "this is a password-protected workbook or an old Excel 97-2003 (.xls) file, which cannot be read"),
    ("ods", "ods", "this is an OpenDocument spreadsheet (.ods), not an Excel workbook"),
])
def test_not_a_workbook(what, content, expected, tmp_path, template_bytes, kb):
    path = tmp_path / "assessment.xlsx"
    if content is None:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("hello.txt", "hello")
        content = buf.getvalue()
    elif content == "truncated":
        content = template_bytes[: len(template_bytes) // 2]
    elif content == "ods":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        content = buf.getvalue()
    path.write_bytes(content)
    with pytest.raises(InputError) as exc:
        load_assessment(path, kb)
    (p,) = exc.value.problems
    assert p.message == expected and p.code == "not-a-workbook" and p.hint
    r = run_cli("validate", path)
    assert r.code == 1 and r.stderr.startswith(f"{path}: {expected}")


def test_a_locked_file_gives_a_clear_message(filled, tmp_path, monkeypatch, kb):
    path = save(filled, tmp_path / "assessment.xlsx")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(wbmod, "open", denied, raising=False)  # as Excel on Windows holds the files it has open
    with pytest.raises(InputError) as exc:
        load_assessment(path, kb)
    (p,) = exc.value.problems
    assert p.message == "cannot read the workbook: permission denied"
    assert "close it there" in p.hint


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads a file of mode 000")
def test_an_unreadable_file_gives_a_clear_message(filled, tmp_path):
    path = save(filled, tmp_path / "assessment.xlsx")
    path.chmod(0)
    try:
        r = run_cli("validate", path)
    finally:
        path.chmod(0o644)
    assert r.code == 1 and "cannot read the workbook: permission denied" in r.stderr


def test_workbook_open_in_libreoffice(filled, tmp_path, kb):
    """A lock file beside the input: read as last saved, with a notice; never written to; not overwritten."""
    path = save(filled, tmp_path / "assessment.xlsx")
    lock = tmp_path / ".~lock.assessment.xlsx#"
    lock.write_text(",jane,workshop-pc,21.11.2025 09:12,file:///home/jane/.config/libreoffice/4;")
    before, mtime = path.read_bytes(), path.stat().st_mtime_ns
    a = load_assessment(path, kb)
    (notice,) = [p for p in a.warnings if p.code == "workbook-open"]
    assert notice.render().startswith(
        f"{path}: the workbook is open in another program (LibreOffice lock file '.~lock.assessment.xlsx#' by jane "
        "since 21.11.2025 09:12): this reads its last saved version, without changes not saved yet")
    v = run_cli("validate", path)
    assert v.code == 0 and "the workbook is open in another program" in v.stdout
    # An invalid workbook: the notice comes with the errors (a fix not saved yet explains a repeated error).
    filled["Ratings"]["D7"] = "Integation"
    bad = save(filled, tmp_path / "bad.xlsx")
    (tmp_path / ".~lock.bad.xlsx#").write_text(",jane,pc,now,url;")
    r = run_cli("validate", bad)
    assert r.code == 1 and "Ratings!D7" in r.stderr and "the workbook is open in another program" in r.stderr
    # The plan written over a workbook that is open elsewhere is refused; over the input, too.
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(b"old plan")
    (tmp_path / ".~lock.plan.xlsx#").write_text(",jane,pc,now,url;")
    r = run_cli("recommend", path, "-f", "xlsx", "-o", plan)
    assert r.code == 4 and "the workbook is open in another program" in r.stderr
    assert plan.read_bytes() == b"old plan"
    lock.unlink()
    r = run_cli("recommend", path, "-f", "xlsx", "-o", path)
    assert r.code == 4 and "refusing to write the output over an input file" in r.stderr
    excel_lock = tmp_path / "~$assessment.xlsx"
    excel_lock.write_bytes(b"\x04jane")
    r = run_cli("template", "-f", "xlsx", "-o", path, "--force")
    assert r.code == 4 and "Excel lock file '~$assessment.xlsx'" in r.stderr
    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# --- the plan workbook -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def beremia_plan() -> dict:
    return _plan_json(EXAMPLES / "beremia-conflict.yaml")


def test_plan_workbook_sheets_and_content(tmp_path, beremia_plan, kb):
    """The plan as a workplan: every intervention of every step on the Actions sheet, each step with its reasons,
    the timeline, the phases, what waits and why, and the plan's setting; in words (the ids in hidden columns)."""
    out = tmp_path / "plan.xlsx"
    r = run_cli("recommend", EXAMPLES / "beremia-conflict.yaml", "--format", "xlsx", "-o", out)
    assert r.code == 0 and r.stdout == "" and f"wrote {out}" in r.stderr
    wb = load_workbook(out)
    assert wb.sheetnames == ["Actions", "Steps", "Roadmap", "Phases", "Chart data", "Waiting", "About"]
    actions = wb["Actions"]
    assert [c.value for c in actions[1]] == ["No.", "Step", "Subdomain", "Intervention", "Description", "Lead",
                                             "Start (month)", "End (month)", "Period", "Owner", "Budget", "Status",
                                             "Notes", "Step key", "Intervention key"]
    recs = beremia_plan["recommendations"]
    rows = [[c.value for c in row] for row in actions.iter_rows(min_row=2)]
    assert len(rows) == sum(len(rec["interventions"]) for rec in recs)
    by_key = {(row[13], row[14]): row for row in rows}
    for rec in recs:
        for iv in rec["interventions"]:
            row = by_key[(rec["id"], iv["id"])]
            assert row[0] == rec["rank"] and row[2].startswith(rec["subdomain"] + " ") and row[3] == iv["title"]
            assert row[4] == iv["description"] or iv["checklist"]
            assert row[7] == (iv["end_month"] or rec["end_month"]) and row[9:13] == [None] * 4
    assert actions.freeze_panes == "C2" and actions.auto_filter.ref
    steps = [[c.value for c in row] for row in wb["Steps"].iter_rows(min_row=2)]
    for rec in recs:
        why = [row[7] for row in steps if row[0] == rec["rank"]]
        assert len(why) == len(set(why)) >= len({x["text"] for x in rec["rationale"]})
    roadmap = wb["Roadmap"]
    periods = beremia_plan["waves"]
    assert [roadmap.cell(1, c).value for c in range(1, 5)] == ["No.", "Step", "Lead", "Months"]
    assert [roadmap.cell(2, c).value for c in range(5, 5 + 24)] == [str(m) for m in range(24)]  # a month a column
    assert [roadmap.cell(1, 5 + w["start_month"]).value for w in periods] == [f"Period {w['wave']}" for w in periods]
    for n, rec in enumerate(sorted(recs, key=lambda x: x["rank"]), 3):
        assert roadmap.cell(n, 1).value == rec["rank"]
        assert roadmap.cell(n, 4).value == f"{rec['start_month']}-{rec['end_month']}"
        assert roadmap.cell(n, 5 + rec["start_month"]).value == ("S" if rec["track"] == "system" else "R")
        assert roadmap.cell(n, 5 + rec["end_month"]).value is None
    phases = wb["Phases"]
    current = {x["subdomain"]: x["phase"] for x in beremia_plan["ratings"]}
    target = {x["subdomain"]: x["phase"] for x in beremia_plan["targets"]}
    for r_ in range(2, phases.max_row + 1):
        sid = phases.cell(r_, 2).value.split(" ")[0]
        assert phases.cell(r_, 3).value == f"{current[sid]} {kb.phase_short(current[sid])}"
        assert phases.cell(r_, 4).value == f"{target[sid]} {kb.phase_short(target[sid])}"
    waiting = wb["Waiting"]
    assert waiting.max_row == len(beremia_plan["deferred"]) + 1
    assert waiting.cell(2, 1).value == "Minimum standards: from Building to Enhancement"
    assert waiting.cell(2, 3).value == beremia_plan["deferred"][0]["reason"][:1].upper() + \
        beremia_plan["deferred"][0]["reason"][1:]
    about = {wb["About"].cell(r_, 1).value: wb["About"].cell(r_, 2).value for r_ in range(2, wb["About"].max_row + 1)}
    assert about["Country"] == "Beremia" and about["Assessment as of"] == beremia_plan["as_of"]
    assert about["Advice"] == beremia_plan["advice"][0]["text"] and about["Setting"] == "Protracted crisis"
    assert about["Made with"].startswith(f"cpss-advisor {beremia_plan['provenance']['tool_version']}")


def test_plan_workbook_has_a_bar_chart_of_the_phases(tmp_path):
    out = tmp_path / "plan.xlsx"
    assert run_cli("recommend", EXAMPLES / "corvania-decentralisation.yaml", "-f", "xlsx", "-o", out).code == 0
    with zipfile.ZipFile(out) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        root = ET.fromstring(z.read(charts[0]))
        drawing_rels = z.read("xl/drawings/_rels/drawing1.xml.rels").decode()
        sheet_rels = z.read("xl/worksheets/_rels/sheet4.xml.rels").decode()  # the fourth sheet: Phases
    assert "../charts/chart1.xml" in drawing_rels and "../drawings/drawing1.xml" in sheet_rels
    (bar,) = root.iter(f"{_C}barChart")  # a column chart of two series side by side
    assert bar.find(f"{_C}barDir").get("val") == "col" and bar.find(f"{_C}grouping").get("val") == "clustered"
    # Series named by their headers (current, target phase); categories: outcome and subdomain (an empty first
    # one holds the phase names), from the hidden chart data.
    refs = [[f.text for f in ser.iter(f"{_C}f")] for ser in bar.iter(f"{_C}ser")]
    assert refs == [["'Chart data'!$C$1", "'Chart data'!$A$2:$B$21", "'Chart data'!$C$2:$C$21"],
                    ["'Chart data'!$D$1", "'Chart data'!$A$2:$B$21", "'Chart data'!$D$2:$D$21"]]
    titles = ["".join(t.text for t in title.iter(f"{_A}t")) for title in root.iter(f"{_C}title")]
    assert titles == ["Current and target phase by subdomain", "Subdomain, by intermediate outcome", "Phase"]
    (scaling,) = root.find(f".//{_C}valAx").iter(f"{_C}scaling")
    assert (scaling.find(f"{_C}min").get("val"), scaling.find(f"{_C}max").get("val")) == ("0", "4")
    assert root.find(f".//{_C}valAx/{_C}majorUnit").get("val") == "1"
    (chart,) = load_workbook(out)["Phases"]._charts
    assert chart.tagname == "barChart" and len(chart.series) == 2
    (line,) = [c for c in chart._charts if c.tagname == "lineChart"]
    assert len(line.series) == 4  # the phase names


def test_plan_workbook_bytes_are_deterministic(beremia_plan, kb, tmp_path):
    first = plan_workbook(Plan.model_validate(beremia_plan), kb)
    assert plan_workbook(Plan.model_validate(beremia_plan), kb) == first
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert run_cli("recommend", EXAMPLES / "beremia-conflict.yaml", "-f", "xlsx", "-o", a).code == 0
    assert run_cli("recommend", EXAMPLES / "beremia-conflict.yaml", "-f", "xlsx", "-o", b).code == 0
    assert a.read_bytes() == b.read_bytes() == first
    with zipfile.ZipFile(a) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_plan_xlsx_needs_an_output_file():
    r = run_cli("recommend", EXAMPLES / "beremia-conflict.yaml", "--format", "xlsx")
    assert r.code == 2 and "give its file with -o" in r.stderr and r.stdout == ""


def test_plan_from_a_workbook_to_a_workbook(filled, tmp_path):
    path = save(filled, tmp_path / "assessment.xlsx")
    before = path.read_bytes()
    out = tmp_path / "plan.xlsx"
    assert run_cli("recommend", path, "-f", "xlsx", "-o", out).code == 0
    assert path.read_bytes() == before
    assert load_workbook(out)["Actions"].cell(2, 14).value == _plan_json(path)["recommendations"][0]["id"]


# --- both workbooks as written ------------------------------------------------------------------------------------

@pytest.mark.parametrize("which", sorted(WORKBOOKS))
def test_every_sheet_prints_landscape_on_a4_as_wide_as_the_page(which, kb, beremia_plan):
    wb = _open(WORKBOOKS[which][0](kb, beremia_plan))
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert (setup.orientation, int(setup.paperSize)) == ("landscape", 9), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage and setup.fitToWidth in (None, 1)  # 1 is the default
        assert setup.fitToHeight == 0, ws.title  # as many pages down as it takes
        # the header rows on every page (the Roadmap's two: the periods, the months)
        assert ws.print_title_rows == ("$1:$2" if ws.title == "Roadmap" else "$1:$1"), ws.title


@pytest.mark.parametrize("which", sorted(WORKBOOKS))
def test_rows_are_as_tall_as_their_wrapped_text(which, kb, beremia_plan):
    """Spreadsheet programs do not grow rows on opening: a row with text over several lines gets its height."""
    wb = _open(WORKBOOKS[which][0](kb, beremia_plan))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            lines = max(str(c.value).count("\n") + 1 if isinstance(c.value, str) else 1 for c in row)
            if lines > 1:
                height = ws.row_dimensions[row[0].row].height
                # 15 points a line, up to the largest height a row can have (409 points, to the pixel).
                assert height and height >= min(15 * lines, 408.75), (ws.title, row[0].row, lines, height)
    # Text wrapped in its column (a long description, a reason) makes its row as tall as its lines, too (every
    # cell of the plan is checked against its column's width in tests/render/test_workplan.py).
    tall = sum((dim.height or 0) >= 45 for ws in wb.worksheets for dim in ws.row_dimensions.values())
    assert tall >= (50 if which == "plan" else 5)
    if which == "template":  # a header that wraps in its narrow column, too
        assert wb["Context"].row_dimensions[1].height > 30 and wb["Ratings"].row_dimensions[5].height > 30


def test_writing_the_workbooks_warns_about_nothing(kb, beremia_plan):
    """XlsxWriter warns (and skips the feature) on a prompt that is too long, an unknown option or a bad range."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for write, _ in WORKBOOKS.values():
            write(kb, beremia_plan)


def test_literal_escape_sequences_are_escaped_once(beremia_plan, kb):
    """A text holding the workbook format's own _xHHHH_ escape shows as typed: its underscore is written as
    _x005F_, once (a second escape would show as '_x005F_' in the cell)."""
    data = plan_workbook(Plan.model_validate({**beremia_plan, "country": "a_x0041_b"}), kb)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        strings = z.read("xl/sharedStrings.xml").decode()
    assert ">a_x005F_x0041_b<" in strings and "_x005F_x005F_" not in strings


def test_the_writer_is_xlsxwriter_only():
    """The workbooks are written with XlsxWriter's public API alone: no openpyxl, no subclassed library class."""
    import ast

    import cpss_advisor.render as render

    folder = Path(render.__file__).parent
    modules = [folder / "workbook.py", *folder.glob("*_workbook.py"), *folder.glob("xlsx_*.py")]
    assert len(modules) >= 3
    for path in modules:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imported |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert not {m for m in imported if m.startswith("openpyxl")}, path.name
        bases = {ast.unparse(b) for n in ast.walk(tree) if isinstance(n, ast.ClassDef) for b in n.bases}
        assert not bases, (path.name, bases)


# --- a real spreadsheet program ----------------------------------------------------------------------------------

def _convert(soffice: str, profile: Path, fmt: str, outdir: Path, *files: Path) -> None:
    outdir.mkdir(exist_ok=True)
    r = subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                        "--convert-to", fmt, "--outdir", str(outdir), *map(str, files)],
                       capture_output=True, text=True, timeout=240)
    assert r.returncode == 0, r.stderr


def test_libreoffice_converts_and_resaves_the_workbooks(filled, tmp_path, kb, soffice):
    profile = tmp_path / "lo-profile"  # a fresh profile: no user settings, no first-start dialogs
    src = tmp_path / "src"
    src.mkdir()
    assessment = save(filled, src / "corvania.xlsx")
    plan = src / "plan.xlsx"
    assert run_cli("recommend", assessment, "-f", "xlsx", "-o", plan).code == 0
    filled_in = load_workbook(plan)
    filled_in["Actions"]["J2"], filled_in["Actions"]["L2"] = "Jane", "Under way"  # the workshop fills it in
    filled_in.save(plan)
    inputs = {p: p.read_bytes() for p in (assessment, plan)}
    _convert(soffice, profile, "pdf", tmp_path / "pdf", assessment, plan)
    _convert(soffice, profile, "xlsx", tmp_path / "resaved", assessment, plan)
    for name in ("corvania.pdf", "plan.pdf"):
        pdf = (tmp_path / "pdf" / name).read_bytes()
        assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    assert all(p.read_bytes() == data for p, data in inputs.items())  # the inputs are untouched
    resaved = tmp_path / "resaved" / "corvania.xlsx"
    assert resaved.read_bytes() != inputs[assessment]  # really written by LibreOffice
    r = run_cli("validate", resaved)
    assert r.code == 0, r.stderr
    assert "Corvania, as of 2026-09-30" in r.stdout and "19 of 19 subdomains rated" in r.stdout
    a, y = load_assessment(resaved, kb), load_assessment(EXAMPLES / "corvania-decentralisation.yaml", kb)
    for field in ("country", "as_of", "ratings", "context", "targets", "figures"):
        assert getattr(a, field) == getattr(y, field), field
    _same_plan(_plan_json(resaved), _plan_json(EXAMPLES / "corvania-decentralisation.yaml"))
    # The drop-downs survive LibreOffice.
    lists = {str(dv.sqref): dv.formula1 for dv in load_workbook(resaved)["Ratings"].data_validations.dataValidation}
    assert lists["D2:D20"] == '"Building,Enhancement,Integration,Maturity"'
    resaved_plan = tmp_path / "resaved" / "plan.xlsx"
    replan = load_workbook(resaved_plan)
    assert replan.sheetnames == ["Actions", "Steps", "Roadmap", "Phases", "Chart data", "Waiting", "About"]
    assert replan["Actions"].cell(2, 14).value == _plan_json(assessment)["recommendations"][0]["id"]
    # A workplan LibreOffice saved is read back: made again over it, the values filled in stay on their row.
    r = run_cli("recommend", assessment, "--horizon-years", "3", "-o", resaved_plan)
    assert r.code == 0 and f"carried over what was filled in on 1 row of {resaved_plan}" in r.stderr, r.stderr
    again = load_workbook(resaved_plan)["Actions"]
    assert (again["J2"].value, again["L2"].value) == ("Jane", "Under way")


def test_cm_reads_the_checklist_of_a_workbook_as_of_its_yaml(template_bytes, tmp_path):
    """`cpss cm` takes an intake workbook too (through the one door for assessments): the same levels and next
    actions as the YAML it was filled from."""
    path = save(fill(_open(template_bytes), _yaml("beremia-conflict")), tmp_path / "beremia.xlsx")
    from_workbook = run_cli("cm", path, "-f", "json")
    from_yaml = run_cli("cm", EXAMPLES / "beremia-conflict.yaml", "-f", "json")
    assert from_workbook.code == 0, from_workbook.stderr
    a, b = json.loads(from_workbook.stdout), json.loads(from_yaml.stdout)
    assert a["dimensions"] == b["dimensions"] and a["done"] == b["done"] > 0
