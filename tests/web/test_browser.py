"""End to end in a real browser: `cpss serve` started on a free loopback port, Debian's Chromium driven by
Playwright (never `playwright install`: the browser is the system's). Open the app, upload the intake workbook,
change a rating and see the plan change, open a step's reasons, run a what-if, download the Word brief and open it.
A failing test leaves a screenshot of the page under its tmp_path."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.programs import in_ci, require

from cpss_advisor import api

from .conftest import EXAMPLES, example_workbook

#: headless, no sandbox (containers), and none of the browser's own network traffic
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-default-apps",
                 "--disable-domain-reliability", "--metrics-recording-only", "--no-default-browser-check"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(tmp_path):
    """`cpss serve` on a free loopback port, until the block ends."""
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "cpss_advisor", "serve", "--port", str(port)], stdout=log,
                            stderr=subprocess.STDOUT, cwd=tmp_path)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/static/app.css", timeout=2).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError("cpss serve did not start: " + (tmp_path / "serve.log").read_text())
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@contextlib.contextmanager
def _browser(tmp_path, locale: str | None = None):
    """A page of Chromium at 1280x800, in `locale` (its Accept-Language and navigator.language) when given."""
    chromium = require("chromium")
    try:
        from playwright import sync_api
    except ImportError:  # the test extra installs it; under CI its absence is a failure, as a missing browser is
        if in_ci():
            pytest.fail("CI=true and Playwright is not installed: pip install -e '.[test]'", pytrace=False)
        pytest.skip("Playwright is not installed: pip install -e '.[test]'")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        options = {"locale": locale} if locale else {}
        context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True, **options)
        page = context.new_page()
        page.set_default_timeout(30_000)
        problems = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        try:
            yield page, problems
        except BaseException:
            page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
            raise
        finally:
            context.close()
            browser.close()


@pytest.fixture
def browser_page(tmp_path):
    with _browser(tmp_path) as found:
        yield found


@pytest.fixture
def french_browser_page(tmp_path):
    with _browser(tmp_path, "fr-FR") as found:
        yield found


def test_a_workshop_in_the_browser(tmp_path, browser_page):
    page, problems = browser_page
    workbook = tmp_path / "beremia.xlsx"
    workbook.write_bytes(example_workbook())
    with serving(tmp_path) as url:
        try:
            _workshop(page, url, workbook, tmp_path)
        except BaseException:
            page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
            raise
    assert [p for p in problems if "Content Security Policy" in p or "Refused" in p] == []


def _workshop(page, url, workbook, tmp_path):
    from docx import Document

    page.goto(url + "/")
    page.set_input_files("#file", str(workbook))
    page.get_by_role("button", name="Open").click()
    page.wait_for_url(url + "/rate")

    step = "5.1 Social service workforce reaching System Integration"
    page.goto(url + "/plan")
    assert step in page.inner_text("main")
    # a step's full reasons, loaded by htmx when its details open
    page.locator("details.reason summary").first.click()
    page.wait_for_selector("details.reason pre.explain")
    assert "Why this step" in page.inner_text("details.reason pre.explain")

    page.goto(url + "/rate")
    page.check("#phase-5\\.1-4")
    page.get_by_role("button", name="Save the ratings").click()
    page.wait_for_selector("p.saved")
    page.goto(url + "/plan")
    assert step not in page.inner_text("main"), "rating 5.1 at Maturity takes its step out of the plan"

    page.goto(url + "/whatif")
    page.select_option("#set-3\\.3", "3")  # htmx posts the form on change, with the CSRF header
    page.wait_for_selector("#whatif-result h2")
    assert "3.3 Case management and referral at System Integration" in page.inner_text("#whatif-result h2")
    assert page.locator("#whatif-result .added, #whatif-result .removed, #whatif-result .moved").count() > 0

    page.goto(url + "/export")
    with page.expect_download() as info:
        page.get_by_role("link", name="The brief as a Word document (.docx)").click()
    target = tmp_path / "plan.docx"
    info.value.save_as(str(target))
    doc = Document(str(target))
    assert any("Beremia" in p.text for p in doc.paragraphs)
    assert (EXAMPLES / "beremia-conflict.yaml").exists()


def test_a_workshop_in_french(tmp_path, french_browser_page):
    """The same workshop in a browser set to French (fr-FR): the pages, the plan, the reasons, the what-if and the
    Word brief are French, with no switch pressed."""
    page, problems = french_browser_page
    workbook = tmp_path / "beremia.xlsx"
    workbook.write_bytes(api.assessment_workbook(EXAMPLES / "beremia-conflict.yaml",
                                                 knowledge=api.knowledge_base(lang="fr")))
    with serving(tmp_path) as url:
        try:
            _workshop_in_french(page, url, workbook, tmp_path)
        except BaseException:
            page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
            raise
    assert [p for p in problems if "Content Security Policy" in p or "Refused" in p] == []


def _workshop_in_french(page, url, workbook, tmp_path):
    from docx import Document

    page.goto(url + "/")
    assert page.get_attribute("html", "lang") == "fr"
    page.set_input_files("#file", str(workbook))
    page.get_by_role("button", name="Ouvrir", exact=True).click()
    page.wait_for_url(url + "/rate")
    assert "Renforcement du système" in page.inner_text("main")

    step = "5.1 Personnel des services sociaux atteignant la phase Intégration du système"
    page.goto(url + "/plan")
    assert step in page.inner_text("main") and "Messages clés" in page.inner_text("main")
    page.locator("details.reason summary").first.click()
    page.wait_for_selector("details.reason pre.explain")

    page.goto(url + "/rate")
    page.check("#phase-5\\.1-4")
    page.get_by_role("button", name="Enregistrer les notations").click()
    page.wait_for_selector("p.saved")
    page.goto(url + "/plan")
    assert step not in page.inner_text("main"), "5.1 noté en Maturité du système : son étape quitte le plan"

    page.goto(url + "/whatif")
    page.select_option("#set-3\\.3", "3")
    page.wait_for_selector("#whatif-result h2")
    assert "3.3 Gestion des cas et aiguillage en phase Intégration du système" in page.inner_text("#whatif-result h2")
    assert "Plan de référence : premières étapes" in page.inner_text("#whatif-result")

    page.goto(url + "/export")
    with page.expect_download() as info:
        page.get_by_role("link", name="La note de synthèse en document Word (.docx)").click()
    target = tmp_path / "plan.docx"
    info.value.save_as(str(target))
    doc = Document(str(target))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert doc.core_properties.language == "fr" and "Messages clés" in text and "Key messages" not in text
    assert "Beremia" in text

    # the switch: English, the same work, and back
    page.get_by_role("button", name="English").click()
    page.wait_for_url(url + "/export")
    assert page.get_attribute("html", "lang") == "en"
    assert "The brief as a Word document (.docx)" in page.inner_text("main")
    page.goto(url + "/rate")
    assert page.is_checked("#phase-5\\.1-4")
    # a rating changed and not saved yet is kept through the switch (it posts the rating form)
    page.check("#phase-3\\.3-2")
    page.get_by_role("button", name="Français").click()
    page.wait_for_selector("html[lang=fr] p.saved")
    assert page.is_checked("#phase-3\\.3-2") and page.is_checked("#phase-5\\.1-4")
