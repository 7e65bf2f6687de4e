"""The edits people made in a workplan (`cpss recommend FILE -o plan.xlsx`), read back before a new workplan replaces
it, so that regenerating the plan never silently destroys them.

A workplan's Actions sheet has one row per intervention of a step, with the columns people fill in (Owner, Budget,
Status, Notes) and two hidden key columns naming the step and the intervention. Every row with a value in one of
the columns people fill in is an `Edit`; so is every row of the "Carried over" sheet, where a workplan keeps the
edits it could not place on a row. `place` puts edits on the rows of a new workplan by step and intervention (by
the step's and the intervention's names where the keys were cleared); what it cannot place is kept, with the
reason, for the new workplan's "Carried over" sheet.

The sheet names, the headers and the Status values are read in any language the workplan is written in (the
translations of the English names below, `cpss_advisor.core.i18n`): a workplan written in French is regenerated in
English and the reverse. A Status value is carried as the English choice it stands for, so that a workplan
written in another language shows it in its own words; the hidden key columns are the join.

The workbook is read once, bounded, through `cpss_advisor.intake.xlsx_package` (only these sheets are parsed, each
within its size limit, which bounds the rows read), and never written. A workbook a spreadsheet program has open is refused, as every workbook output is; a file that is
not a workplan is refused too: replacing it could destroy what it holds."""

from __future__ import annotations

import datetime as _dt
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from ..core.errors import InputError, OutputError, Problem
from ..core.i18n import N_
from .sheet_words import canonical, fold as _fold, names
from .xlsx_package import open_workbook, read_bytes, refuse_if_open

# The names below are English; a workplan in another language writes their translations (`gettext`), and the
# reader accepts the names of every language (`names`).
SHEET_ACTIONS, SHEET_CARRIED, SHEET_ABOUT = N_("Actions"), N_("Carried over"), N_("About")
#: The columns people fill in, in their order on the Actions sheet.
EDIT_COLUMNS = (N_("Owner"), N_("Budget"), N_("Status"), N_("Notes"))
STATUS_CHOICES = (N_("Not started"), N_("Under way"), N_("Done"), N_("On hold"), N_("Dropped"))
#: The hidden columns that name a row's step and intervention, and the columns that show their names.
STEP_KEY, INTERVENTION_KEY = N_("Step key"), N_("Intervention key")
STEP_LABEL, INTERVENTION_LABEL = N_("Step"), N_("Intervention")
COUNTRY_LABEL = N_("Country")
#: Why an edit has no row in the new workplan (translated where it is written).
NO_LONGER_IN_STEP = N_("The intervention is no longer part of this step in the plan.")
ROW_TAKEN = N_("Another row of the workplan had edits for the same intervention; those were carried over.")


@dataclass(frozen=True)
class Edit:
    """The values a person wrote on one row (None where a column is empty), and where."""

    step: str | None
    intervention: str | None
    step_label: str | None
    intervention_label: str | None
    values: tuple[Any, ...]
    where: str
    sheet: str | None = None
    row: int | None = None


@dataclass(frozen=True)
class PreviousWorkplan:
    """The workplan a new one replaces: its country and the edits in it."""

    path: str
    country: str | None
    edits: tuple[Edit, ...]


@dataclass(frozen=True)
class Slot:
    """A row of the new workplan that edits can be placed on."""

    step: str
    intervention: str
    step_label: str
    intervention_label: str


@dataclass
class Carry:
    """Edits placed on the rows of a new workplan (row index -> edit), and those kept aside with the reason."""

    placed: dict[int, Edit] = field(default_factory=dict)
    kept: list[tuple[Edit, str]] = field(default_factory=list)


def read_previous(path: str | Path) -> PreviousWorkplan | None:
    """The edits of the workplan at `path`, which a new one is about to replace; None when nothing is there to
    keep (no file, an empty one, a device or a pipe). Raises `OutputError` for a workbook open in another program
    and for a file that is not a readable workplan."""
    p = Path(path)
    try:
        info = os.stat(p)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size == 0:
        return None
    refuse_if_open(p)
    name = str(path)
    sheets = [n for sheet in (SHEET_ACTIONS, SHEET_CARRIED, SHEET_ABOUT) for n in names(sheet)]
    try:
        raw = read_bytes(p)
        values, formulas = (open_workbook(raw, name, sheets, data_only=d) for d in (True, False))
    except InputError as exc:
        raise _not_a_workplan(name, exc.problems[0].message) from None
    try:
        actions, carried, about = (_sheet_title(values.sheetnames, s)
                                   for s in (SHEET_ACTIONS, SHEET_CARRIED, SHEET_ABOUT))
        if actions is None:
            raise _not_a_workplan(name, f"it has no '{SHEET_ACTIONS}' sheet")
        edits = _edits(name, values[actions], formulas[actions], required=True)
        if carried is not None:
            edits += _edits(name, values[carried], formulas[carried], required=False)
        country = _country(values[about]) if about is not None else None
    finally:
        values.close()
        formulas.close()
    return PreviousWorkplan(name, country, tuple(edits))


def place(edits: Iterable[Edit], slots: Sequence[Slot], *, reason_all: str | None = None) -> Carry:
    """Put each edit on the row of its step and intervention (by their keys; by their names when the keys are
    empty). Edits whose action is not in `slots`, or whose row already took another edit, are kept aside with the
    reason; with `reason_all`, every edit is kept aside for that reason. The same values twice for one row count
    once."""
    by_key = {(s.step, s.intervention): i for i, s in enumerate(slots)}
    names: dict[tuple, list[int]] = {}
    for i, s in enumerate(slots):
        names.setdefault((s.step_label, s.intervention_label), []).append(i)
    carry = Carry()
    for e in edits:
        if reason_all:
            carry.kept.append((e, reason_all))
            continue
        if e.step or e.intervention:
            row = by_key.get((e.step, e.intervention))
        else:
            found = names.get((e.step_label, e.intervention_label), [])
            row = found[0] if len(found) == 1 else None
        if row is None:
            carry.kept.append((e, NO_LONGER_IN_STEP))
        elif row not in carry.placed:
            carry.placed[row] = e
        elif carry.placed[row].values != e.values:
            carry.kept.append((e, ROW_TAKEN))
    return carry


# --- reading -----------------------------------------------------------------------------------------------------

def _not_a_workplan(name: str, why: str) -> OutputError:
    return OutputError(Problem(name, None, None, "output-not-workplan",
                               f"the file exists and is not a workplan this tool can read ({why}); replacing it "
                               "could destroy what it holds",
                               "write the workplan to another file with -o, or move this file away first"))


def _sheet_title(titles: Sequence[str], english: str) -> str | None:
    """The title of the sheet named `english` in some language, the first one found."""
    wanted = {_fold(n) for n in names(english)}
    return next((t for t in titles if _fold(t) in wanted), None)


_COLUMNS = (*EDIT_COLUMNS, STEP_KEY, INTERVENTION_KEY, STEP_LABEL, INTERVENTION_LABEL)


def _header_index(header: Sequence[Any]) -> dict[str, int]:
    """The column of each of `_COLUMNS` (by its English name) whose header is its name in some language."""
    out: dict[str, int] = {}
    for i, v in enumerate(header):
        english = canonical(str(v), _COLUMNS) if v is not None else None
        if english is not None and english not in out:
            out[english] = i
    return out


def _edits(name: str, ws, formulas_ws, *, required: bool) -> list[Edit]:
    """The edited rows of a sheet. A formula is carried as the value it last gave, or as its text where the
    workbook holds no value for it (a program that saved it did not calculate it)."""
    rows, formulas = ws.iter_rows(values_only=True), formulas_ws.iter_rows(values_only=True)
    header = next(rows, ())
    next(formulas, ())
    cols = _header_index(header)
    missing = [c for c in (*EDIT_COLUMNS, STEP_KEY, INTERVENTION_KEY) if c not in cols]
    if missing:
        if not required:
            return []
        raise _not_a_workplan(name, f"its '{ws.title}' sheet has no column {', '.join(repr(m) for m in missing)}")
    out = []
    for n, (row, written) in enumerate(zip(rows, formulas), 2):
        values = tuple(_value(row, cols[c]) if _value(row, cols[c]) is not None else _formula(written, cols[c])
                       for c in EDIT_COLUMNS)
        if all(v is None for v in values):
            continue
        out.append(Edit(_text(row, cols[STEP_KEY]), _text(row, cols[INTERVENTION_KEY]),
                        _text(row, cols.get(STEP_LABEL)), _text(row, cols.get(INTERVENTION_LABEL)),
                        _status(values), f"{ws.title} row {n}", ws.title, n))
    return out


def _status(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """The values with a Status written in any language as the English choice (other text as it was)."""
    i = EDIT_COLUMNS.index("Status")
    status = values[i]
    english = canonical(status, STATUS_CHOICES) if isinstance(status, str) else None
    return values if english is None else (*values[:i], english, *values[i + 1:])


def _formula(row: Sequence[Any], col: int) -> str | None:
    v = _value(row, col)
    return v if isinstance(v, str) and v.startswith("=") else None


def _value(row: Sequence[Any], col: int | None) -> Any:
    """A cell's value as a person left it: None for an empty cell or one of spaces only."""
    if col is None or col >= len(row):
        return None
    v = row[col]
    if isinstance(v, str) and not v.strip():
        return None
    if isinstance(v, _dt.time):
        return v.isoformat()
    return v


def _text(row: Sequence[Any], col: int | None) -> str | None:
    v = _value(row, col)
    return None if v is None else str(v).strip()


def _country(ws) -> str | None:
    for n, row in enumerate(ws.iter_rows(values_only=True, max_col=2), 1):
        if n > 200:
            break
        if row and isinstance(row[0], str) and canonical(row[0], (COUNTRY_LABEL,)):
            return _text(row, 1)
    return None
