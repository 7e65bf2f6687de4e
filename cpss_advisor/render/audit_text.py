"""Decision records for people: the verification of a record against a fresh run (`cpss verify`) and the
explanation of its steps (`cpss explain`)."""

from __future__ import annotations

from ..audit.record import Verification
from ..core.escape import terminal
from ..core.text import number
from ..kb.knowledge_base import KnowledgeBase
from .text_table import wrap


def render_verification(v: Verification, kb: KnowledgeBase | None = None) -> str:
    if v.identical:
        return "identical\n"
    out = [f"differs: {terminal(v.record)} is not what a fresh run makes", "", "Why"]
    out += [wrap(f"- {c['text']}", indent="  ", hang="  ") for c in v.causes]
    out += ["", f"Steps that differ ({len({s['id'] for s in v.steps})})"]
    out += [wrap(f"- {s['text']}", indent="  ", hang="  ") for s in v.steps] or ["  none"]
    if v.sections:
        out += ["", "Also differs: " + ", ".join(v.sections)]
    return "\n".join(out) + "\n"


def render_explanation(data: dict, kb: KnowledgeBase | None = None) -> str:
    """The explanation (from `explain_step` or `explain_plan`) as text for a person."""
    out = [f"{terminal(data['country'])} (assessment as of {terminal(data['as_of'])}; {terminal(data['input'])}, "
           f"recorded {terminal(data['created'])}; {data['setting'].lower()}, "
           f"horizon {data['horizon_years']} year{'s' if data['horizon_years'] > 1 else ''}, capacity "
           f"{data['capacity']})", ""]
    if data["kind"] == "plan":
        out.append("The plan, step by step")
        if not data["steps"]:
            out.append("  No steps: every rated subdomain is at its target (or at Maturity).")
        for s in data["steps"]:
            out += ["", wrap(s["text"], indent="", hang="   ")]
        if data["deferred"]:
            out += ["", f"Deferred ({len(data['deferred'])})"]
            out += [wrap(f"- {d['text']}", indent="  ", hang="  ") for d in data["deferred"]]
        return "\n".join(out) + "\n"
    step = data["step"]
    if data["kind"] == "deferred":
        out.append(f"{terminal(step['label'])}: deferred")
        sections = [("Why deferred", data["why_deferred"]), ("What would change it", data["what_would_change_it"])]
    else:
        score = f", score {number(step['score'])}" if step["kind"] in ("climb", "restore") else ""
        out.append(f"{terminal(step['label'])}  (rank {step['rank']}, months {step['start_month']}-{step['end_month']}, "
                   f"{step['track']} track{score})")
        sections = [("Why this step", data["why_this_step"]), ("Why now", data["why_now"]),
                    ("Why not earlier", data["why_not_earlier"]), ("What would change it", data["what_would_change_it"])]
    for title, section in sections:
        out += ["", title]
        for sentence in section["text"]:
            first, *criteria = sentence.split("\n")
            out.append(wrap(f"- {first}", indent="  ", hang="  "))
            out += [wrap(c, indent="    ", hang="  ") for c in criteria]
    return "\n".join(out) + "\n"
