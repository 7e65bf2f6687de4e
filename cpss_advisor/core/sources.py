"""Checked data from a directory of YAML files: load -> check -> cache, in one place, for knowledge and rules alike.

A *source set* is the YAML files of a directory, named for messages and hashed by content (`Sources`). Turning it
into a checked object (a `KnowledgeBase`, a `Rulebook`) goes through `load_checked`:

1. **In process:** the object already built from the same content (and the same extra key, e.g. the knowledge base
   a rule set was checked against) is returned. The key is the content's SHA-256, never the directory: a file
   edited between two loads gives a new object.
2. **Documents:** the files' parsed data come from the parse cache (`cpss_advisor.core.parse_cache`) when an entry
   for this content exists, else from the YAML.
3. **Check:** the caller's `build` validates the documents and runs every check, each time an object is built,
   whether the documents came from the cache or from the files: a check is never skipped. A problem found in
   cached data (which can only mean the cache and the code disagree) sends the build back to the files, so that the
   problems carry lines and columns.
4. **Remember:** documents parsed from the files and checked are written to the parse cache for the next process.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar

from . import parse_cache
from .document import Document, load_document
from .errors import InputError, KnowledgeError, Problem

T = TypeVar("T")

#: Checked objects kept in process (the most recently used; a long-running process may load many rule sets).
MAX_KEPT = 16


@dataclass(frozen=True)
class Sources:
    """The files of one source set, in name order."""

    kind: str                        # "knowledge" or "rules": the parse cache's namespace
    directory: Path
    paths: tuple[Path, ...]
    names: tuple[str, ...]           # as messages show them
    sha256: str                      # of the files' names and bytes
    max_bytes: int                   # per file


def content_sha256(paths: Iterable[Path], base: Path) -> str:
    """SHA-256 over the names and bytes of `paths`, in name order: the same files give the same hash anywhere."""
    h = hashlib.sha256()
    for p in sorted(paths, key=lambda q: q.relative_to(base).as_posix()):
        data = p.read_bytes()
        name = p.relative_to(base).as_posix().encode()
        h.update(len(name).to_bytes(4, "big") + name + len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


def yaml_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.suffix in {".yaml", ".yml"} and p.is_file())


def source_set(kind: str, directory: Path, paths: Iterable[Path], name: Callable[[Path], str],
               max_bytes: int) -> Sources:
    paths = tuple(sorted(paths))
    return Sources(kind, directory, paths, tuple(name(p) for p in paths), content_sha256(paths, directory), max_bytes)


def read_documents(src: Sources, *, use_cache: bool = True) -> tuple[list[Document], list[Problem], bool]:
    """The documents of a source set, the problems of files that could not be parsed, and whether they came from
    the parse cache."""
    entry = parse_cache.read(src.kind, src.sha256) if use_cache else None
    if _usable(entry, src):
        return [Document(n, entry[n]["data"], positions=entry[n].get("positions")) for n in src.names], [], True
    docs, problems = [], []
    for path, name in zip(src.paths, src.names):
        try:
            doc = load_document(path, max_bytes=src.max_bytes)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        doc.path = name
        docs.append(doc)
    return docs, problems, False


def _usable(entry: Any, src: Sources) -> bool:
    return (isinstance(entry, dict) and set(entry) == set(src.names)
            and all(isinstance(v, dict) and "data" in v and isinstance(v.get("positions", {}), dict)
                    for v in entry.values()))


def remember(src: Sources, docs: list[Document], positions: Callable[[Document], Iterable[tuple]], *,
             at: str = "value") -> None:
    """Write checked documents to the parse cache, with the positions `positions(doc)` names (so that an object
    built from the cache still says where its entries were written): of their values, or with `at="key"` of the
    keys that name them."""
    parse_cache.write(src.kind, src.sha256, {
        d.path: {"data": d.data,
                 "positions": {"/".join(map(str, loc)): list(d.locate(loc, at=at)) for loc in positions(d)}}
        for d in docs})


_KEPT: OrderedDict[tuple, Any] = OrderedDict()


def load_checked(src: Sources, build: Callable[[list[Document]], T], *, key: tuple = (),
                 positions: Callable[[Document], Iterable[tuple]] = lambda d: ()) -> T:
    """The checked object built from `src` by `build(documents)` (which raises `KnowledgeError` with every
    problem); see the module docstring for the steps."""
    full_key = (src.kind, src.sha256, src.directory.as_posix(), *key)
    if full_key in _KEPT:
        _KEPT.move_to_end(full_key)
        return _KEPT[full_key]
    docs, problems, cached = read_documents(src)
    try:
        if problems:
            raise KnowledgeError(problems)
        obj = build(docs)
    except KnowledgeError:
        if not cached:
            raise
        docs, problems, cached = read_documents(src, use_cache=False)
        if problems:
            raise KnowledgeError(problems) from None
        obj = build(docs)
    if not cached:
        remember(src, docs, positions)
    _KEPT[full_key] = obj
    while len(_KEPT) > MAX_KEPT:
        _KEPT.popitem(last=False)
    return obj


def forget() -> None:
    """Drop the checked objects kept in process (tests that change files under a directory use it)."""
    _KEPT.clear()
