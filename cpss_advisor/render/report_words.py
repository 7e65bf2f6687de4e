"""The words of one analysis report in one language: the knowledge base's (English without one).

The portfolio, compare, consensus, robustness and sensitivity reports build their sentences through `Say`, which
holds the language's `gettext` (``_``) and `ngettext` and writes shares, numbers, counts, dates and lists
as that language writes them: "80%" and "80 %" (a non-breaking space before the sign in French), "2.5" and "2,5",
"six steps" and "6 étapes" (French counts in digits: a number word would have to agree with its noun's gender).
"""

from __future__ import annotations

from typing import Iterable

from ..core.i18n import SOURCE_LANGUAGE, translator
from ..core.text import number as _number
from ..kb.knowledge_base import KnowledgeBase
from .brief_words import date as _date, listing as _listing, number as _words

NBSP = "\u00a0"


class Say:
    """`_`, `ngettext` and the forms of numbers, dates and lists of one language."""

    def __init__(self, kb: KnowledgeBase | None = None, language: str | None = None):
        self.language = language or (kb.language if kb is not None else SOURCE_LANGUAGE)
        t = translator(self.language)
        self._, self.ngettext = t.gettext, t.ngettext

    @property
    def english(self) -> bool:
        return self.language == SOURCE_LANGUAGE

    def pct(self, x: float) -> str:
        """A share: "80%"; French "80 %"."""
        return f"{x:.0%}" if self.english else f"{x * 100:.0f}{NBSP}%"

    def percent(self, x: float, digits: int = 0) -> str:
        """A percentage already times 100: "37.5%"; French "37,5 %"."""
        text = f"{x:.{digits}f}"
        return f"{text}%" if self.english else f"{text.replace('.', ',')}{NBSP}%"

    def number(self, x: float | None) -> str:
        """8, 2.5, "-" for none; French 2,5."""
        text = _number(x)
        return text if self.english else text.replace(".", ",")

    def words(self, n: int, zero: str = "no") -> str:
        """A count as the sentence writes it: English "six" ("no", or `zero`, for 0); French in digits."""
        if not self.english:
            return str(n)
        return zero if n == 0 else _words(n)

    def date(self, iso: str) -> str:
        return _date(iso, self.language)

    def listing(self, items: Iterable[str], conjunction: str = "and") -> str:
        return _listing(items, conjunction, self.language)

    def yes(self, flag: bool) -> str:
        return self._("yes") if flag else self._("no")
