"""Progress over time as text or Markdown (`cpss compare OLD NEW`), from the comparison in words
(`compare_view`): what moved, the regressions with the benchmarks' note on set-backs, the context, and what became
of the earlier plan. Text passes through `terminal` (via `text_table`), Markdown through `markdown`."""

from __future__ import annotations

from typing import Sequence

from ..core.escape import markdown, markdown_code
from ..kb.knowledge_base import KnowledgeBase
from .compare_view import ChangeRow, Comparison, PlanFollowUp, comparison_view
from .report_words import Say
from .text_table import table, wrap


def _evidence_text(r: ChangeRow, out: list[str], say: Say, indent: str = "    ") -> None:
    _ = say._
    for line in (_("earlier: %(evidence)s") % {"evidence": r.earlier_evidence or _("no evidence given")},
                 _("later: %(evidence)s") % {"evidence": r.later_evidence or _("no evidence given")}):
        out.append(wrap(line, indent=indent, hang="  "))


def render_text(data: dict, kb: KnowledgeBase) -> str:
    v, say = comparison_view(data, kb), Say(kb)
    _ = say._
    out = [v.title, wrap(v.lead), v.counts]
    for w in v.warnings:
        out += ["", wrap(_("Warning: %(warning)s") % {"warning": w}, hang="  ")]
    if v.regressions:
        out += ["", _("Regressions (%(n)s)") % {"n": len(v.regressions)}]
        for r in v.regressions:
            out.append(wrap(f"- {r.subdomain}: {r.earlier} -> {r.later} ({r.change})", indent="  ", hang="  "))
            _evidence_text(r, out, say, "      ")
        out.append(wrap(_("Note: %(note)s Source: %(source)s (%(cite)s).") % {
            "note": v.setback_note, "source": v.setback_source, "cite": v.setback_cite}, indent="  ", hang="  "))
    out += ["", _("Phase changes"),
            table([_("subdomain"), _("earlier"), _("later"), _("change")],
                  [[r.subdomain, r.earlier, r.later, r.change] for r in v.rows], indent="  ")]
    if v.moved:
        out += ["", _("Evidence of what moved")]
        for r in v.moved:
            out.append(wrap(f"- {r.subdomain} ({r.change})", indent="  ", hang="  "))
            _evidence_text(r, out, say, "      ")
    out += ["", _("Context")] + [wrap(t, indent="  ", hang="  ") for t in v.context]
    if v.plan is not None:
        out += ["", *_plan_text(v.plan, data, say)]
    out += ["", *_provenance_text(v, data, say)]
    return "\n".join(out) + "\n"


def _plan_text(p: PlanFollowUp, data: dict, say: Say) -> list[str]:
    _ = say._
    out = [_("The earlier plan (record %(record)s)") % {"record": data["plan"]["record"]},
           wrap(p.intro, indent="  ", hang="  "),
           wrap(p.steps_summary, indent="  ", hang="  "), wrap(p.to_date, indent="  ", hang="  "),
           wrap(p.to_target, indent="  ", hang="  "), "",
           table([_("planned step"), _("due"), _("status"), _("later phase")],
                 [[s.step, s.due, s.status, s.later] for s in p.steps], indent="  ")]
    if p.unplanned:
        out += ["", "  " + _("Moves that were not planned")]
        out += [wrap(f"- {u}", indent="  ", hang="  ") for u in p.unplanned]
    if p.targets:
        out += ["", "  " + _("Percentage to target by subdomain"),
                table([_("subdomain"), _("earlier"), _("target"), _("later"), _("planned"), _("gained"),
                       _("to target")],
                      [[t.subdomain, t.earlier, t.target, t.later, t.planned,
                        "-" if t.gained is None else t.gained, t.percent] for t in p.targets], indent="  ")]
    out += ["", wrap(_("Due: %(rule)s") % {"rule": p.due_rule}, indent="  ", hang="  "),
            wrap(_("Percentage: %(rule)s") % {"rule": p.percent_rule}, indent="  ", hang="  ")]
    return out


def _provenance_text(v: Comparison, data: dict, say: Say) -> list[str]:
    prov = data["provenance"]
    return ([say._("%(tool)s; knowledge %(knowledge)s; inputs (sha256):") % {
        "tool": v.tool, "knowledge": prov["knowledge_sha256"][:16]}]
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


def _evidence_md(r: ChangeRow, say: Say) -> list[str]:
    _ = say._
    return ["  - " + _("Earlier: %(evidence)s") % {"evidence": markdown(r.earlier_evidence or _("no evidence given"))},
            "  - " + _("Later: %(evidence)s") % {"evidence": markdown(r.later_evidence or _("no evidence given"))}]


def render_markdown(data: dict, kb: KnowledgeBase) -> str:
    v, say = comparison_view(data, kb), Say(kb)
    _ = say._
    out = [f"# {markdown(v.title)}", "", markdown(v.lead), "", markdown(v.counts), ""]
    for w in v.warnings:
        out += [_("> **Warning:** %(warning)s") % {"warning": markdown(w)}, ""]
    if v.regressions:
        out += ["## " + _("Regressions (%(n)s)") % {"n": len(v.regressions)}, ""]
        for r in v.regressions:
            out += [_("- **%(subdomain)s**: %(earlier)s to %(later)s (%(change)s)") % {
                "subdomain": markdown(r.subdomain), "earlier": markdown(r.earlier), "later": markdown(r.later),
                "change": markdown(r.change)}, *_evidence_md(r, say)]
        out += ["", markdown(v.setback_note) + " *" + _("Source: %(source)s (%(cite)s).") % {
            "source": markdown(v.setback_source), "cite": markdown(v.setback_cite)} + "*", ""]
    out += ["## " + _("Phase changes"), ""]
    out += _md_table([_("Subdomain"), _("Earlier"), _("Later"), _("Change")],
                     [[r.subdomain, r.earlier, r.later, r.change] for r in v.rows])
    if v.moved:
        out += ["", "## " + _("Evidence of what moved"), ""]
        for r in v.moved:
            out += [f"- **{markdown(r.subdomain)}** ({markdown(r.change)})", *_evidence_md(r, say)]
    out += ["", "## " + _("Context"), ""] + [f"- {markdown(t)}" for t in v.context] + [""]
    if v.plan is not None:
        out += _plan_markdown(v.plan, data, say)
    prov = data["provenance"]
    out += ["---", "", _("Produced by %(tool)s. Knowledge %(knowledge)s.") % {
        "tool": markdown(v.tool), "knowledge": f"`{prov['knowledge_sha256']}`"}, ""]
    out += ["| " + _("Input") + " | sha256 |", "| --- | --- |"]
    out += [f"| {markdown_code(x['file'], table=True)} | {'`' + x['sha256'] + '`' if x['sha256'] else '-'} |"
            for x in prov["inputs"]]
    return "\n".join(out) + "\n"


def _plan_markdown(p: PlanFollowUp, data: dict, say: Say) -> list[str]:
    _ = say._
    out = ["## " + _("The earlier plan"), "",
           markdown(p.intro) + " " + _("Record: %(record)s.") % {"record": markdown_code(data["plan"]["record"])}, "",
           f"- {markdown(p.steps_summary)}", f"- {markdown(p.to_date)}", f"- {markdown(p.to_target)}", ""]
    out += _md_table([_("Planned step"), _("Due"), _("Status"), _("Later phase")],
                     [[s.step, s.due, s.status, s.later] for s in p.steps])
    if p.unplanned:
        out += ["", "### " + _("Moves that were not planned"), ""] + [f"- {markdown(u)}" for u in p.unplanned]
    if p.targets:
        out += ["", "### " + _("Percentage to target by subdomain"), ""]
        out += _md_table([_("Subdomain"), _("Earlier"), _("Target"), _("Later"), _("Planned"), _("Gained"),
                          _("To target")],
                         [[t.subdomain, t.earlier, t.target, t.later, t.planned, t.gained, t.percent]
                          for t in p.targets])
    out += ["", _("*Due:* %(rule)s") % {"rule": markdown(p.due_rule)}, "",
            _("*Percentage:* %(rule)s") % {"rule": markdown(p.percent_rule)}, ""]
    return out
