"""What kind of file a path names, and refusing inputs that are not regular files.

Every input cpss reads (an assessment, a workbook, a decision record, an answer sheet, a scenario file) is a
regular file. A device or a pipe is not: reading `/dev/zero` never ends (or ends when memory does), and opening a
named pipe waits for a writer that may never come. So the kind of an input is checked with `stat`, before the
file is opened, and anything but a regular file (or a directory, which the reader reports in its own words) is
refused with a problem naming the path and what it is.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import InputError, Problem
from .translatable import M_


def kind_of(mode: int) -> str:
    """The kind of file a `st_mode` describes, as a message names it ("a named pipe (FIFO)")."""
    if stat.S_ISREG(mode):
        return "a regular file"
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def refuse_special_input(path: str | Path, name: str | None = None) -> None:
    """Raise `InputError` when `path` is a device, a pipe, a socket or another special file (symbolic links are
    followed). A missing path, an unreadable one and a directory pass: the reader reports them itself.

    Only `stat` is called: the file is never opened, so a pipe cannot block and a device is not touched."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return
    raise InputError(Problem(name or str(path), None, None, "not-a-file",
                             f"is {kind_of(mode)}, not a regular file; cpss reads only regular files",
                             M_("save the content to a file and give that file's path")))
