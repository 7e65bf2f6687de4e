"""The workplan's sheets of work: Actions (one row per intervention of every step and action, with the columns a
planning workshop fills in), Steps (each step once, with its distinct reasons one to a row) and Carried over (the
edits of the workplan it replaced that have no row any more).

The Actions sheet is protected without a password: only the columns people fill in (Owner, Budget, Status, Notes:
yellow, unlocked) take input, and the filter works. Two hidden columns name each row's step and intervention, so
that a regenerated workplan puts every edit back on its intervention (`cpss_advisor.intake.workplan_edits`).

Headers and fixed words are English here, marked for translation, and written in the book's language
(`Book._`); a Status carried over is written as its choice in that language."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Sequence

from ..core.i18n import N_
from ..intake.workplan_edits import (
    EDIT_COLUMNS,
    INTERVENTION_KEY,
    INTERVENTION_LABEL,
    SHEET_ACTIONS,
    SHEET_CARRIED,
    STATUS_CHOICES,
    STEP_KEY,
    STEP_LABEL,
    Carry,
    Slot,
)
from ..kb.knowledge_base import KnowledgeBase
from .workplan_words import Words
from .xlsx_book import Book, Sheet

ACTION_HEADERS = [N_("No."), STEP_LABEL, N_("Subdomain"), INTERVENTION_LABEL, N_("Description"), N_("Lead"),
                  N_("Start (month)"), N_("End (month)"), N_("Period"), *EDIT_COLUMNS, STEP_KEY, INTERVENTION_KEY]
_ACTION_WIDTHS = [5, 24, 18, 28, 48, 20, 7, 7, 10, 14, 10, 11, 22, 14, 14]
_FIRST_EDIT = ACTION_HEADERS.index(EDIT_COLUMNS[0])
_KEYS = (ACTION_HEADERS.index(STEP_KEY), ACTION_HEADERS.index(INTERVENTION_KEY))

STEP_HEADERS = [N_("No."), N_("Step"), N_("Track"), N_("Lead"), N_("Months"), N_("Needs first"), N_("Unblocks"),
                N_("Why")]
_STEP_WIDTHS = [5, 28, 9, 22, 8, 26, 26, 72]

CARRIED_HEADERS = [STEP_LABEL, INTERVENTION_LABEL, *EDIT_COLUMNS, N_("Why it has no row"), N_("From"), STEP_KEY,
                   INTERVENTION_KEY]
_CARRIED_WIDTHS = [26, 30, 14, 10, 11, 26, 36, 16, 14, 14]


@dataclass(frozen=True)
class ActionRow:
    """One intervention of one step, as the Actions sheet shows it."""

    rank: int
    step: str
    subdomain: str
    intervention: str
    description: str | None
    lead: str | None
    start: int
    end: int
    period: str
    step_id: str
    intervention_id: str

    def slot(self) -> Slot:
        return Slot(self.step_id, self.intervention_id, self.step, self.intervention)


def action_rows(plan, kb: KnowledgeBase, words: Words) -> list[ActionRow]:
    """Every intervention of every step and action, by the step's rank, in the plan's order."""
    rows = []
    for rec in sorted(plan.recommendations, key=lambda r: r.rank):
        for iv in rec.interventions:
            start = rec.start_month if iv.start_month is None else iv.start_month
            end = rec.end_month if iv.end_month is None else iv.end_month
            lead = iv.lead_actors[0] if iv.lead_actors else rec.lead
            rows.append(ActionRow(rec.rank, words.step(rec.id), words.subdomain(rec.subdomain), iv.title,
                                  iv.description or _checklist_description(iv, kb, words._), words.actor(lead), start,
                                  end, period_words(plan, start, words._), rec.id, iv.id))
    return rows


def period_words(plan, month: int, _=str) -> str:
    """"Period 2 (months 6-12)" for the period a month falls in; "After the horizon" past it (`_`: the
    translator's gettext)."""
    for w in plan.waves:
        if w.start_month <= month < w.end_month:
            return _("Period {n} (months {months})").format(n=w.wave, months=w.months)
    return _("After the horizon")


def _checklist_description(iv, kb: KnowledgeBase, _=str) -> str | None:
    """An action of the case management checklist, in words (the checklist gives it a title only)."""
    if not iv.checklist:
        return None
    dim = kb.cm_dimension(iv.dimension) if iv.dimension else None
    levels = kb.checklist.level_names
    what = (_("dimension {id} ({title})").format(id=iv.dimension, title=dim.title) if dim
            else _("dimension {id}").format(id=iv.dimension))
    frm, to = levels.get(iv.from_level), iv.to_level_name or levels.get(iv.to_level)
    if frm and to:
        return _("An action of the case management benchmarks checklist that lifts {what} from {start} to "
                 "{end}.").format(what=what, start=frm, end=to)
    return _("An action of the case management benchmarks checklist that lifts {what}.").format(what=what)


# --- Actions -----------------------------------------------------------------------------------------------------

def actions_sheet(book: Book, rows: Sequence[ActionRow], carry: Carry) -> Sheet:
    _ = book._
    sheet = book.sheet(_(SHEET_ACTIONS), _ACTION_WIDTHS, hidden=_KEYS)
    sheet.header([_(h) for h in ACTION_HEADERS])
    for n, r in enumerate(rows, 1):
        sheet.put_row(n, [r.rank, r.step, r.subdomain, r.intervention, r.description, r.lead, r.start, r.end,
                          r.period], "wrap")
        edit = carry.placed.get(n - 1)
        put_edits(sheet, n, _FIRST_EDIT, edit.values if edit else (None,) * len(EDIT_COLUMNS))
        sheet.put(n, _KEYS[0], r.step_id, "text")
        sheet.put(n, _KEYS[1], r.intervention_id, "text")
    last = max(len(rows), 1)
    _edit_validations(sheet, _FIRST_EDIT, last)
    sheet.ws.autofilter(0, 0, last, _FIRST_EDIT + len(EDIT_COLUMNS) - 1)
    sheet.ws.freeze_panes(1, 2)
    sheet.fit_rows()
    sheet.protect(autofilter=True)
    return sheet


def put_edits(sheet: Sheet, row: int, first: int, values: Sequence[Any]) -> None:
    """The columns people fill in, as input cells, with the values carried over (as they were: text, numbers,
    dates; a Status choice in the book's language)."""
    for col, value in enumerate(values, first):
        styles = ["input"]
        column = EDIT_COLUMNS[col - first]
        if column == "Budget":
            styles.append("number")
        elif column == "Status" and value in STATUS_CHOICES:
            value = sheet.book._(value)
        if isinstance(value, (_dt.date, _dt.datetime)):
            styles.append("date")
        sheet.put(row, col, value, *styles)


def _edit_validations(sheet: Sheet, first: int, last: int) -> None:
    """The Status drop-down and the Budget check (a warning only: a person may write "to be costed")."""
    letter, _ = _column_letter, sheet.book._
    budget, status = first + EDIT_COLUMNS.index("Budget"), first + EDIT_COLUMNS.index("Status")
    choices = [_(c) for c in STATUS_CHOICES]
    sheet.list_validation(f"{letter(status)}2:{letter(status)}{last + 1}", choices, _("Status"),
                          _("Where the work stands: {choices}.").format(choices=", ".join(choices)))
    sheet.validation(f"{letter(budget)}2:{letter(budget)}{last + 1}", {
        "validate": "decimal", "criteria": ">=", "value": 0, "ignore_blank": True, "error_type": "warning",
        "input_title": _("Budget"), "input_message": _("The amount set aside for this intervention, as a number."),
        "error_title": _("Not an amount"), "error_message": _("A budget is a number of 0 or more. Keep this value?"),
    })


def _column_letter(col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# --- Steps -------------------------------------------------------------------------------------------------------

def steps_sheet(book: Book, plan, words: Words) -> None:
    """Each step and action once, its distinct reasons one to a row below it (a long list never overflows a
    cell); the step's number repeats on every row, so that a filter on it keeps a step's rows together."""
    _ = words._
    sheet = book.sheet(_("Steps"), _STEP_WIDTHS)
    sheet.header([_(h) for h in STEP_HEADERS])
    row = 1
    for rec in sorted(plan.recommendations, key=lambda r: r.rank):
        reasons = _reasons(rec, words)
        sheet.put_row(row, [rec.rank, words.step(rec.id), words.track(rec.track), words.actor(rec.lead),
                            words.months(rec.start_month, rec.end_month), words.steps(rec.requires),
                            words.steps(rec.unblocks), reasons[0] if reasons else None], "wrap")
        for reason in reasons[1:]:
            row += 1
            sheet.put(row, 0, rec.rank, "wrap")
            sheet.put(row, len(STEP_HEADERS) - 1, reason, "wrap")
        row += 1
    sheet.ws.autofilter(0, 0, max(row - 1, 1), len(STEP_HEADERS) - 1)
    sheet.ws.freeze_panes(1, 2)
    sheet.fit_rows()
    sheet.protect(autofilter=True)


def _reasons(rec, words: Words) -> list[str]:
    """What an action is, then every distinct reason the rules gave for the step, in words, each once."""
    out = [words._("What it is: {description}").format(description=rec.description)] if rec.description else []
    for x in rec.rationale:
        text = words.text(x.get("text"))
        if text and text not in out:
            out.append(text)
    return out


# --- Carried over ------------------------------------------------------------------------------------------------

def carried_sheet(book: Book, carry: Carry) -> None:
    """The edits that have no row in the new workplan, with their values (input cells: clear a row's values once
    it is dealt with, and it is not carried again) and the reason."""
    _ = book._
    sheet = book.sheet(_(SHEET_CARRIED), _CARRIED_WIDTHS, hidden=(8, 9))
    sheet.header([_(h) for h in CARRIED_HEADERS])
    for n, (edit, why) in enumerate(carry.kept, 1):
        sheet.put_row(n, [edit.step_label, edit.intervention_label], "wrap")
        put_edits(sheet, n, 2, edit.values)
        sheet.put(n, 6, _(why), "wrap")
        where = (edit.where if edit.row is None
                 else _("{sheet} row {row}").format(sheet=edit.sheet, row=edit.row))
        sheet.put(n, 7, where, "wrap")
        sheet.put(n, 8, edit.step, "text")
        sheet.put(n, 9, edit.intervention, "text")
    _edit_validations(sheet, 2, max(len(carry.kept), 1))
    sheet.ws.freeze_panes(1, 2)
    sheet.fit_rows()
    sheet.protect()
