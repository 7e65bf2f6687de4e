"""Writing results: to stdout, or to a file that is never one of the inputs.

What `-o PATH` does depends on what PATH is:

- nothing yet, or a regular file: the result is written to a temporary file in the same directory and renamed
  over PATH, so a reader never sees half a file and an interrupted run leaves the old file (or none) in place. An
  existing file keeps its permissions.
- a symbolic link to a regular file: the file it points to is replaced, in that file's directory, the same way;
  the link stays a link.
- a character device (`/dev/null`, a terminal) or a named pipe (FIFO): the result is written straight into it, as
  the shell's `>` does (a FIFO waits for its reader). Such a path is never replaced by a regular file.
- `/dev/stdout`, `/dev/fd/N` and other links through `/proc`: written into what the link opens, appended, as
  `> file` and `>> file` users expect.
- a directory, a dangling symbolic link, a socket or a block device: refused (`OutputError`, exit 4).
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Iterable

from .errors import OutputError, Problem
from .files import kind_of


def to_json(data) -> str:
    """Results as JSON, the one way every command writes them: sorted keys, indented, UTF-8 text, a final newline.
    The same data gives the same bytes."""
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def would_replace(path: str | Path) -> bool:
    """Whether writing to `path` replaces an existing regular file (directly or through a symbolic link); writing
    into a device or a pipe replaces nothing."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def write_atomic(path: str | Path, data: str | bytes, *, inputs: Iterable[str | Path] = ()) -> None:
    """Write `data` to `path` as the module docstring describes; never over one of `inputs`."""
    target = Path(path)
    for inp in inputs:
        if _same_file(target, Path(inp)) or target.resolve() == Path(inp).resolve():
            raise OutputError(Problem(str(target), None, None, "output-is-input",
                                      "refusing to write the output over an input file",
                                      "choose another output path with -o"))
    payload = data.encode("utf-8") if isinstance(data, str) else data
    how, where = _destination(target)
    if how == "stream":
        _write_into(target, payload)
    else:
        _replace(where, payload, shown=str(target))


def _error(target: Path, code: str, message: str, hint: str | None = None) -> OutputError:
    return OutputError(Problem(str(target), None, None, code, message, hint))


_ALLOWED = "-o writes regular files, character devices such as /dev/null, and named pipes"


def _destination(target: Path) -> tuple[str, Path]:
    """("replace", the regular file to replace or create) or ("stream", the path to write into)."""
    try:
        link = os.lstat(target)
    except FileNotFoundError:
        return "replace", target
    except OSError as exc:
        raise _error(target, "write-failed", f"cannot write the output: {exc.strerror or exc}") from None
    st = link
    if stat.S_ISLNK(link.st_mode):
        try:
            st = os.stat(target)
        except FileNotFoundError:
            raise _error(target, "dangling-symlink",
                         f"is a symbolic link to '{os.readlink(target)}', which does not exist; not writing through it",
                         "create the file it points to, remove the link, or choose another output path") from None
        except OSError as exc:
            raise _error(target, "write-failed", f"cannot follow the symbolic link: {exc.strerror or exc}") from None
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        raise _error(target, "output-is-directory", "the output path is a directory",
                     "give a file name, e.g. -o plan.json")
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return "stream", target
    if stat.S_ISREG(mode):
        if not stat.S_ISLNK(link.st_mode):
            return "replace", target
        if _through_proc(target):  # /dev/stdout redirected to a file: write into the file the shell opened
            return "stream", target
        return "replace", Path(os.path.realpath(target))
    raise _error(target, "special-file", f"the output path is {kind_of(mode)}; not writing to it", _ALLOWED)


def _through_proc(target: Path) -> bool:
    """Whether a chain of symbolic links passes through /proc (`/dev/stdout` -> `/proc/self/fd/1`): such a link
    opens whatever the process has open, which may have no name of its own."""
    p = os.path.abspath(target)
    for _ in range(40):
        directory = os.path.realpath(os.path.dirname(p))
        if directory == "/proc" or directory.startswith("/proc/"):
            return True
        try:
            link = os.readlink(p)
        except OSError:
            return False
        p = os.path.normpath(os.path.join(directory, link))
    return False


def _write_into(target: Path, payload: bytes) -> None:
    """Write into a device, a pipe or an open file, as the shell's `>` would (appending: nothing is truncated)."""
    flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = None
    try:
        fd = os.open(target, flags)  # a FIFO: waits here for a reader, as `>` does
        mode = os.fstat(fd).st_mode
        if not (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISREG(mode)):
            raise _error(target, "special-file", f"the output path is {kind_of(mode)}; not writing to it", _ALLOWED)
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view):]
    except OSError as exc:
        raise _error(target, "write-failed", f"cannot write the output: {exc.strerror or exc}") from None
    finally:
        if fd is not None:
            os.close(fd)


def _replace(target: Path, payload: bytes, *, shown: str) -> None:
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(Problem(shown, None, None, "no-directory", f"the directory '{directory}' does not exist"))
    fd, tmp = None, None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "wb") as fh:
            fd = None
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.chmod(tmp, os.stat(target).st_mode & 0o777)
        except FileNotFoundError:
            os.chmod(tmp, 0o666 & ~_umask())
        except OSError:
            pass
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise OutputError(Problem(shown, None, None, "write-failed",
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
