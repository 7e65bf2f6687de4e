"""Reading input defensively: control characters, keys written two ways, merge keys, long numbers, dates, file
formats, bounded problem lists, and hostile workbooks read in bounded time and memory."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cpss_advisor.intake.load import load_assessment
from cpss_advisor.core.document import load_document, parse_document
from cpss_advisor.core.errors import MAX_LISTED, MORE_PROBLEMS, InputError, Problem
from cpss_advisor.render.workbook import template_workbook

from tests import hostile_workbooks as hostile
from tests.conftest import EXAMPLES, ROOT, run_cli
from tests.intake.test_workbook import _open, _yaml, fill

HEAD = "schema_version: 1\ncountry: Testland\nas_of: 2026-06-30\n"
BEREMIA = EXAMPLES / "beremia-conflict.yaml"
#: Peak memory allowed for reading any accepted file.
MEMORY_LIMIT_MB = 600


def write(tmp_path: Path, text: str, name: str = "a.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def write_json(tmp_path: Path, data: dict, name: str = "a.json") -> Path:
    p = tmp_path / name
    p.write_text(json.dumps(data))
    return p


def assessment_data(**extra) -> dict:
    return {"schema_version": 1, "country": "Testland", "as_of": "2026-06-30", "ratings": {"3.3": 2}, **extra}


# --- control characters ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("ch", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b"])
def test_control_characters_in_text_are_refused_with_the_field(tmp_path, ch):
    p = write_json(tmp_path, assessment_data(ratings={"3.3": {"phase": 2, "evidence": f"SOPs{ch}adopted"}}))
    r = run_cli("validate", p)
    assert r.code == 1 and r.stdout == ""
    escaped = f"\\x{ord(ch):02x}"
    assert f'{p}:1:' in r.stderr and f'ratings."3.3".evidence: the text contains the control character {escaped}' \
        in r.stderr
    assert ch not in r.stderr  # echoed escaped, never raw


def test_tabs_and_line_breaks_stay_in_free_text_but_not_in_one_line_text(tmp_path, kb):
    p = write_json(tmp_path, assessment_data(ratings={"3.3": {"phase": 2, "evidence": "SOPs:\tadopted\r\nin 2025"}},
                                             notes="first line\nsecond line"))
    a = load_assessment(p, kb)
    assert a.ratings["3.3"].evidence == "SOPs:\tadopted\r\nin 2025" and a.notes == "first line\nsecond line"
    p = write_json(tmp_path, assessment_data(country="Test\nland"))
    with pytest.raises(InputError) as exc:
        load_assessment(p, kb)
    [problem] = exc.value.problems
    assert problem.line == 1 and "country: the country name must be one line of text; it contains \\x0a" \
        in problem.message
    p = write_json(tmp_path, assessment_data(ratings={"3.3\t": 2}))
    with pytest.raises(InputError) as exc:
        load_assessment(p, kb)
    assert any(r"ratings: the key '3.3\x09' contains the control character \x09 (tab)" in x.message
               for x in exc.value.problems)


@pytest.mark.parametrize("fmt,suffix", [("xlsx", ".xlsx"), ("html", ".html"), ("json", ".json")])
def test_a_control_character_is_an_input_error_not_a_broken_output(tmp_path, fmt, suffix):
    # An ESC or a NUL used to reach the outputs: the plan workbook failed (exit 70) and the HTML held NUL bytes.
    p = write(tmp_path, HEAD + 'ratings:\n  "3.3": {phase: 2, evidence: "SOPs \\e[31madopted\\0"}\n')
    out = tmp_path / f"plan{suffix}"
    r = run_cli("recommend", p, "--format", fmt, "-o", out)
    assert r.code == 1, r.stderr
    assert f"{p}:5:" in r.stderr and r"control character \x1b (ESC)" in r.stderr
    assert not out.exists()


def test_control_characters_in_workbook_cells_are_refused_at_the_cell(tmp_path, kb):
    wb = fill(_open(template_workbook(kb, dt.date(2026, 1, 15))), _yaml("beremia-conflict"))
    wb["Assessment"]["B2"] = "Bere\nmia"  # Alt+Enter in the country cell
    ratings = wb["Ratings"]
    row = next(r for r in range(2, ratings.max_row + 1) if ratings.cell(r, 2).value == "3.3")
    ratings.cell(row, 6).value = "SOPs\x9badopted"  # a C1 control character (XML allows it, openpyxl writes it)
    path = tmp_path / "a.xlsx"
    wb.save(path)
    r = run_cli("validate", path)
    assert r.code == 1
    assert rf"{path}:Ratings!F{row}: evidence: the text contains the control character \x9b" in r.stderr
    assert rf"{path}:Assessment!B2: Country: the text contains the line break \x0a (line feed)" in r.stderr
    assert "\x9b" not in r.stderr


# --- every problem in one run ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name,text", [
    ("a.yaml", HEAD + 'ratings:\n  3.3: 2\n  "3.3": 1\n  "3.7": 2\n  "1.1": 9\ncontext: [armed_confict]\n'),
    ("a.json", '{"schema_version": 1, "country": "Testland", "as_of": "2026-06-30",\n'
               ' "ratings": {"3.3": 2, "3.3": 1, "3.7": 2, "1.1": 9}, "context": ["armed_confict"]}\n'),
])
def test_a_duplicate_key_does_not_hide_the_other_problems(tmp_path, name, text):
    p = write(tmp_path, text, name)
    r = run_cli("validate", p)
    assert r.code == 1
    for message in ("duplicate key '3.3'", "phase 9 is out of range", "unknown subdomain '3.7'",
                    "unknown context 'armed_confict'"):
        assert message in r.stderr, (message, r.stderr)
    assert "4 problems" in r.stderr


def test_the_first_of_two_duplicate_keys_is_named_with_its_place(tmp_path):
    p = write(tmp_path, HEAD + 'ratings:\n  "3.3": 2\n  "1.1": 1\n  3.30: 1\n')
    [problem] = _problems(p)
    assert (problem.line, problem.column) == (7, 3)
    assert problem.message == "duplicate key '3.3': line 5, column 3 has the same key (written \"3.3\")"


def _problems(path: Path) -> list[Problem]:
    """The problems found reading a file: those that stopped it, or those it carries to validation."""
    try:
        return load_document(path).problems
    except InputError as exc:
        return exc.problems


def _text_problems(text: str) -> list[Problem]:
    try:
        return parse_document(text, "m.yaml").problems
    except InputError as exc:
        return exc.problems


# --- merge keys --------------------------------------------------------------------------------------------------

def _merge_bomb(n: int) -> str:
    lines = [HEAD.rstrip("\n"), "base: &b"] + [f"  k{i}: {i}" for i in range(n)] + ["m:"] + ["  - <<: *b"] * n
    return "\n".join(lines) + "\n"


def test_a_merge_key_file_is_refused_before_it_is_parsed(tmp_path):
    # Expanding merges took time quadratic in the file (16 kB: 9 s, 66 kB: 19 minutes); parsing 66 kB alone takes
    # about a second. The refusal comes first.
    p = write(tmp_path, _merge_bomb(3000))
    assert p.stat().st_size > 66_000
    start = time.perf_counter()
    with pytest.raises(InputError) as exc:
        load_document(p)
    elapsed = time.perf_counter() - start
    assert elapsed < 0.3, elapsed
    [problem] = exc.value.problems
    assert (problem.code, problem.line, problem.column) == ("merge-key", 3006, 5)
    r = run_cli("validate", p)
    assert r.code == 1 and f"{p}:3006:5: YAML merge keys ('<<: *anchor') are not supported" in r.stderr


@pytest.mark.parametrize("text,where", [
    (HEAD + 'base: &b {phase: 2}\nratings: {"3.3": {<<: *b, confidence: low}}\n', (5, 19)),
    (HEAD + 'base: &b {phase: 2}\nratings:\n  "3.3":\n    ? <<\n    : *b\n', (7, 7)),  # explicit key: found by the reader
    (HEAD + 'base: &b {phase: 2}\nratings:\n  - <<: *b\n', (6, 5)),
])
def test_merge_keys_in_every_form_are_refused(tmp_path, text, where):
    merge = [p for p in _text_problems(text) if p.code == "merge-key"]
    assert merge and (merge[0].line, merge[0].column) == where


def test_text_that_looks_like_a_merge_key_is_read_as_text(tmp_path, kb):
    p = write(tmp_path, HEAD + 'ratings:\n  "3.3":\n    phase: 2\n    evidence: |\n      SOPs adopted\n'
                              '      <<: not a key\n    confidence: low\nnotes: "a, <<: b"  # <<: c\n')
    a = load_assessment(p, kb)
    assert a.ratings["3.3"].evidence == "SOPs adopted\n<<: not a key\n" and a.notes == "a, <<: b"


# --- numbers -----------------------------------------------------------------------------------------------------

def test_a_huge_number_in_a_record_is_a_located_input_error(tmp_path):
    record = tmp_path / "record.json"
    assert run_cli("recommend", BEREMIA, "--record", record).code == 0
    text = record.read_text()
    record.write_text(text.replace('"capacity": 6', '"capacity": ' + "6" * 5000, 1))
    r = run_cli("verify", record)
    assert r.code == 1, r.stderr
    assert "internal error" not in r.stderr and f"{record}:" in r.stderr
    assert "a number has thousands of digits" in r.stderr and len(r.stderr) < 500


def test_a_huge_number_in_an_embedded_input_is_located_in_it(tmp_path):
    record = tmp_path / "record.json"
    assert run_cli("recommend", BEREMIA, "--record", record).code == 0
    data = json.loads(record.read_text())
    data["input"]["text"] = data["input"]["text"].replace("caseload_per_caseworker: 38",
                                                          "caseload_per_caseworker: " + "3" * 5000)
    record.write_text(json.dumps(data))
    r = run_cli("verify", record)
    assert r.code == 1 and "internal error" not in r.stderr
    assert f"(embedded in {record})" in r.stderr and "has 5,000 digits" in r.stderr and len(r.stderr) < 500


@pytest.mark.parametrize("value,echo", [
    (10 ** 40, "phase 10000000000000000000... (41 digits) is out of range 1-4"),
    ("9" * 5000, "phase '" + "9" * 40 + "... (5,000 characters)' is out of range 1-4"),
    ("Integration" * 400, "... (4,400 characters)' is not a phase"),
])
def test_long_values_are_shortened_in_messages(tmp_path, value, echo):
    p = write_json(tmp_path, assessment_data(ratings={"3.3": value}))
    r = run_cli("validate", p)
    assert r.code == 1 and echo in r.stderr and len(r.stderr) < 400, r.stderr


# --- dates -------------------------------------------------------------------------------------------------------

def test_date_like_words_in_free_text_are_text(tmp_path, kb):
    p = write(tmp_path, HEAD.replace("2026-06-30", "2026-06-30 00:00:00") +
              'ratings:\n  "3.3": {phase: 2, evidence: 2026-13-45}\n  "3.2": {phase: 2, evidence: 2025-01-31}\n'
              "notes: 2025-12-01\n")
    a = load_assessment(p, kb)
    assert a.as_of == dt.date(2026, 6, 30)
    assert (a.ratings["3.3"].evidence, a.ratings["3.2"].evidence, a.notes) == ("2026-13-45", "2025-01-31", "2025-12-01")


@pytest.mark.parametrize("as_of,reason", [("2026-02-30", "February 2026 has 28 days, not 30"),
                                          ("2026-00-10", "there is no month 0")])
def test_impossible_dates_say_what_is_wrong(tmp_path, as_of, reason):
    p = write(tmp_path, HEAD.replace("2026-06-30", as_of) + 'ratings: {"3.3": 2}\n')
    r = run_cli("validate", p)
    assert r.code == 1 and r.stderr.startswith(f"{p}:3:8: as_of: '{as_of}' is not a date: {reason}")


def test_an_as_of_more_than_a_year_ahead_is_a_warning(tmp_path, kb, monkeypatch):
    p = write(tmp_path, HEAD.replace("2026-06-30", "2028-01-01") + 'ratings: {"3.3": 2}\n')
    [w] = [w for w in load_assessment(p, kb, today=dt.date(2026, 12, 31)).warnings if w.code == "future-date"]
    assert (w.line, w.column) == (3, 8) and w.message == "as_of 2028-01-01 is more than a year in the future"
    assert not load_assessment(p, kb, today=dt.date(2027, 1, 1)).warnings
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798675200")  # 2026-12-31
    r = run_cli("validate", p)
    assert r.code == 0 and "more than a year in the future" in r.stdout + r.stderr
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")  # 2027-01-01
    assert "more than a year" not in run_cli("validate", p).stdout


def test_verify_judges_the_date_by_the_day_the_record_was_made(tmp_path, monkeypatch):
    p = write(tmp_path, HEAD.replace("2026-06-30", "2021-06-30") + 'ratings: {"3.3": 2}\n')
    record = tmp_path / "record.json"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1577836800")  # 2020-01-01: the as_of was far ahead then
    assert run_cli("recommend", p, "--record", record).code == 0
    assert "more than a year in the future" in record.read_text()
    monkeypatch.delenv("SOURCE_DATE_EPOCH")  # today it is in the past
    r = run_cli("verify", record)
    assert r.code == 0, r.stdout + r.stderr


# --- file formats ------------------------------------------------------------------------------------------------

def test_utf16_without_a_byte_order_mark_is_named(tmp_path):
    p = tmp_path / "a.yaml"
    p.write_bytes((HEAD + 'ratings: {"3.3": 2}\n').encode("utf-16-le"))
    r = run_cli("validate", p)
    assert r.code == 1 and "the file is UTF-16 text; UTF-16 is not supported" in r.stderr


def test_a_workbook_named_yaml_is_named_for_what_it_is(tmp_path, kb):
    p = tmp_path / "a.yaml"
    p.write_bytes(template_workbook(kb, dt.date(2026, 1, 15)))
    r = run_cli("validate", p)
    assert r.code == 1 and "this is a zip package (a spreadsheet such as .xlsx or .ods?)" in r.stderr


def test_an_xlsm_workbook_reads_like_xlsx(tmp_path, kb):
    wb = fill(_open(template_workbook(kb, dt.date(2026, 1, 15))), _yaml("beremia-conflict"))
    xlsx, xlsm = tmp_path / "a.xlsx", tmp_path / "a.xlsm"
    wb.save(xlsx)
    xlsm.write_bytes(xlsx.read_bytes())
    assert load_assessment(xlsm, kb).ratings == load_assessment(xlsx, kb).ratings
    r = run_cli("recommend", xlsm, "--record", tmp_path / "r.json")
    assert r.code == 0, r.stderr
    assert run_cli("verify", tmp_path / "r.json").code == 0


def test_a_csv_is_refused_wherever_a_document_is_read(tmp_path):
    p = write(tmp_path, "subdomain,phase\n3.3,2\n", "ratings.csv")
    for args in (["validate", p], ["recommend", p, "--record", tmp_path / "r.json"], ["cm", p]):
        r = run_cli(*args)
        assert r.code == 1 and "CSV is not an assessment format" in r.stderr, args


# --- bounded problem lists ---------------------------------------------------------------------------------------

def test_fifty_thousand_unknown_keys_print_fifty_problems_and_a_count(tmp_path):
    data = assessment_data(**{f"extra_{i}": i for i in range(50_000)})
    p = write_json(tmp_path, data)
    r = run_cli("validate", p)
    assert r.code == 1
    lines = r.stderr.splitlines()
    assert len(lines) <= 2 * MAX_LISTED + 2 and len(r.stderr) < 20_000
    assert lines[-2:] == ["... and 49,950 more problems", "50,000 problems"]


def test_a_portfolio_lists_a_file_s_first_problems_and_counts_the_rest(tmp_path):
    d = tmp_path / "region"
    d.mkdir()
    write_json(d, assessment_data(**{f"extra_{i}": i for i in range(5_000)}), "bad.json")
    (d / "good.yaml").write_text(BEREMIA.read_text())
    r = run_cli("portfolio", d, "-f", "json")
    assert r.code == 0
    [invalid] = json.loads(r.stdout)["invalid"]
    assert len(invalid["problems"]) == MAX_LISTED + 1
    assert invalid["problems"][-1]["message"] == "... and 4,950 more problems"
    assert len(r.stderr.splitlines()) == MAX_LISTED + 1


def test_counted_problems_add_up_when_errors_are_combined():
    problems = [Problem("f", i, 1, "c", "m") for i in range(1, 121)]
    first = InputError(problems)
    assert len(first.problems) == MAX_LISTED + 1 and first.total == 120
    assert first.problems[-1].code == MORE_PROBLEMS and first.problems[-1].omitted == 70
    combined = InputError([*first.problems, Problem("f", None, None, "notice", "the workbook is open")])
    assert combined.total == 121 and combined.problems[-1].message == "... and 71 more problems"
    assert [p.code for p in combined.problems].count(MORE_PROBLEMS) == 1


# --- hostile workbooks: bounded memory and time ------------------------------------------------------------------

# Peak memory is the process's own high-water mark (VmHWM): ru_maxrss would include the memory of the test
# process it was forked from.
MEASURE = """
import json, os, resource, sys, time
from cpss_advisor.cli.main import main
start = time.perf_counter()
code = main(sys.argv[1:])
seconds = time.perf_counter() - start
try:
    with open("/proc/self/status") as fh:
        peak = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:")) / 1024
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
with open(os.environ["CPSS_MEASURE"], "w") as fh:
    json.dump({"code": code, "seconds": round(seconds, 2), "peak_mb": round(peak)}, fh)
"""


def measured(tmp_path: Path, *args) -> tuple[dict, str]:
    """Run `cpss ARGS` in a fresh process: its exit code, wall time and peak memory, and its standard error."""
    out = tmp_path / "measure.json"
    env = {**os.environ, "CPSS_MEASURE": str(out)}
    proc = subprocess.run([sys.executable, "-c", MEASURE, *map(str, args)], env=env, capture_output=True, text=True,
                          timeout=600, cwd=ROOT)
    assert out.exists(), proc.stderr
    return json.loads(out.read_text()), proc.stderr


@pytest.fixture(scope="module")
def valid_workbook(kb) -> bytes:
    wb = fill(_open(template_workbook(kb, dt.date(2026, 1, 15))), _yaml("beremia-conflict"))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_millions_of_cells_in_an_unused_sheet_are_never_read(tmp_path, valid_workbook):
    # 3.7 GB and 78 s before: every sheet was loaded in full.
    path = tmp_path / "big.xlsx"
    path.write_bytes(hostile.with_extra_sheet(valid_workbook, "Scratch", lambda: hostile.number_rows(40_000, 50)))
    assert path.stat().st_size < 10_000_000
    m, err = measured(tmp_path, "validate", path)
    print(f"unused sheet of 2,000,000 cells: {m}")
    assert m["code"] == 0, err
    assert m["peak_mb"] < MEMORY_LIMIT_MB and m["seconds"] < 60
    record = tmp_path / "record.json"
    assert measured(tmp_path, "recommend", path, "--record", record)[0]["code"] == 0
    m, err = measured(tmp_path, "verify", record)  # the record embeds the workbook
    print(f"verify of a record embedding it: {m}")
    assert m["code"] == 0, err
    assert m["peak_mb"] < MEMORY_LIMIT_MB and m["seconds"] < 120


def test_a_million_rows_on_the_ratings_sheet_are_refused_by_size(tmp_path, valid_workbook):
    header = '<row r="1">' + hostile.text_cell("B1", "Subdomain") + hostile.text_cell("D1", "Phase") + "</row>"

    def rows():
        yield header
        for r in range(2, 1_000_002):
            yield f'<row r="{r}">' + hostile.text_cell(f"B{r}", "9.9") + hostile.text_cell(f"D{r}", "Bad") + "</row>"

    path = tmp_path / "rows.xlsx"
    path.write_bytes(hostile.with_sheet_rows(valid_workbook, "Ratings", rows))
    m, err = measured(tmp_path, "validate", path)
    print(f"a million rows on Ratings: {m}")
    assert m["code"] == 1 and m["peak_mb"] < MEMORY_LIMIT_MB and m["seconds"] < 60
    assert "the sheet 'Ratings' unpacks to" in err and len(err) < 1000


def test_rows_past_the_row_cap_are_an_error_and_problems_are_bounded(tmp_path, valid_workbook):
    header = '<row r="1">' + hostile.text_cell("B1", "Subdomain") + hostile.text_cell("D1", "Phase") + "</row>"

    def rows():
        yield header
        for r in range(2, 30_002):
            yield f'<row r="{r}"><c r="B{r}"><v>{r}</v></c>' + hostile.text_cell(f"D{r}", "Bad") + "</row>"

    path = tmp_path / "rows.xlsx"
    path.write_bytes(hostile.with_sheet_rows(valid_workbook, "Ratings", rows))
    m, err = measured(tmp_path, "validate", path)
    print(f"30,000 bad rows on Ratings: {m}")
    assert m["code"] == 1 and m["peak_mb"] < MEMORY_LIMIT_MB and m["seconds"] < 60
    assert err.startswith(f"{path}:Ratings: the sheet is read to row 2,000, and it has values after it (from B2001)")
    assert "more problems" in err and len(err.splitlines()) < 2 * MAX_LISTED + 5


@pytest.mark.parametrize("broken", [
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets>'
    b'<sheet name="Ratings" sheetId="1" r:id="rId1"/></sheets></workbook>',  # a prefix never declared
    b'<workbook><sheets><sheet name="Ratings"',  # cut off
])
def test_malformed_workbook_xml_is_a_located_input_error(kb, tmp_path, broken):
    """Whatever parses the package's XML (openpyxl uses lxml when it is installed), a malformed part is bad input
    naming the file, never an internal error."""
    raw = hostile.rewrite(template_workbook(kb, dt.date(2026, 1, 1)), {"xl/workbook.xml": lambda: [broken]})
    path = tmp_path / "broken.xlsx"
    path.write_bytes(raw)
    r = run_cli("validate", path)
    assert r.code == 1, r.stderr
    assert r.stderr.startswith(f"{path}: not") and "internal error" not in r.stderr
