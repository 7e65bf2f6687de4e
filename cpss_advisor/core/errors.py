"""Errors that reach the user: every one carries where it happened, what is wrong and what would fix it.

The CLI prints a `Problem` as ``file:line:col: message`` with an optional ``hint:`` line, and maps each error class
to an exit code. Line and column are 1-based, as editors show them. A problem in a spreadsheet names its sheet and
cell instead (``file:Ratings!D7: message``).

An error lists at most `MAX_LISTED` problems: past that, one last problem says how many more there are
(``... and 49,950 more problems``), so that a file with a million mistakes prints a screenful, not megabytes.
Values echoed in messages are shortened by `shown` and have their control characters escaped.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any, Iterable

from .escape import terminal
from .i18n import SOURCE_LANGUAGE
from .translatable import M_, Mn_, alternatives, localise

# Exit codes, documented in `cpss --help`.
EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2
EXIT_INVALID_KNOWLEDGE = 3
EXIT_IO = 4
#: `cpss verify`: a decision record's plan differs from a fresh run.
EXIT_DIFFERS = 5

#: An error lists this many problems at most; the rest are counted.
MAX_LISTED = 50
#: The code of the problem that stands for the problems not listed.
MORE_PROBLEMS = "more-problems"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, at one place."""

    file: str
    line: int | None
    column: int | None
    code: str
    message: str
    hint: str | None = None
    cell: str | None = None  # in a workbook: "Sheet!A1" (or just "Sheet"), shown instead of line and column
    omitted: int = 0  # on a MORE_PROBLEMS problem: how many problems it stands for

    def location(self) -> str:
        if self.cell:
            return f"{self.file}:{self.cell}"
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def render(self, language: str = SOURCE_LANGUAGE) -> str:
        """``file:line:col: message`` and a ``hint:`` line, in `language` (the location never changes)."""
        message = localise(self.message, language)
        if self.code == MORE_PROBLEMS:
            return terminal(message)
        text = f"{terminal(self.location())}: {terminal(message)}"  # the located form editors read, in any language
        if self.hint:
            text += "\n  " + localise(M_("hint: %(hint)s", hint=terminal(localise(self.hint, language))), language)
        return text

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
            **({"cell": self.cell} if self.cell else {}),
            **({"omitted": self.omitted} if self.omitted else {}),
            "at": self.location(),
        }


class CpssError(Exception):
    """Base of every error the user may see. Holds one or more problems."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, problems: Problem | Iterable[Problem]):
        if isinstance(problems, Problem):
            problems = [problems]
        problems = list(problems)
        omitted = sum(p.omitted for p in problems if p.code == MORE_PROBLEMS)
        listed = sorted((p for p in problems if p.code != MORE_PROBLEMS), key=_problem_order)
        if len(listed) > MAX_LISTED:
            omitted += len(listed) - MAX_LISTED
            del listed[MAX_LISTED:]
        #: every problem found, listed or not
        self.total = len(listed) + omitted
        if omitted:
            first = listed[0].file if listed else next(p.file for p in problems)
            count = f"{omitted:,}"
            listed.append(Problem(first, None, None, MORE_PROBLEMS,
                                  Mn_("... and %(count)s more problem", "... and %(count)s more problems", omitted,
                                      count=count), omitted=omitted))
        #: the problems to show: at most MAX_LISTED, then one that counts the rest
        self.problems: list[Problem] = listed
        super().__init__("\n".join(p.render() for p in self.problems))


def _problem_order(p: Problem):
    return (p.file, _cell_order(p.cell), p.line or 0, p.column or 0, p.code, p.message)


def _cell_order(cell: str | None) -> tuple[str, int, str]:
    # "Ratings!D10" after "Ratings!D7": by sheet, then row, then column letters (shorter first, as spreadsheets do).
    if not cell:
        return ("", 0, "")
    sheet, _, ref = cell.rpartition("!")
    if not sheet:
        return (ref, 0, "")
    letters = ref.rstrip("0123456789")
    digits = ref[len(letters):]
    return (sheet, int(digits) if digits else 0, f"{len(letters):02d}{letters}")


class InputError(CpssError):
    """An assessment or other user input is wrong (exit 1)."""

    exit_code = EXIT_BAD_INPUT


class KnowledgeError(CpssError):
    """The knowledge base or a rule set is invalid (exit 3)."""

    exit_code = EXIT_INVALID_KNOWLEDGE


class OutputError(CpssError):
    """An output could not be written, or would overwrite an input (exit 4)."""

    exit_code = EXIT_IO


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ANY_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def escape_controls(text: str, *, all_controls: bool = False) -> str:
    """Text with its control characters written as escapes (``\\x1b``), so that an echoed value cannot move the
    cursor or recolour a terminal: all of them with `all_controls`, else all but tab and line breaks."""
    return (_ANY_CONTROL if all_controls else _CONTROL).sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def shown(value: Any, limit: int = 40) -> str:
    """A value as a message echoes it: text quoted and cut to `limit` characters, a long number to its first 20
    digits (each with "..." and its full length), control characters escaped."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return M_("an empty value")
    if isinstance(value, (list, tuple)):
        return M_("a list")
    if isinstance(value, dict):
        return M_("a mapping")
    if isinstance(value, str):
        return "'" + shorten(value, limit) + "'"
    if isinstance(value, int):
        try:
            text = str(value)
        except ValueError:  # past Python's int-to-text limit
            return M_("a number of more than 4,300 digits")
        digits = len(text.lstrip("-"))
        count = f"{digits:,}"
        return text if digits <= 20 else M_("%(start)s... (%(digits)s digits)", start=text[:20], digits=count)
    return shorten(repr(value), limit)


def shorten(text: str, limit: int = 40) -> str:
    """Text cut to its first `limit` characters with "..." and its length when longer, control characters (tab
    and line breaks too) escaped: an echoed value stays on its line."""
    text = str(text)
    if len(text) <= limit:
        return escape_controls(text, all_controls=True)
    length = f"{len(text):,}"
    return M_("%(start)s... (%(length)s characters)", start=escape_controls(text[:limit], all_controls=True),
              length=length)


def did_you_mean(value: object, choices: Iterable[str], n: int = 3) -> str | None:
    """A hint naming the closest allowed values, or None when nothing is close."""
    choices = sorted(set(choices))
    matches = difflib.get_close_matches(str(value), choices, n=n, cutoff=0.5)
    if not matches:
        return None
    return M_("did you mean %(choices)s?", choices=alternatives([f"'{m}'" for m in matches]))
