"""Writing results: to stdout, or atomically to a file that is never one of the inputs.

A file output is written to a temporary file in the same directory and renamed over the target, so a reader
never sees half a file and an interrupted run leaves the old file (or none) in place.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Iterable

from .errors import OutputError, Problem


def to_json(data) -> str:
    """Results as JSON, the one way every command writes them: sorted keys, indented, UTF-8 text, a final newline.
    The same data gives the same bytes."""
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def write_atomic(path: str | Path, data: str | bytes, *, inputs: Iterable[str | Path] = ()) -> None:
    target = Path(path)
    for inp in inputs:
        if _same_file(target, Path(inp)) or target.resolve() == Path(inp).resolve():
            raise OutputError(Problem(str(target), None, None, "output-is-input",
                                      "refusing to write the output over an input file",
                                      "choose another output path with -o"))
    if target.is_dir():
        raise OutputError(Problem(str(target), None, None, "output-is-directory", "the output path is a directory",
                                  "give a file name, e.g. -o plan.json"))
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(Problem(str(target), None, None, "no-directory",
                                  f"the directory '{directory}' does not exist"))
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = None, None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "wb") as fh:
            fd = None
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            try:
                os.chmod(tmp, target.stat().st_mode & 0o777)
            except OSError:
                pass
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise OutputError(Problem(str(target), None, None, "write-failed",
                                  f"cannot write the output: {exc.strerror or exc}")) from None
    finally:
        if fd is not None:
            os.close(fd)
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
