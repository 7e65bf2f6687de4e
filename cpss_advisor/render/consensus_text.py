"""The consensus for people as text (`cpss consensus FILE...`) and Markdown (`-o consensus.md`), from
`consensus_view`. Participants head the table's columns by letter, with the key above it."""

from __future__ import annotations

from typing import Any, Sequence

from ..core.escape import markdown
from ..kb.knowledge_base import KnowledgeBase
from .consensus_view import ConsensusView, consensus_view, phase_cell
from .report_words import Say
from .text_table import table, wrap


def keys(names: Sequence[str]) -> list[str]:
    """Column keys for the participants: A, B, C ... (1, 2, 3 ... past 26)."""
    return [chr(65 + i) if len(names) <= 26 else str(i + 1) for i in range(len(names))]


def _legend(v: ConsensusView) -> str:
    return "; ".join(f"{n} {name}" for n, name in v.legend) + "; \u2013 " + Say(language=v.language)._("not rated")


def render_text(c: Any, kb: KnowledgeBase) -> str:
    v = consensus_view(c, kb)
    _ = Say(kb)._
    k = keys(v.participants)
    out = [v.title, "", wrap(v.summary), "",
           _("Participants: %(participants)s") % {
               "participants": "; ".join(f"{a} {n}" for a, n in zip(k, v.participants))},
           _("Phases: %(legend)s") % {"legend": _legend(v)}, ""]
    out.append(table([_("subdomain"), *k, _("status")],
                     [[r.subdomain, *map(phase_cell, r.phases), r.status] for r in v.rows]))
    for d in v.disagreements:
        out += ["", d.subdomain]
        for name, phase, evidence in d.ratings:
            out.append(wrap(f"- {name}: {phase}" + (f". {evidence}" if evidence else ""), indent="  ", hang="  "))
        if d.decided:
            out.append(wrap(_("Agreed: %(decision)s") % {"decision": d.decided}, indent="  "))
        out.append(wrap(_("Compared with the plan at %(held)s:") % {"held": d.held}, indent="  "))
        out += [wrap(f"- {x}", indent="    ", hang="  ") for x in d.changes]
    out += ["", wrap(v.assumption)]
    out += [wrap(x) for x in v.other_differences]
    out += ["", _("Files:")] + [wrap(f"- {n}: {f}", indent="  ", hang="  ") for n, f in v.files]
    return "\n".join(out) + "\n"


def _md_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    return (["| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers)]
            + ["| " + " | ".join(r) + " |" for r in rows])


def render_markdown(c: Any, kb: KnowledgeBase) -> str:
    v = consensus_view(c, kb)
    _ = Say(kb)._
    k = keys(v.participants)
    out = [f"# {markdown(v.title)}", "", markdown(v.summary), "", "## " + _("Ratings"), ""]
    out += [f"- **{a}**: {markdown(n)}" for a, n in zip(k, v.participants)]
    out += ["", markdown(_("Phases: %(legend)s") % {"legend": _legend(v)}), ""]
    out += _md_table([_("Subdomain"), *k, _("Status")],
                     [[markdown(r.subdomain), *map(phase_cell, r.phases), markdown(r.status)] for r in v.rows])
    if v.disagreements:
        out += ["", "## " + _("Disagreements")]
    for d in v.disagreements:
        out += ["", f"### {markdown(d.subdomain)}", ""]
        out += [f"- {markdown(name)}: {markdown(phase)}" + (f". {markdown(ev)}" if ev else "")
                for name, phase, ev in d.ratings]
        if d.decided:
            out += ["", _("Agreed: %(decision)s") % {"decision": markdown(d.decided)}]
        out += ["", _("Compared with the plan at %(held)s:") % {"held": markdown(d.held)}, ""]
        out += [f"- {markdown(x)}" for x in d.changes]
    out += ["", "## " + _("How the plans were compared"), "", markdown(v.assumption)]
    out += [""] + [markdown(x) for x in v.other_differences] if v.other_differences else []
    out += ["", "## " + _("Files"), ""] + [f"- {markdown(n)}: {markdown(f)}" for n, f in v.files]
    return "\n".join(out) + "\n"
