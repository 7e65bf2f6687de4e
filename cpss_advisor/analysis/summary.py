"""A summary of a validated assessment: ratings by intermediate outcome, context, targets, figures, warnings."""

from __future__ import annotations

from typing import Mapping, Sequence

from ..intake.assessment import Assessment, outcome_views
from ..core.escape import terminal
from ..kb.knowledge_base import KnowledgeBase
from ..render.text_table import number, table


def figure_checks(figures: Mapping[str, float], kb: KnowledgeBase) -> list[dict]:
    """Each case management figure against its numeric standard (figures are known metrics: checked on reading)."""
    standards = kb.standards()
    return [
        {"metric": m, "value": v, "limit": standards[m].limit, "comparison": standards[m].comparison,
         "meets_standard": standards[m].met_by(v), "unit": standards[m].unit}
        for m, v in figures.items()
    ]


def render_figure_checks(figures: list[dict], extra: Sequence[tuple[str, str]] = ()) -> str:
    """The rows of `figure_checks` as a text table; `extra` adds columns (header, key of the row)."""
    return table(["figure", "value", "standard", "result"] + [h for h, _ in extra],
                 [[f["metric"], number(f["value"]),
                   ("at most " if f["comparison"] == "max" else "at least ") + number(f["limit"]),
                   "meets" if f["meets_standard"] else "does not meet"] + [f[k] for _, k in extra]
                  for f in figures],
                 indent="  ")


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



def render_summary(view: dict, kb: KnowledgeBase) -> str:
    out = [f"{terminal(view['file'])}: valid",
           f"{terminal(view['country'])}, as of {view['as_of']}",
           ""]
    rated = len(view["ratings"])
    out.append(f"Ratings: {rated} of {rated + len(view['unrated'])} subdomains rated")
    rows = []
    for r in view["ratings"]:
        rows.append([kb.subdomains[r["subdomain"]].label, f"{r['phase']} {kb.phases[r['phase']].name}",
                     r["confidence"] or "-", r["target"] or "-"])
    out.append(table(["subdomain", "phase", "confidence", "target"], rows, indent="  "))
    if view["unrated"]:
        out.append("  unrated: " + ", ".join(kb.subdomains[s].label for s in view["unrated"]))
    out.append("")
    out.append("Intermediate outcomes (a derived view: the weakest subdomain and the median)")
    out.append(table(["outcome", "rated", "weakest", "median"],
                     [[f"{o['outcome']}. {o['title']}", f"{o['rated']}/{o['subdomains']}", number(o["weakest"]),
                       number(o["median"])] for o in view["outcomes"]], indent="  "))
    out.append("")
    if view["context"]:
        out.append("Context: " + ", ".join(f"{c['id']} ({c['category']})" for c in view["context"]))
    else:
        out.append("Context: none given")
    if view["figures"]:
        out.append("")
        out.append("Case management figures against the standards")
        out.append(render_figure_checks(view["figures"]))
    out.extend(render_warnings(view["warnings"]))
    return "\n".join(out) + "\n"


def render_warnings(warnings: list[dict]) -> list[str]:
    """Warnings (as `Problem.as_dict` gives them) as text lines under a heading; nothing when there are none."""
    if not warnings:
        return []
    return ["", "Warnings"] + [f"  {terminal(w['at'])}: {terminal(w['message'])}"
                               + (f" ({terminal(w['hint'])})" if w["hint"] else "")
                               for w in warnings]
