"""The workplan's Phases sheet: every subdomain's current and target phase, by intermediate outcome, and a native
column chart of the two with the phase names on the value axis and the subdomains grouped by outcome.

A spreadsheet chart's value axis shows numbers, and a number format names at most three of them; the chart names
the four phases with four helper series instead, each with one point at its phase's height in an empty first
category and a label showing the series' name (the phase), left out of the legend. The chart's data (the
categories in two levels, outcome and subdomain, and the helper points) is on a hidden sheet, so that the table
people read stays a plain table."""

from __future__ import annotations

from ..core.i18n import N_
from .workplan_words import Words
from .xlsx_book import Book

SHEET_PHASES, SHEET_CHART_DATA = N_("Phases"), N_("Chart data")
PHASES_HEADERS = [N_("Intermediate outcome"), N_("Subdomain"), N_("Current phase"), N_("Target phase")]
_PHASES_WIDTHS = [26, 30, 14, 14]
CHART_TITLE = N_("Current and target phase by subdomain")
#: The chart's size in pixels (26 x 12 cm at 96 pixels an inch) and where it is put: beside the table.
CHART_SIZE = {"width": 983, "height": 454}
CHART_ANCHOR = (1, len(PHASES_HEADERS) + 1)
_SERIES = [(N_("Current phase"), "#1F4E79"), (N_("Target phase"), "#9DC3E6")]


def phases_sheet(book: Book, plan, kb, words: Words) -> None:
    current = {r.subdomain: r.phase for r in plan.ratings}
    target = {t.subdomain: t.phase for t in plan.targets}
    rows = []
    for oid in sorted(kb.outcomes):
        for i, sid in enumerate(kb.subdomains_of(oid)):
            cur, tgt = current.get(sid), target.get(sid, current.get(sid))
            rows.append((words.outcome(oid) if i == 0 else None, sid, words.subdomain(sid), cur, tgt))
    _ = words._
    sheet = book.sheet(_(SHEET_PHASES), _PHASES_WIDTHS + [2])
    sheet.header([_(h) for h in PHASES_HEADERS])
    for n, (outcome, _sid, subdomain, cur, tgt) in enumerate(rows, 1):
        sheet.put_row(n, [outcome, subdomain, _phase(kb, words, cur), _phase(kb, words, tgt)], "wrap")
    sheet.ws.freeze_panes(1, 0)
    sheet.fit_rows()
    sheet.protect()
    _chart(book, sheet.ws, rows, kb, words)


def _phase(kb, words: Words, n: int | None) -> str:
    return words._("not rated") if n is None else f"{n} {words.phase(n)}"


def _chart(book: Book, ws, rows, kb, words: Words) -> None:
    """The column chart, from a hidden sheet: row 1 the header, row 2 the empty category that holds the phase
    names, then one row per subdomain (outcome, subdomain number, current, target)."""
    _ = words._
    data = book.sheet(_(SHEET_CHART_DATA), [26, 10, 8, 8] + [12] * len(kb.phases))
    phases = sorted(kb.phases)
    data.put_row(0, [_("Outcome"), _("Subdomain"), _("Current phase"), _("Target phase"),
                     *(words.phase(p) for p in phases)])
    for k, p in enumerate(phases):
        data.put(1, 4 + k, p)
    for n, (outcome, sid, _title, cur, tgt) in enumerate(rows, 2):
        data.put_row(n, [outcome, sid, cur, tgt])
    data.ws.hide()
    last, name = len(rows) + 1, data.ws.name
    categories = [name, 1, 0, last, 1]
    # The two levels of categories, outcome and subdomain, as the chart caches them (XlsxWriter reads one level
    # from a worksheet).
    levels = [[None, *(r[0] for r in rows)], [None, *(r[1] for r in rows)]]
    chart = book.workbook.add_chart({"type": "column"})
    for col, (series, colour) in enumerate(_SERIES, 2):
        chart.add_series({"name": [name, 0, col], "categories": categories, "categories_data": levels,
                          "values": [name, 1, col, last, col],
                          "fill": {"color": colour}, "border": {"color": "#1F4E79"}, "gap": 80})
    names = book.workbook.add_chart({"type": "line"})
    for k in range(len(phases)):
        names.add_series({"name": [name, 0, 4 + k], "categories": categories, "categories_data": levels,
                          "values": [name, 1, 4 + k, last, 4 + k], "line": {"none": True},
                          "marker": {"type": "none"},
                          "data_labels": {"series_name": True, "position": "center", "font": {"size": 8}}})
    chart.combine(names)
    chart.set_title({"name": _(CHART_TITLE), "name_font": {"size": 12}})
    chart.set_x_axis({"name": _("Subdomain, by intermediate outcome"), "num_font": {"size": 8}})
    chart.set_y_axis({"name": _("Phase"), "min": 0, "max": len(phases), "major_unit": 1, "num_format": ";;;",
                      "major_gridlines": {"visible": True, "line": {"color": "#BFBFBF"}}})
    chart.set_legend({"position": "bottom", "delete_series": list(range(2, 2 + len(phases)))})
    chart.set_size(CHART_SIZE)
    ws.insert_chart(*CHART_ANCHOR, chart)
