"""Hostile and broken input: every file ends in a result or a clear input error (exit 1), in bounded time;
never a traceback, never an internal error."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpss_advisor.core.document import parse_document
from cpss_advisor.core.errors import InputError

from tests.conftest import run_cli

TOKENS = ["schema_version: 1\n", "country: X\n", "as_of: 2026-01-01\n", "ratings:\n", "  \"3.3\": ", "  1.1: ",
          "context: [", "targets: {", "figures:\n", "  caseload_per_caseworker: ", "{", "}", "[", "]", ":", ", ",
          "- ", "? ", "&a ", "*a ", "&b [*a, *a, *a] ", "!!python/object/apply:os.system ['true'] ", "!!binary ",
          "|\n  ", ">\n  ", "%YAML 1.1\n", "---\n", "...\n", "\t", "\n", "  ", "'", "\"", "#", "1e999", "-1",
          "99999999999999999999999999", "0x1F", "0o17", ".inf", ".nan", "~", "null", "true", "no", "ñ", "\u202e",
          "\ud83d\ude00", "\x0b", "\\u0000", "integration", "Integation", "armed_conflict", "3.7", "\u0085"]

yaml_soup = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)
any_text = st.text(max_size=300)

HEALTH = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
# Deadlines are there to catch a hang or a blow-up, not to time anything: generous, so a busy machine does not fail.


@settings(max_examples=300, deadline=20000, suppress_health_check=HEALTH)
@given(text=st.one_of(yaml_soup, any_text))
def test_parser_gives_data_or_a_located_input_error(text):
    for json_syntax in (False, True):
        try:
            doc = parse_document(text, "fuzz.yaml", json_syntax=json_syntax)
        except InputError as exc:
            assert exc.problems and all(p.message for p in exc.problems)
        else:
            assert isinstance(doc.data, dict)


@settings(max_examples=120, deadline=20000, suppress_health_check=HEALTH)
@given(text=yaml_soup)
def test_validate_never_fails_strangely_on_yaml(tmp_path, text):
    f = tmp_path / "a.yaml"
    f.write_text(text, encoding="utf-8", errors="surrogatepass")
    r = run_cli("validate", f)
    assert r.code in (0, 1), r.stderr
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr


@settings(max_examples=120, deadline=20000, suppress_health_check=HEALTH)
@given(data=st.binary(max_size=400))
def test_validate_never_fails_strangely_on_bytes(tmp_path, data):
    f = tmp_path / "a.json"
    f.write_bytes(data)
    r = run_cli("validate", f)
    assert r.code in (0, 1) and "Traceback" not in r.stderr and "internal error" not in r.stderr


@settings(max_examples=80, deadline=20000, suppress_health_check=HEALTH)
@given(value=st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50),
                          lambda c: st.lists(c, max_size=5) | st.dictionaries(st.text(max_size=6), c, max_size=5),
                          max_leaves=30),
       where=st.sampled_from(["ratings", "context", "targets", "figures", "notes", "country", "as_of"]))
def test_recommend_never_fails_strangely(tmp_path, value, where):
    data = {"schema_version": 1, "country": "Fuzzland", "as_of": "2026-06-30", "ratings": {"3.3": 1}, where: value}
    f = tmp_path / "a.json"
    f.write_text(json.dumps(data))
    r = run_cli("recommend", f, "-f", "json")
    assert r.code in (0, 1), r.stderr
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr


def test_long_strings_and_deep_nesting_are_bounded(tmp_path: Path):
    f = tmp_path / "a.yaml"
    f.write_text("schema_version: 1\ncountry: " + "x" * 500_000 + "\nas_of: 2026-06-30\n")
    r = run_cli("validate", f)
    assert r.code == 1 and "country" in r.stderr
    f.write_text("schema_version: 1\ncountry: X\nas_of: 2026-06-30\nnotes: " + "[" * 5000 + "]" * 5000 + "\n")
    r = run_cli("validate", f)
    assert r.code == 1 and ("nested" in r.stderr or "invalid YAML" in r.stderr)


def test_yaml_tags_do_not_execute_code(tmp_path: Path):
    marker = tmp_path / "pwned"
    f = tmp_path / "a.yaml"
    f.write_text(f"schema_version: 1\ncountry: !!python/object/apply:os.system ['touch {marker}']\nas_of: 2026-06-30\n")
    r = run_cli("validate", f)
    assert r.code == 1 and not marker.exists()
