#!/usr/bin/env python3
"""What-if round trips of the web app over HTTP: `cpss serve` started on a free loopback port, each shipped example
uploaded, then N requests that each change one rating and get back the scenario's plan and its difference from
the base (what the What-if page does when a value changes). Prints p50 and p95 per example and the p95's ratio
to the target of 100 ms.

usage: .venv/bin/python benchmarks/web_whatif.py [--requests 200] [--lang fr]

With --lang fr the requests ask for French (Accept-Language: fr-FR), as a French browser does: the pages are made
with the French knowledge base, loaded once by the server.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from tests.web.test_browser import serving  # noqa: E402

TARGET_MS = 100.0
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SUBDOMAINS = ["1.1", "1.2", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "4.1", "4.2", "5.1", "5.2", "6.1", "6.2",
              "6.3", "6.4", "7.1", "7.2", "7.3"]


#: words each answer holds, by language: the scenario's side, or why there is none
ANSWERS = {"en": ("Scenario: first steps", "No change yet", "does not change"),
           "fr": ("Scénario : premières étapes", "Aucun changement", "ne change pas")}


def round_trips(url: str, example: Path, n: int, lang: str = "en") -> list[float]:
    headers = {"Accept-Language": "fr-FR,fr;q=0.9"} if lang == "fr" else {}
    with httpx.Client(base_url=url, timeout=30, headers=headers) as client:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text).group(1)
        r = client.post("/start/upload", files={"file": (example.name, example.read_bytes())},
                        data={"csrf_token": token}, follow_redirects=True)
        r.raise_for_status()
        client.get("/whatif").raise_for_status()  # the base plan is made once, as the page is opened
        times = []
        for i in range(n):
            sid, phase = SUBDOMAINS[i % len(SUBDOMAINS)], 1 + (i // len(SUBDOMAINS)) % 4
            start = time.perf_counter()
            r = client.post("/whatif/run", data={"csrf_token": token, f"set-{sid}": str(phase)},
                            headers={"HX-Request": "true"})
            times.append((time.perf_counter() - start) * 1000)
            r.raise_for_status()
            assert any(words in r.text for words in ANSWERS[lang]), r.text[:300]
        return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--lang", choices=sorted(ANSWERS), default="en")
    args = parser.parse_args()
    print(f"{'example':<32} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p95/target':>10}")
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp, serving(Path(tmp)) as url:
        for example in EXAMPLES:
            times = sorted(round_trips(url, example, args.requests, args.lang))
            p50 = statistics.median(times)
            p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
            worst = max(worst, p95)
            print(f"{example.name:<32} {len(times):>8} {p50:>8.1f} {p95:>8.1f} {p95 / TARGET_MS:>10.2f}")
    print(f"worst p95 {worst:.1f} ms; target {TARGET_MS:.0f} ms: {'met' if worst <= TARGET_MS else 'NOT met'}")


if __name__ == "__main__":
    main()
