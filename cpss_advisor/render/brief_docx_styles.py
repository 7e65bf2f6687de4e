"""A country office's own Word template for the brief (`cpss recommend FILE -f docx -o plan.docx --template
office.docx`).

Any Word document (.docx) can be the template, a brief restyled in Word among them: the brief takes its page setup
and its named styles (Normal, Title, Heading 1, ...); its text is not kept (the body is emptied, so a restyled
brief given as the template does not reappear), and the header and footer are the brief's own.
The styles the brief needs and the template lacks (the brief's own Card Meta, Card Label, Reference and Note,
often) are taken from the shipped template, so any document works and the office restyles only what it wants.

The file is bad input, refused with its name, when it is not a regular readable file of at most 20 MB, not a Word
document (a .doc, a .dotx or .docm with macros, an OpenDocument text, a damaged zip), or when its parts unpack to
more than 200 MB.
"""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ..core.document import display_path, read_file_bytes
from ..core.errors import InputError, Problem

MAX_TEMPLATE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
_WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_HINT = ("give a Word document (.docx): open the template in Word or LibreOffice Writer and save it as 'Word "
         "Document (.docx)'")


def open_template(template: str | Path | None, shipped: Path):
    """The python-docx document to write the brief into: the shipped template, or `template` with the styles it
    lacks added from the shipped one."""
    if template is None:
        return Document(str(shipped))
    name = display_path(template)
    raw = read_file_bytes(template, max_bytes=MAX_TEMPLATE_BYTES, what=_HINT,
                          too_large_hint="a Word template is rarely more than a few megabytes: is this the right file?")
    _check_package(raw, name)
    try:
        doc = Document(io.BytesIO(raw))
        add_missing_styles(doc, Document(str(shipped)))
        _empty_body(doc)
    except Exception as exc:  # noqa: BLE001 - a damaged package fails inside python-docx and lxml in many ways
        raise _bad(name, f"is not a Word document python-docx can read ({type(exc).__name__})") from None
    return doc


def _empty_body(doc) -> None:
    """Remove the template's paragraphs and tables, keeping the page setup (the last section's properties)."""
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def add_missing_styles(doc, shipped) -> list[str]:
    """Copy into `doc` every style of `shipped` that `doc` lacks; return their names.

    A style is the same when its name is, whatever the case, or else its id: LibreOffice writes "Heading 1" where
    Word writes "heading 1" (python-docx finds styles by Word's internal names), so a matched style takes the
    shipped template's spelling of its name."""
    mine = doc.styles.element.findall(qn("w:style"))
    by_name = {_name(s).lower(): s for s in mine}
    by_id = {s.get(qn("w:styleId")): s for s in mine}
    added = []
    for style in shipped.styles.element.findall(qn("w:style")):
        name = _name(style)
        match = by_name.get(name.lower()) if name else None
        if match is None:
            match = by_id.get(style.get(qn("w:styleId")))
        if match is None:
            doc.styles.element.append(copy.deepcopy(style))
            added.append(name or style.get(qn("w:styleId")))
        elif name and _name(match) != name:
            _set_name(match, name)
    return added


def _name(style) -> str:
    el = style.find(qn("w:name"))
    return el.get(qn("w:val"), "") if el is not None else ""


def _set_name(style, name: str) -> None:
    el = style.find(qn("w:name"))
    if el is None:
        el = OxmlElement("w:name")
        style.insert(0, el)
    el.set(qn("w:val"), name)


def _check_package(raw: bytes, name: str) -> None:
    if raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise _bad(name, "is a Word 97-2003 document (.doc) or another older Office file, not a .docx")
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            infos = z.infolist()
            if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
                raise _bad(name, f"unpacks to more than {MAX_UNPACKED_BYTES:,} bytes")
            names = {i.filename for i in infos}
            if "[Content_Types].xml" not in names:
                raise _bad(name, "is a zip file but not an Office document (it has no [Content_Types].xml)")
            types = z.read("[Content_Types].xml")
    except zipfile.BadZipFile:
        raise _bad(name, "is not a Word document (not a zip package)") from None
    if _WORD_MAIN.encode() not in types:
        raise _bad(name, "is an Office package but not a Word document (.docx): a template (.dotx), a document with "
                         "macros (.docm), a workbook or a presentation")


def _bad(name: str, message: str) -> InputError:
    return InputError(Problem(name, None, None, "bad-word-template", message, _HINT))
