"""Make `templates/brief.docx`, the Word template of the brief: ``python -m cpss_advisor.render.brief_docx_template``.

The Word brief (`brief_docx`) is written into a copy of this document: its page setup (A4 portrait) and its named
styles (Title, Subtitle, Heading 1 and 2, Normal, List Number, Caption, Table Grid and the brief's own Card Meta,
Card Label, Note and Reference) give the brief its look. A country office restyles the brief by editing these
styles in Word and saving the file (see the README); this script only makes the file the package ships, from
python-docx's default template, the same bytes every time.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .docx_package import normalised

TEMPLATE = Path(__file__).parent / "templates" / "brief.docx"
FONT = "Arial"
INK, ACCENT, MUTED = RGBColor(0x1B, 0x1B, 0x1B), RGBColor(0x1F, 0x4E, 0x79), RGBColor(0x4A, 0x4A, 0x4A)

#: style -> (size in points, bold, colour, space before, space after, keep with next)
PARAGRAPHS = {
    "Normal": (9, False, INK, 0, 3, False),
    "Title": (24, True, ACCENT, 0, 2, True),
    "Subtitle": (12, False, MUTED, 0, 8, True),
    "Heading 1": (13, True, ACCENT, 10, 4, True),
    "Heading 2": (10, True, INK, 6, 1, True),
    "Caption": (8.5, False, MUTED, 2, 8, False),
    "List Number": (9, False, INK, 0, 3, False),
}
#: the brief's own paragraph styles: name -> (size, bold, colour, space before, space after, keep with next)
OWN = {
    "Card Meta": (8, False, MUTED, 0, 2, True),
    "Reference": (9, True, INK, 6, 2, True),
    "Note": (8, False, INK, 0, 1, False),
}


def build(path: Path = TEMPLATE) -> Path:
    """Write the template to `path` (atomically enough for a build step: written whole, then moved)."""
    doc = Document()
    _page(doc)
    for name, spec in PARAGRAPHS.items():
        _paragraph_style(doc.styles[name], *spec)
    for name, spec in OWN.items():
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.quick_style = True
        _paragraph_style(style, *spec)
    doc.styles["Note"].paragraph_format.left_indent = Cm(0.8)
    doc.styles["Note"].paragraph_format.first_line_indent = Cm(-0.8)
    label = doc.styles.add_style("Card Label", WD_STYLE_TYPE.CHARACTER)
    label.font.bold = True
    label.font.color.rgb = ACCENT
    label.quick_style = True
    for p in list(doc.element.body):
        if p.tag != qn("w:sectPr"):
            doc.element.body.remove(p)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = "Child protection systems strengthening plan", "", ""
    props.comments, props.keywords, props.subject, props.category = "", "", "", ""
    props.revision = 1
    props.created = props.modified = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
    tmp = path.with_suffix(".tmp")
    doc.save(tmp)
    tmp.write_bytes(normalised(tmp.read_bytes()))
    tmp.replace(path)
    return path


def _page(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(1.9)
    section.top_margin, section.bottom_margin = Cm(1.8), Cm(1.7)
    section.header_distance = section.footer_distance = Cm(0.8)


def _paragraph_style(style, size, bold, colour, before, after, keep) -> None:
    font = style.font
    font.name, font.size, font.bold, font.italic = FONT, Pt(size), bold, False
    font.color.rgb = colour
    _plain_fonts(style)
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after, fmt.keep_with_next = Pt(before), Pt(after), keep
    fmt.line_spacing = 1.1


def _plain_fonts(style) -> None:
    """The style's font by name in every script, not the theme's (Word would prefer the theme's)."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        return
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), FONT)


if __name__ == "__main__":  # pragma: no cover - a build step
    out = build(Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATE)
    print(f"wrote {out}")
