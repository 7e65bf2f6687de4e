"""A decision record's `created` is an ISO 8601 time in UTC; anything else is refused by `verify` and `explain`
at its line and column."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cpss_advisor.audit.record import is_utc_timestamp

from tests.conftest import EXAMPLES, run_cli

BEREMIA = EXAMPLES / "beremia-conflict.yaml"


@pytest.fixture(scope="module")
def record(tmp_path_factory) -> dict:
    path = tmp_path_factory.mktemp("record") / "record.json"
    r = run_cli("recommend", BEREMIA, "--record", path)
    assert r.code == 0, r.stderr
    return json.loads(path.read_text())


def _with_created(tmp_path: Path, record: dict, created) -> Path:
    path = tmp_path / "record.json"
    path.write_text(json.dumps({**record, "created": created}, indent=2, sort_keys=True))
    return path


@pytest.mark.parametrize("created", ["yesterday", 20260630, None, "", "2026-06-30", "2026-13-01T00:00:00Z",
                                     "2026-06-30T25:00:00Z", "2026-06-30T12:00:00", "2026-06-30T12:00:00+02:00",
                                     ["2026-06-30T12:00:00Z"]])
def test_a_bad_created_is_refused_at_its_place(tmp_path, record, created):
    path = _with_created(tmp_path, record, created)
    for command in ("verify", "explain"):
        r = run_cli(command, path)
        assert r.code == 1, (command, r.stdout)
        # sorted keys, indented by 2: "created" is the first key, on line 2, its value at column 14
        assert r.stderr.startswith(f"{path}:2:14: incomplete or damaged record: created: "), r.stderr
    if isinstance(created, str):
        assert "is not a time in UTC; allowed: an ISO 8601 date and time in UTC, e.g. 2026-06-30T12:00:00Z" in r.stderr


@pytest.mark.parametrize("created", ["2026-06-30T12:00:00Z", "2026-06-30T12:00:00+00:00", "2026-06-30T12:00:00.5Z"])
def test_a_utc_time_is_accepted(tmp_path, record, created):
    path = _with_created(tmp_path, record, created)
    assert run_cli("verify", path).code == 0
    assert run_cli("explain", path).code == 0


def test_position_found_wherever_created_is(tmp_path, record):
    data = dict(sorted({**record, "created": "soon"}.items(), reverse=True))  # "created" last, one line
    path = tmp_path / "record.json"
    text = json.dumps(data)
    path.write_text(text)
    column = text.index('"soon"') + 1
    r = run_cli("verify", path)
    assert r.code == 1 and r.stderr.startswith(f"{path}:1:{column}: "), r.stderr


def test_the_records_cpss_writes_pass():
    assert is_utc_timestamp("1970-01-01T00:00:00Z") and not is_utc_timestamp("1970-01-01")
