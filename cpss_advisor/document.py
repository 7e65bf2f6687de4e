"""Reading YAML and JSON documents with the line and column of every key and value.

This is the only module that parses YAML. It reads a file defensively (size, binary content, encoding, empty
files, duplicate keys, alias expansion, nesting depth) and returns a `Document`: the data as plain Python values
plus a position index that turns a path such as ``("ratings", "3.3", "phase")`` into a line and a column.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .errors import InputError, Problem
from .files import refuse_special_input

#: Assessments are a few kilobytes; anything past this is not an assessment.
MAX_INPUT_BYTES = 2 * 1024 * 1024
#: Bound on values after alias expansion (a YAML "billion laughs" document stops here).
MAX_NODES = 200_000
#: Bound on nesting depth.
MAX_DEPTH = 64

Loc = Sequence[str | int]


@dataclass
class Document:
    """A parsed file: plain data, and the parser's tree for positions."""

    path: str
    data: Any
    tree: Any = None  # ruamel CommentedMap/CommentedSeq, or None when positions are unknown
    text: str = ""
    sha256: str = ""  # of the file's bytes as read (of the text's UTF-8 when parsed from text)
    #: positions kept from an earlier parse ("rules/3" -> [line, column]), used when there is no tree
    positions: dict | None = None

    def locate(self, loc: Loc, *, at: str = "value") -> tuple[int | None, int | None]:
        """Line and column (1-based) of the item at `loc`, or of the closest enclosing item that exists.

        `at="key"` points at the mapping key instead of its value.
        """
        node = self.tree
        if node is None:
            kept = (self.positions or {}).get("/".join(str(p) for p in loc))
            return (kept[0], kept[1]) if kept else (None, None)
        pos = _node_start(node)
        for i, part in enumerate(loc):
            last = i == len(loc) - 1
            if isinstance(node, CommentedMap):
                key = _find_key(node, part)
                if key is _MISSING:
                    return pos
                try:
                    line, col = node.lc.key(key) if (last and at == "key") else node.lc.value(key)
                    pos = (line + 1, col + 1)
                except (KeyError, TypeError, AttributeError):
                    pass
                node = node[key]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
                try:
                    line, col = node.lc.item(part)
                    pos = (line + 1, col + 1)
                except (KeyError, TypeError, AttributeError):
                    pass
                node = node[part]
            else:
                return pos
        return pos

    def problem(self, loc: Loc, code: str, message: str, hint: str | None = None, *, at: str = "value") -> Problem:
        line, col = self.locate(loc, at=at)
        return Problem(self.path, line, col, code, message, hint)


class _Missing:
    pass


_MISSING = _Missing()


def _find_key(node: CommentedMap, part: str | int):
    if part in node:
        return part
    # Keys the parser typed (e.g. an unquoted 1.1 read as a float) are matched by their text.
    for key in node:
        if _key_text(key) == str(part):
            return key
    return _MISSING


def _key_text(key: Any) -> str:
    if isinstance(key, float):
        return repr(key)
    return str(key)


def _node_start(node: Any) -> tuple[int | None, int | None]:
    try:
        return (node.lc.line + 1, node.lc.col + 1)
    except (AttributeError, TypeError):  # no position recorded (some scalars carry None)
        return (None, None)


def display_path(path: Path | str) -> str:
    return str(path)


def read_text(path: Path | str, *, max_bytes: int = MAX_INPUT_BYTES) -> str:
    """Read a text file, refusing what is not one: missing, a directory, too large, binary, not UTF-8."""
    return read_text_and_hash(path, max_bytes=max_bytes)[0]


def read_text_and_hash(path: Path | str, *, max_bytes: int = MAX_INPUT_BYTES) -> tuple[str, str]:
    """The text of a file and the SHA-256 of its bytes (byte-order mark included, as `sha256sum` sees them)."""
    p = Path(path)
    name = display_path(path)
    if not p.exists():
        raise InputError(Problem(name, None, None, "not-found", "no such file",
                                 "check the path; it is read relative to the current directory"))
    if p.is_dir():
        raise InputError(Problem(name, None, None, "is-directory", "is a directory, not a file",
                                 "give the path of one assessment file (.yaml, .yml or .json)"))
    refuse_special_input(p, name)  # a device or a pipe: never opened (it could be endless, or block)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError(Problem(
                name, None, None, "too-large",
                f"file is {size:,} bytes; the limit is {max_bytes:,} bytes",
                "an assessment is a few kilobytes: is this the right file?"))
        raw = p.read_bytes()
    except PermissionError:
        raise InputError(Problem(name, None, None, "unreadable", "permission denied",
                                 "check the file's permissions")) from None
    except OSError as exc:
        raise InputError(Problem(name, None, None, "unreadable", f"cannot read the file: {exc.strerror or exc}")) from None
    if len(raw) > max_bytes:  # grew while reading, or a special file
        raise InputError(Problem(name, None, None, "too-large", f"file is larger than {max_bytes:,} bytes"))
    if b"\x00" in raw:
        raise InputError(Problem(name, None, None, "binary", "this is a binary file, not a YAML or JSON text file",
                                 "save the assessment as YAML or JSON text"))
    try:
        # Plain UTF-8: a byte order mark stays in the text (as U+FEFF), so that the text encodes back to exactly
        # the bytes read and hashes like the file. The parser skips it.
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(Problem(name, line, None, "encoding", "the file is not UTF-8 text",
                                 "save it as UTF-8")) from None
    return text, hashlib.sha256(raw).hexdigest()


def load_document(path: Path | str, *, max_bytes: int = MAX_INPUT_BYTES, require_mapping: bool = True) -> Document:
    """Read and parse a YAML or JSON file; errors are `InputError`s with positions."""
    name = display_path(path)
    text, digest = read_text_and_hash(path, max_bytes=max_bytes)
    doc = parse_document(text, name, json_syntax=str(path).lower().endswith(".json"),
                         require_mapping=require_mapping)
    doc.sha256 = digest
    return doc


def parse_document(text: str, name: str, *, json_syntax: bool = False, require_mapping: bool = True) -> Document:
    source = text
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError(Problem(name, None, None, "empty", "the file is empty",
                                 "run 'cpss template' for a blank assessment to fill in"))
    if json_syntax:
        _check_json(text, name)
    tree = _parse_yaml(text, name)
    if tree is None:
        raise InputError(Problem(name, 1, 1, "empty", "the document has no content (only comments or '---')",
                                 "run 'cpss template' for a blank assessment to fill in"))
    data = _to_plain(tree, name, _Budget())
    if require_mapping and not isinstance(data, dict):
        kind = _kind_name(data)
        raise InputError(Problem(name, *_node_start(tree), "not-mapping",
                                 f"the top level is {kind}; it must be a mapping of fields",
                                 "an assessment starts with 'schema_version: 1', 'country: ...'"))
    return Document(name, data, tree if isinstance(tree, (CommentedMap, CommentedSeq)) else None, source,
                    hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest())


def _check_json(text: str, name: str) -> None:
    def pairs(items):
        seen = {}
        for key, value in items:
            if key in seen:
                raise _DuplicateJsonKey(key)
            seen[key] = value
        return seen

    try:
        json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise InputError(Problem(name, exc.lineno, exc.colno, "syntax", f"invalid JSON: {exc.msg}")) from None
    except _DuplicateJsonKey as exc:
        # The YAML parser below reports the same duplicate with its position.
        try:
            _parse_yaml(text, name)
        except InputError:
            raise
        raise InputError(Problem(name, None, None, "duplicate-key", f"duplicate key '{exc.key}'",
                                 "each key may appear once; remove or merge the repeated entry")) from None
    except RecursionError:
        raise InputError(Problem(name, None, None, "too-deep", "the document is nested too deeply")) from None


class _DuplicateJsonKey(Exception):
    def __init__(self, key):
        self.key = key


def _parse_yaml(text: str, name: str):
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        with warnings.catch_warnings():
            # A reused anchor is valid YAML (the later one wins); the parser's warning about it is not for users.
            warnings.simplefilter("ignore")
            return yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        message = (exc.problem or exc.context or "invalid YAML").strip()
        if "duplicate key" in message:
            key = _duplicate_key_name(str(exc))
            raise InputError(Problem(name, line, col, "duplicate-key",
                                     f"duplicate key {key}" if key else "duplicate key",
                                     "each key may appear once; remove or merge the repeated entry")) from None
        raise InputError(Problem(name, line, col, "syntax", f"invalid YAML: {message}",
                                 _yaml_hint(message))) from None
    except RecursionError:
        raise InputError(Problem(name, None, None, "too-deep", "the document is nested too deeply")) from None
    except YAMLError as exc:
        raise InputError(Problem(name, None, None, "syntax", f"invalid YAML: {exc}")) from None
    except (TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
        # The parser fails this way on constructs an assessment never needs (a mapping or list used as a key).
        raise InputError(Problem(name, None, None, "unsupported-yaml",
                                 f"unsupported YAML construct ({type(exc).__name__}: {exc})",
                                 "keys must be plain text or numbers; write the document as simple mappings and lists")) from None


def _duplicate_key_name(text: str) -> str | None:
    # ruamel: 'found duplicate key "3.3" with value ...'
    marker = "duplicate key "
    i = text.find(marker)
    if i < 0:
        return None
    rest = text[i + len(marker):]
    if rest[:1] in "\"'":
        end = rest.find(rest[0], 1)
        if end > 0:
            return f"'{rest[1:end]}'"
    return None


def _yaml_hint(message: str) -> str | None:
    if "tab" in message.lower():
        return "YAML does not allow tabs for indentation; use spaces"
    if "mapping values are not allowed" in message:
        return "a value containing ': ' must be quoted"
    return None


class _Budget:
    def __init__(self):
        self.nodes = 0


def _child_pos(node: Any, key: Any, which: str) -> tuple[int | None, int | None]:
    try:
        line, col = getattr(node.lc, which)(key)
        return (line + 1, col + 1)
    except (AttributeError, KeyError, TypeError):
        return _node_start(node)


def _to_plain(node: Any, name: str, budget: _Budget, depth: int = 0,
              pos: tuple[int | None, int | None] = (None, None)) -> Any:
    """Plain Python values (dict, list, str, int, float, bool, None, date), bounded in size and depth."""
    budget.nodes += 1
    if budget.nodes > MAX_NODES:
        raise InputError(Problem(name, None, None, "too-large",
                                 f"the document expands to more than {MAX_NODES:,} values (anchors and aliases count "
                                 "each time they are used)", "an assessment needs a few dozen values"))
    if depth > MAX_DEPTH:
        raise InputError(Problem(name, *_node_start(node), "too-deep",
                                 f"the document is nested more than {MAX_DEPTH} levels deep"))
    if isinstance(node, dict):
        return {_text(_plain_key(k), name, _child_pos(node, k, "key")):
                _to_plain(v, name, budget, depth + 1, _child_pos(node, k, "value")) for k, v in node.items()}
    if isinstance(node, list):
        return [_to_plain(v, name, budget, depth + 1, _child_pos(node, i, "item")) for i, v in enumerate(node)]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return _text(str(node), name, pos)
    if isinstance(node, _dt.datetime):
        return node.date() if (node.hour, node.minute, node.second) == (0, 0, 0) else node
    if isinstance(node, _dt.date):
        return _dt.date(node.year, node.month, node.day)
    return str(node)


def _text(value: Any, name: str, pos: tuple[int | None, int | None]) -> Any:
    """Text as valid Unicode: escaped UTF-16 surrogate pairs (JSON's "\\ud83d\\ude00") are joined; a lone
    surrogate cannot be represented and is refused."""
    if not isinstance(value, str):
        return value
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        pass
    try:
        return value.encode("utf-16", "surrogatepass").decode("utf-16")
    except UnicodeDecodeError:
        raise InputError(Problem(name, *pos, "encoding",
                                 "the text contains an invalid Unicode escape (an unpaired surrogate)",
                                 "remove the \\uD800-\\uDFFF escape")) from None


def _plain_key(key: Any) -> Any:
    if isinstance(key, bool) or key is None:
        return key
    if isinstance(key, float):
        return repr(float(key))
    if isinstance(key, int):
        return int(key)
    if isinstance(key, str):
        return str(key)
    return str(key)


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
