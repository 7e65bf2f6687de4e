"""The intake workbook a country office fills in (`cpss assessment new -o a.xlsx`, `cpss template --format xlsx`):
Instructions, Assessment, Ratings, Context, Figures and, with a case management checklist in the knowledge base,
Case management.

Every sheet is protected without a password: only the input cells (yellow, unlocked) take input, with drop-downs
for phases, confidence and Yes/No, and the sheets cannot be renamed, moved or deleted. `cpss_advisor.intake.workbook`
reads a filled one back, finding columns by their header names.

The workbook is written in the knowledge base's language (`kb.language`, `cpss --lang fr template`): sheet names,
headers, instructions, drop-downs (the phases' names, confidence, Yes/No) and the knowledge base's titles and texts.
Ids (subdomains, contexts, figures, checklist actions) stay as they are: they are what is read back. The reader
accepts the names of every language, so a French workbook gives the same assessment as an English one."""

from __future__ import annotations

import datetime as _dt
import math

from ..core.i18n import SOURCE_LANGUAGE, N_, gettext_for
from ..intake.sheet_words import (
    CONFIDENCE_CHOICES,
    NO,
    SHEET_ASSESSMENT,
    SHEET_CHECKLIST,
    SHEET_CONTEXT,
    SHEET_FIGURES,
    SHEET_INSTRUCTIONS,
    SHEET_RATINGS,
    WRITTEN_HEADERS,
    WRITTEN_LABELS,
    YES,
)
from ..intake.workbook import PHASE_CHOICES
from ..intake.assessment import Assessment
from ..kb.knowledge_base import KnowledgeBase
from .workplan_words import short_phase
from .xlsx_book import BOLD_CHARS_PER_UNIT, Book, Sheet

_R = WRITTEN_HEADERS["ratings"]
RATING_HEADERS = [N_("Intermediate outcome"), _R["subdomain"], N_("Title"), _R["phase"], _R["confidence"],
                  _R["evidence"], _R["target"]]
_RATING_WIDTHS = [24, 11, 30, 14, 12, 40, 14, 46, 46, 46, 46]
_RATING_INPUTS = range(3, 7)  # Phase, Confidence, Evidence, Target phase
CONTEXT_HEADERS = [N_("Category"), WRITTEN_HEADERS["context"]["id"], WRITTEN_HEADERS["context"]["applies"],
                   N_("Title"), N_("Description")]
_CONTEXT_WIDTHS = [28, 30, 12, 34, 80]
FIGURE_HEADERS = [WRITTEN_HEADERS["figures"]["metric"], N_("Standard"), WRITTEN_HEADERS["figures"]["value"],
                  N_("Unit"), N_("What the standard says")]
_FIGURE_WIDTHS = [40, 14, 14, 30, 80]
CHECKLIST_HEADERS = [N_("Dimension"), N_("Level step"), WRITTEN_HEADERS["checklist"]["id"],
                     WRITTEN_HEADERS["checklist"]["done"], N_("Checklist action")]
_CHECKLIST_WIDTHS = [34, 30, 36, 10, 80]
_CATEGORIES = [("shock", N_("Shock")), ("stage", N_("Stage of the response (one at most, with a shock)")),
               ("capacity", N_("Government capacity")), ("office", N_("The office's own preconditions")),
               ("opportunity", N_("Opportunity"))]

# The Instructions sheet: (text, style) lines; the phases and the context combinations come from the knowledge base.
_HOW_TO_FILL = [
    (N_("CPSS assessment workbook (cpss-advisor)"), "title"),
    ("", None),
    (N_("How to fill it"), "bold"),
    (N_("1. Assessment: write the country and the date the ratings describe (as of, YYYY-MM-DD)."), None),
    (N_("2. Ratings: for each of the 19 subdomains choose the phase whose description fits best from the drop-down "
        "in the Phase column. The gist of each phase's criteria is beside the row (columns H to K); the texts are "
        "indicative, not a checklist. Leave the phase blank for a subdomain you do not rate: it is reported as "
        "unrated."), None),
    (N_("   Confidence and Evidence are optional and worth filling: they are what a reviewer will ask for. "
        "Target phase (optional) is the phase to reach over the planning horizon; without one the plan aims one "
        "phase up."), None),
    (N_("3. Context: choose Yes for each situation that applies (shocks, the stage of the response, government "
        "capacity, the office's own preconditions, opportunities). Blank means No."), None),
    (N_("4. Figures (optional): case management figures, checked against the standards shown beside them."), None),
    (N_("5. Case management (optional): the case management benchmarks checklist; choose Yes for each action that "
        "is done. It counts only when at least one action is Yes or case management notes are written (on the "
        "Assessment sheet); otherwise the plan is made without it."), None),
    (N_("6. Save as an Excel workbook (.xlsx), then run:  cpss validate FILE.xlsx  and  cpss recommend FILE.xlsx  "
        "(or  cpss recommend FILE.xlsx --format xlsx -o plan.xlsx  for the plan as a workbook). Every problem is "
        "reported with its sheet and cell, e.g. Ratings!D7."), None),
    ("", None),
    (N_("The sheets are protected without a password so that headers stay intact; only the yellow cells are for "
        "input. To change more, use Review > Unprotect Sheet. The tool finds columns by their header names, so keep "
        "the headers and the sheet names."), None),
    ("", None),
    (N_("The phases"), "bold"),
]
_CONFIDENCE = [
    ("", None),
    (N_("What confidence means"), "bold"),
    (N_("high: the rating rests on documents or data and is agreed (a law, a budget line, a review, a data system "
        "that can be seen)."), None),
    (N_("medium: partly documented, or agreed by some of the people who know the system."), None),
    (N_("low: an informed judgement with little evidence behind it; check it first."), None),
    (N_("cpss robustness treats ratings as uncertain by their confidence (high: as given; medium or blank: one phase "
        "off in a quarter of the samples; low: in half) and reports how stable the plan is."), None),
    ("", None),
    (N_("Context combinations"), "bold"),
]
# The Assessment sheet: (label, help); the value cell of each is an input cell but for the schema version.
_L = WRITTEN_LABELS
_ASSESSMENT_FIELDS = [
    (_L["country"], N_("The country the assessment is about.")),
    (_L["as_of"], N_("The date the ratings describe.")),
    (_L["notes"], N_("Optional: anything a reader of the assessment should know.")),
    (_L["cm_notes"], N_("Optional: notes on the case management checklist (who reviewed it, when).")),
    (_L["schema_version"], N_("The version of the assessment format; leave it as 1.")),
]


def template_workbook(kb: KnowledgeBase, as_of: _dt.date, filled: Assessment | None = None) -> bytes:
    """The intake workbook: Instructions, Assessment, Ratings, Context, Figures (and Case management); with
    `filled`, its input cells hold that assessment's values (read back, it gives the same assessment)."""
    book = Book(gettext_for(kb.language)("CPSS assessment"), language=kb.language)
    _instructions(book, kb)
    _assessment_sheet(book, as_of, filled)
    _ratings_sheet(book, kb, filled)
    _context_sheet(book, kb, filled)
    _figures_sheet(book, kb, filled)
    if _checklist_rows(kb):
        _checklist_sheet(book, kb, filled)
    return book.close(lock_structure=True)


def phase_choices(kb: KnowledgeBase) -> list[str]:
    """The phases as the drop-downs offer them: "Building", ... in English, the knowledge base's short names in
    another language ("Mise en place", "Renforcement", ...); the reader accepts both."""
    if kb.language == SOURCE_LANGUAGE:
        return list(PHASE_CHOICES)
    return [short_phase(kb, n) for n in sorted(kb.phases)]


def _rating_values(book: Book, kb: KnowledgeBase, a: Assessment | None, sid: str) -> tuple:
    """Phase, Confidence, Evidence and Target phase of a subdomain as the Ratings sheet writes them."""
    if a is None:
        return (None, None, None, None)
    r = a.ratings.get(sid)
    target = a.targets.get(sid)
    phases = phase_choices(kb)
    return (phases[r.phase - 1] if r else None, book._(r.confidence) if r and r.confidence else None,
            r.evidence if r else None, phases[target - 1] if target else None)


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
    _ = book._
    sheet = book.sheet(_(SHEET_INSTRUCTIONS), [110])
    phases = phase_choices(kb)
    lines = [(_(text) if text else text, style) for text, style in _HOW_TO_FILL]
    lines += [(_("{n} {phase} ({name}): {description}").format(n=n, phase=phases[n - 1], name=kb.phases[n].name,
                                                              description=_squash(kb.phases[n].description)), None)
              for n in sorted(kb.phases)]
    lines += [(_(text) if text else text, style) for text, style in _CONFIDENCE]
    lines += [(_("{members}: {reason}").format(members=", ".join(con.members), reason=_squash(con.reason)), None)
              for con in kb.constraints]
    for row, (text, style) in enumerate(lines):
        sheet.put(row, 0, text or None, "wrap", *([style] if style else []))
    _finish(sheet, freeze=None)


def _assessment_sheet(book: Book, as_of: _dt.date, a: Assessment | None = None) -> None:
    _ = book._
    labels = [_(label) for label, _help in _ASSESSMENT_FIELDS]
    # the labels are bold on one line: the first column as wide as the longest (at least 22, as in English)
    sheet = book.sheet(_(SHEET_ASSESSMENT), [max(22, math.ceil(max(map(len, labels)) / BOLD_CHARS_PER_UNIT)), 40,
                                             60])
    sheet.header([_("Field"), _("Value"), _("How to fill it")])
    values = {_L["country"]: _("Country name"), _L["as_of"]: as_of, _L["schema_version"]: 1}
    if a is not None:
        values.update({_L["country"]: a.country, _L["as_of"]: a.as_of, _L["notes"]: a.notes,
                       _L["cm_notes"]: a.case_management.notes if a.case_management else None})
    for row, (label, help_text) in enumerate(_ASSESSMENT_FIELDS, 1):
        sheet.put(row, 0, _(label), "bold")
        if label == _L["schema_version"]:
            sheet.put(row, 1, values[label])
        else:
            sheet.put(row, 1, values.get(label), "input", *(["date"] if label == _L["as_of"] else []))
        sheet.put(row, 2, _(help_text), "wrap")
    _finish(sheet)


def _ratings_sheet(book: Book, kb: KnowledgeBase, a: Assessment | None = None) -> None:
    _ = book._
    phases = phase_choices(kb)
    sheet = book.sheet(_(SHEET_RATINGS), _RATING_WIDTHS)
    sheet.header([_(h) for h in RATING_HEADERS] + [_("{n} {phase}: criteria").format(n=n, phase=phases[n - 1])
                                                   for n in sorted(kb.phases)])
    sids = _subdomain_order(kb)
    for row, sid in enumerate(sids, 1):
        sd = kb.subdomains[sid]
        sheet.put(row, 0, f"{sd.outcome}. {kb.outcomes[sd.outcome].title}", "wrap")
        sheet.put(row, 1, sid, "wrap", "bold", "text")
        sheet.put(row, 2, sd.title, "wrap")
        for col, value in zip(_RATING_INPUTS, _rating_values(book, kb, a, sid)):
            sheet.put(row, col, value, "input")
        for n in sorted(kb.phases):
            crit = kb.criteria.get((sid, n))
            sheet.put(row, 6 + n, _squash(crit.summary) if crit else None, "wrap")
    last = len(sids) + 1  # the last row, as a spreadsheet numbers it
    sheet.list_validation(f"D2:D{last}", phases, _("Phase"),
                          _("The phase whose description fits best; the criteria of each phase are in columns H to "
                            "K."))
    sheet.list_validation(f"E2:E{last}", [_(c) for c in CONFIDENCE_CHOICES], _("Confidence"),
                          _("How sure the rating is: high (documented and agreed), medium, low (little evidence)."))
    sheet.list_validation(f"G2:G{last}", phases, _("Target phase"),
                          _("Optional: the phase to reach over the planning horizon (above the current phase)."))
    _finish(sheet, freeze=(1, 3))


def _context_sheet(book: Book, kb: KnowledgeBase, a: Assessment | None = None) -> None:
    _ = book._
    sheet = book.sheet(_(SHEET_CONTEXT), _CONTEXT_WIDTHS)
    sheet.header([_(h) for h in CONTEXT_HEADERS])
    row = 1
    for cat, label in _CATEGORIES:
        for ctx in sorted((c for c in kb.contexts.values() if c.category == cat), key=lambda c: c.id):
            sheet.put(row, 0, _(label), "wrap")
            sheet.put(row, 1, ctx.id, "wrap", "bold")
            sheet.put(row, 2, _(YES) if a is not None and ctx.id in a.context else _(NO), "input")
            sheet.put(row, 3, ctx.title, "wrap")
            sheet.put(row, 4, _squash(ctx.description), "wrap")
            row += 1
    sheet.list_validation(f"C2:C{row}", [_(YES), _(NO)], _("Applies"),
                          _("Yes if this applies to the country now; blank is No."))
    _finish(sheet)


def _figures_sheet(book: Book, kb: KnowledgeBase, a: Assessment | None = None) -> None:
    _ = book._
    sheet = book.sheet(_(SHEET_FIGURES), _FIGURE_WIDTHS)
    sheet.header([_(h) for h in FIGURE_HEADERS])
    standards = sorted(kb.standards().items())
    for row, (metric, s) in enumerate(standards, 1):
        sheet.put(row, 0, metric, "wrap", "bold")
        limit = _("at most {limit}") if s.comparison == "max" else _("at least {limit}")
        sheet.put(row, 1, limit.format(limit=f"{s.limit:g}"), "wrap")
        sheet.put(row, 2, a.figures.get(metric) if a is not None else None, "input")
        sheet.put(row, 3, s.unit, "wrap")
        sheet.put(row, 4, _squash(s.text), "wrap")
    if standards:
        sheet.validation(f"C2:C{len(standards) + 1}", {
            "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 1000000, "ignore_blank": True,
            "error_title": _("Not a figure"),
            "error_message": _("Write a number of 0 or more (a count or a number of months), or leave it blank."),
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
    _ = book._
    sheet = book.sheet(_(SHEET_CHECKLIST), _CHECKLIST_WIDTHS)
    sheet.header([_(h) for h in CHECKLIST_HEADERS])
    levels = kb.checklist.level_names
    rows = _checklist_rows(kb)
    for row, (dimension, a, b, action) in enumerate(rows, 1):
        sheet.put(row, 0, dimension, "wrap")
        sheet.put(row, 1, f"{a} {levels.get(a, '')} -> {b} {levels.get(b, '')}".replace("  ", " "), "wrap")
        sheet.put(row, 2, action.id, "wrap", "bold")
        sheet.put(row, 3, _(YES) if action.id in done else _(NO), "input")
        sheet.put(row, 4, _squash(action.text), "wrap")
    sheet.list_validation(f"D2:D{len(rows) + 1}", [_(YES), _(NO)], _("Done"),
                          _("Yes if this action is done; blank is No."))
    _finish(sheet)
