"""The wheel installs into a fresh virtual environment and works from outside the checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def sh(*args, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    r = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, f"{args}\n{r.stdout}\n{r.stderr}"
    return r


def test_wheel_installs_and_runs_outside_the_checkout(tmp_path: Path):
    # Built from a copy of the sources: a build directory left in the checkout by an earlier build would put stale
    # modules in the wheel.
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", ".venv", "build", "*.egg-info", "__pycache__",
                                                             ".hypothesis", ".pytest_cache", "dist"))
    dist = tmp_path / "dist"
    sh(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", dist, src, cwd=tmp_path)
    wheels = list(dist.glob("cpss_advisor-*.whl"))
    assert len(wheels) == 1
    templates = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "cpss_advisor/render/templates").iterdir()
                       if p.is_file())
    assert "cpss_advisor/render/templates/plan.html.j2" in templates
    with zipfile.ZipFile(wheels[0]) as wheel:
        shipped = sorted(n for n in wheel.namelist() if n.startswith("cpss_advisor/render/templates/"))
    assert shipped == templates, "every template of the HTML page is package data in the wheel"

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    if sys.version_info >= (3, 13):
        env["CPPFLAGS"] = "-DPyEval_CallObject=PyObject_CallObject " + env.get("CPPFLAGS", "")
    sh(py, "-m", "pip", "install", "--quiet", wheels[0], cwd=tmp_path, env=env)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    cpss = env_dir / "bin" / "cpss"
    version = sh(cpss, "--version", cwd=elsewhere, env=env)
    assert version.stdout.strip() == "cpss, version 0.1.0"
    check = sh(cpss, "kb", "check", cwd=elsewhere, env=env)
    assert "knowledge base OK" in check.stdout
    assert "site-packages/cpss_advisor/knowledge" in check.stdout  # the installed data, not the checkout's

    site = Path(sh(py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=elsewhere).stdout.strip())
    assert not (site / "cli").exists(), "a top-level 'cli' package must not be installed"
    for sub in ("cli", "rules", "knowledge"):
        assert (site / "cpss_advisor" / sub / "__init__.py").exists()
    # the web app: a subpackage with its templates and static files, not a top-level 'web'
    assert not (site / "web").exists(), "a top-level 'web' package must not be installed"
    web = site / "cpss_advisor" / "web"
    for folder in ("templates", "static"):
        assert {p.name for p in (web / folder).iterdir()} == {p.name for p in (ROOT / "web" / folder).iterdir()}

    # The HTML page renders from the installed templates, not the checkout's.
    page = sh(cpss, "recommend", ROOT / "examples" / "beremia-conflict.yaml", "-f", "html", cwd=elsewhere, env=env)
    assert page.stdout.startswith("<!DOCTYPE html>") and page.stdout.endswith("</html>\n")
    assert '<section id="cards"' in page.stdout and "<style>" in page.stdout  # the brief, with its print style
    full = sh(cpss, "recommend", ROOT / "examples" / "beremia-conflict.yaml", "-f", "html", "--detail", "full",
              cwd=elsewhere, env=env)
    assert '<svg id="dependency-graph"' in full.stdout
    # the Word brief is written into the installed, restylable template
    docx = elsewhere / "plan.docx"
    sh(cpss, "-q", "recommend", ROOT / "examples" / "beremia-conflict.yaml", "-f", "docx", "-o", docx, cwd=elsewhere,
       env=env)
    assert docx.read_bytes().startswith(b"PK")
    assert (site / "cpss_advisor" / "render" / "templates" / "brief.docx").is_file()
    where = sh(py, "-c", "from cpss_advisor.render.templating import environment; "
               "print(environment().get_template('plan.html.j2').filename)", cwd=elsewhere, env=env)
    assert Path(where.stdout.strip()) == site / "cpss_advisor" / "render" / "templates" / "plan.html.j2"
