"""The questionnaire's ratings for people (`cpss assess`): a table of the phases found, the subdomains left
unrated, and with `--explain` the answers behind each phase."""

from __future__ import annotations

from ..core.escape import terminal
from ..kb.knowledge_base import KnowledgeBase
from .text_table import table


def render_ratings(view: dict, kb: KnowledgeBase) -> str:
    rows = [[kb.subdomains[r["subdomain"]].label, f"{r['phase']} {kb.phases[r['phase']].name}", r["confidence"],
             len(r["contradicting"]) or "-"] for r in view["ratings"]]
    out = [table(["subdomain", "phase", "confidence", "answers pointing higher"], rows)]
    if view["unrated"]:
        out.append(f"unrated (no answer other than unknown): {', '.join(view['unrated'])}")
    if view["explained"]:
        for r in view["ratings"]:
            out += ["", *_explained(r, kb)]
    return "\n".join(out) + "\n"


def _explained(r: dict, kb: KnowledgeBase) -> list[str]:
    out = [f"{terminal(kb.subdomains[r['subdomain']].label)}: phase {r['phase']} ({r['confidence']} confidence)"]
    for p in r["phases"]:
        state = "no answer" if p["average"] is None else \
            f"average {p['average']:.2f}, {'met' if p['met'] else 'not met'}"
        out.append(f"  phase {p['phase']}: {p['answered']} of {p['questions']} answered, {state}")
    if r["stopped_at"]:
        out.append(f"  stopped at phase {r['stopped_at']}: {r['stopped_because']}")
    if r["contradicting"]:
        out.append("  pointing higher: " + ", ".join(f"{x['question']} ({x['answer']})" for x in r["contradicting"]))
    for c in r["conflicts"]:
        out.append(f"  answers to phase {c['phase']} disagree: "
                   + ", ".join(f"{x['question']} ({x['answer']})" for x in c["answers"]))
    return out
