"""The README's pictures of the web app: `cpss serve` started on a free loopback port, Beremia's intake workbook
uploaded, and pages taken at 1280x800 (a projector's size) by Debian's Chromium driven by Playwright.

    .venv/bin/python benchmarks/web_screenshot.py [--out docs/images] [--lang fr] [--every-page]

With --lang fr the browser is set to French (fr-FR): the app follows it, and the pictures are named
web-rate.fr.png and web-whatif.fr.png. --every-page also takes each page whole (web-page-<name>[.fr].png), for
reading every page of the app in a language.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from cpss_advisor import api  # noqa: E402
from tests.programs import find  # noqa: E402
from tests.web.test_browser import CHROMIUM_ARGS, serving  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--lang", choices=api.languages(), default="en")
    parser.add_argument("--every-page", action="store_true")
    args = parser.parse_args()
    suffix = "" if args.lang == "en" else f".{args.lang}"
    _ = api.translator(args.lang).gettext
    chromium = find("chromium")
    if chromium is None:
        sys.exit("Chromium is not installed: 'make system-deps' installs it")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        workbook = tmp / "beremia.xlsx"
        workbook.write_bytes(api.assessment_workbook(ROOT / "examples" / "beremia-conflict.yaml",
                                                     knowledge=api.knowledge_base(lang=args.lang)))
        with serving(tmp) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800},
                                    locale=None if args.lang == "en" else f"{args.lang}-{args.lang.upper()}")
            page.goto(url + "/")
            page.set_input_files("#file", str(workbook))
            page.get_by_role("button", name=_("Open"), exact=True).click()
            page.wait_for_url(url + "/rate")
            if args.every_page:
                every_page(page, url, args.out, suffix)
            page.goto(url + "/rate")
            page.locator("#sd-3\\.3").scroll_into_view_if_needed()
            page.screenshot(path=str(args.out / f"web-rate{suffix}.png"))
            page.goto(url + "/whatif")
            page.check("#shock-refugee-influx")
            page.wait_for_selector("#whatif-result h2")
            page.select_option("#set-5\\.1", "3")
            page.wait_for_selector("#whatif-result h2:has-text('5.1')")  # the second change has arrived
            page.screenshot(path=str(args.out / f"web-whatif{suffix}.png"))
            browser.close()
    print(f"wrote {args.out / f'web-rate{suffix}.png'} and {args.out / f'web-whatif{suffix}.png'}")


def every_page(page, url: str, out: Path, suffix: str) -> None:
    """Each page of the app whole, with what a click or a change shows opened."""
    for name, path in [("start", "/"), ("rate", "/rate"), ("checklist", "/rate/checklist"),
                       ("questionnaire", "/rate/questionnaire"), ("plan", "/plan"), ("export", "/export"),
                       ("compare", "/compare"), ("consensus", "/consensus")]:
        page.goto(url + path)
        if name == "plan":
            page.locator("details.reason summary").first.click()
            page.wait_for_selector("details.reason pre.explain")
        page.screenshot(path=str(out / f"web-page-{name}{suffix}.png"), full_page=True)
    page.goto(url + "/whatif")
    page.select_option("#set-3\\.3", "3")
    page.wait_for_selector("#whatif-result h2")
    page.locator("#analysis-result").scroll_into_view_if_needed()
    page.locator("form[action='/whatif/sensitivity'] button").click()
    page.wait_for_selector("#analysis-result pre")
    page.screenshot(path=str(out / f"web-page-whatif{suffix}.png"), full_page=True)


if __name__ == "__main__":
    main()
