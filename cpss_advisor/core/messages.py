"""Notices on standard error (what was written, what was skipped, progress), which `--quiet` silences. Errors
and warnings about the input are not notices: they are always shown."""

from __future__ import annotations

import sys

_state = {"quiet": False}


def set_quiet(quiet: bool) -> None:
    _state["quiet"] = quiet


def quiet() -> bool:
    return _state["quiet"]


def notice(text: str) -> None:
    """Print a notice on standard error, unless quiet."""
    if not _state["quiet"]:
        print(text, file=sys.stderr, flush=True)
