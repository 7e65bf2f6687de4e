"""Derived views of an assessment: each intermediate outcome through its rated subdomains."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from ..intake.assessment import Assessment
from ..kb.knowledge_base import KnowledgeBase


@dataclass(frozen=True)
class OutcomeView:
    """An intermediate outcome seen through its rated subdomains: the weakest link and the median."""

    outcome: str
    rated: int
    total: int
    weakest: int | None
    median: float | None


def outcome_views(a: Assessment, kb: KnowledgeBase) -> list[OutcomeView]:
    views = []
    for oid in sorted(kb.outcomes):
        sids = kb.subdomains_of(oid)
        phases = [a.ratings[s].phase for s in sids if s in a.ratings]
        views.append(OutcomeView(oid, len(phases), len(sids), min(phases) if phases else None,
                                 statistics.median(phases) if phases else None))
    return views
