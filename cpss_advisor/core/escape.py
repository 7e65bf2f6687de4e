"""Text made safe for each output format: the terminal, Markdown, HTML and spreadsheet cells.

A country name, an evidence note, a scenario name, a file name or a knowledge base given with ``--knowledge`` is
text that someone else wrote. Every renderer passes each such text through the one helper of its format, where it
writes it; the renderer's own markup around it is left alone.

No output ever carries a raw control character (C0, DEL or C1, including the ESC that starts ANSI and OSC
sequences): each is shown as a visible escape, as Python writes it (``\\x1b``, ``\\x00``, ``\\n``). Where a format
gives line breaks a meaning (a terminal line, a Markdown heading or table cell) a line break in the text is shown
or collapsed, never obeyed:

- `terminal`: every control character visible, line breaks and tabs too (for text output and error messages);
- `markdown`: on one line (runs of spaces, tabs and line breaks become one space), every character that can start
  markup escaped with a backslash, so that the text renders as itself and never as HTML, a link, an image, a
  heading, a list or a table column;
- `markdown_code`: the same text as a code span (file names), fenced so that no backtick in it can end the span;
- `html`: ``&``, ``<``, ``>`` and both quotes as entities, for element text and attribute values alike;
- `cell`: text for a spreadsheet cell (line breaks and tabs kept), with the workbook format's own ``_xHHHH_``
  escapes neutralised, for a writer that stores text as given. That the cell holds text and not a formula is the
  writer's part: `cpss_advisor.render.xlsx_book` writes each text with XlsxWriter's ``write_string``; as XlsxWriter
  neutralises ``_xHHHH_`` itself, that writer passes text through `visible` (line breaks and tabs kept) alone.
"""

from __future__ import annotations

import html as _html
import re

#: C0 controls, DEL and C1 controls (Unicode category Cc).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def visible(text: object, keep: str = "") -> str:
    """`text` with each control character, except those in `keep`, replaced by a visible escape."""

    def sub(m: re.Match) -> str:
        ch = m.group()
        if ch in keep:
            return ch
        return _NAMED.get(ch) or f"\\x{ord(ch):02x}"

    return _CONTROL.sub(sub, str(text))


def terminal(text: object) -> str:
    """One piece of text for a terminal or a log: nothing in it can move the cursor, change colours, set the
    window title, start a new line or erase one."""
    return visible(text)


# --- Markdown ----------------------------------------------------------------------------------------------------

_MD_SPACE = re.compile(r"[ \t\n\r]+")
# Characters that start inline markup, raw HTML, links and images, headings and table columns (CommonMark and GFM);
# each may be escaped with a backslash anywhere.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|!&~])")
# At the start of a line: a bullet, a setext underline, an ordered list item.
_MD_LINE_START = re.compile(r"^(?:[-+=]|\d{1,9}(?=[.)](?:\s|$)))")


def _one_line(text: object) -> str:
    return _MD_SPACE.sub(" ", visible(text, keep=" \t\n\r")).strip()


def markdown(text: object) -> str:
    """Text for a Markdown document, on one line, rendered as itself."""
    out = _MD_SPECIAL.sub(r"\\\1", _one_line(text))
    m = _MD_LINE_START.match(out)
    if m:
        if m.group()[0].isdigit():  # 1. -> 1\.
            out = out[:m.end()] + "\\" + out[m.end():]
        else:
            out = "\\" + out
    return out


def markdown_code(text: object, *, table: bool = False) -> str:
    """Text as a Markdown code span, on one line. The fence is one backtick longer than the longest run of
    backticks in the text. In a table cell (`table=True`) a ``|`` is escaped, as GFM requires even in code."""
    body = _one_line(text)
    if table:
        body = body.replace("|", "\\|")
    runs = [len(r) for r in re.findall(r"`+", body)]
    fence = "`" * (max(runs, default=0) + 1)
    if body.startswith("`") or body.endswith("`") or (body.startswith(" ") and body.endswith(" ") and body.strip()):
        body = f" {body} "
    return f"{fence}{body}{fence}" if body else "` `"


# --- HTML --------------------------------------------------------------------------------------------------------

def html(text: object) -> str:
    """Text for an HTML element or attribute value (quotes too); line breaks and tabs are kept, being spaces."""
    return _html.escape(visible(text, keep="\t\n"), quote=True)


# --- spreadsheet cells -------------------------------------------------------------------------------------------

# The workbook format writes a character as _xHHHH_ (ECMA-376 ST_Xstring): text that holds such a sequence
# literally would be shown, by Excel, as the character it names (a control character, say). Its underscore is
# itself written as _x005F_, so the text shows as typed.
_OOXML_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")


def cell(text: object) -> str:
    """Text for a spreadsheet cell: line breaks and tabs kept, other control characters visible."""
    return _OOXML_ESCAPE.sub("_x005F_", visible(text, keep="\t\n"))
