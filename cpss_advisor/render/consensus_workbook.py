"""The consensus as a workbook (`cpss consensus FILE... -o consensus.xlsx`), from `consensus_view`: Ratings (each
participant's phase per subdomain, coloured by a conditional format, with the agreement), Disagreements (one row per
participant and disputed subdomain with the evidence, then what each rating changes in the plan), About (the
summary, the assumption, where the files differ) and Files (each participant's file with its checksum).

Written with XlsxWriter through `xlsx_book`: every text as text, control characters shown as escapes, the same
data giving the same bytes; every sheet prints on A4 landscape with its header row on every page."""

from __future__ import annotations

from typing import Any, Sequence

from ..core.i18n import N_
from ..kb.knowledge_base import KnowledgeBase
from .consensus_view import ConsensusView, consensus_view
from .portfolio_view import PHASE_FILLS, PHASE_INKS
from .report_words import Say
from .xlsx_book import Book, Sheet

SHEETS = (N_("Ratings"), N_("Disagreements"), N_("About"), N_("Files"))


def consensus_workbook(c: Any, kb: KnowledgeBase) -> bytes:
    view = consensus_view(c, kb)
    _ = Say(kb)._
    book = Book(view.title, header=_("&LConsensus on the ratings&R&A"), footer=_("&RPage &P of &N"))
    _ratings(book, view)
    _table(book, _("Disagreements"), [_("Subdomain"), _("Participant or rating"), _("Phase or change in the plan"),
                                      _("Evidence")], _disagreement_rows(view), [30, 24, 60, 60])
    about = [[_("Summary"), view.summary], [_("How the plans were compared"), view.assumption]]
    about += [[_("Files differ"), x] for x in view.other_differences]
    about += [[_("Made with"), view.tool]]
    _table(book, _("About"), [_("What"), _("Text")], about, [26, 100])
    _table(book, _("Files"), [_("Participant"), _("File"), "sha256"],
           [[name, file, sha] for (name, file), (_f, sha) in zip(view.files, view.checksums)], [28, 60, 68])
    return book.close()


def _table(book: Book, name: str, headers: Sequence[str], rows: Sequence[Sequence[Any]],
           widths: Sequence[float]) -> Sheet:
    sheet = book.sheet(name, widths)
    sheet.header(headers)
    for r, values in enumerate(rows, 1):
        sheet.put_row(r, values, "wrap")
    sheet.ws.freeze_panes(1, 0)
    sheet.fit_rows()
    return sheet


def _disagreement_rows(view: ConsensusView) -> list[list[Any]]:
    _ = Say(language=view.language)._
    rows: list[list[Any]] = []
    for d in view.disagreements:
        rows += [[d.subdomain, name, phase, evidence or None] for name, phase, evidence in d.ratings]
        if d.decided:
            rows.append([d.subdomain, _("Agreed"), d.decided, None])
        rows.append([d.subdomain, _("Held at"), d.held, None])
        rows += [[d.subdomain, _("Changes"), x, None] for x in d.changes]
    return rows or [[_("The participants agree on every subdomain they rated."), None, None, None]]


def _ratings(book: Book, view: ConsensusView) -> Sheet:
    _ = Say(language=view.language)._
    names = list(view.participants)
    sheet = book.sheet(_("Ratings"), [34] + [14] * len(names) + [26])
    sheet.header([_("Subdomain"), *names, _("Agreement")])
    number = book.format(align="center", valign="vcenter", bold=True, border=1, border_color="#BFBFBF")
    for r, row in enumerate(view.rows, 1):
        sheet.put(r, 0, row.subdomain, "wrap")
        for col, phase in enumerate(row.phases, 1):
            if phase is None:
                sheet.ws.write_blank(r, col, None, number)
            else:
                sheet.ws.write_number(r, col, phase, number)
        sheet.put(r, len(names) + 1, row.status, "wrap")
    last = len(view.rows)
    for n in sorted(PHASE_FILLS):
        shade = book.workbook.add_format({"bg_color": PHASE_FILLS[n], "font_color": PHASE_INKS[n]})
        sheet.ws.conditional_format(1, 1, last, len(names), {"type": "cell", "criteria": "==", "value": n,
                                                             "format": shade})
    sheet.ws.freeze_panes(1, 1)
    sheet.ws.autofilter(0, 0, last, len(names) + 1)
    sheet.fit_rows()
    legend = last + 2
    sheet.put(legend, 0, _("Phases (a blank: not rated)"), "bold")
    for i, (n, name) in enumerate(view.legend, 1):
        sheet.put(legend + i, 0, f"{n} {name}")
    return sheet
