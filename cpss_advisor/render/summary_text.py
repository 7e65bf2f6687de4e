"""The summary of a validated assessment as text (`cpss validate`), and the pieces other text views share: the
figures against the standards, the warnings."""

from __future__ import annotations

from typing import Sequence

from ..core.escape import terminal
from ..kb.knowledge_base import KnowledgeBase
from .text_table import number, table


def render_figure_checks(figures: list[dict], extra: Sequence[tuple[str, str]] = ()) -> str:
    """The rows of `figure_checks` as a text table; `extra` adds columns (header, key of the row)."""
    return table(["figure", "value", "standard", "result"] + [h for h, _ in extra],
                 [[f["metric"], number(f["value"]),
                   ("at most " if f["comparison"] == "max" else "at least ") + number(f["limit"]),
                   "meets" if f["meets_standard"] else "does not meet"] + [f[k] for _, k in extra]
                  for f in figures],
                 indent="  ")


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
