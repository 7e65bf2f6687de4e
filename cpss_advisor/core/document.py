"""Reading YAML and JSON documents with the line and column of every key and value.

This is the only module that parses YAML. It reads a file defensively (size, binary content, encoding, empty
files) and builds plain Python values itself from the parser's node graph, so that what an assessment never needs
is refused with its place instead of being constructed: merge keys (``<<: *anchor``, whose expansion costs time
quadratic in the file), tags such as ``!!binary``, keys that are lists or mappings, a key given twice (also when
one is written ``3.3`` and the other ``"3.3"``), control characters in text, numbers of hundreds of digits, and
alias expansion or nesting past a bound. Date-like scalars are read as their text (`as_of` is checked as a date
by the assessment's model, with its place; a date-like word in free text stays text).

The result is a `Document`: the data, a position index that turns a path such as ``("ratings", "3.3", "phase")``
into a line and a column, and the problems found while reading (`Document.problems`) that did not stop it, so
that validation reports them together with every other problem of the file.
"""

from __future__ import annotations

import bisect
import codecs
import hashlib
import itertools
import json
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .control_characters import HINT as CONTROL_HINT
from .control_characters import ONE_LINE_HINT, describe, first_control
from .errors import InputError, Problem, escape_controls, shorten
from .files import refuse_special_input
from .i18n import N_
from .translatable import M_, located

#: Assessments are a few kilobytes; anything past this is not an assessment.
MAX_INPUT_BYTES = 2 * 1024 * 1024
#: Bound on values after alias expansion (a YAML "billion laughs" document stops here).
MAX_NODES = 200_000
#: Bound on nesting depth.
MAX_DEPTH = 64
#: Bound on the digits of a whole number: phases, figures and versions have a few.
MAX_DIGITS = 100

Loc = Sequence[str | int]


@dataclass
class Document:
    """A parsed file: plain data, the position of every item, and the problems found while reading it."""

    path: str
    data: Any
    #: path (each part as text) -> ((line, column) of the value, (line, column) of its key or None); None when
    #: positions are unknown
    index: dict | None = None
    text: str = ""
    sha256: str = ""  # of the file's bytes as read (of the text's UTF-8 when parsed from text)
    #: positions kept from an earlier parse ("rules/3" -> [line, column]), used when there is no index
    positions: dict | None = None
    #: problems found while reading that did not stop it (a duplicate key, a control character, ...); validation
    #: reports them with the others
    problems: list[Problem] = field(default_factory=list)

    def locate(self, loc: Loc, *, at: str = "value") -> tuple[int | None, int | None]:
        """Line and column (1-based) of the item at `loc`, or of the closest enclosing item that exists.

        `at="key"` points at the mapping key instead of its value.
        """
        if self.index is None:
            kept = (self.positions or {}).get("/".join(str(p) for p in loc))
            return (kept[0], kept[1]) if kept else (None, None)
        path = tuple(str(p) for p in loc)
        for n in range(len(path), -1, -1):
            entry = self.index.get(path[:n])
            if entry is not None:
                value_pos, key_pos = entry
                if n == len(path) and at == "key" and key_pos is not None:
                    return key_pos
                return value_pos
        return (None, None)

    def problem(self, loc: Loc, code: str, message: str, hint: str | None = None, *, at: str = "value") -> Problem:
        line, col = self.locate(loc, at=at)
        return Problem(self.path, line, col, code, message, hint)


def dotted_path(loc: Sequence) -> str:
    """A path as messages write it: ratings."3.3".phase, scenarios[2].set."""
    out = ""
    for part in loc:
        if isinstance(part, int) and not isinstance(part, bool):
            out += f"[{part}]"
        else:
            text = f'"{part}"' if "." in str(part) else str(part)
            out += ("." if out else "") + text
    return out


def display_path(path: Path | str) -> str:
    return str(path)


def read_text(path: Path | str, *, max_bytes: int = MAX_INPUT_BYTES) -> str:
    """Read a text file, refusing what is not one: missing, a directory, too large, binary, not UTF-8."""
    return read_text_and_hash(path, max_bytes=max_bytes)[0]


_USE_TEMPLATE = N_("use the .xlsx template ('cpss template --format xlsx -o assessment.xlsx') or YAML ('cpss template -o "
                   "assessment.yaml')")
#: Spreadsheets and tables given where YAML or JSON text is read: what they are and what to do instead.
_NOT_TEXT_FORMATS = {
    ".csv": (N_("CSV is not an assessment format"), _USE_TEMPLATE),
    ".tsv": (N_("a tab-separated table is not an assessment format"), _USE_TEMPLATE),
    ".ods": (N_("this is an OpenDocument spreadsheet (.ods), which is not read"),
             N_("in LibreOffice use File > Save As and choose 'Excel 2007-365 (.xlsx)', then give the .xlsx file")),
    ".xls": (N_("this is an Excel 97-2003 workbook (.xls), which is not read"),
             N_("open it in Excel or LibreOffice and save it as 'Excel Workbook (.xlsx)', then give the .xlsx file")),
    ".numbers": (N_("this is a Numbers spreadsheet, which is not read"),
                 N_("export it as Excel (.xlsx), then give the .xlsx file")),
}


def refuse_other_formats(path: Path | str) -> None:
    """Refuse, by its name, a file in a format that is never read as YAML or JSON (CSV, .ods, .xls, ...)."""
    suffix = Path(str(path)).suffix.lower()
    if suffix in _NOT_TEXT_FORMATS:
        message, hint = _NOT_TEXT_FORMATS[suffix]
        raise InputError(Problem(display_path(path), None, None, "unsupported-format", M_(message), M_(hint)))


_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_text_and_hash(path: Path | str, *, max_bytes: int = MAX_INPUT_BYTES) -> tuple[str, str]:
    """The text of a file and the SHA-256 of its bytes (byte-order mark included, as `sha256sum` sees them)."""
    raw = read_file_bytes(path, max_bytes=max_bytes,
                          what=M_("give the path of one assessment file (.yaml, .yml or .json)"))
    return decode_text(raw, display_path(path)), hashlib.sha256(raw).hexdigest()


def read_file_bytes(path: Path | str, *, max_bytes: int, what: str,
                    too_large_hint: str = M_("an assessment is a few kilobytes: is this the right file?")) -> bytes:
    """The bytes of a file given as input, refusing what is not one: missing, a directory (`what` says what to
    give instead), a device or a pipe, unreadable, larger than `max_bytes`."""
    p = Path(path)
    name = display_path(path)
    if not p.exists():
        raise InputError(Problem(name, None, None, "not-found", M_("no such file"),
                                 M_("check the path; it is read relative to the current directory")))
    if p.is_dir():
        raise InputError(Problem(name, None, None, "is-directory", M_("is a directory, not a file"), what))
    refuse_special_input(p, name)  # a device or a pipe: never opened (it could be endless, or block)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError(Problem(name, None, None, "too-large",
                                     M_("file is %(size)s bytes; the limit is %(limit)s bytes", size=format(size, ","),
                                        limit=format(max_bytes, ",")), too_large_hint))
        raw = p.read_bytes()
    except PermissionError:
        raise InputError(Problem(name, None, None, "unreadable", M_("permission denied"),
                                 M_("check the file's permissions"))) from None
    except OSError as exc:
        raise InputError(Problem(name, None, None, "unreadable", M_("cannot read the file: %(reason)s",
                                                                                 reason=str(exc.strerror or exc)))) from None
    if len(raw) > max_bytes:  # grew while reading, or a special file
        raise InputError(Problem(name, None, None, "too-large", M_("file is larger than %(limit)s bytes",
                                                                                limit=format(max_bytes, ","))))
    return raw


def decode_text(raw: bytes, name: str) -> str:
    """The text of YAML or JSON bytes, refusing what is not UTF-8 text (spreadsheets, UTF-16, binary data)."""
    _refuse_other_encodings(raw, name)
    if b"\x00" in raw:
        raise InputError(Problem(name, None, None, "binary", M_("this is a binary file, not a YAML or JSON text file"),
                                 M_("save the assessment as YAML or JSON text")))
    try:
        # Plain UTF-8: a byte order mark stays in the text (as U+FEFF), so that the text encodes back to exactly
        # the bytes read and hashes like the file. The parser skips it.
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(Problem(name, line, None, "encoding", M_("the file is not UTF-8 text"),
                                 M_("save it as UTF-8"))) from None


def _refuse_other_encodings(raw: bytes, name: str) -> None:
    """Spreadsheets, and text in UTF-16 or UTF-32: each named for what it is, with what to do."""
    if raw.startswith(_ZIP_MAGIC):
        raise InputError(Problem(name, None, None, "binary",
                                 M_("this is a zip package (a spreadsheet such as .xlsx or .ods?), not YAML or JSON text"),
                                 M_("an Excel workbook made from 'cpss template --format xlsx' is read when its name ends "
                                    "in .xlsx; save other spreadsheets as .xlsx")))
    if raw.startswith(_OLE_MAGIC):
        raise InputError(Problem(name, None, None, "binary",
                                 M_("this is an Excel 97-2003 (.xls) or other Office binary file, not YAML or JSON text"),
                                 M_("save it as 'Excel Workbook (.xlsx)' and give the .xlsx file")))
    boms = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"), (codecs.BOM_UTF16_LE, "UTF-16"),
            (codecs.BOM_UTF16_BE, "UTF-16"))
    kind = next((k for bom, k in boms if raw.startswith(bom)), None)
    if kind is None and b"\x00" in raw[:4096]:
        head = raw[:4096]
        evens, odds = head[0::2], head[1::2]
        if len(head) >= 4 and (odds.count(0) >= 0.9 * len(odds) or evens.count(0) >= 0.9 * len(evens)):
            kind = "UTF-16"
    if kind is not None:
        raise InputError(Problem(name, None, None, "encoding", M_("the file is %(kind)s text; %(kind)s is not supported", kind=kind),
                                 M_("save it as UTF-8 (in Notepad: Save As, Encoding UTF-8; in other editors: "
                                    "'UTF-8' in the encoding menu)")))


def load_document(path: Path | str, *, max_bytes: int = MAX_INPUT_BYTES, require_mapping: bool = True) -> Document:
    """Read and parse a YAML or JSON file; errors are `InputError`s with positions."""
    name = display_path(path)
    refuse_other_formats(path)
    text, digest = read_text_and_hash(path, max_bytes=max_bytes)
    doc = parse_document(text, name, json_syntax=str(path).lower().endswith(".json"),
                         require_mapping=require_mapping)
    doc.sha256 = digest
    return doc


def parse_document(text: str, name: str, *, json_syntax: bool = False, require_mapping: bool = True) -> Document:
    source = text
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError(Problem(name, None, None, "empty", M_("the file is empty"),
                                 M_("run 'cpss template' for a blank assessment to fill in")))
    if json_syntax:
        _check_json(text, name)
    else:
        _refuse_merge_keys(text, name)
    root, constructor = _compose(text, name)
    if root is None:
        raise InputError(Problem(name, 1, 1, "empty", M_("the document has no content (only comments or '---')"),
                                 M_("run 'cpss template' for a blank assessment to fill in")))
    builder = _Builder(name, constructor)
    data = builder.build(root)
    if require_mapping and not isinstance(data, dict):
        kind = _kind_name(data)
        raise InputError([Problem(name, *_mark(root), "not-mapping",
                                  M_("the top level is %(kind)s; it must be a mapping of fields", kind=kind),
                                  M_("an assessment starts with 'schema_version: 1', 'country: ...'")), *builder.problems])
    return Document(name, data, builder.index, source,
                    hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest(), problems=builder.problems)


def _check_json(text: str, name: str) -> None:
    """JSON syntax, checked by the JSON parser for its messages; the YAML reader then gives positions."""
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(Problem(name, exc.lineno, exc.colno, "syntax", M_("invalid JSON: %(reason)s", reason=exc.msg))) from None
    except RecursionError:
        raise InputError(Problem(name, None, None, "too-deep", M_("the document is nested too deeply"))) from None
    except ValueError:
        pass  # a number past Python's int-to-text limit: the reader below refuses it with its place


def load_json(text: str, name: str) -> Any:
    """Plain data from JSON text that is not read for positions (a decision record): errors located by line and
    column; a number too long to convert is an input error, never an internal one."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise InputError(Problem(name, None, None, "too-deep", M_("the document is nested too deeply"))) from None
    except ValueError:
        m = re.search(r"\d{%d,}" % (MAX_DIGITS + 1), text)
        line, col = (None, None)
        if m:
            line = text.count("\n", 0, m.start()) + 1
            col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        raise InputError(Problem(name, line, col, "number-too-long", M_("a number has thousands of digits"),
                                 M_("numbers here have a few digits: is this the right file?"))) from None


# A merge key in block context: '<<:' at the start of a line (after indentation, '- ' and '? '); in flow
# context: after '{' or ','.
_MERGE_BLOCK = re.compile(r"^([ \t]*(?:-[ \t]+)*(?:\?[ \t]+)?)<<[ \t]*:(?=[ \t]|$)", re.M)
_MERGE_FLOW = re.compile(r"[{,][ \t]*<<[ \t]*:(?=[ \t,}\]]|$)", re.M)
_BLOCK_SCALAR = re.compile(r"(?:^|[ \t])[|>][0-9+-]*[ \t]*(?:#.*)?$")
#: Text that only looks like a merge key (in a comment, a quoted or a block text) looked at before giving up.
_MAX_MERGE_LOOKALIKES = 100


def _refuse_merge_keys(text: str, name: str) -> None:
    """Refuse a merge key before the file is parsed: parsing a large file takes seconds, and expanding merges
    takes time quadratic in it. A '<<:' inside a block scalar, a comment or a one-line quoted text is not one.
    (The reader refuses any merge key this misses.)"""
    if "<<" not in text:
        return
    lines = text.split("\n")
    starts = list(itertools.accumulate((len(x) + 1 for x in lines[:-1]), initial=0))
    looked_at = 0
    for pattern in (_MERGE_BLOCK, _MERGE_FLOW):
        for m in pattern.finditer(text):
            at = m.end(1) if pattern is _MERGE_BLOCK else m.start() + m.group().index("<")
            line = bisect.bisect_right(starts, at) - 1
            col = at - starts[line]
            before = lines[line][:col]
            if "#" in before or "'" in before or '"' in before or _in_block_scalar(lines, line):
                looked_at += 1
                if looked_at >= _MAX_MERGE_LOOKALIKES:  # bounded work: the reader still refuses a real one
                    return
                continue
            raise InputError(_merge_problem(name, line + 1, col + 1))


def _in_block_scalar(lines: list[str], line: int) -> bool:
    """Whether `line` is inside a literal or folded block (`|` or `>`): a line above it, less indented than every
    line between them, opens one."""
    lowest = _indent(lines[line])
    for i in range(line - 1, -1, -1):
        text = lines[i]
        if not text.strip():
            continue
        own = _indent(text)
        if own < lowest:
            if _BLOCK_SCALAR.search(text.rstrip()):
                return True
            lowest = own
            if own == 0:
                return False
    return False


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _merge_problem(name: str, line: int | None, col: int | None) -> Problem:
    return Problem(name, line, col, "merge-key", M_("YAML merge keys ('<<: *anchor') are not supported"),
                   M_("write the entries out in full: an assessment needs no anchors or merges"))


#: The C parser (ruamel.yaml.clib) composes the same node graph about eight times faster than the pure-Python one,
#: but recurses in C without a bound: it only gets documents whose nesting cannot pass this (`_nesting_bound`).
C_MAX_NESTING = 1000
try:
    from ruamel.yaml.main import CParser as _CParser
except ImportError:  # pragma: no cover - ruamel.yaml without its C extension
    _CParser = None
#: What the C parser leaves to the pure-Python one, outside comment lines: block texts, tags, anchors and aliases,
#: directives, complex keys, tabs, document markers, reserved and control characters, special line breaks. The two
#: parsers differ at the edges of these; an assessment rarely has any.
_C_LEAVES = re.compile(r"[|>!&*%?\t`@\\]|^(?:---|\.\.\.)|[\x00-\x09\x0b-\x1f\x7f-\xa0\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]",
                       re.M)
_COMMENT_LINE = re.compile(r"^ *#.*$", re.M)


def _nesting_bound(text: str) -> int:
    """An upper bound on the nesting depth of a YAML document: a level opens a flow collection ('[', '{'), a
    block sequence entry or complex key on a line ('-', '?'), or a block mapping on a new line."""
    return sum(text.count(c) for c in "\n[{-?") + 1


def _compose_c(text: str):
    """The node graph from the C parser, or None when it is not installed, the document could nest deeply or holds
    what it leaves (`_C_LEAVES`), it refuses the document, or the document has an empty value (which the C parser
    places where the key ends, the pure-Python one at the next item). The pure-Python parser then reads it, and
    its messages and places are the ones users see."""
    if _CParser is None or _nesting_bound(text) > C_MAX_NESTING or _C_LEAVES.search(_COMMENT_LINE.sub("", text)):
        return None
    try:
        root = YAML(typ="safe", pure=False).compose(text)
    except Exception:  # noqa: BLE001 - any refusal is the pure-Python parser's to explain
        return None
    stack = [root] if root is not None else []
    while stack:  # no anchors here, so no node is reached twice
        node = stack.pop()
        if isinstance(node, ScalarNode) and node.value == "" and not node.style:  # plain: None or ""
            return None
        if isinstance(node, (MappingNode, SequenceNode)):
            stack.extend(x for item in node.value for x in (item if isinstance(item, tuple) else (item,)))
    return (root, YAML(typ="rt").constructor) if root is not None else None


def _compose(text: str, name: str):
    """The parser's node graph (aliases are shared nodes, nothing is expanded yet) and the constructor used for
    scalars (the round-trip one, whichever parser composed the graph)."""
    fast = _compose_c(text)
    if fast is not None:
        return fast
    yaml = YAML(typ="rt")
    try:
        with warnings.catch_warnings():
            # A reused anchor is valid YAML (the later one wins); the parser's warning about it is not for users.
            warnings.simplefilter("ignore")
            return yaml.compose(text), yaml.constructor
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        message = (exc.problem or exc.context or "invalid YAML").strip()
        raise InputError(Problem(name, line, col, "syntax", M_("invalid YAML: %(reason)s", reason=message),
                                 _yaml_hint(message))) from None
    except RecursionError:
        raise InputError(Problem(name, None, None, "too-deep", M_("the document is nested too deeply"))) from None
    except YAMLError as exc:
        raise InputError(Problem(name, None, None, "syntax", M_("invalid YAML: %(reason)s", reason=str(exc)))) from None
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, AssertionError) as exc:
        raise InputError(Problem(name, None, None, "unsupported-yaml",
                                 f"unsupported YAML construct ({type(exc).__name__}"
                                 f"{': ' + shorten(str(exc), 120) if str(exc) else ''})",
                                 M_("write the document as simple mappings and lists"))) from None


def _yaml_hint(message: str) -> str | None:
    if "tab" in message.lower():
        return "YAML does not allow tabs for indentation; use spaces"
    if "mapping values are not allowed" in message:
        return "a value containing ': ' must be quoted"
    return None


_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp", "value")}


def _tag(node: Any) -> str:
    tag = node.tag
    return tag if isinstance(tag, str) else str(getattr(tag, "value", tag))


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag


def _mark(node: Any) -> tuple[int | None, int | None]:
    mark = getattr(node, "start_mark", None)
    if mark is None:
        return (None, None)
    return (mark.line + 1, mark.column + 1)


class _Builder:
    """Plain Python values (dict, list, str, int, float, bool, None) from the node graph, bounded in size and
    depth, with the position of every item and the problems found on the way."""

    def __init__(self, name: str, constructor: Any):
        self.name = name
        self.constructor = constructor
        self.nodes = 0
        self.index: dict[tuple[str, ...], tuple] = {}
        self.problems: list[Problem] = []

    def problem(self, pos: tuple, code: str, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(self.name, pos[0], pos[1], code, message, hint))

    def build(self, node: Any, path: tuple[str, ...] = (), depth: int = 0, key_pos: tuple | None = None) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise InputError(Problem(self.name, None, None, "too-large",
                                     f"the document expands to more than {MAX_NODES:,} values (anchors and aliases "
                                     "count each time they are used)", M_("an assessment needs a few dozen values")))
        pos = _mark(node)
        if depth > MAX_DEPTH:
            raise InputError(Problem(self.name, *pos, "too-deep",
                                     f"the document is nested more than {MAX_DEPTH} levels deep"))
        self.index[path] = (pos, key_pos)
        tag = _tag(node)
        where = dotted_path(path)
        if isinstance(node, MappingNode):
            if tag != _CORE + "map":
                self._unsupported_tag(pos, where, tag)
            return self._mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            if tag != _CORE + "seq":
                self._unsupported_tag(pos, where, tag)
            return [self.build(item, path + (str(i),), depth + 1) for i, item in enumerate(node.value)]
        value = self._scalar(node, tag, pos, where)
        if isinstance(value, str):
            ch = first_control(value)
            if ch is not None:
                self.problem(pos, "control-character",
                             located(where, M_("the text contains the control character %(char)s, which is not allowed",
                                               char=describe(ch))), M_(CONTROL_HINT))
        return value

    def _mapping(self, node: MappingNode, path: tuple[str, ...], depth: int) -> dict:
        out: dict = {}
        seen: dict[str, tuple] = {}
        for key_node, value_node in node.value:
            kpos = _mark(key_node)
            ktag = _tag(key_node)
            if ktag == _CORE + "merge":
                self.problems.append(_merge_problem(self.name, *kpos))
                continue
            where = dotted_path(path)
            if not isinstance(key_node, ScalarNode):  # the mapping's other keys cannot be trusted either
                raise InputError(Problem(self.name, *kpos, "complex-key",
                                         f"{where + ': ' if where else ''}a key must be plain text or a number, not a "
                                         "list or a mapping (an unsupported YAML construct)",
                                         M_("keys must be plain text or numbers; write the document as simple mappings "
                                            "and lists")))
            key = self._scalar(key_node, ktag, kpos, where)
            if isinstance(key, float):
                key = repr(key)  # an unquoted 1.1 is the id "1.1"
            text = str(key)
            if isinstance(key, str):
                ch = first_control(key, multiline=False)
                if ch is not None:
                    self.problem(kpos, "control-character",
                                 located(where, M_("the key '%(key)s' contains the control character %(char)s, "
                                                   "which is not allowed", key=shorten(key), char=describe(ch))),
                                 M_(ONE_LINE_HINT))
            if text in seen:
                first_pos, first_src = seen[text]
                args = {"key": shorten(text), "line": first_pos[0], "column": first_pos[1]}
                if first_src != _source(key_node):
                    message = M_("duplicate key '%(key)s': line %(line)s, column %(column)s has the same key (written "
                                 "%(written)s)", written=first_src, **args)
                else:
                    message = M_("duplicate key '%(key)s': line %(line)s, column %(column)s has the same key", **args)
                self.problem(kpos, "duplicate-key", message,
                             M_("each key may appear once; remove or merge the repeated entry"))
                continue
            seen[text] = (kpos, _source(key_node))
            out[key] = self.build(value_node, path + (text,), depth + 1, kpos)
        return out

    def _scalar(self, node: Any, tag: str, pos: tuple, where: str) -> Any:
        if tag not in _SCALAR_TAGS:
            self._unsupported_tag(pos, where, tag)
            return node.value if isinstance(node.value, str) else None
        if tag in (_CORE + "str", _CORE + "timestamp", _CORE + "value"):  # "=" is a YAML 1.1 !!value
            text = str(node.value)
            if getattr(node, "style", None) == ">":
                text = text.replace("\a", "")  # the round-trip scanner marks where a folded text was folded
            return _valid_unicode(text, self, pos)
        text = str(node.value)
        if tag == _CORE + "int":
            digits = len(re.sub(r"[^0-9a-fA-F]", "", text))
            if digits > MAX_DIGITS:
                self.problem(pos, "number-too-long",
                             f"{where + ': ' if where else ''}the number {escape_controls(text[:20])}... has "
                             f"{digits:,} digits", M_("numbers here have a few digits: a phase, a count, a number of months"))
                return None
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (ValueError, TypeError, ArithmeticError, YAMLError) as exc:
            self.problem(pos, "bad-number", f"{where + ': ' if where else ''}cannot read {shorten(text, 20)!s}: "
                         f"{shorten(str(exc), 80)}")
            return None
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, int):
            return int(value)
        if isinstance(value, float):
            return float(value)
        return value

    def _unsupported_tag(self, pos: tuple, where: str, tag: str) -> None:
        self.problem(pos, "unsupported-yaml",
                     located(where, M_("the YAML tag '%(tag)s' is not supported", tag=shorten(_short_tag(tag), 60))),
                     M_("write plain text, numbers, lists and mappings, without tags"))


def _source(node: ScalarNode) -> str:
    """How a key was written: quoted text in quotes, a plain scalar as it stands."""
    style = getattr(node, "style", None)
    return f'{style}{node.value}{style}' if style in ("'", '"') else str(node.value)


def _valid_unicode(value: str, builder: _Builder, pos: tuple) -> str:
    """Text as valid Unicode: escaped UTF-16 surrogate pairs (JSON's "\\ud83d\\ude00") are joined; a lone
    surrogate cannot be represented and is refused."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        pass
    try:
        return value.encode("utf-16", "surrogatepass").decode("utf-16")
    except UnicodeDecodeError:
        raise InputError(Problem(builder.name, *pos, "encoding",
                                 M_("the text contains an invalid Unicode escape (an unpaired surrogate)"),
                                 M_("remove the \\uD800-\\uDFFF escape"))) from None


def _kind_name(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a text value"
    if isinstance(value, bool):
        return "a yes/no value"
    if isinstance(value, (int, float)):
        return "a number"
    if value is None:
        return "empty"
    return type(value).__name__
