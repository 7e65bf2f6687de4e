"""The regional comparison as a workbook: `cpss portfolio DIR --format xlsx -o region.xlsx`.

Ten sheets, from the same content as the page (`portfolio_view`): Phases (countries by subdomain, each phase a
number coloured by a conditional format, with a legend under the table), First period (one row per country and
step), Bottlenecks, Investments (where one regional investment unblocks most, why, and what it can be where a
source says), Milestones (every milestone of the plans with its counts), Profiles (the countries grouped, with the
rule), Outcomes, Progress (countries assessed more than once), Invalid files and Provenance (the files read, with
their checksums). Every sheet prints on A4 landscape, as wide as the page, with its header row on every page and a
header and footer naming the sheet and the page.

Written with XlsxWriter through `xlsx_book`: every text is written as text (a country named like a formula stays
text), control characters are shown as escapes, and the same data gives the same bytes. The sheets are not
protected: the workbook is the regional team's to sort, filter and annotate. Its document category marks it as a
portfolio, so that one written into the directory it compares is not read back as an assessment.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Iterable, Sequence

from ..analysis.portfolio import WORKBOOK_CATEGORY
from ..core.i18n import N_
from ..kb.knowledge_base import KnowledgeBase
from .portfolio_view import PHASE_FILLS, PHASE_INKS, Portfolio, portfolio_view
from .report_words import Say
from .xlsx_book import CREATOR, FIXED_CREATED, Book, Sheet, cell_text

SHEETS = (N_("Phases"), N_("First period"), N_("Bottlenecks"), N_("Investments"), N_("Milestones"), N_("Profiles"),
          N_("Outcomes"), N_("Progress"), N_("Invalid files"), N_("Provenance"))
#: The page header and footer of every sheet (XlsxWriter's codes: &L left, &R right, &A the sheet, &P the page,
#: &N the pages); no user text goes into them.
PAGE_HEADER = "&L{title}&R&A"
PAGE_FOOTER = "&L{tool}&R{page}"
#: Points per character of a subdomain heading written upwards, and the margin around it.
_UPRIGHT_POINTS, _UPRIGHT_MARGIN = 6.2, 12


def portfolio_workbook(data: dict, kb: KnowledgeBase) -> bytes:
    """The portfolio (`cpss_advisor.analysis.portfolio.portfolio_data`) as .xlsx bytes."""
    view = portfolio_view(data, kb)
    book = Book(view.title)
    # The category marks the workbook as a portfolio: written into the directory it compares, it is not read back
    # as an assessment on the next run (`cpss_advisor.analysis.portfolio.cpss_output_kind`).
    book.workbook.set_properties({"title": view.title, "author": CREATOR, "created": FIXED_CREATED,
                                  "category": WORKBOOK_CATEGORY})
    _ = Say(language=view.language)._
    header = PAGE_HEADER.format(title=view.title.replace("&", "&&"))
    footer = PAGE_FOOTER.format(tool=view.tool.replace("&", "&&"), page=_("Page &P of &N"))
    writers = (_phases, _first_period, _bottlenecks, _investments, _milestones, _profiles, _outcomes,
               _progress_writer(data, kb), _invalid, _provenance)
    for write in writers:
        sheet = write(book, view)
        sheet.ws.set_header(header)
        sheet.ws.set_footer(footer)
    return book.close()


def _table(book: Book, name: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], widths: Sequence[float],
           *, freeze: tuple[int, int] = (1, 0), autofilter: bool = False) -> tuple[Sheet, int]:
    """A sheet of a header row and `rows` (wrapped, top-aligned; numbers centred in their column), rows fitted to
    their text; the sheet and the number of data rows."""
    sheet = book.sheet(name, widths)
    sheet.header(headers)
    centred = book.format("wrap", align="center")
    n = 0
    for n, values in enumerate(rows, 1):
        for col, value in enumerate(values):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                sheet.ws.write_number(n, col, value, centred)
            else:
                sheet.put(n, col, value, "wrap")
    sheet.ws.freeze_panes(*freeze)
    if autofilter and n:
        sheet.ws.autofilter(0, 0, n, len(headers) - 1)
    sheet.fit_rows()
    return sheet, n


def _date(text: str) -> _dt.date | str:
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        return text


def _phases(book: Book, view: Portfolio) -> Sheet:
    _ = Say(language=view.language)._
    fixed = [_("Country"), _("File"), _("As of")]
    labels = [c.label for c in view.columns]
    rows = [[r.country, r.file, _date(r.as_of), *r.phases] for r in view.countries]
    sheet = book.sheet(_("Phases"), [18, 22, 11] + [4.5] * len(labels))
    sheet.header(fixed)
    upright = book.format("header", rotation=90, align="center", valign="bottom")
    for col, label in enumerate(labels, len(fixed)):
        sheet.ws.write_string(0, col, cell_text(label), upright)
    number = book.format(align="center", valign="vcenter", bold=True, border=1, border_color="#BFBFBF")
    for row, values in enumerate(rows, 1):
        sheet.put_row(row, values[:2], "wrap")
        sheet.put(row, 2, values[2], "wrap", *(("date",) if isinstance(values[2], _dt.date) else ()))
        for col, phase in enumerate(values[len(fixed):], len(fixed)):
            if phase is None:
                sheet.ws.write_blank(row, col, None, number)
            else:
                sheet.ws.write_number(row, col, phase, number)
    last = len(rows)
    if last:
        first_col, last_col = len(fixed), len(fixed) + len(labels) - 1
        for n in sorted(PHASE_FILLS):
            shade = book.workbook.add_format({"bg_color": PHASE_FILLS[n], "font_color": PHASE_INKS[n]})
            sheet.ws.conditional_format(1, first_col, last, last_col,
                                        {"type": "cell", "criteria": "==", "value": n, "format": shade})
        sheet.ws.autofilter(0, 0, last, last_col)
    sheet.ws.freeze_panes(1, 1)
    sheet.fit_rows()
    longest = max((len(x) for x in labels), default=10)
    sheet.ws.set_row(0, min(409, longest * _UPRIGHT_POINTS + _UPRIGHT_MARGIN))
    _legend(book, sheet, view, last + 2)
    return sheet


def _legend(book: Book, sheet: Sheet, view: Portfolio, row: int) -> None:
    """Under the table: each phase's number in its colour, with its name; a blank is not rated."""
    _ = Say(language=view.language)._
    sheet.put(row, 0, _("Phases"), "bold")
    for i, (n, name) in enumerate(view.legend, 1):
        swatch = book.format(bold=True, align="center", bg_color=PHASE_FILLS[n], font_color=PHASE_INKS[n],
                             border=1, border_color="#BFBFBF")
        sheet.ws.write_number(row + i, 0, n, swatch)
        sheet.put(row + i, 1, name)
    sheet.put(row + len(view.legend) + 1, 0, _("(blank)"))
    sheet.put(row + len(view.legend) + 1, 1, _("not rated"))


def _first_period(book: Book, view: Portfolio) -> Sheet:
    _ = Say(language=view.language)._
    headers = [_("Country"), _("File"), _("First period"), _("Context"), _("Order in the plan"), _("Subdomain"),
               _("From phase"), _("To phase")]
    rows = []
    for r in view.countries:
        head = [r.country, r.file, r.first_period, r.context]
        if not r.first_steps:
            rows.append(head + [None, _("No step: every rated subdomain is already at its target"), None, None])
        for i, s in enumerate(r.first_steps, 1):
            rows.append(head + [i, s.subdomain, s.from_phase, s.to_phase])
    sheet, _n = _table(book, _("First period"), headers, rows, [16, 22, 12, 26, 8, 30, 17, 17], freeze=(1, 1),
                       autofilter=True)
    return sheet


def _bottlenecks(book: Book, view: Portfolio) -> Sheet:
    say = Say(language=view.language)
    _ = say._
    of = say.ngettext("(of %(n)s assessment)", "(of %(n)s assessments)", view.counted_of) % {"n": view.counted_of}
    headers = [_("Rank"), _("Subdomain"), _("Another subdomain's step waits for it %(of)s") % {"of": of},
               _("Its plan starts a step in the first period %(of)s") % {"of": of},
               _("At System Building %(of)s") % {"of": of}]
    rows = [[b.rank, b.subdomain, b.blocking, b.first_period, b.at_building] for b in view.bottlenecks]
    sheet, _n = _table(book, _("Bottlenecks"), headers, rows, [7, 34, 20, 20, 20], autofilter=True)
    return sheet


def _investments(book: Book, view: Portfolio) -> Sheet:
    _ = Say(language=view.language)._
    g = view.regional
    headers = [_("Rank"), _("Milestone"), _("Plans it holds back"), _("Why"),
               _("What one investment for the region can be"), _("Sources")]
    rows: list[list[Any]] = [[i.rank, i.milestone, i.holds_back, i.reason,
                              i.form or _("The sources describe no shared form of this work; each country's plan "
                                          "lists its interventions."), i.sources_text or None]
                             for i in (g.investments if g else ())]
    if g and not g.investments:
        rows.append([None, _("No milestone holds back another subdomain's step in any plan."), None, None, None,
                     None])
    if g:
        rows += [[None, None, None, None, None, None], [None, _("How"), None, f"{g.ranking_rule} {g.counting_rule}",
                                                        None, g.comparison_source]]
    sheet, _n = _table(book, _("Investments"), headers, rows, [7, 34, 12, 60, 40, 40])
    return sheet


def _milestones(book: Book, view: Portfolio) -> Sheet:
    _ = Say(language=view.language)._
    of = _("(of %(n)s countries)") % {"n": view.regional.countries if view.regional else 0}
    headers = [_("Rank"), _("Milestone"), _("Plans it holds back %(of)s") % {"of": of},
               _("In plans %(of)s") % {"of": of},
               _("Starts in the first period %(of)s") % {"of": of},
               _("Cannot start within the horizon %(of)s") % {"of": of}, _("Steps it holds back")]
    rows = [[m.rank, m.milestone, m.holds_back, m.plans, m.first_period, m.deferred, m.held or None]
            for m in (view.regional.milestones if view.regional else ())]
    sheet, _n = _table(book, _("Milestones"), headers, rows, [7, 40, 13, 13, 13, 13, 50], autofilter=True)
    return sheet


def _profiles(book: Book, view: Portfolio) -> Sheet:
    _ = Say(language=view.language)._
    g = view.regional
    rows: list[list[Any]] = [[x.description, len(x.countries), x.names] for x in (g.profiles if g else ())]
    if g:
        rows += [[None, None, None], [g.profile_rule, None, g.profile_source]]
    sheet, _n = _table(book, _("Profiles"), [_("Profile"), _("Countries"), _("Which")], rows, [60, 11, 60])
    return sheet


def _outcomes(book: Book, view: Portfolio) -> Sheet:
    _ = Say(language=view.language)._
    headers = [_("Intermediate outcome"), _("Subdomains"), _("Assessments that rate it"),
               _("Median phase in the region"), _("Lowest"), _("Highest"), _("Median in words")]
    rows = [[o.label, o.subdomains, o.assessments, o.median, o.lowest, o.highest, o.median_words]
            for o in view.outcomes]
    sheet, _n = _table(book, _("Outcomes"), headers, rows, [40, 13, 12, 12, 8, 8, 50])
    return sheet


def _progress_writer(data: dict, kb: KnowledgeBase):
    """The Progress sheet: one row per change from an assessment of a country to its next, in date order
    (`cpss_advisor.render.compare_view.trajectory_view`)."""
    from .compare_view import trajectory_view

    def write(book: Book, view: Portfolio) -> Sheet:
        _ = Say(language=view.language)._
        headers = [_("Country"), _("From, to"), _("Files"), _("Phases"), _("Up"), _("Fell back"), _("Context")]
        rows = [[t.country, leg.span, leg.files, leg.counts, leg.moved_up or None, leg.fell_back or None,
                 leg.context or None] for t in trajectory_view(data, kb) for leg in t.legs]
        if not rows:
            rows = [[_("No country is assessed more than once."), None, None, None, None, None, None]]
        sheet, _n = _table(book, _("Progress"), headers, rows, [16, 24, 30, 26, 40, 34, 26], autofilter=True)
        return sheet

    return write


def _invalid(book: Book, view: Portfolio) -> Sheet:
    _ = Say(language=view.language)._
    headers = [_("File"), _("Where in the file"), _("Problem"), _("Hint")]
    rows = [[f.file, x.place or None, x.message, x.hint] for f in view.invalid for x in f.problems]
    if not view.invalid:
        rows = [[_("Every file was a valid assessment."), None, None, None]]
    sheet, _n = _table(book, _("Invalid files"), headers, rows, [30, 16, 56, 40])
    return sheet


def _provenance(book: Book, view: Portfolio) -> Sheet:
    _ = Say(language=view.language)._
    rows: list[list[Any]] = [
        [_("Made with"), view.tool, None],
        [_("Compared"), view.summary, None],
        [_("Planning"), view.method, None],
    ]
    rows += [[c.what if c.valid is None else (_("File") if c.valid else _("File (not valid)")),
              None if c.valid is None else c.what, c.sha256 or _("not readable")] for c in view.checksums]
    sheet, _n = _table(book, _("Provenance"), [_("What"), _("Value"), "sha256"], rows, [18, 60, 68])
    return sheet
