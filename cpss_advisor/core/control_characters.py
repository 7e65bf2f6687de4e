"""Control characters in input text.

Text that a person wrote never needs them, and they break what is made from it: a NUL or an ESC cannot be written
into an .xlsx cell, and ends up raw in HTML and in a terminal. Refused everywhere: C0 (U+0000-U+001F) except tab,
line feed and carriage return, DEL (U+007F) and C1 (U+0080-U+009F). Text that must stay on one line (keys, ids, a
country name) refuses tab and line breaks too.
"""

from __future__ import annotations

import re

from .i18n import N_

_MULTILINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f]")

_NAMES = {"\t": "tab", "\n": "line feed", "\r": "carriage return", "\x00": "NUL", "\x1b": "ESC", "\x7f": "DEL",
          "\x85": "NEL"}


def first_control(text: str, *, multiline: bool = True) -> str | None:
    """The first control character that `text` may not contain, or None."""
    m = (_MULTILINE if multiline else _ONE_LINE).search(text)
    return m.group() if m else None


def escaped(ch: str) -> str:
    """A control character as messages write it: ``\\x1b``."""
    return f"\\x{ord(ch):02x}"


def describe(ch: str) -> str:
    """``\\x1b (ESC)``, or just the escape for a character without a common name."""
    name = _NAMES.get(ch)
    return f"{escaped(ch)} ({name})" if name else escaped(ch)


HINT = N_("remove it: text may hold line breaks and tabs (where it spans lines), but no other control characters")
ONE_LINE_HINT = N_("write it on one line, without tabs or control characters")
