"""The intake workbook a country office fills in (`cpss assessment new -o a.xlsx`, `cpss template --format xlsx`):
Instructions, Assessment, Ratings, Context, Figures and, with a case management checklist in the knowledge base,
Case management.

Every sheet is protected without a password: only the input cells (yellow, unlocked) take input, with drop-downs
for phases, confidence and Yes/No, and the sheets cannot be renamed, moved or deleted. `cpss_advisor.intake.workbook`
reads a filled one back, finding columns by their header names."""

from __future__ import annotations

import datetime as _dt

from ..intake.workbook import (
    PHASE_CHOICES,
    SHEET_ASSESSMENT,
    SHEET_CHECKLIST,
    SHEET_CONTEXT,
    SHEET_FIGURES,
    SHEET_RATINGS,
)
from ..intake.assessment import Assessment
from ..kb.knowledge_base import KnowledgeBase
from .xlsx_book import Book, Sheet

YES, NO = "Yes", "No"
CONFIDENCE_CHOICES = ["low", "medium", "high"]
SHEET_INSTRUCTIONS = "Instructions"
RATING_HEADERS = ["Intermediate outcome", "Subdomain", "Title", "Phase", "Confidence", "Evidence", "Target phase"]
_RATING_WIDTHS = [24, 11, 30, 14, 12, 40, 14, 46, 46, 46, 46]
_RATING_INPUTS = range(3, 7)  # Phase, Confidence, Evidence, Target phase
CONTEXT_HEADERS = ["Category", "Context id", "Applies (Yes/No)", "Title", "Description"]
_CONTEXT_WIDTHS = [28, 30, 12, 34, 80]
FIGURE_HEADERS = ["Figure", "Standard", "Your figure", "Unit", "What the standard says"]
_FIGURE_WIDTHS = [40, 14, 14, 30, 80]
CHECKLIST_HEADERS = ["Dimension", "Level step", "Action id", "Done (Yes/No)", "Checklist action"]
_CHECKLIST_WIDTHS = [34, 30, 36, 10, 80]
_CATEGORIES = [("shock", "Shock"), ("stage", "Stage of the response (one at most, with a shock)"),
               ("capacity", "Government capacity"), ("office", "The office's own preconditions"),
               ("opportunity", "Opportunity")]

# The Instructions sheet: (text, style) lines; the phases and the context combinations come from the knowledge base.
_HOW_TO_FILL = [
    ("CPSS assessment workbook (cpss-advisor)", "title"),
    ("", None),
    ("How to fill it", "bold"),
    ("1. Assessment: write the country and the date the ratings describe (as of, YYYY-MM-DD).", None),
    ("2. Ratings: for each of the 19 subdomains choose the phase whose description fits best from the drop-down "
     "in the Phase column. The gist of each phase's criteria is beside the row (columns H to K); the texts are "
     "indicative, not a checklist. Leave the phase blank for a subdomain you do not rate: it is reported as "
     "unrated.", None),
    ("   Confidence and Evidence are optional and worth filling: they are what a reviewer will ask for. "
     "Target phase (optional) is the phase to reach over the planning horizon; without one the plan aims one "
     "phase up.", None),
    ("3. Context: choose Yes for each situation that applies (shocks, the stage of the response, government "
     "capacity, the office's own preconditions, opportunities). Blank means No.", None),
    ("4. Figures (optional): case management figures, checked against the standards shown beside them.", None),
    ("5. Case management (optional): the case management benchmarks checklist; choose Yes for each action that "
     "is done. It counts only when at least one action is Yes or case management notes are written (on the "
     "Assessment sheet); otherwise the plan is made without it.", None),
    ("6. Save as an Excel workbook (.xlsx), then run:  cpss validate FILE.xlsx  and  cpss recommend FILE.xlsx  "
     "(or  cpss recommend FILE.xlsx --format xlsx -o plan.xlsx  for the plan as a workbook). Every problem is "
     "reported with its sheet and cell, e.g. Ratings!D7.", None),
    ("", None),
    ("The sheets are protected without a password so that headers stay intact; only the yellow cells are for "
     "input. To change more, use Review > Unprotect Sheet. The tool finds columns by their header names, so keep "
     "the headers and the sheet names.", None),
    ("", None),
    ("The phases", "bold"),
]
_CONFIDENCE = [
    ("", None),
    ("What confidence means", "bold"),
    ("high: the rating rests on documents or data and is agreed (a law, a budget line, a review, a data system "
     "that can be seen).", None),
    ("medium: partly documented, or agreed by some of the people who know the system.", None),
    ("low: an informed judgement with little evidence behind it; check it first.", None),
    ("cpss robustness treats ratings as uncertain by their confidence (high: as given; medium or blank: one phase "
     "off in a quarter of the samples; low: in half) and reports how stable the plan is.", None),
    ("", None),
    ("Context combinations", "bold"),
]
# The Assessment sheet: (label, help); the value cell of each is an input cell but for the schema version.
_ASSESSMENT_FIELDS = [
    ("Country", "The country the assessment is about."),
    ("As of (YYYY-MM-DD)", "The date the ratings describe."),
    ("Notes", "Optional: anything a reader of the assessment should know."),
    ("Case management notes", "Optional: notes on the case management checklist (who reviewed it, when)."),
    ("Schema version", "The version of the assessment format; leave it as 1."),
]


def template_workbook(kb: KnowledgeBase, as_of: _dt.date, filled: Assessment | None = None) -> bytes:
    """The intake workbook: Instructions, Assessment, Ratings, Context, Figures (and Case management); with
    `filled`, its input cells hold that assessment's values (read back, it gives the same assessment)."""
    book = Book("CPSS assessment")
    _instructions(book, kb)
    _assessment_sheet(book, as_of, filled)
    _ratings_sheet(book, kb, filled)
    _context_sheet(book, kb, filled)
    _figures_sheet(book, kb, filled)
    if _checklist_rows(kb):
        _checklist_sheet(book, kb, filled)
    return book.close(lock_structure=True)


def _rating_values(a: Assessment | None, sid: str) -> tuple:
    """Phase, Confidence, Evidence and Target phase of a subdomain as the Ratings sheet writes them."""
    if a is None:
        return (None, None, None, None)
    r = a.ratings.get(sid)
    target = a.targets.get(sid)
    return (PHASE_CHOICES[r.phase - 1] if r else None, r.confidence if r else None, r.evidence if r else None,
            PHASE_CHOICES[target - 1] if target else None)


def _squash(text: str) -> str:
    return " ".join(str(text).split())


def _subdomain_order(kb: KnowledgeBase) -> list[str]:
    """The subdomains by outcome, as the benchmarks list them."""
    return [s for o in sorted(kb.outcomes) for s in kb.subdomains_of(o)]


def _finish(sheet: Sheet, *, freeze: tuple[int, int] | None = (1, 0)) -> None:
    if freeze:
        sheet.ws.freeze_panes(*freeze)
    sheet.fit_rows()
    sheet.protect()


def _instructions(book: Book, kb: KnowledgeBase) -> None:
    sheet = book.sheet(SHEET_INSTRUCTIONS, [110])
    lines = list(_HOW_TO_FILL)
    lines += [(f"{n} {PHASE_CHOICES[n - 1]} ({kb.phases[n].name}): {_squash(kb.phases[n].description)}", None)
              for n in sorted(kb.phases)]
    lines += _CONFIDENCE
    lines += [(f"{', '.join(con.members)}: {_squash(con.reason)}", None) for con in kb.constraints]
    for row, (text, style) in enumerate(lines):
        sheet.put(row, 0, text or None, "wrap", *([style] if style else []))
    _finish(sheet, freeze=None)


def _assessment_sheet(book: Book, as_of: _dt.date, a: Assessment | None = None) -> None:
    sheet = book.sheet(SHEET_ASSESSMENT, [22, 40, 60])
    sheet.header(["Field", "Value", "How to fill it"])
    values = {"Country": "Country name", "As of (YYYY-MM-DD)": as_of, "Schema version": 1}
    if a is not None:
        values.update({"Country": a.country, "As of (YYYY-MM-DD)": a.as_of, "Notes": a.notes,
                       "Case management notes": a.case_management.notes if a.case_management else None})
    for row, (label, help_text) in enumerate(_ASSESSMENT_FIELDS, 1):
        sheet.put(row, 0, label, "bold")
        if label == "Schema version":
            sheet.put(row, 1, values[label])
        else:
            sheet.put(row, 1, values.get(label), "input", *(["date"] if label.startswith("As of") else []))
        sheet.put(row, 2, help_text, "wrap")
    _finish(sheet)


def _ratings_sheet(book: Book, kb: KnowledgeBase, a: Assessment | None = None) -> None:
    sheet = book.sheet(SHEET_RATINGS, _RATING_WIDTHS)
    sheet.header(RATING_HEADERS + [f"{n} {PHASE_CHOICES[n - 1]}: criteria" for n in sorted(kb.phases)])
    sids = _subdomain_order(kb)
    for row, sid in enumerate(sids, 1):
        sd = kb.subdomains[sid]
        sheet.put(row, 0, f"{sd.outcome}. {kb.outcomes[sd.outcome].title}", "wrap")
        sheet.put(row, 1, sid, "wrap", "bold", "text")
        sheet.put(row, 2, sd.title, "wrap")
        for col, value in zip(_RATING_INPUTS, _rating_values(a, sid)):
            sheet.put(row, col, value, "input")
        for n in sorted(kb.phases):
            crit = kb.criteria.get((sid, n))
            sheet.put(row, 6 + n, _squash(crit.summary) if crit else None, "wrap")
    last = len(sids) + 1  # the last row, as a spreadsheet numbers it
    sheet.list_validation(f"D2:D{last}", PHASE_CHOICES, "Phase",
                          "The phase whose description fits best; the criteria of each phase are in columns H to K.")
    sheet.list_validation(f"E2:E{last}", CONFIDENCE_CHOICES, "Confidence",
                          "How sure the rating is: high (documented and agreed), medium, low (little evidence).")
    sheet.list_validation(f"G2:G{last}", PHASE_CHOICES, "Target phase",
                          "Optional: the phase to reach over the planning horizon (above the current phase).")
    _finish(sheet, freeze=(1, 3))


def _context_sheet(book: Book, kb: KnowledgeBase, a: Assessment | None = None) -> None:
    sheet = book.sheet(SHEET_CONTEXT, _CONTEXT_WIDTHS)
    sheet.header(CONTEXT_HEADERS)
    row = 1
    for cat, label in _CATEGORIES:
        for ctx in sorted((c for c in kb.contexts.values() if c.category == cat), key=lambda c: c.id):
            sheet.put(row, 0, label, "wrap")
            sheet.put(row, 1, ctx.id, "wrap", "bold")
            sheet.put(row, 2, YES if a is not None and ctx.id in a.context else NO, "input")
            sheet.put(row, 3, ctx.title, "wrap")
            sheet.put(row, 4, _squash(ctx.description), "wrap")
            row += 1
    sheet.list_validation(f"C2:C{row}", [YES, NO], "Applies", "Yes if this applies to the country now; blank is No.")
    _finish(sheet)


def _figures_sheet(book: Book, kb: KnowledgeBase, a: Assessment | None = None) -> None:
    sheet = book.sheet(SHEET_FIGURES, _FIGURE_WIDTHS)
    sheet.header(FIGURE_HEADERS)
    standards = sorted(kb.standards().items())
    for row, (metric, s) in enumerate(standards, 1):
        sheet.put(row, 0, metric, "wrap", "bold")
        sheet.put(row, 1, f"{'at most' if s.comparison == 'max' else 'at least'} {s.limit:g}", "wrap")
        sheet.put(row, 2, a.figures.get(metric) if a is not None else None, "input")
        sheet.put(row, 3, s.unit, "wrap")
        sheet.put(row, 4, _squash(s.text), "wrap")
    if standards:
        sheet.validation(f"C2:C{len(standards) + 1}", {
            "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 1000000, "ignore_blank": True,
            "error_title": "Not a figure",
            "error_message": "Write a number of 0 or more (a count or a number of months), or leave it blank.",
        })
    _finish(sheet)


def _checklist_rows(kb: KnowledgeBase) -> list[tuple]:
    """(unit label, from level, to level, action) for every action of the case management checklist, in checklist
    order; a dimension's own actions under the dimension's title."""
    titles = {d.id: d.title for d in kb.case_management.dimensions} if kb.case_management else {}
    return [(f"{u.id} {titles.get(u.id, u.title)}", t.from_level, t.from_level + 1, a)
            for u in kb.checklist.units for t in u.transitions for a in t.actions]


def _checklist_sheet(book: Book, kb: KnowledgeBase, filled: Assessment | None = None) -> None:
    done = set(filled.case_management.done) if filled is not None and filled.case_management else set()
    sheet = book.sheet(SHEET_CHECKLIST, _CHECKLIST_WIDTHS)
    sheet.header(CHECKLIST_HEADERS)
    levels = kb.checklist.level_names
    rows = _checklist_rows(kb)
    for row, (dimension, a, b, action) in enumerate(rows, 1):
        sheet.put(row, 0, dimension, "wrap")
        sheet.put(row, 1, f"{a} {levels.get(a, '')} -> {b} {levels.get(b, '')}".replace("  ", " "), "wrap")
        sheet.put(row, 2, action.id, "wrap", "bold")
        sheet.put(row, 3, YES if action.id in done else NO, "input")
        sheet.put(row, 4, _squash(action.text), "wrap")
    sheet.list_validation(f"D2:D{len(rows) + 1}", [YES, NO], "Done", "Yes if this action is done; blank is No.")
    _finish(sheet)
