"""The brief in HTML, Markdown and Word: golden files, words for people in every body, structure, escaping,
determinism, and `cpss recommend --format html|markdown|docx --detail brief|full`."""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document
from markdown_it import MarkdownIt

from cpss_advisor.planning.plan_model import Plan
from cpss_advisor.render import brief_docx_template, charts
from cpss_advisor.render.brief_docx import render_docx
from cpss_advisor.render.brief_html import inline
from cpss_advisor.render.brief_view import brief_view
from cpss_advisor.render.docx_package import parts
from cpss_advisor.render.plan_html import render_html
from cpss_advisor.render.plan_text import render_markdown

from tests.conftest import EXAMPLES, run_cli
from tests.render.test_brief_view import ALL_FILES, EXAMPLE_FILES, ids, leaks, plan_of

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("CPSS_UPDATE_GOLDEN") == "1"
BEREMIA = EXAMPLES / "beremia-conflict.yaml"
HOSTILE = '<script>alert("x")</script> & <b>Land</b> *x* `y` | z \x1b[2J\x00'


# --- reading the outputs back -------------------------------------------------------------------------------------

class _Text(HTMLParser):
    """The text a reader sees in a page (and the charts' titles and descriptions), without the annex."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("style", "head"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "head"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def page_text(page: str) -> tuple[str, list[tuple[str, dict]]]:
    p = _Text()
    p.feed(page)
    return " ".join(" ".join(p.parts).split()), p.tags


def docx_text(data: bytes) -> str:
    """Every paragraph, table cell, header, footer and picture's alt text of a Word document."""
    doc = Document(io.BytesIO(data))
    out = [p.text for p in doc.paragraphs]
    out += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    for s in doc.sections:
        out += [p.text for p in s.header.paragraphs] + [p.text for p in s.footer.paragraphs]
    out += [e.get("descr", "") + " " + e.get("title", "") for e in doc.element.body.iter()
            if e.tag.endswith("}docPr")]
    return "\n".join(out)


def normalised_html(page: str) -> str:
    """A page with each chart's drawing (glyph outlines, tens of kilobytes, tested with the charts) reduced to its
    opening tag, title and description."""
    return re.sub(r"(<desc [^>]*>[^<]*</desc>).*?</svg>", r"\1 [drawing]</svg>", page, flags=re.S)


def _golden(name: str, text: str) -> None:
    golden = GOLDEN / name
    if UPDATE or not golden.exists():
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"golden file {name} was missing and has been written; check it in")
    assert text == golden.read_text(encoding="utf-8"), f"{name} differs; CPSS_UPDATE_GOLDEN=1 to accept"


# --- golden files -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=ids(EXAMPLE_FILES))
def test_golden_markdown_brief(path):
    r = run_cli("recommend", path, "--format", "markdown")
    assert r.code == 0, r.stderr
    _golden(f"brief-{path.stem}.md", r.stdout)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=ids(EXAMPLE_FILES))
def test_golden_html_brief(path):
    r = run_cli("recommend", path, "--format", "html")
    assert r.code == 0, r.stderr
    _golden(f"brief-{path.stem}.html", normalised_html(r.stdout))


# --- words for people, in every format ----------------------------------------------------------------------------

@pytest.mark.parametrize("path", ALL_FILES, ids=ids(ALL_FILES))
def test_no_id_rule_name_option_or_hash_in_any_brief(path, kb):
    plan = plan_of(path)
    text, _tags = page_text(render_html(plan, kb))
    assert leaks(text) == [], "html"
    assert leaks(render_markdown(plan, kb).replace("\\", "")) == [], "markdown"
    assert leaks(docx_text(render_docx(plan, kb))) == [], "docx"


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=ids(EXAMPLE_FILES))
def test_the_full_detail_keeps_ids_and_hashes_in_the_annex(path, kb):
    plan = plan_of(path)
    sha = plan.provenance["input_sha256"]
    page = render_html(plan, kb, detail="full")
    assert sha in page and plan.recommendations[0].id in page and "Annex: the full record" in page
    assert page.index("Annex: the full record") > page.index('id="sources-h"'), "the annex follows the brief"
    text = docx_text(render_docx(plan, kb, detail="full"))
    assert sha in text and plan.recommendations[0].id in text
    assert "Annex: the full record" in text
    assert render_markdown(plan, kb, detail="full").startswith("# Child protection systems strengthening plan")


# --- HTML -----------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def beremia_page(kb) -> str:
    return render_html(plan_of(BEREMIA), kb)


def test_the_html_brief_is_one_self_contained_page(beremia_page, kb):
    page = beremia_page
    text, tags = page_text(page)
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")
    assert "http://" not in page and "https://" not in page and "<script" not in page.lower()
    assert "@import" not in page and "@font-face" not in page
    assert all(t not in {"link", "img", "iframe", "object", "embed", "image", "foreignobject"} for t, _a in tags)
    refs = [v for _t, a in tags for k, v in a.items() if k in ("href", "xlink:href")]
    anchors = {a["id"] for _t, a in tags if "id" in a}
    assert refs and all(r.startswith("#") and r[1:] in anchors for r in refs), "every link stays in the page"
    assert any(t == "meta" and "default-src 'none'" in a.get("content", "") for t, a in tags)
    assert [a["id"] for t, a in tags if t == "svg"] == ["phases-chart", "timeline-chart"]
    assert all(a.get("role") == "img" for t, a in tags if t == "svg")
    heads = [t for t, _a in tags if re.fullmatch(r"h[1-6]", t)]
    assert heads.count("h1") == 1 and all(int(b[1]) <= int(a[1]) + 1 for a, b in zip(heads, heads[1:]))
    sections = [a for t, a in tags if t == "section"]
    assert sections and all(a.get("aria-labelledby") in anchors for a in sections)
    assert len([a for t, a in tags if t == "article"]) == len(plan_of(BEREMIA).recommendations)
    assert "Key messages" in text and "What waits and why" in text and "Sources" in text
    css = page[page.index("@media print"):]
    assert "size: A4 portrait" in css and "break-inside: avoid" in css and "columns: 2" in css
    assert "break-before: page" not in css.split(".brief-footer + header.page")[0], "no forced breaks in the brief"


def test_the_html_brief_is_the_same_for_the_same_plan(beremia_page, kb):
    again = Plan.model_validate(json.loads(json.dumps(plan_of(BEREMIA).model_dump(mode="json"))))
    assert render_html(again, kb) == beremia_page
    r = run_cli("recommend", BEREMIA, "--format", "html")
    assert r.stdout == beremia_page


def test_charts_sit_inline_without_namespace_addresses(kb):
    svg = charts.phases(plan_of(BEREMIA), kb).svg()
    assert "http://www.w3.org" in svg and "http://" not in inline(svg)
    assert inline(svg).count("<svg") == 1 and inline(svg).endswith(svg.rsplit(">", 2)[-2] + ">" + svg.rsplit(">", 1)[-1])


def _hostile_plan(path: Path) -> Plan:
    data = plan_of(path).model_dump(mode="json")
    data["country"] = HOSTILE
    for r in data["recommendations"]:
        for iv in r["interventions"]:
            iv["title"] = HOSTILE
            iv["description"] = HOSTILE
        r["title"] = HOSTILE
        r["description"] = HOSTILE
    return Plan.model_validate(data)


def test_hostile_text_is_shown_as_text_in_every_format(kb):
    plan = _hostile_plan(BEREMIA)
    page = render_html(plan, kb)
    assert "<script" not in page and "<b>" not in page and "\x1b" not in page and "\x00" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;Land&lt;/b&gt;" in page
    md = render_markdown(plan, kb)
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    inline_tokens = [c for t in tokens for c in (t.children or [])]
    assert not [t for t in [*tokens, *inline_tokens] if t.type in {"html_block", "html_inline", "image", "link_open"}]
    assert "\x1b" not in md and "\\\\x1b\\[2J" in md
    assert md.splitlines()[0] == ("# Child protection systems strengthening plan: \\<script\\>alert(\"x\")"
                                  "\\</script\\> \\& \\<b\\>Land\\</b\\> \\*x\\* \\`y\\` \\| z \\\\x1b\\[2J\\\\x00")
    text = docx_text(render_docx(plan, kb))
    assert HOSTILE.replace("\x1b", "\\x1b").replace("\x00", "\\x00") in text


# --- Word -------------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def beremia_docx(kb) -> bytes:
    return render_docx(plan_of(BEREMIA), kb)


def test_the_word_brief_has_headings_cards_pictures_and_page_numbers(beremia_docx, kb):
    plan = plan_of(BEREMIA)
    b = brief_view(plan, kb)
    doc = Document(io.BytesIO(beremia_docx))
    styles = [(p.style.name, p.text) for p in doc.paragraphs]
    h1 = [t for s, t in styles if s == "Heading 1"]
    assert h1 == ["Key messages", "Where the system stands", "The plan over time",
                  "The steps and actions, in plan order", "What waits and why", "Sources"]
    h2 = [t for s, t in styles if s == "Heading 2"]
    assert h2 == [f"{c.number}. {c.title}" for c in b.cards]
    assert [t for s, t in styles if s == "List Number"] == list(b.messages)
    assert styles[0] == ("Title", "Beremia")
    pictures = [e for e in doc.element.body.iter() if e.tag.endswith("}docPr")]
    drawn = [charts.phases(plan, kb), charts.timeline(plan, kb)]
    assert [(e.get("title"), e.get("descr")) for e in pictures] == [(c.title, c.description) for c in drawn]
    media = sorted(n for n in parts(beremia_docx) if n.startswith("word/media/"))
    assert len(media) == 2 and all(parts(beremia_docx)[n].startswith(b"\x89PNG") for n in media)
    section = doc.sections[0]
    assert abs(section.page_width.cm - 21.0) < 0.01 and abs(section.page_height.cm - 29.7) < 0.01
    assert "Beremia" in section.header.paragraphs[0].text
    footer = section.footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer and "fldChar" in footer
    notes = [t for s, t in styles if s == "Note"]
    assert [int(t.split("\t")[0]) for t in notes] == [n.number for d in b.documents for n in d.notes]
    assert [t for s, t in styles if s == "Reference"] == [d.reference for d in b.documents]
    assert len(doc.tables) == 2, "the cover's facts and what waits"


def test_the_word_brief_is_the_same_bytes_for_the_same_plan(beremia_docx, kb):
    again = Plan.model_validate(json.loads(json.dumps(plan_of(BEREMIA).model_dump(mode="json"))))
    assert render_docx(again, kb) == beremia_docx
    with zipfile.ZipFile(io.BytesIO(beremia_docx)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    doc = Document(io.BytesIO(beremia_docx))
    props = doc.core_properties
    assert props.created.date().isoformat() == "2026-06-30" == props.modified.date().isoformat()
    assert props.author == "cpss-advisor" and props.revision == 1


def test_the_word_template_is_what_its_script_makes(tmp_path):
    made = brief_docx_template.build(tmp_path / "brief.docx")
    assert made.read_bytes() == brief_docx_template.TEMPLATE.read_bytes(), \
        "regenerate it: python -m cpss_advisor.render.brief_docx_template"
    doc = Document(str(made))
    names = {s.name for s in doc.styles}
    assert {"Title", "Subtitle", "Heading 1", "Heading 2", "List Number", "Caption", "Table Grid", "Card Meta",
            "Card Label", "Reference", "Note"} <= names
    assert not doc.paragraphs or all(not p.text for p in doc.paragraphs)


def test_a_restyled_template_restyles_the_brief(tmp_path, kb):
    """An office's own template: its styles, not the package's, in the document written from it."""
    path = brief_docx_template.build(tmp_path / "office.docx")
    doc = Document(str(path))
    doc.styles["Heading 1"].font.name = "Georgia"
    doc.save(str(path))
    out = Document(io.BytesIO(render_docx(plan_of(BEREMIA), kb, template=path)))
    assert out.styles["Heading 1"].font.name == "Georgia"


# --- the command line ---------------------------------------------------------------------------------------------

def test_cpss_recommend_writes_a_word_brief(tmp_path):
    out = tmp_path / "plan.docx"
    r = run_cli("recommend", BEREMIA, "-o", out)
    assert r.code == 0, r.stderr
    assert out.read_bytes()[:2] == b"PK" and "Beremia" in docx_text(out.read_bytes())
    r = run_cli("recommend", BEREMIA, "--format", "docx")
    assert r.code == 2 and "--format docx writes a Word document: give its file with -o" in r.stderr
    full = tmp_path / "full.docx"
    assert run_cli("recommend", BEREMIA, "-o", full, "--detail", "full").code == 0
    assert "Annex: the full record" in docx_text(full.read_bytes())


def test_detail_applies_to_the_formats_for_people():
    for fmt in ("text", "json"):
        r = run_cli("recommend", BEREMIA, "--format", fmt, "--detail", "full")
        assert r.code == 2 and "--detail applies to markdown, html, docx, not to" in r.stderr
    brief = run_cli("recommend", BEREMIA, "--format", "markdown").stdout
    assert run_cli("recommend", BEREMIA, "--format", "markdown", "--detail", "brief").stdout == brief
    full = run_cli("recommend", BEREMIA, "--format", "markdown", "--detail", "full").stdout
    assert "## Key messages" in brief and "## The steps and why" in full and "## Key messages" not in full
    assert run_cli("recommend", BEREMIA, "--format", "markdown", "--detail", "all").code == 2
    assert "--detail [brief|full]" in run_cli("recommend", "--help").stdout


def test_the_api_renders_the_brief_and_the_full_detail(kb):
    from cpss_advisor import api

    plan = plan_of(BEREMIA)
    assert api.render_report("plan", plan, "html", knowledge=kb) == render_html(plan, kb)
    assert api.render_report("plan", plan, "markdown", knowledge=kb, detail="full") == \
        render_markdown(plan, kb, detail="full")
    with pytest.raises(ValueError, match="takes no option detail"):
        api.render_report("plan", plan, "text", knowledge=kb, detail="full")
    assert api.render_report("plan", plan, "text", knowledge=kb) == run_cli("recommend", BEREMIA).stdout
