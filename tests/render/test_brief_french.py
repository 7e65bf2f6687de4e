"""The brief in French (`cpss --lang fr recommend FILE --format markdown|html`): golden files, words for people
(no ids), and no English left in the words the renderers write."""

from __future__ import annotations

import re

import pytest

from cpss_advisor import api
from cpss_advisor.render.plan_html import render_html
from cpss_advisor.render.plan_text import render_markdown
from tests.conftest import EXAMPLES
from tests.render.test_brief_formats import _golden, normalised_html, page_text
from tests.render.test_brief_view import leaks

ALDOVIA = EXAMPLES / "aldovia-early-stable.yaml"
BEREMIA = EXAMPLES / "beremia-conflict.yaml"
#: English function words that never appear, as whole words, in French text
ENGLISH = ("the", "and", "of", "with", "to", "is", "it", "its", "at", "when", "from", "once", "months", "waits")
_ENGLISH = re.compile(r"\b(?:" + "|".join(ENGLISH) + r")\b")


def _plan(path, kb):
    return api.recommend(path, knowledge=kb)


def _body(markdown: str) -> str:
    """The brief without its sources (they cite English documents by their own titles)."""
    head, _sep, rest = markdown.partition("\n## Sources\n")
    return head + "\n" + rest.partition("\n---\n")[2]


def test_golden_french_brief_markdown_and_html(kb_fr):
    plan = _plan(ALDOVIA, kb_fr)
    _golden("brief-aldovia-early-stable.fr.md", render_markdown(plan, kb_fr))
    _golden("brief-aldovia-early-stable.fr.html", normalised_html(render_html(plan, kb_fr)))


@pytest.mark.parametrize("path", [ALDOVIA, BEREMIA], ids=lambda p: p.stem)
def test_the_french_brief_names_no_ids(path, kb_fr):
    plan = _plan(path, kb_fr)
    text, _tags = page_text(render_html(plan, kb_fr))
    assert leaks(text) == []
    assert leaks(render_markdown(plan, kb_fr).replace("\\", "")) == []


def test_the_french_page_says_its_language(kb_fr):
    page = render_html(_plan(ALDOVIA, kb_fr), kb_fr)
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"fr\" dir=\"ltr\">")
    assert "31 mars 2026" in page and "Messages clés" in page


def test_the_renderers_own_words_are_french(kb_fr):
    """Cover, headings, labels, cards' lines, the charts' headings and descriptions: none of them English. (The
    "why now" lines quote the rules' labels: the next test.)"""
    md = render_markdown(_plan(BEREMIA, kb_fr), kb_fr)
    own = [line for line in _body(md).splitlines()
           if line.startswith(("#", "- **", "*", ">")) and not line.startswith("**Pourquoi maintenant")]
    english = sorted({m.group() for line in own for m in _ENGLISH.finditer(line)})
    assert english == [], english


@pytest.mark.parametrize("path", [BEREMIA], ids=lambda p: p.stem)
def test_no_english_function_word_is_left_in_the_french_brief(path, kb_fr):
    md = _body(render_markdown(_plan(path, kb_fr), kb_fr))
    english = sorted({m.group() for m in _ENGLISH.finditer(md)})
    assert english == [], english


def test_the_french_word_document_says_its_language_and_uses_french_headings(kb_fr):
    import io

    from docx import Document

    from cpss_advisor.render.brief_docx import render_docx

    doc = Document(io.BytesIO(render_docx(_plan(BEREMIA, kb_fr), kb_fr)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert doc.core_properties.language == "fr"
    assert "Messages clés" in text and "Ce qui attend, et pourquoi" in text and "Key messages" not in text


def test_a_french_page_then_an_english_one_never_mix(kb_fr):
    """The language goes with each call (the knowledge base's), never left behind in shared state."""
    kb_en = api.knowledge_base()
    plan = _plan(ALDOVIA, kb_en)
    french = render_html(_plan(ALDOVIA, kb_fr), kb_fr)
    english = render_html(plan, kb_en)
    assert "Messages clés" in french and "Key messages" not in french
    assert "Key messages" in english and "Messages clés" not in english and '<html lang="en"' in english


# --- the plan's records: text, full Markdown, full HTML ---------------------------------------------------------

#: what a record quotes in English on purpose: the sources' own titles and locations (in brackets or italic
#: parentheses, a citation's "[inferred]" inside), the ids of steps, rules and interventions, and code
_CITED = re.compile(r"\[[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*\]|\*\([^()]*(?:\([^()]*\)[^()]*)*\)\*|`[^`]*`")


#: a snake_case id (a case management figure, which the rules' texts name by its id in both languages)
_STEP_ID = re.compile(r"\b\d\.\d:[a-z0-9-]+")
_SNAKE = re.compile(r"\b[a-z]+(?:\\?_[a-z]+)+\b")


def _record_words(text: str) -> str:
    """A record without what it cites in English (see `_CITED`), its snake_case ids and its step ids (an action's
    id names it in English: 2.1:surge-secondment-to-government), on one line."""
    return _STEP_ID.sub("", _SNAKE.sub("", _CITED.sub("", re.sub(r"\s+", " ", text))))


def test_golden_french_plan_text_and_full_markdown(kb_fr):
    from cpss_advisor.render.plan_text import render_text

    plan = _plan(ALDOVIA, kb_fr)
    _golden("plan-aldovia-early-stable.fr.txt", render_text(plan, kb_fr))
    _golden("plan-aldovia-early-stable.full.fr.md", render_markdown(plan, kb_fr, detail="full"))


@pytest.mark.parametrize("path", [ALDOVIA, BEREMIA], ids=lambda p: p.stem)
def test_no_english_function_word_is_left_in_the_french_records(path, kb_fr):
    from cpss_advisor.render.plan_text import render_text

    plan = _plan(path, kb_fr)
    for text in (render_text(plan, kb_fr), render_markdown(plan, kb_fr, detail="full")):
        english = sorted({m.group() for m in _ENGLISH.finditer(_record_words(text))})
        assert english == [], english


def test_the_french_records_hold_the_english_records_ids_and_numbers(kb_fr):
    """A reader comparing the two records finds the same steps, ranks, months and scores."""
    from cpss_advisor.render.plan_text import render_text

    kb_en = api.knowledge_base()
    ids = re.compile(r"\b\d\.\d:[a-z0-9-]+\b|\b\d+-\d+\b")
    for render in (render_text, lambda p, k: render_markdown(p, k, detail="full")):
        english, french = render(_plan(BEREMIA, kb_en), kb_en), render(_plan(BEREMIA, kb_fr), kb_fr)
        assert ids.findall(french) == ids.findall(english)


def test_the_explanation_whatif_and_summary_speak_french(kb_fr, tmp_path, monkeypatch):
    """`cpss explain` of a French record, `cpss --lang fr whatif` and `cpss --lang fr validate`: their own words
    are French (the record's language for the explanation, without --lang)."""
    from tests.conftest import run_cli

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1782777600")
    record = tmp_path / "record.json"
    assert run_cli("--lang", "fr", "recommend", BEREMIA, "--record", record, "-o", tmp_path / "plan.json").code == 0
    outputs = [run_cli("explain", record), run_cli("explain", record, "3.3:1-2"), run_cli("explain", record, "4.2:1-2"),
               run_cli("--lang", "fr", "whatif", ALDOVIA, "--set", "1.1=2"),
               run_cli("--lang", "fr", "validate", BEREMIA)]
    for r in outputs:
        assert r.code == 0, r.stderr
        # the scenario's changes as the analysis writes them ("1.1 set to 2") are still English
        words = "\n".join(line for line in r.stdout.splitlines() if not line.startswith("Scénario « "))
        english = sorted({m.group() for m in _ENGLISH.finditer(_record_words(words))})
        assert english == [], (english, r.stdout[:400])
    assert "Pourquoi maintenant" in outputs[1].stdout and "Scénario" in outputs[3].stdout
