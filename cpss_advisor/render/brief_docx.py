"""The brief as a Word document (`cpss recommend FILE --format docx -o plan.docx`), from the same `Brief` as the
HTML and Markdown briefs.

The document is written into a copy of the template `templates/brief.docx` (made by `brief_docx_template`), so
its look comes from the template's named styles, which a country office can restyle in Word: Title and Subtitle
for the cover, Heading 1 for each part and Heading 2 for each card, List Number for the key messages, Caption
under the charts, Table Grid for the tables, and the brief's own Card Meta, Card Label, Reference and Note. The
charts are PNG pictures of `cpss_advisor.render.charts` with their description as alt text; footnote numbers
resolve in a numbered list of sources at the end (python-docx writes no native footnotes); the header names the
country, the footer numbers the pages. With ``detail="full"`` the annex follows: every step's record, ids, rules,
facts and hashes.

The same plan gives the same bytes: the core properties carry the assessment's date, not the time of writing,
and the package is rewritten with fixed zip entry dates (`docx_package`). Every text is passed through
`core.escape.visible`, as Word documents cannot hold control characters.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from docx.enum.section import WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from ..core.escape import visible
from ..kb.knowledge_base import KnowledgeBase
from ..planning.plan_model import Plan
from .brief_docx_styles import open_template
from .brief_html import PRINT_WIDTH_CM, draw
from .brief_model import Annex, Brief, Card
from .brief_view import brief_view
from .docx_language import set_language
from .docx_package import normalised
from ..core.i18n import gettext_for

TEMPLATE = Path(__file__).parent / "templates" / "brief.docx"
CHART_DPI = 200
#: the tallest a chart is shown: the cover, the key messages and the first chart share the first page
CHART_HEIGHT_CM = 11.0
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def render_docx(plan: Plan, kb: KnowledgeBase, *, detail: str = "brief", template: str | Path | None = None) -> bytes:
    """The Word document of the brief (and of its annex with `detail="full"`), as bytes; `template` is a country
    office's own Word document to write it into (`brief_docx_styles`), the shipped `templates/brief.docx` when
    None."""
    brief = brief_view(plan, kb, detail=detail)
    doc = open_template(template, TEMPLATE)
    _properties(doc, brief)
    _header_footer(doc, brief)
    gettext = gettext_for(brief.language)
    doc.core_properties.language = brief.language
    _cover(doc, brief)
    _heading(doc, gettext("Key messages"))
    for m in brief.messages:
        doc.add_paragraph(_t(m), style="List Number")
    for c in brief.charts:
        _chart(doc, c, plan, kb)
    _heading(doc, gettext("The steps and actions, in plan order"))
    _columns(doc, 2)
    for card in brief.cards:
        _card(doc, card, gettext)
    if not brief.cards:
        doc.add_paragraph(gettext("The plan has no steps or actions: every rated subdomain is at its target."))
    _columns(doc, 1)
    _waiting(doc, brief)
    _heading(doc, gettext("Sources"))
    _columns(doc, 2)
    _sources(doc, brief)
    doc.add_paragraph(_t(brief.footer), style="Caption")
    if brief.annex is not None:
        _columns(doc, 1, WD_SECTION.NEW_PAGE)
        _annex(doc, brief.annex)
    set_language(doc, brief.language)
    buf = io.BytesIO()
    doc.save(buf)
    return normalised(buf.getvalue())


def _t(text: object) -> str:
    """Text a Word document can hold: every control character shown as a visible escape."""
    return visible(text)


def _columns(doc, n: int, start=None) -> None:
    """What follows runs in `n` columns (a new section, on the same page unless `start` says otherwise)."""
    section = doc.add_section(WD_SECTION.CONTINUOUS if start is None else start)
    cols = section._sectPr.find(qn("w:cols"))
    if cols is None:
        cols = OxmlElement("w:cols")
        section._sectPr.append(cols)
    cols.set(qn("w:num"), str(n))
    cols.set(qn("w:space"), str(Cm(0.6).twips))


def _heading(doc, text: str, level: int = 1):
    return doc.add_heading(_t(text), level=level)


def _labelled(doc, label: str, text: str, style: str | None = None):
    """A paragraph that opens with a label in the Card Label style."""
    p = doc.add_paragraph(style=style)
    p.add_run(label + " ", style="Card Label")
    p.add_run(_t(text))
    return p


# --- document parts ------------------------------------------------------------------------------------------------

def _properties(doc, brief: Brief) -> None:
    """Core properties from the brief alone (the assessment's date, never the time of writing)."""
    props = doc.core_properties
    props.title = _t(f"{brief.cover.country}: {brief.cover.title.lower()}")
    props.subject, props.author, props.last_modified_by = _t(brief.cover.title), "cpss-advisor", "cpss-advisor"
    props.revision = 1
    when = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
    if _DATE.match(brief.cover.as_of):
        try:
            when = dt.datetime.fromisoformat(brief.cover.as_of).replace(tzinfo=dt.timezone.utc)
        except ValueError:
            pass
    props.created = props.modified = when


def _header_footer(doc, brief: Brief) -> None:
    section = doc.sections[0]
    for part in (section.header, section.footer):  # a template's own header or footer (a restyled brief's) goes
        for child in list(part._element):
            part._element.remove(child)
        part.add_paragraph()
    header = section.header.paragraphs[0]
    header.text = _t(f"{brief.cover.country}: {brief.cover.title.lower()}, {brief.cover.date}")
    header.style = doc.styles["Header"]
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    # "Page 2 of 5" in the brief's language, the numbers fields that Word and LibreOffice compute
    for piece in re.split(r"(\{page\}|\{pages\})", gettext_for(brief.language)("Page {page} of {pages}")):
        if piece in ("{page}", "{pages}"):
            _field(footer, "PAGE" if piece == "{page}" else "NUMPAGES")
        elif piece:
            footer.add_run(piece)


def _field(paragraph, instruction: str) -> None:
    """A field (PAGE, NUMPAGES) that Word and LibreOffice compute when they lay the document out."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, f" {instruction} "), ("separate", None), (None, "1"), ("end", None)):
        if kind is not None:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text.strip() == instruction:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def _cover(doc, brief: Brief) -> None:
    c, gettext = brief.cover, gettext_for(brief.language)
    doc.add_paragraph(_t(c.country), style="Title")
    doc.add_paragraph(_t(c.title), style="Subtitle")
    facts = [(gettext("Assessment as of"), c.date), (gettext("Horizon"), c.horizon), (gettext("Setting"), c.setting),
             (gettext("Context"), "; ".join(c.contexts) or gettext("none given")), (gettext("Ratings"), c.rated)]
    _table(doc, None, facts, widths=(4.0, 13.2))
    if c.note:
        doc.add_paragraph(_t(c.note))


def _table(doc, head: tuple[str, str] | None, rows, widths=(5.5, 11.7)):
    """A two-column table in the Table Grid style; a header row when `head` is given (repeated on each page)."""
    table = doc.add_table(rows=0, cols=2)
    table.style = doc.styles["Table Grid"]
    if head is not None:
        cells = table.add_row().cells
        for cell, text in zip(cells, head):
            cell.paragraphs[0].add_run(text).bold = True
        trpr = table.rows[0]._tr.get_or_add_trPr()
        el = OxmlElement("w:tblHeader")
        trpr.append(el)
    for left, right in rows:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(_t(left)).bold = head is None
        cells[1].paragraphs[0].add_run(_t(right))
    table.autofit = False
    for column, w in zip(table.columns, widths):
        column.width = Cm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, widths):
            cell.width = Cm(w)
    return table


def _chart(doc, c, plan: Plan, kb: KnowledgeBase) -> None:
    chart = draw(c.name, plan, kb)
    _heading(doc, c.heading)
    width = min(PRINT_WIDTH_CM, chart.width_in * 2.54, CHART_HEIGHT_CM * chart.width_in / chart.height_in)
    p = doc.add_paragraph()
    p.paragraph_format.keep_with_next = True
    shape = p.add_run().add_picture(io.BytesIO(chart.png(dpi=CHART_DPI)), width=Cm(width))
    pr = shape._inline.docPr
    pr.set("name", _t(chart.title))
    pr.set("title", _t(chart.title))
    pr.set("descr", _t(chart.description))
    doc.add_paragraph(_t(c.caption), style="Caption")


def _card(doc, card: Card, gettext) -> None:
    _heading(doc, f"{card.number}. {card.title}", level=2)
    doc.add_paragraph(_t(f"{card.kind}. {card.months}. {gettext('Lead:')} {card.lead}."), style="Card Meta")
    if card.summary:
        doc.add_paragraph(_t(card.summary))
    p = doc.add_paragraph()
    p.add_run(gettext("What:") + " ", style="Card Label")
    for w in card.first:
        p.add_run(_t(w.title) + ".").italic = True
        if w.description:
            p.add_run(" " + _t(w.description))
    if card.then:
        more = "; " + gettext("and %(n)s more") % {"n": card.more} + "." if card.more else "."
        p.add_run(" " + gettext("Then:") + " " + "; ".join(_t(t) for t in card.then) + more)
    elif card.more:
        p.add_run(" " + gettext("And %(n)s more.") % {"n": card.more})
    p = _labelled(doc, gettext("Why now:"), card.why)
    if card.notes:
        p.add_run(" " + ", ".join(str(n) for n in card.notes)).font.superscript = True
    for label, text in ((gettext("Unlocks:"), card.unlocks), (gettext("Interim:"), card.interim),
                        (gettext("Check first:"), card.check)):
        if text:
            _labelled(doc, label, text)


def _waiting(doc, brief: Brief) -> None:
    gettext = gettext_for(brief.language)
    _heading(doc, gettext("What waits and why"))
    if brief.waiting_summary is None:
        doc.add_paragraph(gettext("Nothing waits: every step of the plan starts within the horizon."))
        return
    doc.add_paragraph(_t(brief.waiting_summary))
    table = _table(doc, (gettext("Steps that wait"), gettext("Why")), [(w.steps[0], w.reason) for w in brief.waiting])
    for row, w in zip(table.rows[1:], brief.waiting):
        for step in w.steps[1:]:
            row.cells[0].add_paragraph(_t(step))


def _sources(doc, brief: Brief) -> None:
    gettext = gettext_for(brief.language)
    doc.add_paragraph(gettext("The numbers in the cards refer to these sections of the documents behind the "
                              "knowledge base; \u201cour reading\u201d marks the project's inference from a "
                              "document."), style="Caption")
    for d in brief.documents:
        doc.add_paragraph(_t(d.reference), style="Reference")
        for n in d.notes:
            doc.add_paragraph(f"{n.number}\t{_t(n.section)}" + (" (" + gettext("our reading") + ")" if n.inferred else ""),
                              style="Note")
    if not brief.documents:
        doc.add_paragraph("No sources are cited.")


def _annex(doc, annex: Annex) -> None:
    """The full record (on a page of its own)."""
    _heading(doc, "Annex: the full record")
    _table(doc, ("Provenance", "Value"), annex.provenance)
    doc.add_paragraph(f"{annex.firings} rule firings in the plan's trace.")
    for step in annex.steps:
        _heading(doc, f"{step.id}: {step.title}", level=2)
        _table(doc, None, step.facts, widths=(3.5, 13.7))
        for label, items in (("Score", step.score_terms), ("Why", step.reasons), ("Dependencies", step.edges),
                             ("Interventions", step.interventions), ("Phase criteria", step.criteria)):
            if items:
                doc.add_paragraph(label, style="Card Meta")
                for item in items:
                    doc.add_paragraph(_t(item), style="Note")
    for label, items in (("Deferred", annex.deferred), ("Warnings", annex.warnings), ("Advice", annex.advice),
                         ("Ties", annex.ties)):
        if items:
            _heading(doc, label, level=2)
            for item in items:
                doc.add_paragraph(_t(item), style="Note")
