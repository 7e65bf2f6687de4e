"""The brief printed as a reader prints it: Chromium prints the HTML brief to PDF, LibreOffice converts the Word
brief to PDF; Ghostscript counts the pages and draws them. Each shipped example fits the page budget (at most six
A4 pages) and its first page is not blank."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from tests import programs
from tests.conftest import run_cli
from tests.render.test_brief_view import EXAMPLE_FILES, ids

PAGE_BUDGET = 6
A4_POINTS = (595.3, 841.9)
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-pdf-header-footer"]


@pytest.fixture(scope="module")
def ghostscript() -> str:
    return programs.require("gs")


def pages(gs: str, pdf: Path, out: Path) -> list[Path]:
    """Every page of a PDF drawn as a PNG (60 dots per inch), in order."""
    out.mkdir(parents=True, exist_ok=True)
    r = subprocess.run([gs, "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=png16m", "-r60",
                        f"-sOutputFile={out / 'page-%03d.png'}", str(pdf)], capture_output=True, text=True,
                       timeout=180)
    assert r.returncode == 0, r.stderr[-2000:]
    return sorted(out.glob("page-*.png"))


def assert_a4(pdf: bytes) -> None:
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert boxes, "no page size in the PDF"
    for w, h in boxes:
        assert abs(float(w) - A4_POINTS[0]) < 2 and abs(float(h) - A4_POINTS[1]) < 2, (w, h)


def assert_not_blank(png: Path) -> None:
    """A page with text and charts on it: many dark pixels, many shades."""
    histogram = Image.open(png).convert("L").histogram()  # pixels per grey level, 0 (black) to 255 (white)
    dark = sum(histogram[:128]) / sum(histogram)
    assert dark > 0.02, f"{png.name}: only {dark:.1%} of it is dark: blank?"
    assert sum(1 for n in histogram if n) > 16, f"{png.name}: almost no shades: blank?"


def report(what: str, example: str, n: int) -> None:
    """The page count, on the test's output (`pytest -rP` shows it)."""
    print(f"{what} brief of {example}: {n} A4 page{'s' if n != 1 else ''}")


#: the languages every brief is printed in: French runs longer than English
LANGUAGES = ("en", "fr")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=ids(EXAMPLE_FILES))
def test_the_html_brief_prints_within_the_page_budget(path, lang, tmp_path, chromium, ghostscript):
    html = tmp_path / f"{path.stem}.html"
    r = run_cli("-q", "--lang", lang, "recommend", path, "--format", "html", "-o", html)
    assert r.code == 0, r.stderr
    pdf = tmp_path / f"{path.stem}.pdf"
    proc = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                           f"--print-to-pdf={pdf}", html.as_uri()], capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0 and pdf.exists(), proc.stderr[-3000:]
    assert_a4(pdf.read_bytes())
    drawn = pages(ghostscript, pdf, tmp_path / "pages")
    report(f"HTML ({lang})", path.stem, len(drawn))
    assert 1 <= len(drawn) <= PAGE_BUDGET, f"{path.stem}: {len(drawn)} pages"
    assert_not_blank(drawn[0])


@pytest.fixture(scope="module")
def word_pdfs(tmp_path_factory, soffice) -> dict[str, Path]:
    """The Word brief of every example, converted to PDF by LibreOffice in one run."""
    tmp = tmp_path_factory.mktemp("word")
    docs = []
    for path in EXAMPLE_FILES:
        for lang in LANGUAGES:
            out = tmp / f"{path.stem}.{lang}.docx"
            r = run_cli("-q", "--lang", lang, "recommend", path, "-o", out)
            assert r.code == 0, r.stderr
            docs.append(out)
    proc = subprocess.run([soffice, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless",
                           "--norestore", "--convert-to", "pdf", "--outdir", str(tmp / "pdf"), *map(str, docs)],
                          capture_output=True, text=True, timeout=600)
    pdfs = {p.stem: tmp / "pdf" / f"{p.stem}.pdf" for p in docs}
    if not all(p.exists() for p in pdfs.values()):
        reason = ("LibreOffice did not convert the Word briefs (is LibreOffice Writer installed? 'make system-deps' "
                  f"installs libreoffice-writer): {proc.stderr[-1000:]}")
        if programs.in_ci():
            pytest.fail(reason)
        pytest.skip(reason)
    return pdfs


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=ids(EXAMPLE_FILES))
def test_the_word_brief_prints_within_the_page_budget(path, lang, tmp_path, word_pdfs, ghostscript):
    pdf = word_pdfs[f"{path.stem}.{lang}"]
    assert_a4(pdf.read_bytes())
    drawn = pages(ghostscript, pdf, tmp_path / "pages")
    report(f"Word ({lang})", path.stem, len(drawn))
    assert 1 <= len(drawn) <= PAGE_BUDGET, f"{path.stem}: {len(drawn)} pages"
    assert_not_blank(drawn[0])
