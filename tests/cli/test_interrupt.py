"""An interrupted run (SIGINT, SIGTERM) leaves no partial or temporary file behind, keeps the old output, and exits
130 (SIGINT) or 143 (SIGTERM), wherever the signal lands."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

# Runs `cpss recommend -o OUT` with the final flush made slow, so that the signal lands while the output is being
# written: after the temporary file exists, before it replaces the target.
SLOW_WRITE = """
import os, sys, time
real = os.fsync
def slow(fd):
    sys.stderr.write("WRITING\\n"); sys.stderr.flush()
    time.sleep(30)
    real(fd)
os.fsync = slow
from cpss_advisor.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("sig,exit_code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)], ids=["SIGTERM", "SIGINT"])
def test_interrupted_write_leaves_nothing_behind(tmp_path: Path, sig, exit_code):
    out = tmp_path / "plan.txt"
    out.write_text("the previous plan")
    proc = subprocess.Popen([sys.executable, "-c", SLOW_WRITE, "recommend", str(EXAMPLES / "beremia-conflict.yaml"),
                             "-o", str(out)], stderr=subprocess.PIPE, text=True, cwd=tmp_path,
                            env={**os.environ, "CPSS_NO_CACHE": "1"})
    try:
        deadline = time.monotonic() + 60
        line = ""
        while "WRITING" not in line and time.monotonic() < deadline:
            line = proc.stderr.readline()
        assert "WRITING" in line, "the run never reached the write"
        assert any(p.name.startswith(".plan.txt.") for p in tmp_path.iterdir())  # the temporary file exists now
        proc.send_signal(sig)
        code = proc.wait(timeout=90)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()
    assert code == exit_code
    assert out.read_text() == "the previous plan"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "cache") == ["plan.txt"]


# --- interrupted during rule evaluation -----------------------------------------------------------------------------

def _interrupt_in_an_action(monkeypatch, how):
    """Make the first rule action that derives a candidate step interrupt the run: `how` is called there once."""
    from cpss_advisor.engine.rulebook import Derivation

    real = Derivation.build
    done = []

    def build(self, matched, rule_id, names=None):
        if self.fact == "candidate" and not done:
            done.append(rule_id)
            how()
        return real(self, matched, rule_id, names)

    monkeypatch.setattr(Derivation, "build", build)
    return done


def _raise_keyboard_interrupt():
    raise KeyboardInterrupt


@pytest.mark.parametrize("how,code", [
    (_raise_keyboard_interrupt, 130),
    (lambda: os.kill(os.getpid(), signal.SIGINT), 130),
    (lambda: os.kill(os.getpid(), signal.SIGTERM), 143),
], ids=["KeyboardInterrupt", "SIGINT", "SIGTERM"])
def test_interrupted_rule_evaluation_exits_130_or_143_and_writes_nothing(tmp_path: Path, monkeypatch, how, code):
    from tests.conftest import run_cli

    done = _interrupt_in_an_action(monkeypatch, how)
    out = tmp_path / "plan.json"
    r = run_cli("recommend", EXAMPLES / "beremia-conflict.yaml", "-f", "json", "-o", out)
    assert done, "no rule action ran"
    assert r.code == code, r.stderr
    assert "internal error" not in r.stderr and ("terminated" if code == 143 else "interrupted") in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    monkeypatch.undo()
    # The engine is still usable: the interrupted session was deleted.
    r = run_cli("recommend", EXAMPLES / "beremia-conflict.yaml", "-f", "json", "-o", out)
    assert r.code == 0 and out.exists()


# Runs `cpss robustness` over many samples (one rule evaluation each) and says when the first evaluation starts, so
# that the signal lands wherever the run happens to be: in a rule action, inside durable-rules, or in the planner.
EVALUATING = """
import sys
from cpss_advisor.engine import rule_engine
real = rule_engine.RuleEngine.evaluate
def evaluate(self, facts):
    if not getattr(evaluate, "told", False):
        evaluate.told = True
        sys.stderr.write("EVALUATING\\n"); sys.stderr.flush()
    return real(self, facts)
rule_engine.RuleEngine.evaluate = evaluate
from cpss_advisor.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("sig,code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["SIGINT", "SIGTERM"])
def test_signal_during_many_evaluations(tmp_path: Path, sig, code):
    for delay in (0.3, 0.7, 1.1):
        out = tmp_path / "robustness.json"
        proc = subprocess.Popen([sys.executable, "-c", EVALUATING, "robustness", str(EXAMPLES / "beremia-conflict.yaml"),
                                 "--samples", "3000", "-f", "json", "-o", str(out)],
                                stderr=subprocess.PIPE, text=True, cwd=tmp_path)
        try:
            deadline = time.monotonic() + 60
            line = ""
            while "EVALUATING" not in line and time.monotonic() < deadline:
                line = proc.stderr.readline()
            assert "EVALUATING" in line, "the run never reached the rule engine"
            time.sleep(delay)
            proc.send_signal(sig)
            rest = proc.stderr.read()
            got = proc.wait(timeout=90)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            proc.stderr.close()
        assert got == code, f"after {delay} s: exit {got}: {rest[-2000:]}"
        assert "internal error" not in rest
        assert sorted(p.name for p in tmp_path.iterdir() if p.name != "cache") == []
