"""The external programs some tests drive are found in one place (tests/programs.py); tests never install them.
Missing, they make those tests skip with the reason, or fail under CI=true."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest

from tests import programs

TESTS = Path(__file__).resolve().parent


@pytest.fixture
def empty_path(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    return bin_dir


def test_missing_program_skips_with_the_reason(empty_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception) as exc:
        programs.require("soffice")
    assert "LibreOffice Calc (soffice or libreoffice) is not on PATH" in str(exc.value)
    assert "make system-deps" in str(exc.value) and "libreoffice-calc" in str(exc.value)


@pytest.mark.parametrize("value", ["true", "TRUE", "1"])
def test_missing_program_fails_under_ci(empty_path, monkeypatch, value):
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception) as exc:
        programs.require("chromium")
    assert "CI=true and Chromium (chromium or chromium-browser) is not on PATH" in str(exc.value)


def test_ci_false_still_skips(empty_path, monkeypatch):
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        programs.require("chromium")


def test_program_on_path_is_found(empty_path):
    fake = empty_path / "chromium-browser"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    assert programs.require("chromium") == str(fake)


def test_tests_never_run_a_package_manager():
    installer = re.compile(r"\b(apt-get|apt|dnf|yum|zypper|apk|brew|snap)\s+(-\S+\s+)*(install|add)\b")
    offenders = [f"{p.relative_to(TESTS)}:{n}" for p in sorted(TESTS.rglob("*.py")) if p.name != Path(__file__).name
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if installer.search(line)]
    assert offenders == [], "tests must not install system packages ('make system-deps' does): " + ", ".join(offenders)


def test_browser_and_spreadsheet_tests_use_the_shared_discovery():
    for name, fixture in (("render/test_html_report.py", "chromium"), ("intake/test_workbook.py", "soffice")):
        text = (TESTS / name).read_text(encoding="utf-8")
        assert "shutil.which" not in text, name
        assert re.search(rf"def test_\w+\([^)]*\b{fixture}\b", text), name
