"""The external programs some tests drive, found in one place: a headless browser and a spreadsheet program.

Tests never install anything. `make system-deps` installs these programs (`.ci/run` calls it); where one is
missing, the tests that need it are skipped with the reason, except under CI (`CI=true`), where a missing program
fails them: CI has to run every test.
"""

from __future__ import annotations

import os
import shutil
from typing import Mapping

import pytest

#: program -> (names to look for on PATH, what it is, the Debian/Ubuntu package that `make system-deps` installs)
PROGRAMS = {
    "chromium": (("chromium", "chromium-browser"), "Chromium", "chromium"),
    "soffice": (("soffice", "libreoffice"), "LibreOffice Calc", "libreoffice-calc"),
    "gs": (("gs",), "Ghostscript", "ghostscript"),
}


def in_ci(environ: Mapping[str, str] = os.environ) -> bool:
    return environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def find(program: str) -> str | None:
    """The program's path on PATH, or None."""
    for name in PROGRAMS[program][0]:
        path = shutil.which(name)
        if path:
            return path
    return None


def require(program: str) -> str:
    """The program's path; else skip the calling test with the reason (fail it under CI)."""
    path = find(program)
    if path is not None:
        return path
    names, label, package = PROGRAMS[program]
    reason = (f"{label} ({' or '.join(names)}) is not on PATH; 'make system-deps' installs it "
              f"(Debian/Ubuntu package {package}, as root)")
    if in_ci():
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)
