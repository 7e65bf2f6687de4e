"""A workbook being written with XlsxWriter: the shared options, cell formats and helpers of the two workbooks the
advisor writes (the intake template and the plan).

The same input gives the same bytes. XlsxWriter in its ``in_memory`` mode stamps every zip entry with
1980-01-01 00:00 (Excel's own choice, made by XlsxWriter "so that apps can produce a consistent binary file once
the workbook set_properties created date is set", its changelog for 1.0.4); the creation date is fixed here with
`set_properties`. Nothing else in the package depends on the time or the machine.

Text is always written as text: every str goes through `write_string` (never `write`, which could read it as a
formula, a number or a link), and a text that starts like a formula also gets the quote-prefix format, so that
editing the cell in a spreadsheet program keeps it text. Control characters (which a worksheet cannot hold) are
shown as escapes; XlsxWriter itself writes a literal ``_xHHHH_`` in a text so that it shows as typed.

Workbook structure protection (sheets that cannot be renamed, moved or deleted) is the one feature XlsxWriter
does not offer (by its author's choice); `Book.close` adds its one element to the finished package."""

from __future__ import annotations

import datetime as _dt
import io
import math
import zipfile
from typing import Any, Sequence

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from ..core.escape import visible

#: The workbook's document properties: a fixed creation date (the same input gives the same bytes).
FIXED_CREATED = _dt.datetime(2000, 1, 1, 0, 0, 0)
CREATOR = "cpss-advisor"
#: Text starting with one of these is a formula (or the start of one) in some spreadsheet program.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_OPTIONS = {
    "in_memory": True,  # no temporary files; fixed zip entry times
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}
_A4 = 9
_LINE_HEIGHT, _MAX_ROW_HEIGHT = 15, 409

#: The cell styles, as XlsxWriter format properties; a cell's format is the union of the styles it is given.
STYLES: dict[str, dict[str, Any]] = {
    "wrap": {"text_wrap": True, "valign": "top"},
    "bold": {"bold": True},
    "title": {"bold": True, "font_size": 14},
    "header": {"bold": True, "bg_color": "#D9D9D9", "text_wrap": True, "valign": "top"},
    "input": {"locked": False, "bg_color": "#FFF2CC", "text_wrap": True, "valign": "top"},
    "text": {"num_format": "@"},  # an id such as "3.3" stays text, never a number or a date
    "date": {"num_format": "yyyy-mm-dd"},
}

#: `<workbookProtection>` comes right before `<bookViews>` in a workbook part (ECMA-376, CT_Workbook).
_BOOK_VIEWS = b"<bookViews>"
_LOCK_STRUCTURE = b'<workbookProtection lockStructure="1"/>'


def cell_text(value: object) -> str:
    """Text for a cell: line breaks and tabs kept, other control characters shown as escapes."""
    return visible(value, keep="\t\n")


class Book:
    """An .xlsx workbook written in memory. Sheets are added in order; `close` gives the bytes."""

    def __init__(self, title: str):
        self._buffer = io.BytesIO()
        self.workbook = xlsxwriter.Workbook(self._buffer, _OPTIONS)
        self.workbook.set_properties({"title": cell_text(title), "author": CREATOR, "created": FIXED_CREATED})
        self._formats: dict[tuple, Format] = {}

    def format(self, *styles: str, **extra: Any) -> Format | None:
        """The format of the named `STYLES` together (and `extra` properties), made once per workbook."""
        props: dict[str, Any] = {}
        for s in styles:
            props.update(STYLES[s])
        props.update(extra)
        if not props:
            return None
        key = tuple(sorted(props.items()))
        if key not in self._formats:
            self._formats[key] = self.workbook.add_format(props)
        return self._formats[key]

    def sheet(self, name: str, widths: Sequence[float]) -> "Sheet":
        return Sheet(self, self.workbook.add_worksheet(name), widths)

    def close(self, *, lock_structure: bool = False) -> bytes:
        """The workbook as .xlsx bytes; with `lock_structure`, its sheets cannot be added, renamed, moved or
        deleted (no password)."""
        self.workbook.close()
        data = self._buffer.getvalue()
        return _with_structure_locked(data) if lock_structure else data


class Sheet:
    """One worksheet: cells by 0-based row and column, row heights fitted to the text written, printed
    landscape on A4, as wide as the page, with the header row repeated on every page."""

    def __init__(self, book: Book, ws: Worksheet, widths: Sequence[float]):
        self.book, self.ws, self.widths = book, ws, list(widths)
        self._lines: dict[int, int] = {}
        for col, width in enumerate(self.widths):
            ws.set_column(col, col, width)
        ws.set_landscape()
        ws.set_paper(_A4)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0)

    def put(self, row: int, col: int, value: Any, *styles: str) -> None:
        """Write a value: text always as text (see the module), numbers as numbers, dates as dates; a blank
        with styles is a styled empty cell (an input cell, say)."""
        ws, fmt = self.ws, self.book.format(*styles)
        if isinstance(value, float) and not math.isfinite(value):
            value = str(value)
        if value is None:
            if fmt is not None:
                ws.write_blank(row, col, None, fmt)
        elif isinstance(value, bool):
            ws.write_boolean(row, col, value, fmt)
        elif isinstance(value, (int, float)):
            ws.write_number(row, col, value, fmt)
        elif isinstance(value, (_dt.date, _dt.datetime)):
            ws.write_datetime(row, col, value, fmt)
        else:
            text = cell_text(value)
            if text.startswith(FORMULA_STARTS):
                fmt = self.book.format(*styles, quote_prefix=True)
            ws.write_string(row, col, text, fmt)
            self._count_lines(row, col, text)

    def put_row(self, row: int, values: Sequence[Any], *styles: str) -> None:
        for col, value in enumerate(values):
            self.put(row, col, value, *styles)

    def header(self, names: Sequence[str], row: int = 0) -> None:
        self.put_row(row, names, "header")

    def _count_lines(self, row: int, col: int, text: str) -> None:
        """The lines `text` takes in its column, wrapped (spreadsheets do not grow rows on opening)."""
        width = self.widths[col] if col < len(self.widths) else 8.43
        per_line = max(1.0, width * 1.2)
        n = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
        self._lines[row] = max(self._lines.get(row, 1), n)

    def fit_rows(self) -> None:
        """Give every row whose text wraps onto several lines the height that shows all of it."""
        for row, lines in sorted(self._lines.items()):
            if lines > 1:
                self.ws.set_row(row, min(_MAX_ROW_HEIGHT, _LINE_HEIGHT * lines + 2))

    def protect(self) -> None:
        """Protect the sheet without a password: headers and texts locked, input cells (unlocked) editable; column
        widths and row heights may still be changed."""
        self.ws.protect("", {"format_columns": True, "format_rows": True})

    def list_validation(self, cells: str, choices: Sequence[str], title: str, prompt: str) -> None:
        """A drop-down of `choices` on `cells` (A1 range), with a prompt; anything else is refused."""
        self.validation(cells, {
            "validate": "list", "source": list(choices), "ignore_blank": True,
            "input_title": title, "input_message": prompt[:255],
            "error_title": title, "error_message": f"Choose one of: {', '.join(choices)} (or leave it blank).",
        })

    def validation(self, cells: str, options: dict[str, Any]) -> None:
        if self.ws.data_validation(cells, options) != 0:  # XlsxWriter warns and skips; these texts are ours
            raise ValueError(f"invalid data validation on {self.ws.name}!{cells}: {options}")


def _with_structure_locked(xlsx: bytes) -> bytes:
    """The package with `<workbookProtection lockStructure="1"/>` in its workbook part; every entry is written
    again in the same order, with the same name, time, attributes and compression."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/workbook.xml":
                if data.count(_BOOK_VIEWS) != 1 or b"<workbookProtection" in data:
                    raise RuntimeError("unexpected workbook part from XlsxWriter: no single <bookViews> to put "
                                       "the workbook protection before")
                data = data.replace(_BOOK_VIEWS, _LOCK_STRUCTURE + _BOOK_VIEWS)
            entry = zipfile.ZipInfo(info.filename, info.date_time)
            entry.compress_type, entry.create_system, entry.external_attr = (
                info.compress_type, info.create_system, info.external_attr)
            dst.writestr(entry, data)
    return out.getvalue()
