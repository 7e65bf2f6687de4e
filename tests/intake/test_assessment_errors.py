"""Every way an assessment can be wrong gets a one-line, located error, exit 1 and no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURES, run_cli

BAD = FIXTURES / "bad"

# fixture, "line:column" (or None where a file has no position), message fragment, hint fragment (or None)
CASES = [
    ("unknown_subdomain.yaml", "6:3", "unknown subdomain '3.7'", "did you mean '3.3'"),
    ("json_unknown_subdomain.json", "2:14", "unknown subdomain '3.9'", "did you mean"),
    ("phase_out_of_range.yaml", "5:10", "phase 5 is out of range 1-4", "1 building"),
    ("phase_misspelled.yaml", "5:10", "'Integation' is not a phase; allowed: 1-4, or building", "did you mean 'integration'"),
    ("phase_boolean.yaml", "5:10", "true is not a phase", None),
    ("rating_list.yaml", "5:10", "a list is not a phase", None),
    ("ratings_not_mapping.yaml", "4:10", "ratings: expected a mapping, got a list", None),
    ("bad_confidence.yaml", "5:33", "'certain' is not allowed; allowed: 'low', 'medium' or 'high'", None),
    ("unknown_rating_field.yaml", "5:21", "unknown field 'evidense'", "did you mean 'evidence'"),
    ("unknown_field.yaml", "4:1", "unknown field 'rating'", "did you mean 'ratings'"),
    ("missing_country.yaml", "1:1", "missing required field 'country'", None),
    ("wrong_schema_version.yaml", "1:17", "schema_version: 2 is not allowed; allowed: 1", None),
    ("bad_date.yaml", "3:8", "'30/06/2026' is not a date; write it as YYYY-MM-DD", None),
    ("unknown_context.yaml", "4:46", "unknown context 'armed_confict'", "did you mean 'armed_conflict'"),
    ("contradictory_context.yaml", "4:40", "contradictory context: 'acute_onset' and 'recovery'", "one stage at a time"),
    ("stage_without_shock.yaml", "4:11", "context 'acute_onset' requires one of: armed_conflict", "name the shock"),
    ("context_not_list.yaml", "4:10", "context must be a list of context ids", "context: [armed_conflict]"),
    ("target_out_of_range.yaml", "7:10", "phase 7 is out of range 1-4", None),
    ("unknown_figure.yaml", "5:3", "unknown figure 'caseload'", "caseload_per_caseworker"),
    ("negative_figure.yaml", "5:28", "expected a non-negative number, got -3", None),
    ("figure_too_large.yaml", "5:28", "1e+20 is out of range; figures are counts and months up to 1,000,000", None),
    ("duplicate_key.yaml", "6:3", "duplicate key '1.1'", "each key may appear once"),
    ("json_duplicate.json", "2:24", "duplicate key '1.1'", None),
    ("yaml_syntax.yaml", "6:9", "invalid YAML: mapping values are not allowed here", "must be quoted"),
    ("json_syntax.json", "1:90", "invalid JSON: Expecting property name", None),
    ("not_mapping.yaml", "1:1", "the top level is a list; it must be a mapping", None),
    ("empty.yaml", None, "the file is empty", "cpss template"),
    ("only_comment.yaml", "1:1", "the document has no content", "cpss template"),
    ("binary.yaml", None, "this is a binary file", None),
    ("not_utf8.yaml", "6", "the file is not UTF-8 text", "save it as UTF-8"),
    ("json_lone_surrogate.json", "1:34", "invalid Unicode escape (an unpaired surrogate)", None),
    ("bare_equals.yaml", "1:1", "the top level is", None),
    ("complex_key.yaml", "1:3", "a key must be plain text or a number", "keys must be plain text"),
    ("alias_bomb.yaml", None, "expands to more than 200,000 values", None),
    ("deep_nesting.yaml", "4:72", "nested more than 64 levels deep", None),
    # the round-trip scanner fails an internal check on a comment after a block indicator following a flow list
    ("comment_after_block_indicator.yaml", None, "unsupported YAML construct (AssertionError", "simple mappings"),
    ("control_character.yaml", "2:10", r"country: the text contains the control character \x1b (ESC)", "remove it"),
    ("json_control_character.json", "2:46", r'ratings."3.3".evidence: the text contains the control character \x00',
     None),
    ("duplicate_number_and_text_key.yaml", "6:3", "duplicate key '3.3': line 5, column 3 has the same key (written 3.3)",
     "each key may appear once"),
    ("merge_key.yaml", "7:5", "YAML merge keys ('<<: *anchor') are not supported", "write the entries out in full"),
    ("binary_tag.yaml", "5:31", "ratings.\"3.3\".evidence: the YAML tag '!!binary' is not supported", "without tags"),
    ("utf16.yaml", None, "the file is UTF-16 text; UTF-16 is not supported", "save it as UTF-8"),
    ("impossible_date.yaml", "3:8", "as_of: '2026-13-45' is not a date: there is no month 13; write it as YYYY-MM-DD",
     None),
    ("json_huge_number.json", "2:21", 'ratings."3.3": the number 99999999999999999999... has 5,000 digits', "a few digits"),
    ("huge_number.yaml", "5:10", 'ratings."3.3": the number 99999999999999999999... has 5,000 digits', "a few digits"),
    ("nothing_rated.yaml", "4:1", "nothing is rated", "under 'ratings:'"),
    ("table.csv", None, "CSV is not an assessment format", "use the .xlsx template"),
    ("spreadsheet.ods", None, "this is an OpenDocument spreadsheet (.ods)", "Excel 2007-365 (.xlsx)"),
    ("old_workbook.xls", None, "this is an Excel 97-2003 workbook (.xls)", "save it as 'Excel Workbook (.xlsx)'"),
    ("consensus_mismatch.yaml", "8:66", "the agreed phase of 3.3 is 1 but its rating is 2", "the agreed phase is"),
    ("consensus_unknown_participant.yaml", "8:81", "'UNICEFF' is not among the participants", "did you mean 'UNICEF'"),
    ("consensus_duplicate_participant.yaml", "6:26", "participant 'UNICEF' is listed twice", None),
    ("consensus_unknown_subdomain.yaml", "8:5", "unknown subdomain '3.7'", "did you mean '3.3'"),
    ("consensus_nobody_agreed.yaml", "8:56", 'consensus.subdomains."3.3".agreed_by', None),
    ("participant_two_lines.yaml", "3:14", "the participant's name must be one line of text", "on one line"),
]


def test_every_fixture_has_a_case():
    covered = {c[0] for c in CASES}
    assert {p.name for p in BAD.iterdir()} == covered


@pytest.mark.parametrize("name,where,message,hint", CASES, ids=[c[0] for c in CASES])
def test_bad_assessment(name: str, where: str | None, message: str, hint: str | None):
    path = BAD / name
    r = run_cli("validate", path)
    assert r.code == 1, r.stderr
    assert r.stdout == ""
    assert "Traceback" not in r.stderr
    first = r.stderr.splitlines()[0]
    prefix = f"{path}:{where}: " if where else f"{path}: "
    assert first.startswith(prefix), first
    assert message in first
    assert len(first) < 300  # short, whatever the input holds
    if hint:
        assert "hint:" in r.stderr and hint in r.stderr


def test_missing_file(tmp_path: Path):
    r = run_cli("validate", tmp_path / "nope.yaml")
    assert r.code == 1
    assert r.stderr.startswith(f"{tmp_path / 'nope.yaml'}: no such file")


def test_directory_instead_of_file(tmp_path: Path):
    r = run_cli("validate", tmp_path)
    assert r.code == 1
    assert "is a directory, not a file" in r.stderr


def test_file_of_several_megabytes(tmp_path: Path):
    big = tmp_path / "big.yaml"
    big.write_text("schema_version: 1\ncountry: Testland\nas_of: 2026-06-30\nnotes: |\n" + ("  " + "x" * 98 + "\n") * 40_000)
    r = run_cli("validate", big)
    assert r.code == 1
    assert "the limit is 2,097,152 bytes" in r.stderr


def test_all_problems_reported_at_once(tmp_path: Path):
    f = tmp_path / "many.yaml"
    f.write_text('schema_version: 1\ncountry: T\nas_of: 2026-06-30\nratings:\n  "1.1": 9\n  "2.2": nope\n')
    r = run_cli("validate", f)
    assert r.code == 1
    assert "phase 9 is out of range" in r.stderr and "'nope' is not a phase" in r.stderr
    assert "2 problems" in r.stderr


def test_debug_shows_traceback():
    r_plain = run_cli("validate", BAD / "unknown_subdomain.yaml")
    assert "Traceback" not in r_plain.stderr
    r = run_cli("--debug", "validate", BAD / "unknown_subdomain.yaml")
    assert "Traceback (most recent call last)" in r.stderr and "unknown subdomain '3.7'" in r.stderr
    assert r.code == 1  # the error's own exit code, with --debug as without


def test_input_is_never_modified():
    before = {p.name: p.read_bytes() for p in BAD.iterdir()}
    for name in before:
        run_cli("validate", BAD / name)
    assert before == {p.name: p.read_bytes() for p in BAD.iterdir()}
