"""Writing workbooks: the blank intake workbook (`cpss template --format xlsx`) and the plan as a workbook.

Every workbook written here has the same bytes for the same input: fixed document properties and fixed zip
entry times. Every piece of user text is written as text, whatever it starts with."""

from __future__ import annotations

import datetime as _dt
import io
import math
import zipfile
from pathlib import Path
from typing import Any, Iterable, Sequence

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.packaging.core import DocumentProperties
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

from ..core.escape import cell as cell_text
from ..kb.knowledge_base import KnowledgeBase

from ..intake.workbook import (
    SHEET_ASSESSMENT,
    SHEET_CONTEXT,
    SHEET_FIGURES,
    SHEET_RATINGS,
    PHASE_CHOICES,
    SHEET_CHECKLIST,
    _checklist_rows,
)


YES, NO = "Yes", "No"
CONFIDENCE_CHOICES = ["low", "medium", "high"]
#: Fixed times, so that the same input gives the same bytes.
FIXED_PROPERTIES_TIME = _dt.datetime(2000, 1, 1, 0, 0, 0)
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
CREATOR = "cpss-advisor"
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_UNLOCKED = Protection(locked=False)


# --- writing: common ---------------------------------------------------------------------------------------------

class _FixedTimeZip(zipfile.ZipFile):
    """A zip file whose entries all carry the same time and permissions, so equal content gives equal bytes."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):  # noqa: D401
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            info = zipfile.ZipInfo(str(zinfo_or_arcname), date_time=FIXED_ZIP_TIME)
            info.compress_type = self.compression if compress_type is None else compress_type
            info.external_attr = 0o644 << 16
            zinfo_or_arcname = info
        return super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        # openpyxl writes each worksheet to a temporary file first; its time would end up in the zip entry.
        with open(filename, "rb") as fh:
            data = fh.read()
        return self.writestr(arcname or Path(filename).name, data, compress_type, compresslevel)


def workbook_bytes(wb: Workbook, title: str) -> bytes:
    """The workbook as .xlsx bytes, the same bytes for the same content."""
    wb.properties = DocumentProperties(creator=CREATOR, lastModifiedBy=CREATOR, title=cell_text(title),
                                       created=FIXED_PROPERTIES_TIME, modified=FIXED_PROPERTIES_TIME)
    for ws in wb.worksheets:  # printed for a workshop: landscape, as wide as the page
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.print_title_rows = "1:1"
    buf = io.BytesIO()
    archive = _FixedTimeZip(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()  # not `wb.save`, which stamps the time of saving
    return buf.getvalue()


#: Text starting with one of these is a formula (or the start of one) in some spreadsheet program.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _set(c, value: Any) -> None:
    """Put a value in a cell. Text is always a string cell, whatever it starts with: openpyxl would store a str
    that starts with "=" as a formula (and "#N/A" as an error), so the cell's type is set to string after the
    value, and the text is kept as it is, with no quote added. Text that starts like a formula is also marked with
    the quote-prefix style, so that editing the cell in a spreadsheet program keeps it text. Control characters
    (which a worksheet cannot hold) are shown as escapes (`cpss_advisor.core.escape.cell`)."""
    if isinstance(value, str):
        text = cell_text(value)
        c.value = text
        c.data_type = "s"
        if text.startswith(FORMULA_STARTS):
            c.quotePrefix = True
    else:
        c.value = value


def _put(ws, row: int, column: int, value: Any):
    """`_set` on the cell at (row, column); returns the cell."""
    c = ws.cell(row=row, column=column)
    _set(c, value)
    return c


def _widths(ws, widths: Sequence[float]) -> None:
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _header(ws, names: Sequence[str], row: int = 1) -> None:
    for i, n in enumerate(names, 1):
        c = _put(ws, row, i, n)
        c.font = _BOLD
        c.fill = _HEADER_FILL
        c.alignment = _WRAP_TOP


def _fit_height(ws, row: int, widths: Sequence[float]) -> None:
    """A row height that shows all of its wrapped text (spreadsheets do not grow rows on opening)."""
    lines = 1
    for i, w in enumerate(widths, 1):
        value = ws.cell(row=row, column=i).value
        if value is None:
            continue
        per_line = max(1.0, w * 1.2)
        n = sum(max(1, math.ceil(len(part) / per_line)) for part in str(value).split("\n"))
        lines = max(lines, n)
    if lines > 1:
        ws.row_dimensions[row].height = min(409, 15 * lines + 2)


def _protect(ws) -> None:
    """Protect the sheet without a password: headers and texts locked, input cells (unlocked) editable; column
    widths and row heights may still be changed."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _input(c, value: Any = None, number_format: str | None = None) -> None:
    _set(c, value)
    c.protection = _UNLOCKED
    c.fill = _INPUT_FILL
    c.alignment = _WRAP_TOP
    if number_format:
        c.number_format = number_format


def _list_validation(ws, choices: Sequence[str], cells: str, title: str, prompt: str) -> DataValidation:
    dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
    dv.showErrorMessage = True
    dv.errorTitle = title
    dv.error = f"Choose one of: {', '.join(choices)} (or leave it blank)."
    dv.showInputMessage = True
    dv.promptTitle = title
    dv.prompt = prompt[:255]
    ws.add_data_validation(dv)
    dv.add(cells)
    return dv


def _subdomain_order(kb: KnowledgeBase) -> list[str]:
    return [s for o in sorted(kb.outcomes) for s in kb.subdomains_of(o)]


def _squash(text: str) -> str:
    return " ".join(str(text).split())


# --- writing: the intake workbook --------------------------------------------------------------------------------

RATING_HEADERS = ["Intermediate outcome", "Subdomain", "Title", "Phase", "Confidence", "Evidence", "Target phase"]
_RATING_WIDTHS = [24, 11, 30, 14, 12, 40, 14, 46, 46, 46, 46]
CONTEXT_HEADERS = ["Category", "Context id", "Applies (Yes/No)", "Title", "Description"]
_CONTEXT_WIDTHS = [28, 30, 12, 34, 80]
FIGURE_HEADERS = ["Figure", "Standard", "Your figure", "Unit", "What the standard says"]
_FIGURE_WIDTHS = [40, 14, 14, 30, 80]
_CATEGORIES = [("shock", "Shock"), ("stage", "Stage of the response (one at most, with a shock)"),
               ("capacity", "Government capacity"), ("office", "The office's own preconditions"),
               ("opportunity", "Opportunity")]


def template_workbook(kb: KnowledgeBase, as_of: _dt.date) -> bytes:
    """The intake workbook: Instructions, Assessment, Ratings, Context and Figures."""
    wb = Workbook()
    _instructions(wb.active, kb)
    _assessment_sheet(wb.create_sheet(SHEET_ASSESSMENT), as_of)
    _ratings_sheet(wb.create_sheet(SHEET_RATINGS), kb)
    _context_sheet(wb.create_sheet(SHEET_CONTEXT), kb)
    _figures_sheet(wb.create_sheet(SHEET_FIGURES), kb)
    if _checklist_rows(kb):
        _checklist_sheet(wb.create_sheet(SHEET_CHECKLIST), kb)
    wb.security = WorkbookProtection(lockStructure=True)  # sheets cannot be renamed, moved or deleted
    wb.active = 0
    return workbook_bytes(wb, "CPSS assessment")


def _instructions(ws, kb: KnowledgeBase) -> None:
    ws.title = "Instructions"
    ws.column_dimensions["A"].width = 110
    lines: list[tuple[str, Font | None]] = [
        ("CPSS assessment workbook (cpss-advisor)", _TITLE),
        ("", None),
        ("How to fill it", _BOLD),
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
        ("The phases", _BOLD),
    ]
    for n in sorted(kb.phases):
        p = kb.phases[n]
        lines.append((f"{n} {PHASE_CHOICES[n - 1]} ({p.name}): {_squash(p.description)}", None))
    lines += [
        ("", None),
        ("What confidence means", _BOLD),
        ("high: the rating rests on documents or data and is agreed (a law, a budget line, a review, a data system "
         "that can be seen).", None),
        ("medium: partly documented, or agreed by some of the people who know the system.", None),
        ("low: an informed judgement with little evidence behind it; check it first.", None),
        ("cpss robustness treats ratings as uncertain by their confidence (high: as given; medium or blank: one phase "
         "off in a quarter of the samples; low: in half) and reports how stable the plan is.", None),
        ("", None),
        ("Context combinations", _BOLD),
    ]
    for con in kb.constraints:
        lines.append((f"{', '.join(con.members)}: {_squash(con.reason)}", None))
    for i, (text, font) in enumerate(lines, 1):
        c = _put(ws, i, 1, text or None)
        c.alignment = Alignment(wrap_text=True, vertical="top")
        if font is not None:
            c.font = font
        _fit_height(ws, i, [110])
    _protect(ws)


def _assessment_sheet(ws, as_of: _dt.date) -> None:
    _header(ws, ["Field", "Value", "How to fill it"])
    rows = [
        ("Country", "Country name", "The country the assessment is about."),
        ("As of (YYYY-MM-DD)", as_of, "The date the ratings describe."),
        ("Notes", None, "Optional: anything a reader of the assessment should know."),
        ("Case management notes", None, "Optional: notes on the case management checklist (who reviewed it, when)."),
        ("Schema version", 1, "The version of the assessment format; leave it as 1."),
    ]
    for i, (label, value, help_text) in enumerate(rows, 2):
        _put(ws, i, 1, label).font = _BOLD
        if label == "Schema version":
            _put(ws, i, 2, value)
        else:
            _input(ws.cell(row=i, column=2), value, "yyyy-mm-dd" if label.startswith("As of") else None)
        _put(ws, i, 3, help_text).alignment = _WRAP_TOP
    _widths(ws, [22, 40, 60])
    ws.freeze_panes = "A2"
    _protect(ws)


def _ratings_sheet(ws, kb: KnowledgeBase) -> None:
    phase_headers = [f"{n} {PHASE_CHOICES[n - 1]}: criteria" for n in sorted(kb.phases)]
    _header(ws, RATING_HEADERS + phase_headers)
    sids = _subdomain_order(kb)
    for r, sid in enumerate(sids, 2):
        sd = kb.subdomains[sid]
        _put(ws, r, 1, f"{sd.outcome}. {kb.outcomes[sd.outcome].title}")
        c = _put(ws, r, 2, sid)
        c.number_format = "@"  # text, so that "3.3" stays the id and never becomes a number or a date
        c.font = _BOLD
        _put(ws, r, 3, sd.title)
        for col in (4, 5, 6, 7):
            _input(ws.cell(row=r, column=col))
        for n in sorted(kb.phases):
            crit = kb.criteria.get((sid, n))
            _put(ws, r, 7 + n, _squash(crit.summary) if crit else None)
        for col in range(1, len(_RATING_WIDTHS) + 1):
            if col not in (4, 5, 6, 7):
                ws.cell(row=r, column=col).alignment = _WRAP_TOP
        _fit_height(ws, r, _RATING_WIDTHS)
    last = len(sids) + 1
    _list_validation(ws, PHASE_CHOICES, f"D2:D{last}", "Phase",
                     "The phase whose description fits best; the criteria of each phase are in columns H to K.")
    _list_validation(ws, CONFIDENCE_CHOICES, f"E2:E{last}", "Confidence",
                     "How sure the rating is: high (documented and agreed), medium, low (little evidence).")
    _list_validation(ws, PHASE_CHOICES, f"G2:G{last}", "Target phase",
                     "Optional: the phase to reach over the planning horizon (above the current phase).")
    _widths(ws, _RATING_WIDTHS)
    ws.freeze_panes = "D2"
    _protect(ws)


def _context_sheet(ws, kb: KnowledgeBase) -> None:
    _header(ws, CONTEXT_HEADERS)
    r = 2
    for cat, label in _CATEGORIES:
        for ctx in sorted((c for c in kb.contexts.values() if c.category == cat), key=lambda c: c.id):
            _put(ws, r, 1, label)
            _put(ws, r, 2, ctx.id).font = _BOLD
            _input(ws.cell(row=r, column=3), NO)
            _put(ws, r, 4, ctx.title)
            _put(ws, r, 5, _squash(ctx.description))
            for col in (1, 2, 4, 5):
                ws.cell(row=r, column=col).alignment = _WRAP_TOP
            _fit_height(ws, r, _CONTEXT_WIDTHS)
            r += 1
    _list_validation(ws, [YES, NO], f"C2:C{r - 1}", "Applies", "Yes if this applies to the country now; blank is No.")
    _widths(ws, _CONTEXT_WIDTHS)
    ws.freeze_panes = "A2"
    _protect(ws)


def _figures_sheet(ws, kb: KnowledgeBase) -> None:
    _header(ws, FIGURE_HEADERS)
    standards = sorted(kb.standards().items())
    for r, (metric, s) in enumerate(standards, 2):
        _put(ws, r, 1, metric).font = _BOLD
        _put(ws, r, 2, f"{'at most' if s.comparison == 'max' else 'at least'} {s.limit:g}")
        _input(ws.cell(row=r, column=3))
        _put(ws, r, 4, s.unit)
        _put(ws, r, 5, _squash(s.text))
        for col in (1, 2, 4, 5):
            ws.cell(row=r, column=col).alignment = _WRAP_TOP
        _fit_height(ws, r, _FIGURE_WIDTHS)
    if standards:
        last = len(standards) + 1
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="1000000", allow_blank=True)
        dv.showErrorMessage = True
        dv.errorTitle = "Not a figure"
        dv.error = "Write a number of 0 or more (a count or a number of months), or leave it blank."
        ws.add_data_validation(dv)
        dv.add(f"C2:C{last}")
    _widths(ws, _FIGURE_WIDTHS)
    ws.freeze_panes = "A2"
    _protect(ws)


CHECKLIST_HEADERS = ["Dimension", "Level step", "Action id", "Done (Yes/No)", "Checklist action"]
_CHECKLIST_WIDTHS = [34, 30, 36, 10, 80]


def _checklist_sheet(ws, kb: KnowledgeBase) -> None:
    _header(ws, CHECKLIST_HEADERS)
    levels = {lv.level: lv.name for lv in kb.case_management.levels} if kb.case_management else {}
    rows = _checklist_rows(kb)
    for r, (dimension, a, b, action) in enumerate(rows, 2):
        _put(ws, r, 1, dimension)
        _put(ws, r, 2, f"{a} {levels.get(a, '')} -> {b} {levels.get(b, '')}".replace("  ", " "))
        _put(ws, r, 3, action.id).font = _BOLD
        _input(ws.cell(row=r, column=4), NO)
        _put(ws, r, 5, _squash(action.text))
        for col in (1, 2, 3, 5):
            ws.cell(row=r, column=col).alignment = _WRAP_TOP
        _fit_height(ws, r, _CHECKLIST_WIDTHS)
    _list_validation(ws, [YES, NO], f"D2:D{len(rows) + 1}", "Done", "Yes if this action is done; blank is No.")
    _widths(ws, _CHECKLIST_WIDTHS)
    ws.freeze_panes = "A2"
    _protect(ws)


# --- writing: the plan workbook ----------------------------------------------------------------------------------

PLAN_HEADERS = ["Rank", "Period", "Months", "Track", "Step", "Subdomain", "From phase", "To phase", "Score",
                "Score terms", "Interventions", "Lead actors", "Rationale", "Requires", "Unblocks"]
_PLAN_WIDTHS = [6, 7, 8, 9, 10, 30, 20, 20, 7, 44, 60, 36, 80, 14, 14]


def plan_workbook(plan, kb: KnowledgeBase) -> bytes:
    """The plan (a `plan_model.Plan`) as a workbook: Plan, Roadmap, Phases (with a bar chart), Deferred,
    Warnings and Provenance."""
    data = plan.model_dump(mode="json")
    wb = Workbook()
    _plan_sheet(wb.active, data, kb)
    _roadmap_sheet(wb.create_sheet("Roadmap"), data, kb)
    _phases_sheet(wb.create_sheet("Phases"), data, kb)
    _deferred_sheet(wb.create_sheet("Deferred"), data, kb)
    _warnings_sheet(wb.create_sheet("Warnings"), data)
    _provenance_sheet(wb.create_sheet("Provenance"), data)
    wb.active = 0
    return workbook_bytes(wb, f"CPSS plan for {data.get('country', '')}")


def _phase_label(kb: KnowledgeBase, n: int | None) -> str | None:
    return None if n is None else f"{n} {kb.phases[n].name}" if n in kb.phases else str(n)


def _bullets(items: Iterable[str]) -> str | None:
    items = [i for i in items if i]
    return "\n".join(f"- {i}" for i in items) if items else None


def _rows(ws, rows: Iterable[Sequence[Any]], widths: Sequence[float], start: int = 2) -> int:
    r = start
    for values in rows:
        for c, v in enumerate(values, 1):
            _put(ws, r, c, v).alignment = _WRAP_TOP
        _fit_height(ws, r, widths)
        r += 1
    return r - 1


def _plan_sheet(ws, data: dict, kb: KnowledgeBase) -> None:
    ws.title = "Plan"
    _header(ws, PLAN_HEADERS)
    actors = {a.id: a.title for a in kb.vocabulary.actors} if kb.vocabulary else {}
    rows = []
    for rec in sorted(data.get("recommendations", []), key=lambda x: x["rank"]):
        ivs = rec.get("interventions", [])
        leads = sorted({a for iv in ivs for a in iv.get("lead_actors", [])})
        rows.append([
            rec["rank"], rec["wave"], f"{rec['start_month']}-{rec['end_month']}", rec["track"], rec["id"],
            f"{rec['subdomain']} {rec.get('subdomain_title') or kb.subdomains[rec['subdomain']].title}",
            _phase_label(kb, rec["from_phase"]), _phase_label(kb, rec["to_phase"]), rec["score"],
            _bullets(f"{t['weight']:+g} {t['label']} [{t['rule']}]" for t in rec.get("score_terms", [])),
            _bullets(f"{iv['title']} [{iv['id']}]" for iv in ivs),
            ", ".join(actors.get(a, a) for a in leads) or None,
            _bullets(x.get("text", "") for x in rec.get("rationale", [])),
            ", ".join(rec.get("requires", [])) or None,
            ", ".join(rec.get("unblocks", [])) or None,
        ])
    last = _rows(ws, rows, _PLAN_WIDTHS)
    _widths(ws, _PLAN_WIDTHS)
    ws.freeze_panes = "F2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(PLAN_HEADERS))}{max(last, 1)}"


def _roadmap_sheet(ws, data: dict, kb: KnowledgeBase) -> None:
    waves = [w["wave"] for w in data.get("waves", [])]
    months = {w["wave"]: w["months"] for w in data.get("waves", [])}
    headers = ["Subdomain", "Title"] + [f"Period {w} (months {months[w]})" for w in waves] + ["Deferred"]
    _header(ws, headers)
    cells: dict[tuple[str, Any], list[str]] = {}
    for rec in sorted(data.get("recommendations", []), key=lambda x: x["rank"]):
        cells.setdefault((rec["subdomain"], rec["wave"]), []).append(rec["id"])
    for d in data.get("deferred", []):
        cells.setdefault((d["subdomain"], "deferred"), []).append(d["id"])
    widths = [11, 34] + [18] * len(waves) + [18]
    rows = []
    for sid in _subdomain_order(kb):
        row = [sid, kb.subdomains[sid].title]
        row += ["\n".join(cells.get((sid, w), [])) or None for w in waves]
        row.append("\n".join(cells.get((sid, "deferred"), [])) or None)
        rows.append(row)
    _rows(ws, rows, widths)
    _widths(ws, widths)
    ws.freeze_panes = "C2"


def _phases_sheet(ws, data: dict, kb: KnowledgeBase) -> None:
    _header(ws, ["Subdomain", "Title", "Current phase", "Target phase"])
    current = {r["subdomain"]: r["phase"] for r in data.get("ratings", [])}
    target = {t["subdomain"]: t["phase"] for t in data.get("targets", [])}
    sids = _subdomain_order(kb)
    rows = [[sid, kb.subdomains[sid].title, current.get(sid), target.get(sid, current.get(sid))] for sid in sids]
    last = _rows(ws, rows, [11, 34, 14, 14])
    _widths(ws, [11, 34, 14, 14])
    ws.freeze_panes = "A2"
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = "Current and target phase by subdomain"
    chart.y_axis.title = "Phase (1 Building - 4 Maturity)"
    chart.x_axis.title = "Subdomain"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 4
    chart.y_axis.majorUnit = 1
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    chart.add_data(Reference(ws, min_col=3, max_col=4, min_row=1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=last))
    chart.width = 26
    chart.height = 12
    ws.add_chart(chart, "F2")


def _deferred_sheet(ws, data: dict, kb: KnowledgeBase) -> None:
    headers = ["Step", "Subdomain", "From phase", "To phase", "Score", "Reason", "Requires", "Not before wave"]
    widths = [10, 30, 20, 20, 7, 70, 16, 10]
    _header(ws, headers)
    rows = [[d["id"], f"{d['subdomain']} {kb.subdomains[d['subdomain']].title}",
             _phase_label(kb, d["from_phase"]), _phase_label(kb, d["to_phase"]), d["score"], d.get("reason"),
             ", ".join(d.get("requires", [])) or None, d.get("not_before")]
            for d in data.get("deferred", [])]
    _rows(ws, rows, widths)
    _widths(ws, widths)
    ws.freeze_panes = "A2"


def _warnings_sheet(ws, data: dict) -> None:
    headers = ["Kind", "Code", "Subdomains", "Text", "Rule or place"]
    widths = [10, 22, 14, 90, 30]
    _header(ws, headers)
    rows = [["advice", a.get("code"), None, a.get("text"), a.get("rule")] for a in data.get("advice", [])]
    for w in data.get("warnings", []):
        subs = w.get("subdomains") or ([w["subdomain"]] if w.get("subdomain") else [])
        rows.append(["warning", w.get("code"), ", ".join(subs) or None, w.get("text"), w.get("rule") or w.get("at")])
    _rows(ws, rows, widths)
    _widths(ws, widths)
    ws.freeze_panes = "A2"


def _provenance_sheet(ws, data: dict) -> None:
    _header(ws, ["Field", "Value"])
    prov = data.get("provenance", {})
    rows = [
        ("Country", data.get("country")),
        ("As of", data.get("as_of")),
        ("Horizon (years)", data.get("horizon_years")),
        ("Capacity (steps starting per wave)", data.get("capacity")),
        ("Waves", ", ".join(f"{w['wave']}: months {w['months']}" for w in data.get("waves", [])) or None),
        ("Context", ", ".join(data.get("context", [])) or "none given"),
        ("Subdomains rated", f"{len(data.get('ratings', []))} of {len(data.get('ratings', [])) + len(data.get('unrated', []))}"),
        ("Unrated", ", ".join(data.get("unrated", [])) or None),
        ("Steps planned", len(data.get("recommendations", []))),
        ("Steps deferred", len(data.get("deferred", []))),
        ("Plan schema version", data.get("schema_version")),
    ] + [(k.replace("_", " "), prov[k]) for k in sorted(prov)]
    _rows(ws, rows, [36, 70])
    _widths(ws, [36, 70])
