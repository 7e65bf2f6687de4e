"""The Word brief says its language (Word proofs French as French) and can be laid out right to left."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from cpss_advisor import api
from cpss_advisor.core.i18n import language_tag
from cpss_advisor.render.brief_docx import TEMPLATE, render_docx
from cpss_advisor.render.docx_language import set_language

EXAMPLE = "examples/aldovia-early-stable.yaml"


def _defaults(doc):
    return doc.styles.element.find(qn("w:docDefaults"))


def test_language_tags():
    assert language_tag("fr") == "fr-FR"
    assert language_tag("en") == "en-US"
    assert language_tag("fr-CA") == "fr-CA"


@pytest.mark.parametrize("lang, tag", [("en", "en-US"), ("fr", "fr-FR")])
def test_the_word_brief_is_tagged_in_its_language_and_left_to_right(lang, tag):
    kb = api.knowledge_base(lang=lang)
    doc = Document(io.BytesIO(render_docx(api.recommend(EXAMPLE, knowledge=kb), kb)))
    rpr = _defaults(doc).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert rpr.find(qn("w:lang")).get(qn("w:val")) == tag
    assert doc.core_properties.language == lang
    assert not list(doc.element.body.iter(qn("w:bidi"))) and rpr.find(qn("w:rtl")) is None


def test_a_right_to_left_language_lays_out_every_section_and_table_from_the_right():
    doc = Document(str(TEMPLATE))
    doc.add_table(rows=1, cols=2)
    doc.add_section()
    set_language(doc, "ar")
    defaults = _defaults(doc)
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert rpr.find(qn("w:lang")).get(qn("w:bidi")) == "ar-EG"
    children = [c.tag for c in rpr]
    assert children.index(qn("w:rtl")) < children.index(qn("w:lang")), "schema order: rtl before lang"
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    assert [c.tag for c in ppr].index(qn("w:bidi")) < [c.tag for c in ppr].index(qn("w:spacing"))
    sections = list(doc.element.body.iter(qn("w:sectPr")))
    assert len(sections) == 2 and all(s.find(qn("w:bidi")) is not None for s in sections)
    assert all(t.find(qn("w:bidiVisual")) is not None for t in doc.element.body.iter(qn("w:tblPr")))
    buf = io.BytesIO()
    doc.save(buf)
    Document(io.BytesIO(buf.getvalue()))  # still a document python-docx reads
