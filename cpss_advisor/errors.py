"""Errors that reach the user: every one carries where it happened, what is wrong and what would fix it.

The CLI prints a `Problem` as ``file:line:col: message`` with an optional ``hint:`` line, and maps each error class
to an exit code. Line and column are 1-based, as editors show them. A problem in a spreadsheet names its sheet and
cell instead (``file:Ratings!D7: message``).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable

from .escape import terminal

# Exit codes, documented in `cpss --help`.
EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2
EXIT_INVALID_KNOWLEDGE = 3
EXIT_IO = 4
#: `cpss verify`: a decision record's plan differs from a fresh run.
EXIT_DIFFERS = 5


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

    def location(self) -> str:
        if self.cell:
            return f"{self.file}:{self.cell}"
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def render(self) -> str:
        """The problem as the terminal shows it; control characters in a file name or a quoted value are shown as
        escapes, never sent to the terminal."""
        text = f"{terminal(self.location())}: {terminal(self.message)}"
        if self.hint:
            text += f"\n  hint: {terminal(self.hint)}"
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
            "at": self.location(),
        }


class CpssError(Exception):
    """Base of every error the user may see. Holds one or more problems."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, problems: Problem | Iterable[Problem]):
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = sorted(problems, key=_problem_order)
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


def did_you_mean(value: object, choices: Iterable[str], n: int = 3) -> str | None:
    """A hint naming the closest allowed values, or None when nothing is close."""
    choices = sorted(set(choices))
    matches = difflib.get_close_matches(str(value), choices, n=n, cutoff=0.5)
    if not matches:
        return None
    return "did you mean " + " or ".join(f"'{m}'" for m in matches) + "?"
