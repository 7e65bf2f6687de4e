"""The workplan's Roadmap sheet: a timeline of the plan, one row per step or action, one column per month (or per
quarter, half-year or year when the plan runs long), the cells of its months filled by track.

Two header rows repeat on every printed page: the planning periods (and the months after the horizon), and the
month each column starts at. Each track has its colour and its letter in every cell it fills (S, R), so that the
timeline reads on a black-and-white printout as well (patterned fills print unevenly across programs); the months
after the horizon are grey, and a legend follows the rows."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..core.i18n import N_
from .workplan_words import Words
from .xlsx_book import Book, Sheet, column_pixels, PRINTABLE_WIDTH_PX

SHEET_ROADMAP = N_("Roadmap")
_LABEL_HEADERS = [N_("No."), N_("Step"), N_("Lead"), N_("Months")]
_LABEL_WIDTHS = [5, 30, 20, 7]
#: Wider step and lead columns for languages whose names run longer (the knowledge base's French titles and actors
#: are about a quarter longer than the English ones): the rows then wrap onto as few lines, and the sheet keeps to
#: one printed page.
_LABEL_WIDTHS_BY_LANGUAGE = {"fr": [5, 36, 30, 7]}


def label_widths(language: str) -> list[float]:
    """The widths of the columns before the timeline (No., Step, Lead, Months) for a workplan in `language`."""
    return list(_LABEL_WIDTHS_BY_LANGUAGE.get(language, _LABEL_WIDTHS))
#: Months per timeline column and the column's width, shortest first: the first that divides the periods and fits
#: the page at the scale aimed at is taken.
_UNITS = [(1, 2.3), (3, 3.3), (6, 4.3), (12, 5.3)]
_AIM_SCALE = 0.62
#: Each track: its letter and its fill (the letter is translated: "S" for "System", "R" for "Response").
TRACKS = {
    "system": (N_("S"), "#9DC3E6"),
    "response": (N_("R"), "#F8CBAD"),
}
_AFTER = "#E7E6E6"  # months after the horizon
_LEGEND = {
    "system": N_("System track: steps that move a subdomain up a phase, and the actions that enable them."),
    "response": N_("Response track: actions that keep children safe now and protect what works after a shock."),
    "after": N_("After the horizon: work planned to go on past the plan's last month."),
}


@dataclass(frozen=True)
class Timeline:
    """The timeline's columns: `unit` months each, `count` of them from month 0."""

    unit: int
    width: float
    count: int

    def column_of(self, month: int) -> int:
        return month // self.unit

    def columns(self, start: int, end: int) -> range:
        """The columns a span of months [start, end) touches."""
        return range(self.column_of(start), max(self.column_of(start) + 1, math.ceil(end / self.unit)))


def timeline(plan, language: str = "en") -> Timeline:
    """Months per column: the shortest unit whose columns, over the whole span of the plan, fit the page; among
    those that fit, one that every period boundary falls on when there is one."""
    span = max([plan.horizon_months, *(r.end_month for r in plan.recommendations)])
    fixed = sum(column_pixels(w) for w in label_widths(language))
    budget = PRINTABLE_WIDTH_PX / _AIM_SCALE - fixed
    fitting = [(u, w) for u, w in _UNITS if math.ceil(span / u) * column_pixels(w) <= budget] or [_UNITS[-1]]
    bounds = {w.start_month for w in plan.waves} | {plan.horizon_months}
    dividing = [(u, w) for u, w in fitting if all(b % u == 0 for b in bounds)]
    unit, width = (dividing or fitting)[0]
    return Timeline(unit, width, math.ceil(span / unit))


def roadmap_sheet(book: Book, plan, words: Words) -> Sheet:
    line = timeline(plan, words.language)
    first = len(_LABEL_HEADERS)
    _ = words._
    sheet = book.sheet(_(SHEET_ROADMAP), label_widths(words.language) + [line.width] * line.count, header_rows=2)
    _headers(sheet, plan, line, first)
    horizon_col = math.ceil(plan.horizon_months / line.unit)
    row = 2
    for rec in sorted(plan.recommendations, key=lambda r: r.rank):
        sheet.put_row(row, [rec.rank, words.step(rec.id), words.actor(rec.lead),
                            words.months(rec.start_month, rec.end_month)], "wrap")
        filled = set(line.columns(rec.start_month, rec.end_month))
        for col in range(line.count):
            if col in filled:
                sheet.ws.write_string(row, first + col, _(TRACKS[rec.track][0]), _track_format(book, rec.track))
            else:
                sheet.ws.write_blank(row, first + col, None, _empty_format(book, col >= horizon_col))
        row += 1
    _legend(sheet, row + 1, first + line.count - 1)
    sheet.ws.freeze_panes(2, first)
    sheet.fit_rows()
    sheet.protect()
    return sheet


def _headers(sheet: Sheet, plan, line: Timeline, first: int) -> None:
    """Row 1: the label headers (over both header rows) and the periods over their months; row 2: the month each
    column starts at."""
    _ = sheet.book._
    for col, name in enumerate(_LABEL_HEADERS):
        sheet.ws.merge_range(0, col, 1, col, "", sheet.book.format("header"))
        sheet.ws.write_string(0, col, _(name), sheet.book.format("header"))
    spans = [(w.start_month, w.end_month, (_("Period {n}: months {months}").format(n=w.wave, months=w.months),
                                           _("Period {n}").format(n=w.wave), str(w.wave)))
             for w in plan.waves]
    if line.count * line.unit > plan.horizon_months:
        after = _("After")
        spans.append((plan.horizon_months, line.count * line.unit, (_("After the horizon"), after, after)))
    for start, end, labels in spans:
        a, b = line.column_of(start), min(line.count, math.ceil(end / line.unit)) - 1
        if b < a:
            continue
        room = (b - a + 1) * line.width
        label = labels[0] if room >= 14 else labels[1] if room >= 6 else labels[2]
        if b > a:
            sheet.merge(0, first + a, first + b, label, "header", "small", "center")
        else:
            sheet.put(0, first + a, label, "header", "small", "center")
    for col in range(line.count):
        sheet.put(1, first + col, str(col * line.unit), "header", "small", "center")


def _track_format(book: Book, track: str):
    return book.format("small", "center", bold=True, pattern=1, bg_color=TRACKS[track][1], border=1,
                       border_color="#BFBFBF")


def _empty_format(book: Book, after: bool):
    extra = {"bg_color": _AFTER, "pattern": 1} if after else {}
    return book.format(border=1, border_color="#D9D9D9", **extra)


def _legend(sheet: Sheet, row: int, last_col: int) -> None:
    """A legend under the timeline: each track's cell as it looks, and what it means."""
    book = sheet.book
    _ = book._
    sheet.put(row, 1, _("How to read the timeline"), "bold")
    for n, key in enumerate(("system", "response", "after"), row + 1):
        if key in TRACKS:
            sheet.ws.write_string(n, 0, _(TRACKS[key][0]), _track_format(book, key))
        else:
            sheet.ws.write_blank(n, 0, None, _empty_format(book, True))
        sheet.merge(n, 1, max(3, min(last_col, 12)), _(_LEGEND[key]), "wrap")
    note = _("The first header row gives the planning periods, the second the month each column starts at. Months "
             "count from the start of the plan: months 0-6 are its first six months. Each row runs from the month "
             "its work starts to the month it is expected to be done.")
    sheet.merge(row + 4, 1, max(3, min(last_col, 12)), note, "wrap")
