from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

# matplotlib reads its settings and keeps its font cache in MPLCONFIGDIR, by default under the home directory:
# the tests give it a directory of their own, set here, before anything imports matplotlib.
_MATPLOTLIB_DIR = tempfile.mkdtemp(prefix="cpss-tests-matplotlib-")
os.environ["MPLCONFIGDIR"] = _MATPLOTLIB_DIR
atexit.register(shutil.rmtree, _MATPLOTLIB_DIR, True)

import pytest
from click.testing import CliRunner

from cpss_advisor.cli.main import main
from cpss_advisor.kb.loader import default_directory, load_knowledge

from tests import programs

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


@pytest.fixture(scope="session")
def kb_en():
    """The installed knowledge base in English, as the API gives it (`api.knowledge_base()`)."""
    from cpss_advisor import api

    return api.knowledge_base()


@pytest.fixture(scope="session")
def kb_fr():
    """The installed knowledge base in French (`api.knowledge_base(lang="fr")`): the French tests share it."""
    from cpss_advisor import api

    return api.knowledge_base(lang="fr")


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


# --- every problem the package makes has a code of the catalogue (cpss_advisor/core/error_codes.py) -------------

class ProblemCodeGuard:
    """While active (the innermost of those active), records each `Problem` that code of the package creates with
    a code the catalogue does not have, and each error the package raises with an exit code that the catalogue
    does not list for a problem it carries. Problems that tests make themselves are not looked at."""

    _active: list["ProblemCodeGuard"] = []
    _installed: tuple | None = None
    PACKAGE = tuple(str(ROOT / d) + os.sep for d in ("cpss_advisor", "cli"))
    TESTS = str(ROOT / "tests") + os.sep

    def __init__(self) -> None:
        self.strays: dict[str, str] = {}        # code -> where a problem first had it
        self.wrong_exits: dict[tuple[str, int], str] = {}  # (code, exit code) -> where

    def __enter__(self) -> "ProblemCodeGuard":
        ProblemCodeGuard._install()
        ProblemCodeGuard._active.append(self)
        return self

    def __exit__(self, *exc) -> None:
        ProblemCodeGuard._active.remove(self)
        if not ProblemCodeGuard._active:
            ProblemCodeGuard._uninstall()

    def failure(self) -> str | None:
        """What is wrong, or None."""
        lines = [f"  '{code}' (made at {where})" for code, where in sorted(self.strays.items())]
        lines += [f"  '{code}' ended a run with exit code {exit_code}, which its entry does not list (at {where})"
                  for (code, exit_code), where in sorted(self.wrong_exits.items())]
        if not lines:
            return None
        return ("problem codes that cpss_advisor/core/error_codes.py does not have, or not with this exit code:\n"
                + "\n".join(lines) + "\nregister them there, then regenerate docs/errors.md with 'make docs'")

    @classmethod
    def _where(cls) -> str | None:
        """file:line of the package code that made the problem or error, or None when a test made it."""
        frame = sys._getframe(2)
        while frame is not None:
            path = frame.f_code.co_filename
            if path.startswith(cls.PACKAGE):
                return f"{os.path.relpath(path, ROOT)}:{frame.f_lineno}"
            if path.startswith(cls.TESTS):
                return None
            frame = frame.f_back
        return None

    @classmethod
    def _install(cls) -> None:
        if cls._installed is not None:
            return
        from cpss_advisor.core import error_codes
        from cpss_advisor.core.errors import CpssError, Problem

        problem_init, error_init = Problem.__init__, CpssError.__init__

        def problem(self, *args, **kwargs):
            problem_init(self, *args, **kwargs)
            if cls._active and not error_codes.is_registered(self.code):
                where = cls._where()
                if where is not None:
                    cls._active[-1].strays.setdefault(self.code, where)

        def error(self, *args, **kwargs):
            error_init(self, *args, **kwargs)
            if cls._active:
                wrong = [p.code for p in self.problems
                         if error_codes.is_registered(p.code) and self.exit_code not in error_codes.exits_of(p.code)]
                where = cls._where() if wrong else None
                for code in wrong if where is not None else ():
                    cls._active[-1].wrong_exits.setdefault((code, self.exit_code), where)

        Problem.__init__, CpssError.__init__ = problem, error
        cls._installed = (Problem, problem_init, CpssError, error_init)

    @classmethod
    def _uninstall(cls) -> None:
        if cls._installed is not None:
            problem_cls, problem_init, error_cls, error_init = cls._installed
            problem_cls.__init__, error_cls.__init__ = problem_init, error_init
            cls._installed = None


@pytest.fixture(autouse=True, scope="session")
def _problem_codes_registered():
    """Fails the run, at its end, when the package made a problem with a code the catalogue does not have."""
    with ProblemCodeGuard() as guard:
        yield guard
    failure = guard.failure()
    if failure:
        pytest.fail(failure, pytrace=False)
