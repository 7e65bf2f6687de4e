"""Progress over time as text or Markdown (`cpss compare OLD NEW`), from the comparison in words
(`compare_view`): what moved, the regressions with the benchmarks' note on set-backs, the context, and what became
of the earlier plan. Text passes through `terminal` (via `text_table`), Markdown through `markdown`."""

from __future__ import annotations

from typing import Sequence

from ..core.escape import markdown, markdown_code
from ..kb.knowledge_base import KnowledgeBase
from .compare_view import ChangeRow, Comparison, PlanFollowUp, comparison_view
from .text_table import table, wrap


def _evidence_text(r: ChangeRow, out: list[str], indent: str = "    ") -> None:
    for when, text in (("earlier", r.earlier_evidence), ("later", r.later_evidence)):
        out.append(wrap(f"{when}: {text or 'no evidence given'}", indent=indent, hang="  "))


def render_text(data: dict, kb: KnowledgeBase) -> str:
    v = comparison_view(data, kb)
    out = [v.title, wrap(v.lead), v.counts]
    for w in v.warnings:
        out += ["", wrap(f"Warning: {w}", hang="  ")]
    if v.regressions:
        out += ["", f"Regressions ({len(v.regressions)})"]
        for r in v.regressions:
            out.append(wrap(f"- {r.subdomain}: {r.earlier} -> {r.later} ({r.change})", indent="  ", hang="  "))
            _evidence_text(r, out, "      ")
        out.append(wrap(f"Note: {v.setback_note} Source: {v.setback_source} ({v.setback_cite}).", indent="  ",
                        hang="  "))
    out += ["", "Phase changes",
            table(["subdomain", "earlier", "later", "change"],
                  [[r.subdomain, r.earlier, r.later, r.change] for r in v.rows], indent="  ")]
    if v.moved:
        out += ["", "Evidence of what moved"]
        for r in v.moved:
            out.append(wrap(f"- {r.subdomain} ({r.change})", indent="  ", hang="  "))
            _evidence_text(r, out, "      ")
    out += ["", "Context"] + [wrap(t, indent="  ", hang="  ") for t in v.context]
    if v.plan is not None:
        out += ["", *_plan_text(v.plan, data)]
    out += ["", *_provenance_text(v, data)]
    return "\n".join(out) + "\n"


def _plan_text(p: PlanFollowUp, data: dict) -> list[str]:
    out = [f"The earlier plan (record {data['plan']['record']})", wrap(p.intro, indent="  ", hang="  "),
           wrap(p.steps_summary, indent="  ", hang="  "), wrap(p.to_date, indent="  ", hang="  "),
           wrap(p.to_target, indent="  ", hang="  "), "",
           table(["planned step", "due", "status", "later phase"],
                 [[s.step, s.due, s.status, s.later] for s in p.steps], indent="  ")]
    if p.unplanned:
        out += ["", "  Moves that were not planned"] + [wrap(f"- {u}", indent="  ", hang="  ") for u in p.unplanned]
    if p.targets:
        out += ["", "  Percentage to target by subdomain",
                table(["subdomain", "earlier", "target", "later", "planned", "gained", "to target"],
                      [[t.subdomain, t.earlier, t.target, t.later, t.planned,
                        "-" if t.gained is None else t.gained, t.percent] for t in p.targets], indent="  ")]
    out += ["", wrap(f"Due: {p.due_rule}", indent="  ", hang="  "),
            wrap(f"Percentage: {p.percent_rule}", indent="  ", hang="  ")]
    return out


def _provenance_text(v: Comparison, data: dict) -> list[str]:
    prov = data["provenance"]
    return ([f"{v.tool}; knowledge {prov['knowledge_sha256'][:16]}; inputs (sha256):"]
            + [f"  {x['sha256'] or '-' * 64}  {x['file']}" for x in prov["inputs"]])


# --- Markdown ----------------------------------------------------------------------------------------------------

def _md_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    """A GFM table; text cells are escaped here, numbers written as they are."""
    def cell(c: object) -> str:
        if c is None:
            return "-"
        return str(c) if isinstance(c, int) else markdown(c).replace("|", "\\|")

    return (["| " + " | ".join(markdown(h) for h in headers) + " |", "|" + " --- |" * len(headers)]
            + ["| " + " | ".join(cell(c) for c in r) + " |" for r in rows])


def _evidence_md(r: ChangeRow) -> list[str]:
    return [f"  - Earlier: {markdown(r.earlier_evidence or 'no evidence given')}",
            f"  - Later: {markdown(r.later_evidence or 'no evidence given')}"]


def render_markdown(data: dict, kb: KnowledgeBase) -> str:
    v = comparison_view(data, kb)
    out = [f"# {markdown(v.title)}", "", markdown(v.lead), "", markdown(v.counts), ""]
    for w in v.warnings:
        out += [f"> **Warning:** {markdown(w)}", ""]
    if v.regressions:
        out += [f"## Regressions ({len(v.regressions)})", ""]
        for r in v.regressions:
            out += [f"- **{markdown(r.subdomain)}**: {markdown(r.earlier)} to {markdown(r.later)} "
                    f"({markdown(r.change)})", *_evidence_md(r)]
        out += ["", f"{markdown(v.setback_note)} *Source: {markdown(v.setback_source)} "
                    f"({markdown(v.setback_cite)}).*", ""]
    out += ["## Phase changes", ""]
    out += _md_table(["Subdomain", "Earlier", "Later", "Change"],
                     [[r.subdomain, r.earlier, r.later, r.change] for r in v.rows])
    if v.moved:
        out += ["", "## Evidence of what moved", ""]
        for r in v.moved:
            out += [f"- **{markdown(r.subdomain)}** ({markdown(r.change)})", *_evidence_md(r)]
    out += ["", "## Context", ""] + [f"- {markdown(t)}" for t in v.context] + [""]
    if v.plan is not None:
        out += _plan_markdown(v.plan, data)
    prov = data["provenance"]
    out += ["---", "", f"Produced by {markdown(v.tool)}. Knowledge `{prov['knowledge_sha256']}`.", ""]
    out += ["| Input | sha256 |", "| --- | --- |"]
    out += [f"| {markdown_code(x['file'], table=True)} | {'`' + x['sha256'] + '`' if x['sha256'] else '-'} |"
            for x in prov["inputs"]]
    return "\n".join(out) + "\n"


def _plan_markdown(p: PlanFollowUp, data: dict) -> list[str]:
    out = ["## The earlier plan", "", f"{markdown(p.intro)} Record: {markdown_code(data['plan']['record'])}.", "",
           f"- {markdown(p.steps_summary)}", f"- {markdown(p.to_date)}", f"- {markdown(p.to_target)}", ""]
    out += _md_table(["Planned step", "Due", "Status", "Later phase"],
                     [[s.step, s.due, s.status, s.later] for s in p.steps])
    if p.unplanned:
        out += ["", "### Moves that were not planned", ""] + [f"- {markdown(u)}" for u in p.unplanned]
    if p.targets:
        out += ["", "### Percentage to target by subdomain", ""]
        out += _md_table(["Subdomain", "Earlier", "Target", "Later", "Planned", "Gained", "To target"],
                         [[t.subdomain, t.earlier, t.target, t.later, t.planned, t.gained, t.percent]
                          for t in p.targets])
    out += ["", f"*Due:* {markdown(p.due_rule)}", "", f"*Percentage:* {markdown(p.percent_rule)}", ""]
    return out
