from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from cpss_advisor.cli.main import main
from cpss_advisor.kb.loader import default_directory, load_knowledge

from . import programs

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLES = ROOT / "examples"
SEEDS = ROOT.parent / "shared" / "seeds"


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: str) -> Result:
    """Run `cpss ARGS` in-process through the real entry point (error handling and exit codes included)."""
    runner = CliRunner()
    with runner.isolation() as streams:
        code = main([str(a) for a in args])
    out, err = streams[0].getvalue().decode(), streams[1].getvalue().decode()
    return Result(code, out, err)


@pytest.fixture(scope="session")
def kb():
    return load_knowledge()


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A writable copy of the installed knowledge base, for tests that break it on purpose."""
    dest = tmp_path / "knowledge"
    shutil.copytree(default_directory(), dest, ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    return dest


@pytest.fixture(scope="session")
def chromium() -> str:
    """Chromium's path (headless browser tests); skipped when missing, failed under CI (see tests/programs.py)."""
    return programs.require("chromium")


@pytest.fixture(scope="session")
def soffice() -> str:
    """LibreOffice's path (spreadsheet tests); skipped when missing, failed under CI (see tests/programs.py)."""
    return programs.require("soffice")


@pytest.fixture(autouse=True, scope="session")
def _private_parse_cache(tmp_path_factory):
    """Tests use a parse cache of their own, never the user's."""
    import os

    os.environ["CPSS_CACHE_DIR"] = str(tmp_path_factory.mktemp("parse-cache"))
    yield
