"""Progress over time as a workbook: `cpss compare OLD NEW -o progress.xlsx`.

From the same content as the page (`compare_view`): Summary (what was compared, the counts, warnings, the context,
the regressions with the benchmarks' note and its source, and with a record the plan's follow-up and the rules for
"due" and the percentage), Changes (one row per subdomain: both phases, the change, the evidence of both), and with
a record Planned steps (each step, when it was due, what became of it), To target (the percentage per subdomain)
and Provenance (the files read, with their checksums). Every sheet prints on A4 landscape, as wide as the page, with
its header row on every page and a header and footer naming the sheet and the page.

Written with XlsxWriter through `xlsx_book`: every text is written as text (a country or an evidence text that
starts like a formula stays text), control characters are shown as escapes, and the same data gives the same bytes.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from ..core.i18n import N_
from ..kb.knowledge_base import KnowledgeBase
from .compare_view import Comparison, comparison_view
from .report_words import Say
from .xlsx_book import Book, Sheet

#: The page header and footer of every sheet (XlsxWriter's codes: &L left, &R right, &A the sheet, &P the page,
#: &N the pages); no user text goes into them.
PAGE_HEADER = N_("&LChild protection systems strengthening: progress over time&R&A")
PAGE_FOOTER = N_("&LMade with cpss-advisor&RPage &P of &N")


def compare_workbook(data: dict, kb: KnowledgeBase) -> bytes:
    """The comparison (`cpss_advisor.analysis.progress.compare`) as .xlsx bytes."""
    view = comparison_view(data, kb)
    _ = Say(language=view.language)._
    book = Book(view.title, header=_(PAGE_HEADER), footer=_(PAGE_FOOTER))
    _summary(book, view)
    _changes(book, view)
    if view.plan is not None:
        _steps(book, view)
        _targets(book, view)
    _provenance(book, view)
    return book.close()


def _table(book: Book, name: str, headers: Sequence[str], rows: Iterable[Sequence[Any]],
           widths: Sequence[float]) -> Sheet:
    sheet = book.sheet(name, widths)
    sheet.header(headers)
    n = 0
    for n, values in enumerate(rows, 1):
        sheet.put_row(n, values, "wrap")
    sheet.ws.freeze_panes(1, 0)
    if n:
        sheet.ws.autofilter(0, 0, n, len(headers) - 1)
    sheet.fit_rows()
    return sheet


def _summary(book: Book, v: Comparison) -> Sheet:
    _ = Say(language=v.language)._
    rows: list[list[Any]] = [[_("Compared"), v.lead], [_("Phases"), v.counts]]
    rows += [[_("Warning"), w] for w in v.warnings]
    rows += [[_("Context"), t] for t in v.context]
    for r in v.regressions:
        rows.append([_("Fell back"), r.subdomain + _(": from %(earlier)s to %(later)s (%(change)s).") % {
            "earlier": r.earlier, "later": r.later, "change": r.change}])
    if v.setback_note:
        rows += [[_("Why falls happen"), v.setback_note], [_("Source"), v.setback_source]]
    if v.plan is not None:
        p = v.plan
        rows += [[_("Earlier plan"), p.intro], [_("Planned steps"), p.steps_summary],
                 [_("Progress to date"), p.to_date], [_("Percentage to target"), p.to_target]]
        rows += [[_("Not planned"), u] for u in p.unplanned]
        rows += [[_("Due means"), p.due_rule], [_("Percentage means"), p.percent_rule]]
    sheet = book.sheet(_("Summary"), [22, 110])
    sheet.merge(0, 0, 1, v.title, "title", "wrap")
    for i, (what, text) in enumerate(rows, 2):
        sheet.put(i, 0, what, "bold", "wrap")
        sheet.put(i, 1, text, "wrap")
    sheet.fit_rows()
    return sheet


def _changes(book: Book, v: Comparison) -> Sheet:
    _ = Say(language=v.language)._
    headers = [_("Subdomain"), _("Earlier phase"), _("Later phase"), _("Change"), _("Evidence, earlier"),
               _("Evidence, later")]
    rows = [[r.subdomain, r.earlier, r.later, r.change, r.earlier_evidence, r.later_evidence] for r in v.rows]
    return _table(book, _("Changes"), headers, rows, [30, 20, 20, 14, 45, 45])


def _steps(book: Book, v: Comparison) -> Sheet:
    _ = Say(language=v.language)._
    headers = [_("Planned step"), _("Due"), _("Status"), _("Later phase")]
    rows = [[s.step, s.due, s.status, s.later] for s in v.plan.steps]
    return _table(book, _("Planned steps"), headers, rows, [60, 26, 16, 22])


def _targets(book: Book, v: Comparison) -> Sheet:
    _ = Say(language=v.language)._
    headers = [_("Subdomain"), _("Earlier phase"), _("Target"), _("Later phase"), _("Phases planned"),
               _("Phases gained"), _("To target")]
    rows = [[t.subdomain, t.earlier, t.target, t.later, t.planned, t.gained, t.percent] for t in v.plan.targets]
    return _table(book, _("To target"), headers, rows, [30, 20, 20, 20, 10, 10, 10])


def _provenance(book: Book, v: Comparison) -> Sheet:
    _ = Say(language=v.language)._
    rows = [[_("Made with"), v.tool]] + [[c.what, c.sha256] for c in v.checksums]
    return _table(book, _("Provenance"), [_("What"), "sha256"], rows, [50, 70])
