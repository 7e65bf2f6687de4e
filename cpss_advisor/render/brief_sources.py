"""Footnotes and the bibliography of a brief.

A plan cites its sources as the knowledge base's citation labels ("seed 000, Section 1.1: ... (lines 90-92)
[inferred]", see `Citation.label`). `Footnotes` numbers each cited section once, in the order the brief first cites
it, and resolves it to its document in `knowledge/sources.yaml` (title, publisher, year) and the section the
citation names; line numbers (which point into the project's copies of the documents) are dropped. A label that
does not parse, or names a document the knowledge base does not list, gets no footnote: the brief never prints
an unresolved citation.
"""

from __future__ import annotations

import re

from ..core.i18n import gettext_for
from ..kb.knowledge_base import KnowledgeBase
from .brief_model import Note, SourceDocument

_LABEL = re.compile(r"^seed (?P<seed>\d{3}), (?P<at>.+?)(?: \(lines? \d+(?:-\d+)?\))?(?P<inferred> \[inferred\])?$")


def parse(label: str) -> tuple[str, str, bool] | None:
    """(document id, section, inferred) of a citation label, or None."""
    m = _LABEL.match(label.strip()) if isinstance(label, str) else None
    if m is None:
        return None
    return m.group("seed"), m.group("at"), bool(m.group("inferred"))


class Footnotes:
    """The footnotes of one brief, numbered from 1 in the order they are first cited."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self._numbers: dict[tuple[str, str, bool], int] = {}

    def cite(self, label: str | None) -> int | None:
        """The footnote number of a citation label (the same section keeps its number), or None."""
        key = parse(label) if label else None
        if key is None or key[0] not in self.kb.sources:
            return None
        if key not in self._numbers:
            self._numbers[key] = len(self._numbers) + 1
        return self._numbers[key]

    def cite_all(self, labels, limit: int) -> tuple[int, ...]:
        """The numbers of up to `limit` distinct footnotes, in the order given."""
        out: list[int] = []
        for label in labels:
            n = self.cite(label)
            if n is not None and n not in out:
                out.append(n)
            if len(out) == limit:
                break
        return tuple(out)

    def documents(self) -> tuple[SourceDocument, ...]:
        """The bibliography: every cited document, in the knowledge base's order, each with its footnotes."""
        by_doc: dict[str, list[Note]] = {}
        for (seed, at, inferred), n in self._numbers.items():
            by_doc.setdefault(seed, []).append(Note(n, at.replace(" -> ", " \u2192 "), inferred))
        out = []
        for seed in sorted(by_doc):
            s = self.kb.sources[seed]
            out.append(SourceDocument(s.title, s.publisher, s.year, tuple(sorted(by_doc[seed], key=lambda x: x.number)),
                                      gettext_for(self.kb.language)("no date")))
        return tuple(out)
