"""An intake workbook's package, opened safely: its bytes read once and bounded, the zip package checked and cut down
to the parts that give the values of the sheets read (every other sheet emptied before openpyxl sees it), and the
lock files that say a spreadsheet program has the workbook open. `cpss_advisor.intake.workbook` reads the sheets."""

from __future__ import annotations

import io
import posixpath
import warnings
import zipfile
from pathlib import Path
from typing import Iterable
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.xml.functions import fromstring as xml_fromstring

from ..core.errors import InputError, OutputError, Problem
from ..core.files import refuse_special_input

#: A filled workbook is tens of kilobytes; anything past these is not an assessment (or a zip bomb).
MAX_WORKBOOK_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
#: Bound on one unpacked part that is read: a sheet used, the shared strings, the styles (a template's largest
#: part is under 100 kB). Sheets that are not used are never read, whatever their size.
MAX_PART_BYTES = 8 * 1024 * 1024


def read_bytes(path: str | Path) -> bytes:
    """A workbook's bytes, with the same clear errors as reading it (missing, a directory, unreadable, too large)."""
    return _read_bytes(path)


def _read_bytes(path: str | Path) -> bytes:
    p, name = Path(path), str(path)
    if not p.exists():
        raise InputError(Problem(name, None, None, "not-found", "no such file",
                                 "check the path; it is read relative to the current directory"))
    if p.is_dir():
        raise InputError(Problem(name, None, None, "is-directory", "is a directory, not a file",
                                 "give the path of one assessment workbook (.xlsx)"))
    refuse_special_input(p, name)  # a device or a pipe: never opened (it could be endless, or block)
    try:
        with open(p, "rb") as fh:  # read only, once; nothing is ever written to the input
            raw = fh.read(MAX_WORKBOOK_BYTES + 1)
    except PermissionError:
        raise InputError(Problem(name, None, None, "unreadable", "cannot read the workbook: permission denied",
                                 "if it is open in Excel, close it there (Excel locks the files it has open) and run "
                                 "again; otherwise check the file's permissions")) from None
    except OSError as exc:
        raise InputError(Problem(name, None, None, "unreadable",
                                 f"cannot read the workbook: {exc.strerror or exc}")) from None
    if len(raw) > MAX_WORKBOOK_BYTES:
        raise InputError(Problem(name, None, None, "too-large",
                                 f"the workbook is larger than {MAX_WORKBOOK_BYTES:,} bytes",
                                 "an assessment workbook is tens of kilobytes: is this the right file?"))
    return raw


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _not_a_workbook(name: str, message: str, hint: str) -> InputError:
    return InputError(Problem(name, None, None, "not-a-workbook", message, hint))


def open_workbook(raw: bytes, name: str, sheets: Iterable[str], *, data_only: bool = True):
    """The workbook, opened read-only: sheets are parsed row by row when read, and only the sheets of an assessment
    are in it (each other sheet is replaced by an empty one before openpyxl sees the package, so that nothing of
    it is parsed, whatever its size). Every part that is read has a size limit. `sheets`: the titles of the sheets
    read; `data_only=False`: a formula cell gives its formula, not the value last calculated."""
    save_as = "save it from the spreadsheet program as 'Excel Workbook (.xlsx)', or start from 'cpss template --format xlsx'"
    if raw.startswith(_OLE_MAGIC):
        raise _not_a_workbook(name, "this is a password-protected workbook or an old Excel 97-2003 (.xls) file, "
                                    "which cannot be read", "remove the password (if any) and " + save_as)
    if not raw.startswith(b"PK"):
        if not raw.strip():
            raise _not_a_workbook(name, "the file is empty, not an Excel workbook", save_as)
        texty = b"\x00" not in raw[:4096]
        raise _not_a_workbook(name, "not an Excel workbook (.xlsx): the file is not a zip package",
                              "it looks like a text file: name a YAML assessment .yaml" if texty else save_as)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            infos = z.infolist()
            names = {i.filename for i in infos}
            mimetype = z.read("mimetype")[:100] if "mimetype" in names else b""
            if b"opendocument" in mimetype:
                raise _not_a_workbook(name, "this is an OpenDocument spreadsheet (.ods), not an Excel workbook",
                                      "in LibreOffice use File > Save As and choose 'Excel 2007-365 (.xlsx)'")
            if "xl/workbook.xml" not in names:
                raise _not_a_workbook(name, "not an Excel workbook (.xlsx): a zip file without a workbook in it",
                                      save_as)
            if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
                raise InputError(Problem(name, None, None, "too-large",
                                         f"the workbook unpacks to more than {MAX_UNPACKED_BYTES:,} bytes",
                                         "an assessment workbook is tens of kilobytes: is this the right file?"))
            package = _used_parts(z, infos, name, {t.lower() for t in sheets})
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        raise _not_a_workbook(name, "not an Excel workbook (.xlsx): the zip package is damaged or incomplete",
                              "save it again from the spreadsheet program; " + save_as) from None
    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops while reading (extension lists, unknown parts); they do not
            # matter for reading values.
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(package), read_only=True, data_only=data_only, keep_links=False,
                                 keep_vba=False)
    except Exception as exc:  # noqa: BLE001 - any failure to parse the package is "not a readable workbook"
        raise _not_a_workbook(name, f"not a readable Excel workbook: {type(exc).__name__}: {exc}"[:300],
                              save_as) from None


_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_EMPTY_SHEET = f'<worksheet xmlns="{_MAIN_NS}"><sheetData/></worksheet>'.encode()
#: The parts openpyxl reads to give cell values (by prefix); charts, drawings, images, macros and the rest are left
#: out.
_READ_PARTS = ("[Content_Types].xml", "_rels/", "docProps/", "xl/workbook.xml", "xl/_rels/", "xl/styles.xml",
               "xl/sharedStrings.xml", "xl/theme/", "xl/worksheets/")


def _used_parts(z: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str, read_sheets: set[str]) -> bytes:
    """The package as openpyxl reads it: the parts it needs for cell values, each within MAX_PART_BYTES, with every
    worksheet that is not one of `read_sheets` (lower-case titles) emptied (and its relationships left out)."""
    def read(part: str, what: str | None = None) -> bytes:
        info = z.getinfo(part)
        if info.file_size > MAX_PART_BYTES:
            raise InputError(Problem(name, None, None, "too-large",
                                     f"{what or f'the part {part!r}'} unpacks to {info.file_size:,} bytes; the limit "
                                     f"is {MAX_PART_BYTES:,}",
                                     "an assessment workbook is tens of kilobytes: is this the right file? If the "
                                     "sheet holds other data, move it to another workbook"))
        return z.read(part)

    used: dict[str, str] = {}  # part -> sheet title
    try:
        book = _xml(read("xl/workbook.xml"))
        rels = _xml(read("xl/_rels/workbook.xml.rels")) if "xl/_rels/workbook.xml.rels" in z.NameToInfo else None
    except ValueError:
        book = rels = None  # openpyxl says what is wrong with them
    if book is not None and rels is not None:
        targets = {r.get("Id"): _part_name(r.get("Target") or "") for r in rels.iter(f"{{{_PKG_REL_NS}}}Relationship")}
        for sheet in book.iter(f"{{{_MAIN_NS}}}sheet"):
            title = (sheet.get("name") or "").strip()
            part = targets.get(sheet.get(f"{{{_REL_NS}}}id"))
            if part and title.lower() in read_sheets:
                used[part] = title
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for info in infos:
            part = info.filename
            if not part.endswith((".xml", ".rels")) or not part.startswith(_READ_PARTS):
                continue
            if part.startswith("xl/worksheets/_rels/"):
                sheet = "xl/worksheets/" + part.rsplit("/", 1)[1].removesuffix(".rels")
                if sheet not in used:
                    continue
                data = read(part)
            elif part.startswith("xl/worksheets/"):
                data = read(part, f"the sheet '{used[part]}'") if part in used else _EMPTY_SHEET
            else:
                data = read(part)
            dst.writestr(part, data)
    return out.getvalue()


def _xml(data: bytes):
    try:
        return xml_fromstring(data)
    except (ParseError, SyntaxError, ValueError) as exc:
        # openpyxl parses with lxml when it is installed (its XMLSyntaxError), else with the standard library
        raise ValueError(str(exc)) from None


def _part_name(target: str) -> str:
    """A relationship target of the workbook as a zip member name."""
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)


# --- lock files: a workbook open in another program --------------------------------------------------------------

def lock_files(path: str | Path) -> list[Path]:
    """LibreOffice's `.~lock.NAME#` and Excel's `~$NAME` beside a workbook, where they exist."""
    p = Path(path)
    names = [f".~lock.{p.name}#", f"~${p.name}"]
    if len(p.name) > 2:
        names.append(f"~${p.name[2:]}")  # Excel shortens the owner file of longer names
    found = []
    for n in dict.fromkeys(names):
        candidate = p.parent / n
        try:
            if candidate.is_file():
                found.append(candidate)
        except OSError:
            pass
    return found


def _describe_lock(lock: Path) -> str:
    if lock.name.startswith(".~lock."):
        who = ""
        try:
            fields = lock.read_text("utf-8", errors="replace").strip().rstrip(";").split(",")
            who = (fields[0] or (fields[1] if len(fields) > 1 else "")).strip()
            since = fields[3].strip() if len(fields) > 3 else ""
            who = (f" by {who}" if who else "") + (f" since {since}" if since else "")
        except OSError:
            pass
        return f"LibreOffice lock file '{lock.name}'{who}"
    return f"Excel lock file '{lock.name}'"


def open_elsewhere_notice(path: str | Path) -> Problem | None:
    locks = lock_files(path)
    if not locks:
        return None
    return Problem(str(path), None, None, "workbook-open",
                   f"the workbook is open in another program ({_describe_lock(locks[0])}): this reads its last saved "
                   "version, without changes not saved yet",
                   "save it in the spreadsheet program (keep the .xlsx format) and run again; if no program has it "
                   f"open, delete the stale lock file '{locks[0]}'")


def refuse_if_open(path: str | Path) -> None:
    """Refuse to replace a workbook that a spreadsheet program has open (it would overwrite ours, or keep a stale
    view); raises `OutputError`."""
    p = Path(path)
    locks = lock_files(p) if p.exists() else []
    if locks:
        raise OutputError(Problem(str(p), None, None, "output-open",
                                  f"the workbook is open in another program ({_describe_lock(locks[0])}); "
                                  "not replacing it",
                                  f"close it there and run again, or write to another file with -o; if no program "
                                  f"has it open, delete the stale lock file '{locks[0]}'"))
