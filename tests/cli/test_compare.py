"""`cpss compare OLD NEW [--record R]` on the command line: formats (by --format and by -o's extension), the
refusals and their exit codes, the warning for a later assessment dated first, and -o never replacing an input."""

from __future__ import annotations

import json

import pytest

from tests.conftest import EXAMPLES, run_cli

BEREMIA = EXAMPLES / "beremia-conflict.yaml"
BEREMIA_2028 = EXAMPLES / "later" / "beremia-conflict-2028.yaml"


@pytest.fixture(scope="module")
def record(tmp_path_factory):
    path = tmp_path_factory.mktemp("record") / "r.json"
    r = run_cli("recommend", BEREMIA, "--record", path)
    assert r.code == 0, r.stderr
    return path


@pytest.mark.parametrize("fmt,start", [("text", "Progress in Beremia"), ("markdown", "# Progress in Beremia"),
                                       ("json", "{"), ("html", "<!DOCTYPE html>")])
def test_formats_on_standard_output(fmt, start, record):
    r = run_cli("compare", BEREMIA, BEREMIA_2028, "--record", record, "--format", fmt)
    assert r.code == 0, r.stderr
    assert r.stdout.startswith(start)


@pytest.mark.parametrize("name,check", [("p.md", lambda b: b.startswith(b"# Progress")),
                                        ("p.html", lambda b: b.startswith(b"<!DOCTYPE html>")),
                                        ("p.json", lambda b: json.loads(b)["kind"] == "comparison"),
                                        ("p.xlsx", lambda b: b.startswith(b"PK"))])
def test_the_output_file_names_the_format(tmp_path, name, check):
    out = tmp_path / name
    r = run_cli("compare", BEREMIA, BEREMIA_2028, "-o", out)
    assert r.code == 0, r.stderr
    assert check(out.read_bytes()) and r.stdout == ""


def test_a_workbook_needs_a_file():
    r = run_cli("compare", BEREMIA, BEREMIA_2028, "--format", "xlsx")
    assert r.code == 2 and "-o" in r.stderr


def test_two_countries_are_refused_at_the_later_files_country():
    r = run_cli("compare", BEREMIA, EXAMPLES / "aldovia-early-stable.yaml")
    assert r.code == 1 and r.stdout == ""
    assert r.stderr.startswith(f"{EXAMPLES / 'aldovia-early-stable.yaml'}:4:10: this assessment is of Aldovia")
    assert "hint:" in r.stderr and "Traceback" not in r.stderr


def test_a_record_of_another_assessment_is_refused(record):
    r = run_cli("compare", BEREMIA_2028, BEREMIA, "--record", record)
    assert r.code == 1 and r.stdout == ""
    assert r.stderr.startswith(f"{record}: the record was made from {BEREMIA}")
    assert f"not from the earlier assessment {BEREMIA_2028}" in r.stderr


def test_a_file_that_is_not_a_record_is_refused(tmp_path):
    r = run_cli("compare", BEREMIA, BEREMIA_2028, "--record", BEREMIA_2028)
    assert r.code == 1 and "not a decision record" in r.stderr


def test_a_later_assessment_dated_first_is_a_warning_and_the_comparison_goes_on():
    r = run_cli("compare", BEREMIA_2028, BEREMIA)
    assert r.code == 0 and r.stdout.startswith("Progress in Beremia: 30 June 2028 to 30 June 2026")
    assert r.stderr.startswith("warning: The second assessment") and "give them the other way round" in r.stderr
    assert "Warning: The second assessment" in r.stdout
    assert run_cli("--quiet", "compare", BEREMIA_2028, BEREMIA).stderr.startswith("warning:")


def test_an_assessment_compared_with_itself():
    r = run_cli("compare", BEREMIA, BEREMIA, "-f", "json")
    data = json.loads(r.stdout)
    assert r.code == 0 and data["counts"]["up"] == data["counts"]["down"] == 0 and data["regressions"] == []
    assert [w["code"] for w in data["warnings"]] == ["not-later"]


@pytest.mark.parametrize("which", ["old", "new", "record"])
def test_output_never_replaces_an_input(tmp_path, record, which):
    old, new, rec = tmp_path / "old.yaml", tmp_path / "new.yaml", tmp_path / "r.json"
    old.write_bytes(BEREMIA.read_bytes())
    new.write_bytes(BEREMIA_2028.read_bytes())
    r = run_cli("recommend", old, "--record", rec)
    assert r.code == 0
    target = {"old": old, "new": new, "record": rec}[which]
    before = target.read_bytes()
    r = run_cli("compare", old, new, "--record", rec, "-f", "json", "-o", target)
    assert r.code == 4 and "over an input" in r.stderr
    assert target.read_bytes() == before


def test_a_missing_file_is_bad_input():
    r = run_cli("compare", BEREMIA, EXAMPLES / "nope.yaml")
    assert r.code == 1 and "no such file" in r.stderr


def test_help_has_an_example_and_a_misspelling_gets_a_suggestion():
    r = run_cli("compare", "--help")
    assert r.code == 0 and "Example: cpss compare" in r.stdout
    r = run_cli("comapre", BEREMIA, BEREMIA_2028)
    assert r.code == 2 and "Did you mean 'compare'?" in r.stderr
    r = run_cli("recomend", BEREMIA)
    assert r.code == 2 and "Did you mean 'recommend'?" in r.stderr and "compare" not in r.stderr


def test_two_countries_are_refused_at_the_cell_of_a_workbooks_country(tmp_path, kb):
    """A workbook names the cell of its country (Assessment!B2) in the refusal."""
    from tests.intake.test_workbook import AS_OF, _open, _yaml, fill, template_workbook

    book = fill(_open(template_workbook(kb, AS_OF)), _yaml("corvania-decentralisation"))
    path = tmp_path / "corvania.xlsx"
    book.save(path)
    r = run_cli("compare", BEREMIA, path)
    assert r.code == 1
    assert r.stderr.startswith(f"{path}:Assessment!B2: this assessment is of Corvania"), r.stderr
