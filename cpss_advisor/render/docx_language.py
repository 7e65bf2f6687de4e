"""The language and direction of a Word document: what Word proofs the text as, and right-to-left layout.

`set_language` is applied to a finished document: the default run language (``w:lang`` of the document defaults,
so Word checks French spelling as French), and for a language written right to left (`core.i18n.direction`)
paragraphs and tables laid out from the right (``w:bidi``, ``w:rtl``, ``w:bidiVisual``) in every section. Nothing
in the brief's code assumes left to right; an English document keeps its bytes.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ..core.i18n import direction, language_tag


def set_language(doc, language: str) -> None:
    """Tag the document's text as `language` and lay it out in that language's direction."""
    tag = language_tag(language)
    rtl = direction(language) == "rtl"
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        doc.styles.element.insert(0, defaults)
    rpr = _child(_child(defaults, "w:rPrDefault"), "w:rPr")
    lang = _child(rpr, "w:lang")
    if lang.get(qn("w:val")) != tag:
        lang.set(qn("w:val"), tag)
    if rtl:
        lang.set(qn("w:bidi"), tag)
        _child(rpr, "w:rtl", _AFTER_RTL)
        _child(_child(_child(defaults, "w:pPrDefault"), "w:pPr"), "w:bidi", _AFTER_BIDI)
        for sect in doc.element.body.iter(qn("w:sectPr")):
            _child(sect, "w:bidi", _AFTER_SECT_BIDI)
        for tbl_pr in doc.element.body.iter(qn("w:tblPr")):
            _child(tbl_pr, "w:bidiVisual", _AFTER_BIDI_VISUAL)


#: the elements that follow each one set here, in the order of the WordprocessingML schema (ECMA-376 Part 1,
#: 17.3.2.28 rPr, 17.3.1.26 pPr, 17.6.17 sectPr, 17.4.60 tblPr): Word rejects children out of order
_AFTER_RTL = ("w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
_AFTER_BIDI = ("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
               "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
               "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_AFTER_SECT_BIDI = ("w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")
_AFTER_BIDI_VISUAL = ("w:tblStyleRowBandSize", "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing",
                      "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                      "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def _child(parent, tag: str, successors: tuple[str, ...] = ()):
    """`parent`'s child `tag`, made when missing: before the first of `successors` present, else last."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        following = [c for c in parent if any(c.tag == qn(s) for s in successors)]
        if following:
            following[0].addprevious(found)
        else:
            parent.append(found)
    return found
