"""Every output format shows what the interventions are (their descriptions from the knowledge base) and why steps
wait, in words: the text and full Markdown records and the workplan give every intervention's description; the
brief (HTML, Markdown, Word) gives each card's leading intervention with its description (at least its opening
sentence, as a card keeps to about 100 words); every format gives each
deferral reason as the brief words it."""

from __future__ import annotations

import html
import io
import re

import openpyxl
import pytest

from cpss_advisor.render import registry
from cpss_advisor.render.brief_waiting import reason
from cpss_advisor.render.brief_words import Words
from cpss_advisor.render.workplan_words import Words as WorkplanWords

from tests.render.test_brief_formats import docx_text
from tests.render.test_brief_view import EXAMPLE_FILES, plan_of


def flat(text: str) -> str:
    """Letters and digits only, one space between words: what survives wrapping, escaping and markup."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def first_sentence(text: str) -> str:
    return re.split(r"(?<=[a-z)])\. ", text, maxsplit=1)[0]


def workbook_text(data: bytes) -> str:
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row
                     if v is not None)


def outputs(plan, kb) -> dict[str, str]:
    def render(fmt, **opts):
        return registry.render("plan", fmt, plan, kb, **opts)

    return {"text": render("text"), "markdown full": render("markdown", detail="full"),
            "xlsx": workbook_text(render("xlsx")), "markdown": render("markdown"), "html": html.unescape(render("html")),
            "docx": docx_text(render("docx"))}


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_descriptions_and_deferral_reasons_in_every_format(path, kb):
    plan = plan_of(path)
    shown_raw = outputs(plan, kb)
    shown = {fmt: flat(text) for fmt, text in shown_raw.items()}
    every = [iv for r in plan.recommendations for iv in r.interventions if iv.description and not iv.checklist]
    # a card says what its step or action is: an action in its catalogue's words, a step by its leading intervention
    leading = [(r.id, r.description) if r.description else
               next(((iv.id, iv.description) for iv in r.interventions if not iv.checklist), (r.id, None))
               for r in plan.recommendations]
    assert every and leading
    for fmt in ("text", "markdown full", "xlsx"):
        missing = [iv.id for iv in every if flat(iv.description) not in shown[fmt]]
        assert not missing, (fmt, missing)
    for fmt in ("markdown", "html", "docx"):  # a card keeps to about 100 words: the description's opening sentence
        missing = [i for i, text in leading if text and flat(first_sentence(text)) not in shown[fmt]]
        assert not missing, (fmt, missing)
    words = Words(kb)
    reasons = {reason(d, plan, words) for d in plan.deferred}
    # the workplan and the analyst's records keep the months a step found no room in, ids put in words
    workplan = {WorkplanWords(plan, kb).text(d.reason) for d in plan.deferred}
    assert reasons or not plan.deferred
    for fmt, text in shown.items():
        missing = [r for r in (workplan if fmt in ("xlsx", "text", "markdown full") else reasons) if flat(r) not in text]
        assert not missing, (fmt, missing)
        if fmt in ("markdown", "html", "docx"):  # the brief has no step id in place of words
            assert not re.search(r"\b\d\.\d:\d-\d\b", shown_raw[fmt]), fmt
