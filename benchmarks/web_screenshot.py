"""The README's pictures of the web app: `cpss serve` started on a free loopback port, Beremia's intake workbook
uploaded, and pages taken at 1280x800 (a projector's size) by Debian's Chromium driven by Playwright.

    .venv/bin/python benchmarks/web_screenshot.py [--out docs/images]
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
    args = parser.parse_args()
    chromium = find("chromium")
    if chromium is None:
        sys.exit("Chromium is not installed: 'make system-deps' installs it")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        workbook = tmp / "beremia.xlsx"
        workbook.write_bytes(api.assessment_workbook(ROOT / "examples" / "beremia-conflict.yaml"))
        with serving(tmp) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(url + "/")
            page.set_input_files("#file", str(workbook))
            page.get_by_role("button", name="Open").click()
            page.wait_for_url(url + "/rate")
            page.locator("#sd-3\\.3").scroll_into_view_if_needed()
            page.screenshot(path=str(args.out / "web-rate.png"))
            page.goto(url + "/whatif")
            page.check("#shock-refugee-influx")
            page.wait_for_selector("#whatif-result h2")
            page.select_option("#set-5\\.1", "3")
            page.wait_for_selector("#whatif-result h2:has-text('5.1')")  # the second change has arrived
            page.screenshot(path=str(args.out / "web-whatif.png"))
            browser.close()
    print(f"wrote {args.out / 'web-rate.png'} and {args.out / 'web-whatif.png'}")


if __name__ == "__main__":
    main()
