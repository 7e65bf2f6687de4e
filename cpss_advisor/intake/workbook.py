"""Reading the intake workbook (`cpss template --format xlsx`) back into an assessment.

Country offices work in Excel and plan in workshops. `cpss_advisor.render.template_workbook` writes a blank
assessment as a workbook (drop-downs for phases, confidence, targets and context flags; the criteria of each phase
beside every subdomain; protected headers, unlocked input cells). `load_workbook_assessment` reads a filled one into the same plain data as a YAML
assessment (a `WorkbookDocument`), so `assessment_from_document` validates both through the same models and checks
and the two give identical assessments. Every problem names its sheet and cell (``Ratings!D7``).

Columns are found by their header names, not their letters, and values are normalised the way Excel and
LibreOffice hand them back (numbers as text, text as numbers, dates as serial numbers, TRUE for Yes), so a
re-saved, re-ordered or extended workbook still reads. The input is read once into memory and never written.
Reading is bounded whatever the file holds: only the sheets used are read, streamed (openpyxl's read-only mode),
each part of the package has a size limit, a sheet is read to `MAX_SHEET_ROWS` rows (data past them is an
error), and at most `MAX_READ_PROBLEMS` problems are kept (the rest are counted). Control characters in a cell
are refused with the cell.
The package is opened by `cpss_advisor.intake.xlsx_package`, which bounds what is read.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import math
import re
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Sequence

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from .assessment import PHASE_ALLOWED, PHASE_NAMES, Assessment, assessment_from_document
from ..core.control_characters import HINT as CONTROL_HINT
from ..core.control_characters import ONE_LINE_HINT, describe, first_control
from ..core.document import Document
from ..core.translatable import M_, Message
from ..core.validation import CustomMessage, dotted_path
from ..core.errors import MORE_PROBLEMS, InputError, Problem, shorten, shown
from ..kb.knowledge_base import KnowledgeBase
from .sheet_words import (
    NO_WORDS,
    SHEET_ASSESSMENT,
    SHEET_CHECKLIST,
    SHEET_CONTEXT,
    SHEET_FIGURES,
    SHEET_RATINGS,
    YES_WORDS,
    assessment_labels,
    columns,
    confidence,
    norm_header,
    sheet_names,
)
from .xlsx_package import open_elsewhere_notice, open_workbook, read_bytes

REQUIRED_SHEETS = (SHEET_ASSESSMENT, SHEET_RATINGS, SHEET_CONTEXT, SHEET_FIGURES)

PHASE_CHOICES = [PHASE_NAMES[n].capitalize() for n in sorted(PHASE_NAMES)]  # Building, Enhancement, ...

#: Rows read on a sheet (header included); a value in the rows after them is an error. The template has at most a
#: few hundred.
MAX_SHEET_ROWS = 2000
#: Rows after MAX_SHEET_ROWS looked at for values.
ROWS_LOOKED_PAST = 2000
#: Problems kept while reading a workbook; the rest are counted.
MAX_READ_PROBLEMS = 500
#: The header row is looked for in the first rows of a sheet (a title row above it is fine).
HEADER_SEARCH_ROWS = 10




# --- reading -----------------------------------------------------------------------------------------------------

@dataclass
class WorkbookDocument(Document):
    """A workbook read into the plain data of an assessment, with the cell behind every value.

    `problem` turns a path such as ``("ratings", "3.3", "phase")`` into ``Ratings!D7`` and words the message for a
    spreadsheet (no YAML paths; phases as the drop-down spells them).
    """

    cells: dict[tuple, str] = field(default_factory=dict)      # path -> "Sheet!A1" of the value
    key_cells: dict[tuple, str] = field(default_factory=dict)  # path -> cell of its key (subdomain id, metric, ...)

    def locate(self, loc, *, at: str = "value"):
        return (None, None)

    def cell_of(self, loc: Sequence, *, key: bool = False) -> str | None:
        loc = tuple(loc)
        for n in range(len(loc), -1, -1):
            part = loc[:n]
            found = (self.key_cells.get(part) if key else None) or self.cells.get(part)
            if found:
                return found
        return None

    def problem(self, loc, code: str, message: str, hint: str | None = None, *, at: str = "value") -> Problem:
        loc = tuple(loc)
        if code == "missing-field":
            m = re.match(r"missing required field '([^']+)'", message)
            if m:
                loc = loc + (m.group(1),)
                message = _missing_message(loc)
        cell = self.cell_of(loc, key=at == "key" or code in {"unknown-context", "unknown-action"})
        return Problem(self.path, None, None, code, _sheet_words(loc, message), _sheet_hint(hint), cell=cell)


def _missing_message(loc: tuple) -> str:
    if loc == ("country",):
        return M_("the country is empty; write the country's name")
    if loc == ("as_of",):
        return M_("the as-of date is empty; write it as YYYY-MM-DD")
    if len(loc) == 3 and loc[0] == "ratings" and loc[2] == "phase":
        return M_("%(subdomain)s has a confidence or evidence but no phase; choose its phase or clear the row",
                  subdomain=loc[1])
    return M_("%(field)s is empty", field=dotted_path(loc))


def _sheet_words(loc: tuple, message: str) -> str:
    """A message said of a cell: without the field's path, with the drop-down's phase names; still translatable."""
    where = dotted_path(loc)
    if isinstance(message, Message) and message.template == "%(where)s: %(message)s" and message.args["where"] == where:
        message = message.args["message"]
    elif where and message.startswith(where + ": "):
        message = message[len(where) + 2:]
    choices, ctx = ", ".join(PHASE_CHOICES), getattr(message, "ctx", None)
    if PHASE_ALLOWED in message and ctx is not None and ctx.get("allowed") == PHASE_ALLOWED:
        return CustomMessage(message.replace(PHASE_ALLOWED, choices), {**ctx, "allowed": choices})
    return message.replace(PHASE_ALLOWED, choices) if PHASE_ALLOWED in message else message


def _sheet_hint(hint: Any) -> Any:
    if isinstance(hint, Message):  # the same message, its values as the drop-down writes them
        return Message(hint.template, {k: _sheet_hint(v) for k, v in hint.args.items()}, hint.plural, hint.n)
    if isinstance(hint, str):
        for name in PHASE_NAMES.values():
            hint = hint.replace(f"'{name}'", f"'{name.capitalize()}'")
    return hint


def load_workbook_assessment(path: str | Path, kb: KnowledgeBase, raw: bytes | None = None, *,
                             today: _dt.date | None = None, lock_check: bool | None = None) -> Assessment:
    """Read and validate an intake workbook (`raw`: its bytes, when already read); `InputError` names the sheet and
    cell of every problem. Assessments come in through `cpss_advisor.intake.load`, which calls this.

    A workbook that is open in another program (a lock file beside it) is read as last saved; a notice says so,
    among the warnings of a valid assessment or beside the errors of an invalid one (`lock_check`: whether to look
    for the lock file; by default, when the file is read here). `today`: as for `assessment_from_document`.
    """
    notice = open_elsewhere_notice(path) if (raw is None if lock_check is None else lock_check) else None
    try:
        with warnings.catch_warnings():
            # openpyxl warns of a date-formatted cell whose serial number is past any date, and reads it as an
            # error value, which the reader then reports at its cell.
            warnings.filterwarnings("ignore", message=r"Cell .* is marked as a date", category=UserWarning)
            doc, errors = _read_workbook(path, kb, raw)
    except InputError as exc:
        raise InputError([*exc.problems, *([notice] if notice else [])]) from None
    try:
        # the rows that could be read are checked too: every problem at once (one per cell)
        a = assessment_from_document(doc, kb, today=today)
    except InputError as exc:
        taken = {p.cell for p in errors if p.cell}
        unreadable = any(p.code == "missing-header" and (p.cell or "").startswith(SHEET_RATINGS + "!") for p in errors)
        errors = [*errors, *(p for p in exc.problems if (p.cell is None or p.cell not in taken)
                             and not (unreadable and p.code == "nothing-rated"))]
    if errors:
        raise InputError([*errors, *([notice] if notice else [])])
    return a if notice is None else replace(a, warnings=(notice, *a.warnings))


def _read_workbook(path: str | Path, kb: KnowledgeBase, raw: bytes | None = None) -> tuple[WorkbookDocument, list[Problem]]:
    """`raw`: the workbook's bytes when already read (a decision record embeds them); else the file is read."""
    name = str(path)
    raw = read_bytes(path) if raw is None else raw
    wb = open_workbook(raw, name, [t for s in (*REQUIRED_SHEETS, SHEET_CHECKLIST) for t in sheet_names(s)])
    try:
        reader = _Reader(name, kb, wb.epoch)
        sheets = reader.sheets(wb)
        reader.assessment(sheets[SHEET_ASSESSMENT])
        reader.ratings(sheets[SHEET_RATINGS])
        reader.context(sheets[SHEET_CONTEXT])
        reader.figures(sheets[SHEET_FIGURES])
        reader.checklist(sheets.get(SHEET_CHECKLIST))
    finally:
        wb.close()
    errors = reader.errors
    if reader.dropped:
        errors = [*errors, Problem(name, None, None, MORE_PROBLEMS, f"... and {reader.dropped:,} more problems",
                                   omitted=reader.dropped)]
    return (WorkbookDocument(name, reader.data, None, "", hashlib.sha256(raw).hexdigest(),
                             cells=reader.cells, key_cells=reader.key_cells), errors)


class _Reader:
    def __init__(self, name: str, kb: KnowledgeBase, epoch):
        self.name = name
        self.kb = kb
        self.epoch = epoch
        self.data: dict[str, Any] = {"schema_version": 1}
        self.cells: dict[tuple, str] = {(): SHEET_ASSESSMENT}
        self.key_cells: dict[tuple, str] = {}
        self.errors: list[Problem] = []
        self.dropped = 0  # problems past MAX_READ_PROBLEMS, counted

    def error(self, cell: str, code: str, message: str, hint: str | None = None) -> None:
        if len(self.errors) >= MAX_READ_PROBLEMS:
            self.dropped += 1
            return
        self.errors.append(Problem(self.name, None, None, code, message, hint, cell=cell))

    def clean(self, ws, row: int, col: int, field: str, value: Any, *, multiline: bool = False) -> Any:
        """A cell's text, if it has no control character; else an error at the cell (and the text is kept, so that
        the row is still checked)."""
        if isinstance(value, str):
            ch = first_control(value, multiline=multiline)
            if ch is not None:
                what = "line break" if ch in "\n\r" else "tab" if ch == "\t" else "control character"
                self.error(self.where(ws, row, col), "control-character",
                           f"{field}: the text contains the {what} {describe(ch)}, which is not allowed here",
                           CONTROL_HINT if multiline else ONE_LINE_HINT)
        return value

    def iter_rows(self, ws, min_row: int, max_col: int | None = None) -> Iterable[tuple[int, tuple]]:
        """(row number, cells) of the rows from `min_row` to MAX_SHEET_ROWS; a value in the rows after them is an
        error at its cell."""
        r = min_row - 1
        for r, row in enumerate(ws.iter_rows(min_row=min_row, max_row=MAX_SHEET_ROWS, max_col=max_col), min_row):
            yield r, row
        last = max(r, MAX_SHEET_ROWS)
        for r, row in enumerate(ws.iter_rows(min_row=last + 1, max_row=last + ROWS_LOOKED_PAST, max_col=max_col),
                                last + 1):
            c = next((i for i, cell in enumerate(row, 1) if _plain(getattr(cell, "value", None)) is not None), None)
            if c is not None:
                # At the sheet, so that it is listed first among the sheet's problems.
                self.error(ws.title, "too-many-rows",
                           f"the sheet is read to row {MAX_SHEET_ROWS:,}, and it has values after it (from "
                           f"{self.where(ws, r, c).partition('!')[2]}), which are not read",
                           "an assessment sheet has a few hundred rows at most: move other data to another "
                           "workbook, or clear the rows")
                return

    def sheets(self, wb) -> dict:
        found = {ws.title.strip().lower(): ws for ws in wb.worksheets}
        for s in (*REQUIRED_SHEETS, SHEET_CHECKLIST):  # a sheet by its name in any language
            title = next((t.lower() for t in sheet_names(s) if t.lower() in found), None)
            if title is not None:
                found.setdefault(s.lower(), found[title])
        missing = [s for s in REQUIRED_SHEETS if s.lower() not in found]
        if missing:
            have = ", ".join(repr(ws.title) for ws in wb.worksheets) or "none"
            raise InputError(Problem(
                self.name, None, None, "missing-sheet",
                f"the sheet{'s' if len(missing) > 1 else ''} {', '.join(repr(m) for m in missing)} "
                f"{'are' if len(missing) > 1 else 'is'} missing; the workbook has {have}",
                "an assessment workbook has the sheets " + ", ".join(REQUIRED_SHEETS) +
                "; restore the sheet (or its name), or start from 'cpss template --format xlsx'"))
        return {s: found[s.lower()] for s in (*REQUIRED_SHEETS, SHEET_CHECKLIST) if s.lower() in found}

    def where(self, ws, row: int, col: int) -> str:
        return f"{ws.title}!{get_column_letter(col)}{row}"

    # -- the sheets --

    def assessment(self, ws) -> None:
        seen: dict[str, int] = {}
        for r, row in self.iter_rows(ws, 1, max_col=2):
            if not row:
                continue
            label = norm_header(row[0].value)
            fieldname = assessment_labels().get(label)
            if fieldname is None:
                continue
            if fieldname in seen:
                self.error(self.where(ws, r, 1), "repeated-row",
                           f"'{row[0].value}' is also in row {seen[fieldname]}; keep one row for it")
                continue
            seen[fieldname] = r
            where = self.where(ws, r, 2)
            self.cells[("case_management", "notes") if fieldname == "cm_notes" else (fieldname,)] = where
            value = self.clean(ws, r, 2, str(row[0].value).strip(), _plain(row[1].value if len(row) > 1 else None),
                               multiline=fieldname in ("notes", "cm_notes"))
            if fieldname == "as_of":
                value = self._date(value)
            elif fieldname == "schema_version":
                value = 1 if value is None else _whole(value)
            elif value is not None:
                value = _text(value)
            if value is not None:
                self.data[fieldname] = value

    def checklist(self, ws) -> None:
        """The case management checklist: the actions marked done. It counts (as a `case_management:` section)
        only when an action is marked done or there are case management notes; a workbook without the sheet has
        no such section."""
        notes = self.data.pop("cm_notes", None)
        done: list[str] = []
        if ws is not None:
            found = self.header(ws, columns("checklist"), ("id", "done"), {"id": "Action id"})
            if found is None:
                return
            header_row, cols = found
            self.cells[("case_management",)] = self.cells[("case_management", "done")] = ws.title
            actions = set(self.kb.checklist.actions)
            seen: dict[str, int] = {}
            for r, v in self.rows(ws, header_row, cols):
                aid = None if v["id"] is None else _text(v["id"]).strip().lower()
                answer = _yes_no(v["done"])
                if answer is None:
                    self.error(self.where(ws, r, cols["done"]), "bad-yes-no",
                               f"{_shown(v['done'])} is not Yes or No", "choose Yes or No from the drop-down")
                    continue
                if aid is None:
                    if answer:
                        self.error(self.where(ws, r, cols["done"]), "no-action", "Yes in a row without an action id",
                                   f"write the action id in {get_column_letter(cols['id'])}{r}, or clear the row")
                    continue
                if aid not in actions and not answer:
                    continue
                if aid in seen:
                    self.error(self.where(ws, r, cols["id"]), "repeated-action",
                               f"checklist action '{aid}' is also in row {seen[aid]}; keep one row per action")
                    continue
                seen[aid] = r
                if answer:
                    i = len(done)
                    done.append(aid)
                    self.cells[("case_management", "done", i)] = self.where(ws, r, cols["done"])
                    self.key_cells[("case_management", "done", i)] = self.where(ws, r, cols["id"])
        if done or notes is not None:
            self.data["case_management"] = {"done": done, **({"notes": _text(notes)} if notes is not None else {})}

    def _date(self, value: Any) -> Any:
        if isinstance(value, _dt.datetime):
            return value.date()
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 2958466:
            # A date cell that lost its date format comes back as Excel's serial day number.
            return from_excel(value, self.epoch).date()
        if isinstance(value, str):
            m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:[ T]00:00(?::00(?:\.0+)?)?)?", value)
            return m.group(1) if m else value
        return value

    def header(self, ws, columns: dict[str, set[str]], required: Sequence[str],
               labels: dict[str, str] | None = None) -> tuple[int, dict[str, int]] | None:
        for r, row in enumerate(ws.iter_rows(min_row=1, max_row=HEADER_SEARCH_ROWS), 1):
            found: dict[str, int] = {}
            for c, cell in enumerate(row, 1):
                h = norm_header(getattr(cell, "value", None))
                for key, names in columns.items():
                    if h in names and key not in found:
                        found[key] = c
            if all(k in found for k in required):
                return r, found
        wanted = " and ".join(repr({**_HEADER_TEXT, **(labels or {})}[k]) for k in required)
        self.error(f"{ws.title}!A1", "missing-header",
                   f"no header row with the columns {wanted} in the first {HEADER_SEARCH_ROWS} rows",
                   "columns are found by their header names; restore the header row from "
                   "'cpss template --format xlsx'")
        return None

    def rows(self, ws, header_row: int, columns: dict[str, int]) -> Iterable[tuple[int, dict[str, Any]]]:
        last = max(columns.values())
        for r, row in self.iter_rows(ws, header_row + 1, max_col=last):
            if not row:
                continue
            values = {k: self.clean(ws, r, c, _FIELD_WORDS.get(k, k),
                                    _plain(getattr(row[c - 1], "value", None)) if c - 1 < len(row) else None,
                                    multiline=k == "evidence")
                      for k, c in columns.items()}
            yield r, values

    def ratings(self, ws) -> None:
        found = self.header(ws, columns("ratings"), ("subdomain", "phase"))
        if found is None:
            return
        header_row, cols = found
        self.cells[("ratings",)] = self.cells[("targets",)] = ws.title
        self.key_cells[("ratings",)] = self.where(ws, header_row + 1, cols["phase"])  # where rating starts
        ratings: dict[str, dict] = {}
        targets: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for r, v in self.rows(ws, header_row, cols):
            sid = _subdomain_id(v["subdomain"])
            inputs = [k for k in ("phase", "confidence", "evidence", "target") if k in cols and v.get(k) is not None]
            if sid is None:
                if inputs:
                    first = inputs[0]
                    self.error(self.where(ws, r, cols[first]), "no-subdomain",
                               f"a {first} in a row without a subdomain",
                               f"write the subdomain id in {get_column_letter(cols['subdomain'])}{r}, or clear the row")
                continue
            if sid not in self.kb.subdomains and not inputs:
                continue  # a note or a blank row for an id that is not a subdomain
            if sid in seen:
                self.error(self.where(ws, r, cols["subdomain"]), "repeated-subdomain",
                           f"subdomain '{sid}' is also in row {seen[sid]}; keep one row per subdomain")
                continue
            seen[sid] = r
            self.key_cells[("ratings", sid)] = self.key_cells[("targets", sid)] = self.where(ws, r, cols["subdomain"])
            self.cells[("ratings", sid)] = self.where(ws, r, cols["phase"])
            rating: dict[str, Any] = {}
            for k in ("phase", "confidence", "evidence"):
                if k not in cols:
                    continue
                self.cells[("ratings", sid, k)] = self.where(ws, r, cols[k])
                value = v[k]
                if value is None:
                    continue
                if k == "confidence" and isinstance(value, str):
                    value = confidence(value)
                elif k == "evidence":
                    value = _text(value)
                rating[k] = value
            if rating:
                ratings[sid] = rating
            if "target" in cols:
                self.cells[("targets", sid)] = self.where(ws, r, cols["target"])
                if v["target"] is not None:
                    targets[sid] = v["target"]
        self.data["ratings"] = ratings
        self.data["targets"] = targets

    def context(self, ws) -> None:
        found = self.header(ws, columns("context"), ("id", "applies"))
        if found is None:
            return
        header_row, cols = found
        self.cells[("context",)] = ws.title
        present: list[str] = []
        seen: dict[str, int] = {}
        for r, v in self.rows(ws, header_row, cols):
            cid = v["id"]
            if cid is not None:
                cid = "_".join(_text(cid).lower().split())
            answer = _yes_no(v["applies"])
            if answer is None:
                self.error(self.where(ws, r, cols["applies"]), "bad-yes-no",
                           f"{_shown(v['applies'])} is not Yes or No", "choose Yes or No from the drop-down")
                continue
            if cid is None:
                if answer:
                    self.error(self.where(ws, r, cols["applies"]), "no-context",
                               "Yes in a row without a context id",
                               f"write the context id in {get_column_letter(cols['id'])}{r}, or clear the row")
                continue
            if cid not in self.kb.contexts and not answer:
                continue
            if cid in seen:
                self.error(self.where(ws, r, cols["id"]), "repeated-context",
                           f"context '{cid}' is also in row {seen[cid]}; keep one row per context")
                continue
            seen[cid] = r
            if answer:
                i = len(present)
                present.append(cid)
                self.cells[("context", i)] = self.where(ws, r, cols["applies"])
                self.key_cells[("context", i)] = self.where(ws, r, cols["id"])
        self.data["context"] = present

    def figures(self, ws) -> None:
        found = self.header(ws, columns("figures"), ("metric", "value"))
        if found is None:
            return
        header_row, cols = found
        self.cells[("figures",)] = ws.title
        figures: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for r, v in self.rows(ws, header_row, cols):
            metric = None if v["metric"] is None else "_".join(_text(v["metric"]).lower().split())
            value = _number(v["value"])
            if metric is None:
                if value is not None:
                    self.error(self.where(ws, r, cols["value"]), "no-figure",
                               "a figure in a row without its name",
                               f"write the figure's name in {get_column_letter(cols['metric'])}{r}, or clear the row")
                continue
            if value is None:
                continue
            if metric in seen:
                self.error(self.where(ws, r, cols["metric"]), "repeated-figure",
                           f"figure '{metric}' is also in row {seen[metric]}; keep one row per figure")
                continue
            seen[metric] = r
            self.cells[("figures", metric)] = self.where(ws, r, cols["value"])
            self.key_cells[("figures", metric)] = self.where(ws, r, cols["metric"])
            figures[metric] = value
        self.data["figures"] = figures


_FIELD_WORDS = {"subdomain": "subdomain", "phase": "phase", "confidence": "confidence", "evidence": "evidence",
                "target": "target", "id": "id", "applies": "applies", "metric": "figure", "value": "figure value",
                "done": "done"}

_HEADER_TEXT = {"subdomain": "Subdomain", "phase": "Phase", "id": "Context id", "applies": "Applies",
                "metric": "Figure", "value": "Your figure", "done": "Done"}


def _plain(value: Any) -> Any:
    """A cell value as the YAML reader would give it: text trimmed (blank is None), whole floats kept as numbers."""
    if isinstance(value, str):
        text = value.replace("\u00a0", " ").replace("\r\n", "\n").strip()
        return text or None
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, (_dt.time, _dt.timedelta)):
        return str(value)
    return value


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat(sep=" ")
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


def _whole(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return value


def _number(value: Any) -> Any:
    """Figures typed as text ("38", "12.5", "12,5", "1,200") become numbers; anything else is left for the model."""
    if not isinstance(value, str):
        return value
    s = re.sub(r"[\s\u00a0\u202f']", "", value)
    if re.fullmatch(r"\d+(\.\d+)?", s):
        return float(s) if "." in s else int(s)
    if re.fullmatch(r"\d{1,3}(,\d{3})+", s):
        return int(s.replace(",", ""))
    if re.fullmatch(r"\d+,\d+", s):
        return float(s.replace(",", "."))
    return value


def _subdomain_id(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return _text(value)
    if isinstance(value, (_dt.date, _dt.datetime)):
        # Typed into a cell without the text format, "6.4" becomes 6 April in a day.month locale.
        return f"{value.day}.{value.month}"
    if isinstance(value, float):
        return f"{value:.10g}"
    text = _text(value).strip()
    m = re.match(r"(\d+)\s*[.,]\s*(\d+)(?!\d)", text)
    return f"{m.group(1)}.{m.group(2)}" if m else text


def _yes_no(value: Any) -> bool | None:
    """True for Yes, False for No or blank, None for anything else."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return {1: True, 0: False}.get(value)  # type: ignore[arg-type]
    text = _text(value).strip().lower()
    if text in YES_WORDS:
        return True
    if text in NO_WORDS:
        return False
    return None


def _shown(value: Any) -> str:
    return shown(value) if isinstance(value, str) else shorten(_text(value))


