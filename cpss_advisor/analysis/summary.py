"""A summary of a validated assessment as data: ratings by intermediate outcome, context, targets, figures against
the case management standards, warnings (`cpss validate`; rendered by `cpss_advisor.render.summary_text`)."""

from __future__ import annotations

from typing import Mapping

from ..intake.assessment import Assessment
from .outcomes import outcome_views
from ..kb.knowledge_base import KnowledgeBase


def figure_checks(figures: Mapping[str, float], kb: KnowledgeBase) -> list[dict]:
    """Each case management figure against its numeric standard (figures are known metrics: checked on reading)."""
    standards = kb.standards()
    return [
        {"metric": m, "value": v, "limit": standards[m].limit, "comparison": standards[m].comparison,
         "meets_standard": standards[m].met_by(v), "unit": standards[m].unit}
        for m, v in figures.items()
    ]


def summary_view(a: Assessment, kb: KnowledgeBase) -> dict:
    return {
        "schema_version": 1,
        "file": a.source,
        "valid": True,
        "country": a.country,
        "as_of": a.as_of.isoformat(),
        "ratings": [
            {"subdomain": sid, "outcome": kb.subdomains[sid].outcome, "phase": r.phase,
             "phase_name": kb.phases[r.phase].name, "confidence": r.confidence, "evidence": r.evidence,
             "target": a.targets.get(sid)}
            for sid, r in a.ratings.items()
        ],
        "unrated": list(a.unrated),
        "outcomes": [
            {"outcome": v.outcome, "title": kb.outcomes[v.outcome].title, "rated": v.rated, "subdomains": v.total,
             "weakest": v.weakest, "median": v.median}
            for v in outcome_views(a, kb)
        ],
        "context": [{"id": c, "category": kb.contexts[c].category, "title": kb.contexts[c].title} for c in a.context],
        "targets": dict(a.targets),
        "figures": figure_checks(a.figures, kb),
        "warnings": [p.as_dict() for p in a.warnings],
    }
