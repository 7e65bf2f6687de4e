"""A cache of parsed knowledge and rule files, so that each command does not re-parse the same YAML.

Parsing YAML with positions is the slowest part of starting up. Once a knowledge base or a rule set has been
read and has passed every check, the plain data of its files is written as JSON to the user's cache directory
(`$CPSS_CACHE_DIR`, else `$XDG_CACHE_HOME/cpss-advisor`, else `~/.cache/cpss-advisor`), under a name made of the
tool version, a digest of the code that checks such files, and the SHA-256 of the files' content. A later run
with the same files and the same code builds from that data (fast) instead of parsing the YAML, and checks it
again (`cpss_advisor.core.sources`); if anything is wrong with it, the files are parsed and checked as usual.
Only knowledge and rules are cached, never assessments.
`CPSS_NO_CACHE=1` turns the cache off.

An entry is used only if it is exactly what this code wrote for those files: its first line holds the SHA-256 of
its name and its data, checked on every read. An entry edited by hand, damaged, or copied under another entry's
name fails that check; it is then ignored (with a notice on standard error), the source files are parsed and
checked, and the entry is written again. So the knowledge and rules hashes in every provenance are those of the
content the run used. (The check guards against edits and damage; whoever can rewrite the checksum as well can
equally edit the installed code.)
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from .version import __version__


def cache_dir() -> Path | None:
    if os.environ.get("CPSS_NO_CACHE"):
        return None
    explicit = os.environ.get("CPSS_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "cpss-advisor"


def code_digest() -> str:
    """A digest of the code that decides whether files are valid and what is built from them (the core, knowledge
    and engine layers): a cache entry written by other code is not used, even under the same version number."""
    package = Path(__file__).resolve().parent.parent
    h = hashlib.sha256(__version__.encode())
    for layer in _CHECKING_LAYERS:
        for p in sorted((package / layer).glob("*.py")):
            h.update(f"{layer}/{p.name}".encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:16]


#: The sub-packages whose code reads, checks and compiles knowledge and rules.
_CHECKING_LAYERS = ("core", "kb", "engine")


_DIGEST: str | None = None


def _path(kind: str, sha256: str) -> Path | None:
    global _DIGEST
    d = cache_dir()
    if d is None:
        return None
    if _DIGEST is None:
        _DIGEST = code_digest()
    return d / f"{kind}-{__version__}-{_DIGEST}-{sha256}.json"


#: The first line of an entry: this marker and the checksum of the rest.
_HEADER = b"cpss-parse-cache sha256="


def _checksum(name: str, body: bytes) -> str:
    return hashlib.sha256(name.encode("utf-8") + b"\n" + body).hexdigest()


def read(kind: str, sha256: str) -> dict[str, Any] | None:
    """The cached file data ({display name: plain data}), or None (no entry, or one that fails its checksum)."""
    p = _path(kind, sha256)
    if p is None or not p.is_file():
        return None
    try:
        raw = p.read_bytes()
    except OSError:
        return None
    head, _, body = raw.partition(b"\n")
    if not head.startswith(_HEADER) or head[len(_HEADER):].decode("ascii", "replace") != _checksum(p.name, body):
        print(f"cpss: ignoring the parse cache entry {p}: it does not match its checksum (edited or damaged); "
              "reading the source files instead", file=sys.stderr)
        return None
    try:
        data = json.loads(body.decode("utf-8"))
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def write(kind: str, sha256: str, files: dict[str, Any]) -> None:
    """Best effort: a cache that cannot be written is simply not used."""
    p = _path(kind, sha256)
    if p is None:
        return
    try:
        # Mappings keep the order they were written in: a cached file must read exactly as parsed (the order of
        # a rule's conditions is the order they are compiled in).
        body = json.dumps(files, ensure_ascii=False).encode("utf-8")
        p.parent.mkdir(parents=True, exist_ok=True)
        from .output import write_atomic

        write_atomic(p, _HEADER + _checksum(p.name, body).encode("ascii") + b"\n" + body)
    except (OSError, TypeError, ValueError, Exception):  # noqa: BLE001 - never fail a command for the cache
        return
