"""`cpss assess -o FILE`: the assessment made from the answers is validated before it is written, so an invalid
one never replaces (or creates) the file."""

from __future__ import annotations

from tests.conftest import run_cli


def _sheet(tmp_path, country: str):
    sheet = tmp_path / "answers.yaml"
    sheet.write_text(f'kind: assessment_answers\nschema_version: 1\ncountry: "{country}"\nas_of: 2026-01-01\n'
                     "context: []\nanswers: {\"1.1-system-mapping-done\": yes}\n")
    return sheet


def test_an_invalid_assessment_never_replaces_the_file(tmp_path):
    sheet = _sheet(tmp_path, "X" * 250)  # the answer sheet takes any country; an assessment at most 200 characters
    out = tmp_path / "assessment.yaml"
    out.write_text("precious: the assessment made last week\n")
    r = run_cli("assess", sheet, "--no-interactive", "-o", out)
    assert r.code == 1
    assert out.read_text() == "precious: the assessment made last week\n"
    lines = r.stderr.splitlines()
    assert lines[0] == (f"{out}: not written: the assessment made from the answers in {sheet} would not be valid "
                        "(its problems follow, at their lines in the text it would hold)")
    assert f"{out}:4:10: country: String should have at most 200 characters" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.yaml", "assessment.yaml"]


def test_an_invalid_assessment_creates_no_file(tmp_path):
    sheet = _sheet(tmp_path, "   ")  # blank once stripped
    out = tmp_path / "assessment.yaml"
    r = run_cli("assess", sheet, "--no-interactive", "-o", out)
    assert r.code == 1 and not out.exists() and "not written" in r.stderr


def test_a_valid_assessment_is_written(tmp_path):
    sheet = _sheet(tmp_path, "Questland")
    out = tmp_path / "assessment.yaml"
    out.write_text("old\n")
    r = run_cli("assess", sheet, "--no-interactive", "-o", out)
    assert r.code == 0, r.stderr
    assert 'country: "Questland"' in out.read_text() and run_cli("validate", out).code == 0
