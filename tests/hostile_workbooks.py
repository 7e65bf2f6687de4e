"""Hostile intake workbooks, made by editing the parts of a template workbook's zip package directly: millions of
cells are written as XML text in a second or two, where a spreadsheet library would take minutes."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Callable, Iterable, Iterator

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORKSHEET_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
WORKSHEET_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


def _column(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def sheet_xml(rows: Iterable[str]) -> Iterator[bytes]:
    """A worksheet part from the XML of its rows, in chunks."""
    yield f'<worksheet xmlns="{MAIN}"><sheetData>'.encode()
    chunk: list[str] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= 5000:
            yield "".join(chunk).encode()
            chunk = []
    yield ("".join(chunk) + "</sheetData></worksheet>").encode()


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def number_rows(n_rows: int, n_cols: int, start: int = 1) -> Iterator[str]:
    cols = [_column(c) for c in range(1, n_cols + 1)]
    for r in range(start, start + n_rows):
        yield f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{r}</v></c>' for c in cols) + "</row>"


def rewrite(raw: bytes, parts: dict[str, Callable[[], Iterable[bytes]]],
            edit: Callable[[str, bytes], bytes] | None = None) -> bytes:
    """The package with the given parts replaced or added (written from their chunks) and others passed through
    `edit`."""
    src = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in parts:
                continue
            data = src.read(info.filename)
            dst.writestr(info.filename, edit(info.filename, data) if edit else data)
        for name, chunks in parts.items():
            with dst.open(name, "w", force_zip64=True) as fh:
                for chunk in chunks():
                    fh.write(chunk)
    return out.getvalue()


def part_of_sheet(raw: bytes, title: str) -> str:
    """The zip member holding the sheet called `title`."""
    z = zipfile.ZipFile(io.BytesIO(raw))
    book = z.read("xl/workbook.xml").decode()
    # attribute order and namespace declarations differ between writers (openpyxl with and without lxml, Excel)
    rid = re.search(rf'<sheet\b[^>]*\bname="{re.escape(title)}"[^>]*\br:id="([^"]+)"', book).group(1)
    rels = z.read("xl/_rels/workbook.xml.rels").decode()
    rel = re.search(rf'<Relationship\b[^>]*\bId="{rid}"[^>]*>', rels).group(0)
    target = re.search(r'\bTarget="([^"]+)"', rel).group(1)
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def with_extra_sheet(raw: bytes, title: str, rows: Callable[[], Iterable[str]]) -> bytes:
    """A workbook with one more sheet, `title`, holding `rows`."""
    name = "xl/worksheets/sheet99.xml"

    def edit(part: str, data: bytes) -> bytes:
        text = data.decode()
        if part == "xl/workbook.xml":
            text = text.replace("</sheets>", f'<sheet xmlns:r="{REL_NS}" name="{title}" sheetId="99" state="visible" '
                                             'r:id="rId99" /></sheets>')
        elif part == "xl/_rels/workbook.xml.rels":
            text = text.replace("</Relationships>", f'<Relationship Type="{WORKSHEET_TYPE}" Target="/{name}" '
                                                    'Id="rId99" /></Relationships>')
        elif part == "[Content_Types].xml":
            text = text.replace("</Types>", f'<Override PartName="/{name}" ContentType="{WORKSHEET_CONTENT}" /></Types>')
        return text.encode()

    return rewrite(raw, {name: lambda: sheet_xml(rows())}, edit)


def with_sheet_rows(raw: bytes, title: str, rows: Callable[[], Iterable[str]]) -> bytes:
    """A workbook whose sheet `title` holds `rows` instead of what it had."""
    return rewrite(raw, {part_of_sheet(raw, title): lambda: sheet_xml(rows())})
