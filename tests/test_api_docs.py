"""docs/api.md runs as written: its Python blocks, in order, in one session, from the root of the checkout; and the
package's public names and `python -m cpss_advisor`."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import cpss_advisor

from tests.conftest import ROOT

DOC = ROOT / "docs" / "api.md"


def blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.S)


def test_the_examples_of_docs_api_md_run(capsys):
    found = blocks()
    assert len(found) >= 8
    namespace: dict = {}
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        for i, code in enumerate(found, 1):
            exec(compile(code, f"docs/api.md block {i}", "exec"), namespace)  # noqa: S102 - the documentation's own code
    finally:
        os.chdir(cwd)
    out = capsys.readouterr().out
    assert "Beremia" in out and "countries: Aldovia, Beremia, Corvania" in out


def test_the_public_names_are_the_api():
    for name in cpss_advisor.__all__:
        assert getattr(cpss_advisor, name) is not None
    assert callable(cpss_advisor.recommend) and callable(cpss_advisor.render_report)
    assert cpss_advisor.Plan.__name__ == "Plan"


def test_python_dash_m_runs_the_command_line():
    r = subprocess.run([sys.executable, "-m", "cpss_advisor", "--version"], capture_output=True, text=True,
                       timeout=120, cwd=ROOT)
    assert r.returncode == 0 and r.stdout.startswith(f"cpss, version {cpss_advisor.__version__}")
    r = subprocess.run([sys.executable, "-m", "cpss_advisor", "recomend"], capture_output=True, text=True,
                       timeout=120, cwd=ROOT)
    assert r.returncode == 2 and "Did you mean 'recommend'?" in r.stderr
