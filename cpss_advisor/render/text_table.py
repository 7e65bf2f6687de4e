"""Plain-text tables and paragraphs for terminal output: left-aligned columns, a rule under the header.

Every cell and paragraph is passed through `cpss_advisor.core.escape.terminal`: a control character in it is shown as
an escape, never sent to the terminal.
"""

from __future__ import annotations

from typing import Sequence

from ..core.escape import terminal
from ..core.text import number

__all__ = ["table", "wrap", "number"]


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], indent: str = "") -> str:
    cells = [[terminal(h) for h in headers]] + [["" if c is None else terminal(c) for c in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        lines.append(indent + "  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
        if n == 0:
            lines.append(indent + "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def wrap(text: str, width: int = 100, indent: str = "", hang: str = "") -> str:
    """Fill `text` to `width`; continuation lines get `indent` plus `hang` (e.g. to align under a bullet)."""
    import textwrap

    return textwrap.fill(terminal(" ".join(text.split())), width=width, initial_indent=indent,
                         subsequent_indent=indent + hang, break_on_hyphens=False, break_long_words=False)
