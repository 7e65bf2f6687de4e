"""`cpss recommend --format html --detail full`: the brief followed by the full page as its annex: structure,
accessibility, self-containment, determinism, escaping, and the page as headless Chromium renders it. The brief
alone (the default) is tested in `test_brief_html.py`."""

from __future__ import annotations

import json
import re
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2 import UndefinedError, nodes
from markupsafe import Markup

from cpss_advisor.core.escape import html as escape_html
from cpss_advisor.planning.plan_model import Plan
from cpss_advisor.render import plan_html
from cpss_advisor.render.plan_html import render_html
from cpss_advisor.render.templating import environment

from tests.conftest import EXAMPLES, run_cli

BEREMIA = EXAMPLES / "beremia-conflict.yaml"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


# --- a small DOM from html.parser --------------------------------------------------------------------------------

class Node:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node] = []
        self.parts: list[str] = []  # text directly inside, in order

    @property
    def text(self) -> str:
        return " ".join(" ".join([*self.parts, *(c.text for c in self.children)]).split())

    def iter(self, tag: str | None = None):
        for c in self.children:
            if tag is None or c.tag == tag:
                yield c
            yield from c.iter(tag)

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        return [n for n in self.iter(tag) if cls is None or cls in n.classes()]

    def by_id(self, ident: str) -> Node | None:
        return next((n for n in self.iter() if n.attrs.get("id") == ident), None)


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root
        self.doctype = ""
        self.unclosed: list[str] = []

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None and node is self.current, f"</{tag}> closes <{self.current.tag}>"
        self.current = node.parent

    def handle_data(self, data):
        self.current.parts.append(data)


def parse(page: str) -> TreeBuilder:
    tb = TreeBuilder()
    tb.feed(page)
    tb.close()
    assert tb.current is tb.root, f"<{tb.current.tag}> is never closed"
    return tb


# --- fixtures --------------------------------------------------------------------------------------------------

def html_of(*args) -> str:
    r = run_cli("recommend", *args, "--format", "html", "--detail", "full")
    assert r.code == 0, r.stderr
    return r.stdout


@pytest.fixture(scope="module")
def page() -> str:
    return html_of(BEREMIA)


@pytest.fixture(scope="module")
def doc(page) -> Node:
    return parse(page).root


@pytest.fixture(scope="module")
def data() -> dict:
    r = run_cli("recommend", BEREMIA, "--format", "json")
    assert r.code == 0, r.stderr
    return json.loads(r.stdout)


def write(tmp_path: Path, text: str, name: str = "a.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# --- structure -------------------------------------------------------------------------------------------------

def test_a_whole_document(page, doc):
    tb = parse(page)
    assert tb.doctype.lower() == "doctype html"
    html = doc.children[0]
    assert html.tag == "html" and html.attrs.get("lang") == "en"
    assert [m.attrs.get("charset") for m in doc.iter("meta") if "charset" in m.attrs] == ["utf-8"]
    assert "Beremia" in next(doc.iter("title")).text
    assert page.endswith("</html>\n")


def test_headings_are_semantic_and_do_not_skip_levels(doc, data):
    h1 = doc.find_all("h1")
    assert len(h1) == 1 and "Beremia" in h1[0].text
    h2 = [h.text for h in doc.find_all("h2")]
    for section in ["Advice", "current and target phases", "Dependencies", "Roadmap by period", "The steps and why",
                    "Deferred steps", "Warnings"]:
        assert any(section in t for t in h2), (section, h2)
    levels = [int(n.tag[1]) for n in doc.iter() if re.fullmatch(r"h[1-6]", n.tag)]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels
    for section in doc.find_all("section"):
        assert section.attrs.get("aria-labelledby"), "every section is named by its heading"
        assert doc.by_id(section.attrs["aria-labelledby"]) is not None


def test_every_svg_is_an_image_with_a_title_and_a_description(doc):
    svgs = doc.find_all("svg")
    assert len(svgs) >= 2
    for svg in svgs:
        assert svg.attrs.get("role") == "img"
        title, desc = svg.children[0], svg.children[1]
        assert title.tag == "title" and len(title.text) > 10
        assert desc.tag == "desc" and len(desc.text) > 100
        assert svg.attrs["aria-labelledby"].split() == [title.attrs["id"], desc.attrs["id"]]
        assert "viewbox" in svg.attrs  # html.parser lowercases attribute names


def test_phase_chart_has_one_bar_and_one_target_per_rated_subdomain(doc, data, kb):
    chart = doc.by_id("phase-chart")
    assert chart is not None and chart.tag == "svg"
    rated = {r["subdomain"] for r in data["ratings"]}
    bars = chart.find_all("rect", "bar-current")
    assert sorted(b.attrs["data-subdomain"] for b in bars) == sorted(rated)
    marks = chart.find_all("path", "target-mark")
    assert sorted(m.attrs["data-subdomain"] for m in marks) == sorted(rated)
    targets = {t["subdomain"]: t["phase"] for t in data["targets"]}
    phases = {r["subdomain"]: r["phase"] for r in data["ratings"]}
    climbing = {s for s in rated if targets.get(s, phases[s]) > phases[s]}
    hatched = chart.find_all("rect", "bar-target")
    assert {h.attrs["data-subdomain"] for h in hatched} == climbing
    # current and target are told apart by pattern and shape, not colour: a hatch pattern and a diamond
    assert all(h.attrs["fill"] == "url(#hatch)" and h.attrs.get("stroke-dasharray") for h in hatched)
    assert all(b.attrs["fill"].startswith("#") for b in bars)
    assert chart.by_id("hatch") is not None
    for s in rated:
        assert int(next(b for b in bars if b.attrs["data-subdomain"] == s).attrs["data-phase"]) == phases[s]
    # the description says the same in words, for every subdomain
    desc = chart.children[1].text
    for sid in kb.subdomains:
        assert f"{sid} {kb.subdomains[sid].short}" in desc
    # grouped by intermediate outcome
    labels = [t.text for t in chart.find_all("text", "outcome-label")]
    assert labels == [f"{o}. {kb.outcomes[o].title}" for o in sorted(kb.outcomes)]


def test_dependency_graph_has_one_node_per_subdomain_and_marks_the_plan(doc, data, kb):
    graph = doc.by_id("dependency-graph")
    assert graph is not None and graph.tag == "svg"
    nodes = graph.find_all("g", "node")
    assert sorted(n.attrs["data-subdomain"] for n in nodes) == sorted(kb.subdomains)
    planned = {r["subdomain"] for r in data["recommendations"]}
    marked = {n.attrs["data-subdomain"] for n in nodes if "in-plan" in n.classes()}
    assert marked == planned and planned
    for n in nodes:
        rect = next(n.iter("rect"))
        labels = n.find_all("text", "wave-label")
        if n.attrs["data-subdomain"] in planned:
            # not by colour alone: a thick border and a label naming the wave
            assert float(rect.attrs["stroke-width"]) >= 3
            assert len(labels) == 1 and "MONTH" in labels[0].text
            waves = {str(r["wave"]) for r in data["recommendations"] if r["subdomain"] == n.attrs["data-subdomain"]}
            assert set(n.attrs["data-waves"].split()) == waves
        else:
            assert float(rect.attrs["stroke-width"]) < 2 and not labels
    edges = graph.find_all("path", "edge")
    pairs = {(x.needs, x.subdomain) for x in kb.edges}
    assert {(p.attrs["data-from"], p.attrs["data-to"]) for p in edges} == pairs
    for p in edges:
        hard = any(x.strength == "hard" for x in kb.edges
                   if (x.needs, x.subdomain) == (p.attrs["data-from"], p.attrs["data-to"]))
        assert ("hard" in p.classes()) == hard
        assert ("stroke-dasharray" in p.attrs) == (not hard), "hard edges solid, soft dashed"


def test_roadmap_has_a_lane_per_wave(doc, data):
    roadmap = doc.by_id("roadmap")
    lanes = roadmap.find_all("section", "wave")
    assert len(lanes) == len(data["waves"])
    for lane, w in zip(lanes, data["waves"]):
        rows = [tr for tr in lane.iter("tr") if next(tr.iter("th")).attrs.get("scope") == "row"]
        assert [int(next(tr.iter("th")).text) for tr in rows] == \
            [r["rank"] for r in data["recommendations"] if r["wave"] == w["wave"]]


def test_every_recommendation_is_explained(page, doc, data):
    for r in data["recommendations"]:
        article = doc.by_id(f"step-{r['id'].replace(':', '-')}")
        assert article is not None and article.tag == "article", r["id"]
        text = article.text
        assert r["id"] in text
        assert f"Period {r['wave']}, months {r['start_month']}\u2013{r['end_month']}" in text
        for t in r["score_terms"]:
            assert t["label"] in text and t["rule"] in text
        for iv in r["interventions"]:
            assert iv["title"] in text and iv["id"] in text
        for q in r["qualifiers"]:
            assert q in text
        for x in r["rationale"]:
            assert x["text"] in text and x["rule"] in text and x["source"] in text
        for edge in r["edges"]:
            assert edge["text"] in text and edge["source"] in text
        for c in (r["criteria"] or {"next": {"criteria": []}})["next"]["criteria"]:
            assert c in text
        for other in r["requires"] + r["unblocks"]:
            assert other in text
    for d in data["deferred"]:
        row = doc.by_id(f"deferred-{d['id'].replace(':', '-')}")
        assert row is not None and d["id"] in row.text and d["reason"] in row.text
    warnings = doc.by_id("warnings").text
    for w in data["warnings"]:
        assert w["text"] in warnings
    for a in data["advice"]:
        assert a["text"] in doc.by_id("advice").text
    for p in data["provenance"].values():
        assert p in page


def test_in_page_links_all_resolve(doc):
    ids = {n.attrs["id"] for n in doc.iter() if "id" in n.attrs}
    links = [a.attrs["href"] for a in doc.iter("a")]
    assert links
    for href in links:
        assert href.startswith("#") and href[1:] in ids, href


def test_tables_have_scoped_headers(doc):
    tables = doc.find_all("table")
    assert len(tables) >= 3
    for th in doc.iter("th"):
        assert th.attrs.get("scope") in {"col", "row"}, th.text
    for table in tables:
        assert next(table.iter("thead"), None) is not None


def test_self_contained_no_network_no_script(page, doc):
    assert "http://" not in page and "https://" not in page
    assert "<script" not in page.lower()
    for tag in ["link", "img", "iframe", "object", "embed", "script", "image", "foreignobject"]:
        assert not doc.find_all(tag), tag
    # the charts' glyphs are reused shapes of the same page (<use href="#..."), never anything outside it
    assert all(u.attrs.get("xlink:href", u.attrs.get("href", "")).startswith("#") for u in doc.find_all("use"))
    for n in doc.iter():
        for k, v in n.attrs.items():
            assert not k.startswith("on"), f"event handler {k}"
            assert k not in {"src", "srcset"}
            assert k not in {"xlink:href", "href"} or v.startswith("#"), (k, v)
    assert re.findall(r"url\(([^)]*)\)", page) and all(u.startswith("#") for u in re.findall(r"url\(([^)]*)\)", page))
    assert "@import" not in page and "@font-face" not in page
    csp = next(m for m in doc.iter("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp.attrs["content"]


def test_print_styles(page):
    print_css = page[page.index("@media print"):]
    assert "break-before: page" in print_css
    assert 'a[href]::after { content: " [" attr(href) "]"' in print_css
    assert "background: #fff" in print_css


# --- determinism and escaping ----------------------------------------------------------------------------------

def test_same_input_same_bytes(tmp_path, page, data, kb):
    assert html_of(BEREMIA) == page
    out = tmp_path / "report.html"
    r = run_cli("recommend", BEREMIA, "--format", "html", "--detail", "full", "-o", out)
    assert r.code == 0 and out.read_text(encoding="utf-8") == page
    assert render_html(Plan.model_validate(data), kb, detail="full") == render_html(
        Plan.model_validate(json.loads(json.dumps(data))), kb, detail="full") == page


@pytest.mark.parametrize("example", sorted(p.stem for p in EXAMPLES.glob("*.yaml")))
def test_every_example_renders(example, kb):
    for horizon in ("1", "4"):
        page = html_of(EXAMPLES / f"{example}.yaml", "--horizon-years", horizon)
        doc = parse(page).root
        # the brief's charts (phases, timeline, the dependencies that bear on the plan), then the annex's two
        assert [svg.attrs["id"] for svg in doc.find_all("svg")] == [
            "phases-chart", "timeline-chart", "dependencies-chart-plan", "phase-chart", "dependency-graph"]
        assert len(doc.by_id("dependency-graph").find_all("g", "node")) == len(kb.subdomains)


HOSTILE = '<script>alert("x")</script> & <b onclick=\'y\'>Land</b>'


def test_hostile_country_name_is_text(tmp_path):
    text = BEREMIA.read_text(encoding="utf-8").replace("country: Beremia", "country: " + json.dumps(HOSTILE))
    page = html_of(write(tmp_path, text))
    assert "<script" not in page.lower() and "<b " not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b onclick=&#x27;y&#x27;&gt;" in page
    doc = parse(page).root
    assert HOSTILE in doc.find_all("h1")[0].text
    assert HOSTILE in next(doc.iter("title")).text
    assert HOSTILE in doc.by_id("phase-chart").children[0].text
    assert not [n for n in doc.iter() if any(k.startswith("on") for k in n.attrs)]


def test_unrated_subdomains_are_shown_as_such(tmp_path, kb):
    a = write(tmp_path, 'schema_version: 1\ncountry: Partia\nas_of: 2026-01-31\n'
                        'ratings: {"3.3": 1, "5.1": 2, "7.3": 4}\n')
    doc = parse(html_of(a)).root
    chart = doc.by_id("phase-chart")
    assert sorted(b.attrs["data-subdomain"] for b in chart.find_all("rect", "bar-current")) == ["3.3", "5.1", "7.3"]
    assert chart.children[1].text.count("not rated") == len(kb.subdomains) - 3
    assert len(doc.by_id("dependency-graph").find_all("g", "node")) == len(kb.subdomains)


#: Fields the plan model checks (a literal) or the page looks up in the knowledge base: ids, not free text.
NOT_TEXT = {"subdomain", "kind", "track", "plan_kind"}
#: Every text field of the plan that the page shows (as paths, [] for any list item): each must reach the page, as
#: text. A field the page stops showing is taken off this list.
SHOWN_FIELDS = {
    "country", "as_of", "context[]", "unrated[]", "setting.title", "waves[].months", "ratings[].confidence",
    "provenance.input_sha256", "provenance.knowledge_sha256", "provenance.rules_sha256", "provenance.tool_version",
    "advice[].text", "advice[].rule", "warnings[].text", "warnings[].source", "warnings[].rule",
    "deferred[].id", "deferred[].reason",
    "recommendations[].id", "recommendations[].title", "recommendations[].subdomain_title",
    "recommendations[].description", "recommendations[].sources[]", "recommendations[].qualifiers[]",
    "recommendations[].placement.text", "recommendations[].checks[].text",
    "recommendations[].score_terms[].label", "recommendations[].score_terms[].rule",
    "recommendations[].rationale[].text", "recommendations[].rationale[].rule", "recommendations[].rationale[].source",
    "recommendations[].edges[].strength", "recommendations[].edges[].text", "recommendations[].edges[].rationale",
    "recommendations[].edges[].source",
    "recommendations[].interventions[].id", "recommendations[].interventions[].title",
    "recommendations[].interventions[].source", "recommendations[].interventions[].action_type",
    "recommendations[].interventions[].duration", "recommendations[].interventions[].lead_actors[]",
    "recommendations[].interventions[].added_by", "recommendations[].interventions[].contexts[]",
    "recommendations[].interventions[].unit", "recommendations[].interventions[].to_level_name",
    "recommendations[].criteria.current.name", "recommendations[].criteria.current.summary",
    "recommendations[].criteria.next.name", "recommendations[].criteria.next.summary",
    "recommendations[].criteria.next.criteria[]", "recommendations[].criteria.next.source",
}
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _poison(value, path: str, fields: list[str]):
    """`value` with every string in it replaced by a script and control characters, numbered; `fields[n]` is the
    path of the string numbered n."""
    if isinstance(value, str):
        fields.append(path)
        return f"<script>alert({len(fields) - 1})</script>\x1b[2J\x00\x9b"
    if isinstance(value, dict):
        return {k: v if k in NOT_TEXT else _poison(v, f"{path}.{k}" if path else k, fields) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison(v, f"{path}[]", fields) for v in value]
    return value


def test_no_text_field_reaches_the_page_unescaped(data, kb):
    """Every text in the plan is a script with control characters: none runs, none is raw, each is shown as text."""
    fields: list[str] = []
    plan = Plan.model_validate(_poison({**data, "unrated": ["9.9"]}, "", fields))
    page = render_html(plan, kb, detail="full")
    assert "<script" not in page.lower(), "markup from the plan reached the page"
    raw = RAW_CONTROL.search(page)
    assert raw is None, f"raw control character {raw.group()!r} at {page[raw.start() - 80:raw.start()]!r}"
    shown = {path for n, path in enumerate(fields)
             if f"&lt;script&gt;alert({n})&lt;/script&gt;\\x1b[2" in page}
    assert SHOWN_FIELDS <= shown, sorted(SHOWN_FIELDS - shown)
    assert "\\x1b[2J\\x00\\x9b" in page
    doc = parse(page).root
    assert not doc.find_all("script")
    country = f"<script>alert({fields.index('country')})</script>\\x1b[2J\\x00\\x9b"
    assert country in next(doc.iter("title")).text and country in doc.find_all("h1")[0].text



# --- the templates -----------------------------------------------------------------------------------------------

def test_the_environment_escapes_every_output_once():
    """Text is escaped (quotes too) and its control characters shown, as `core.escape.html` does; Markup is left
    alone; numbers are written as they are."""
    env = environment()
    out = env.from_string("{{ text }}|{{ markup }}|{{ n }}|{{ 'x<y' }}").render(
        text="<a href='x'>&\x1b[2J\x00\x9b\tb\n", markup=Markup("<b>bold</b>"), n=3)
    assert out == "&lt;a href=&#x27;x&#x27;&gt;&amp;\\x1b[2J\\x00\\x9b\tb\n|<b>bold</b>|3|x&lt;y"
    assert out.split("|")[0] == escape_html("<a href='x'>&\x1b[2J\x00\x9b\tb\n")


def test_a_variable_the_view_lacks_is_an_error():
    env = environment()
    with pytest.raises(UndefinedError):
        env.from_string("{{ missing }}").render()
    with pytest.raises(UndefinedError):
        env.from_string("<p>{{ step.missing }}</p>").render(step={"title": "x"})
    with pytest.raises(UndefinedError):
        env.from_string("{% if step.missing %}x{% endif %}").render(step={})


TEMPLATES = Path(plan_html.__file__).parent / "templates"
#: The filters the page's templates may use: none that could turn text into markup (`safe`), escape it without
#: showing its control characters (`e`, `escape`, `forceescape`) or join it with markup.
ALLOWED_FILTERS = {"length"}


@pytest.mark.parametrize("name", sorted(p.name for p in TEMPLATES.glob("*.j2")))
def test_templates_never_mark_text_safe(name):
    env = environment()
    tree = env.parse(env.loader.get_source(env, name)[0])
    used = {f.name for f in tree.find_all(nodes.Filter)}
    assert used <= ALLOWED_FILTERS, f"{name} uses the filters {sorted(used - ALLOWED_FILTERS)}"
    assert not list(tree.find_all((nodes.EvalContextModifier, nodes.MarkSafe, nodes.MarkSafeIfAutoescape))), \
        f"{name} turns autoescape off or marks text safe"


def test_the_page_is_rendered_from_the_package_templates(kb, data):
    env = environment()
    assert {"base.html.j2", "plan.html.j2", "plan.css"} <= set(env.list_templates())
    css = (TEMPLATES / "plan.css").read_text(encoding="utf-8")
    page = render_html(Plan.model_validate(data), kb, detail="full")
    assert f"<style>\n{css}</style>\n" in page, "the style sheet is inline, as written"
    assert f'content="{escape_html(plan_html.CSP)}"' in page


# --- in a browser ----------------------------------------------------------------------------------------------

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                  "--enable-logging=stderr", "--v=0"]


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def png_pixels(data: bytes) -> bytes:
    """The (filtered) image data: all IDAT chunks, inflated."""
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    return zlib.decompress(idat)


def test_renders_in_headless_chromium(tmp_path, page, data, chromium):
    report = tmp_path / "report.html"
    report.write_text(page, encoding="utf-8")
    shot = tmp_path / "report.png"
    proc = subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}",
         "--window-size=1280,4000", "--dump-dom", report.as_uri()],
        capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-3000:]

    # the screenshot: a PNG of the window, and not blank (a blank page compresses to a few kilobytes)
    png = shot.read_bytes()
    assert png_size(png) == (1280, 4000)
    assert len(png) > 100_000, f"screenshot is only {len(png)} bytes: blank?"
    pixels = png_pixels(png)
    assert len(set(pixels[::101])) > 32, "screenshot has almost no distinct pixel values: blank?"

    # the DOM as the browser built it: both charts, as SVG, with their bars and nodes
    dom = proc.stdout
    assert dom.count("<svg") == 5
    tree = parse(dom).root
    assert len(tree.by_id("phase-chart").find_all("rect", "bar-current")) == len(data["ratings"])
    assert len(tree.by_id("dependency-graph").find_all("g", "node")) == 19
    assert "Beremia" in tree.find_all("h1")[0].text

    # no console messages at all: the page has no script, so any (a blocked load, a CSP violation) is an error
    console = [line for line in proc.stderr.splitlines() if "CONSOLE" in line]
    assert not console, "\n".join(console)
