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
from ..core.i18n import SOURCE_LANGUAGE, gettext_for

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
#: A line of wrapped text is 15 points high (Calibri 11, the default font), and a row at most 409 points: 26 lines.
LINE_HEIGHT, MAX_ROW_HEIGHT = 15, 409
_ROW_PADDING = 3
MAX_LINES = (MAX_ROW_HEIGHT - _ROW_PADDING) // LINE_HEIGHT
#: Characters of running text a column shows per line, per unit of its width (a unit is the width of a digit of the
#: default font, 7 pixels; an average letter and space of Calibri 11 are narrower): kept low so that an estimate
#: never gives a row fewer lines than a spreadsheet program wraps the text onto. Bold text is wider.
CHARS_PER_UNIT, BOLD_CHARS_PER_UNIT = 1.15, 1.05
#: The printed page: A4 landscape (11.69 x 8.27 inches) with these margins (inches; header and footer 0.3 from the
#: edge), and the smallest scale a sheet that is fitted to the page's width may print at and stay legible.
MARGINS = {"left": 0.4, "right": 0.4, "top": 0.75, "bottom": 0.75}
_HEADER_MARGIN = 0.3
PRINTABLE_WIDTH_PX = round((11.69 - MARGINS["left"] - MARGINS["right"]) * 96)
MIN_PRINT_SCALE = 60
#: Excel's limit on a page header or footer, codes included.
_HEADER_LIMIT = 255

#: The cell styles, as XlsxWriter format properties; a cell's format is the union of the styles it is given.
STYLES: dict[str, dict[str, Any]] = {
    "wrap": {"text_wrap": True, "valign": "top"},
    "bold": {"bold": True},
    "title": {"bold": True, "font_size": 14},
    "header": {"bold": True, "bg_color": "#D9D9D9", "text_wrap": True, "valign": "top"},
    "input": {"locked": False, "bg_color": "#FFF2CC", "text_wrap": True, "valign": "top"},
    "text": {"num_format": "@"},  # an id such as "3.3" stays text, never a number or a date
    "date": {"num_format": "yyyy-mm-dd"},
    "number": {"num_format": "#,##0"},
    "center": {"align": "center", "valign": "vcenter"},
    "small": {"font_size": 9},
}

#: `<workbookProtection>` comes right before `<bookViews>` in a workbook part (ECMA-376, CT_Workbook).
_BOOK_VIEWS = b"<bookViews>"
_LOCK_STRUCTURE = b'<workbookProtection lockStructure="1"/>'


def cell_text(value: object) -> str:
    """Text for a cell: line breaks and tabs kept, other control characters shown as escapes."""
    return visible(value, keep="\t\n")


def wrapped_lines(text: str, width: float, *, bold: bool = False) -> int:
    """The lines `text` takes in a wrapped cell of a column `width` units wide: each line break starts a line, and
    words are wrapped as a spreadsheet program wraps them (a word longer than a line is broken)."""
    per_line = max(1, int(width * (BOLD_CHARS_PER_UNIT if bold else CHARS_PER_UNIT)))
    lines = 0
    for part in str(text).split("\n"):
        used = 0
        lines += 1
        for word in part.split():
            if used and used + 1 + len(word) > per_line:
                lines, used = lines + 1, 0
            while len(word) > per_line:  # a word wider than the column is broken where it reaches the edge
                if used:
                    lines, used = lines + 1, 0
                word = word[per_line:]
                lines += 1
            used = used + 1 + len(word) if used else len(word)
    return lines


def row_height(lines: int) -> float:
    """The height (points) of a row that shows `lines` lines, at most the largest a row can have."""
    return min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines + _ROW_PADDING)


def column_pixels(width: float) -> int:
    """A column's width on screen (pixels at 100%) for its width in units, as Excel converts it."""
    return int(width * 7 + 0.5) + 5 if width >= 1 else int(width * 12 + 0.5)


def fit_scale(widths: Sequence[float]) -> int:
    """The scale (percent) a sheet whose printed columns have these widths prints at when fitted to the width of
    an A4 landscape page (at most 100)."""
    total = sum(column_pixels(w) for w in widths)
    return min(100, int(100 * PRINTABLE_WIDTH_PX / total)) if total else 100


def header_text(text: object, limit: int = 60) -> str:
    """User text for a page header or footer: on one line, shortened to `limit` characters, with the ampersand
    that starts the header's own codes doubled (XlsxWriter neutralises the workbook format's _xHHHH_ escapes,
    as in cells)."""
    one = " ".join(cell_text(text).split())
    if len(one) > limit:
        one = one[:limit - 3].rstrip() + "..."
    return one.replace("&", "&&")


class Book:
    """An .xlsx workbook written in memory. Sheets are added in order; `close` gives the bytes."""

    def __init__(self, title: str, *, header: str | None = None, footer: str | None = None,
                 language: str = SOURCE_LANGUAGE):
        """`header` and `footer`: printed on every page of every sheet, in the codes of a page header (`&A` the
        sheet's name, `&P` the page, `&N` the pages; user text through `header_text`). `language`: the language of
        the workbook's own words (`_`, its translator's gettext: drop-downs' messages say it too)."""
        self.language = language
        self._ = gettext_for(language)
        self._buffer = io.BytesIO()
        self.workbook = xlsxwriter.Workbook(self._buffer, _OPTIONS)
        self.workbook.set_properties({"title": cell_text(title), "author": CREATOR, "created": FIXED_CREATED})
        self._formats: dict[tuple, Format] = {}
        for text in (header, footer):
            if text is not None and len(text) > _HEADER_LIMIT:
                raise ValueError(f"a page header or footer holds at most {_HEADER_LIMIT} characters: {text!r}")
        self.page_header, self.page_footer = header, footer

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

    def sheet(self, name: str, widths: Sequence[float], *, header_rows: int = 1,
              hidden: Sequence[int] = ()) -> "Sheet":
        """A new sheet with its columns' widths; the first `header_rows` rows repeat on every printed page, the
        columns `hidden` (0-based) are hidden (and not printed)."""
        return Sheet(self, self.workbook.add_worksheet(name), widths, header_rows=header_rows, hidden=hidden)

    def close(self, *, lock_structure: bool = False) -> bytes:
        """The workbook as .xlsx bytes; with `lock_structure`, its sheets cannot be added, renamed, moved or
        deleted (no password)."""
        self.workbook.close()
        data = self._buffer.getvalue()
        return _with_structure_locked(data) if lock_structure else data


class Sheet:
    """One worksheet: cells by 0-based row and column, row heights fitted to the text written, printed
    landscape on A4, as wide as the page, with the header rows repeated on every page and the book's page header
    and footer."""

    def __init__(self, book: Book, ws: Worksheet, widths: Sequence[float], *, header_rows: int = 1,
                 hidden: Sequence[int] = ()):
        self.book, self.ws, self.widths = book, ws, list(widths)
        self.hidden = frozenset(hidden)
        self._lines: dict[int, int] = {}
        for col, width in enumerate(self.widths):
            ws.set_column(col, col, width, None, {"hidden": True} if col in self.hidden else None)
        ws.set_landscape()
        ws.set_paper(_A4)
        ws.fit_to_pages(1, 0)
        if header_rows:
            ws.repeat_rows(0, header_rows - 1)
        if book.page_header is not None or book.page_footer is not None:
            ws.set_margins(**MARGINS)
            if book.page_header is not None:
                ws.set_header(book.page_header, margin=_HEADER_MARGIN)
            if book.page_footer is not None:
                ws.set_footer(book.page_footer, margin=_HEADER_MARGIN)

    def printed_widths(self) -> list[float]:
        """The widths of the columns that print (hidden ones do not)."""
        return [w for c, w in enumerate(self.widths) if c not in self.hidden]

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
            self._count_lines(row, col, text, bold=any(STYLES[st].get("bold") for st in styles))

    def merge(self, row: int, first_col: int, last_col: int, value: Any, *styles: str) -> None:
        """Text across the cells `first_col` to `last_col` of a row, merged into one; the row is made as tall as
        the text needs across them."""
        fmt = self.book.format(*styles)
        text = cell_text(value)
        self.ws.merge_range(row, first_col, row, last_col, "", fmt)
        if text.startswith(FORMULA_STARTS):
            fmt = self.book.format(*styles, quote_prefix=True)
        self.ws.write_string(row, first_col, text, fmt)
        width = sum(self.width(c) for c in range(first_col, last_col + 1))
        bold = any(STYLES[st].get("bold") for st in styles)
        self._lines[row] = max(self._lines.get(row, 1), wrapped_lines(text, width, bold=bold))

    def put_row(self, row: int, values: Sequence[Any], *styles: str) -> None:
        for col, value in enumerate(values):
            self.put(row, col, value, *styles)

    def header(self, names: Sequence[str], row: int = 0) -> None:
        self.put_row(row, names, "header")

    def width(self, col: int) -> float:
        return self.widths[col] if col < len(self.widths) else 8.43

    def _count_lines(self, row: int, col: int, text: str, bold: bool = False) -> None:
        """The lines `text` takes in its column, wrapped (spreadsheets do not grow rows on opening)."""
        if col in self.hidden:
            return
        n = wrapped_lines(text, self.width(col), bold=bold)
        self._lines[row] = max(self._lines.get(row, 1), n)

    def fit_rows(self) -> None:
        """Give every row whose text wraps onto several lines the height that shows all of it."""
        for row, lines in sorted(self._lines.items()):
            if lines > 1:
                self.ws.set_row(row, row_height(lines))

    def protect(self, *, autofilter: bool = False) -> None:
        """Protect the sheet without a password: headers and texts locked, input cells (unlocked) editable; column
        widths and row heights may still be changed (and, with `autofilter`, the filter used)."""
        self.ws.protect("", {"format_columns": True, "format_rows": True, "autofilter": autofilter})

    def list_validation(self, cells: str, choices: Sequence[str], title: str, prompt: str) -> None:
        """A drop-down of `choices` on `cells` (A1 range), with a prompt; anything else is refused."""
        self.validation(cells, {
            "validate": "list", "source": list(choices), "ignore_blank": True,
            "input_title": title, "input_message": prompt[:255],
            "error_title": title,
            "error_message": self.book._("Choose one of: {choices} (or leave it blank).").format(
                choices=", ".join(choices))[:255],
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
