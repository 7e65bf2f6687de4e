"""`--debug` adds the traceback and changes nothing else: every error keeps its exit code (70 for an internal
error), in-process and as a real process."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import EXAMPLES, run_cli

BEREMIA = EXAMPLES / "beremia-conflict.yaml"


@pytest.fixture
def broken(monkeypatch):
    def boom(*_a, **_k):
        raise RuntimeError("a bug in the summary")

    monkeypatch.setattr("cpss_advisor.api.summary_view", boom)


def test_internal_error_exits_70_with_and_without_debug(broken):
    plain = run_cli("validate", BEREMIA)
    assert plain.code == 70 and "Traceback" not in plain.stderr
    assert "cpss: internal error: RuntimeError: a bug in the summary" in plain.stderr and "--debug" in plain.stderr
    debug = run_cli("--debug", "validate", BEREMIA)
    assert debug.code == 70
    assert "Traceback (most recent call last)" in debug.stderr
    assert 'raise RuntimeError("a bug in the summary")' in debug.stderr
    assert debug.stderr.rstrip().endswith("cpss: internal error: RuntimeError: a bug in the summary")


def test_user_errors_keep_their_exit_code_with_debug(tmp_path):
    src = tmp_path / "a.yaml"
    src.write_bytes(BEREMIA.read_bytes())
    r = run_cli("--debug", "validate", src, "-o", src)  # an output over an input: exit 4
    assert r.code == 4 and "Traceback (most recent call last)" in r.stderr
    assert "refusing to write the output over an input file" in r.stderr
    r = run_cli("--debug", "validate", tmp_path / "missing.yaml")
    assert r.code == 1 and "no such file" in r.stderr


def test_internal_error_exits_70_as_a_process():
    # The installed entry point in a process of its own (its exit status is what a script sees), with a bug
    # planted in the summary.
    code = ("import sys; import cpss_advisor.api as m; "
            "m.summary_view = lambda *a, **k: 1 / 0; "
            "from cpss_advisor.cli.main import entry; sys.argv = ['cpss', '--debug', 'validate', sys.argv[1]]; entry()")
    r = subprocess.run([sys.executable, "-c", code, str(BEREMIA)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 70, r.stderr
    assert "Traceback (most recent call last)" in r.stderr and "ZeroDivisionError" in r.stderr
