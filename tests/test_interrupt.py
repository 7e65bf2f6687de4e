"""An interrupted run (SIGINT, SIGTERM) leaves no partial or temporary file behind, and keeps the old output."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import EXAMPLES

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


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_interrupted_write_leaves_nothing_behind(tmp_path: Path, sig):
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
    assert code == 130
    assert out.read_text() == "the previous plan"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "cache") == ["plan.txt"]
