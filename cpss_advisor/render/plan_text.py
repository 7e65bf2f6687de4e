"""The plan for a person: text for the terminal and Markdown for a report, both read from the typed `Plan`.

Both are written in the language of the knowledge base they are given (`kb.language`): the renderers' own words
through the catalogue (`cpss_advisor.core.i18n`), the plan's texts as the plan holds them (made in that language).
The record keeps ids in brackets (steps, rules, interventions); where English shows a context, action type, lead
actor or duration by its id, another language shows its title (the English record reads as it always did).
"""

from __future__ import annotations

from ..core.escape import terminal
from ..core.i18n import translator
from ..kb.knowledge_base import KnowledgeBase
from ..planning.plan_model import Plan
from .brief_markdown import render_brief_markdown
from .plan_markdown import markdown_full
from .plan_words import _by_reason, _first, _lead, _months, _rated_line, _short, _split, _term, code, \
    distinct_reasons, named, setting_line, step_label
from .text_table import number, table, wrap

__all__ = ["distinct_reasons", "markdown_full", "render_markdown", "render_text", "setting_line", "step_label"]


def render_text(plan: Plan, kb: KnowledgeBase) -> str:
    _ = translator(kb.language).gettext
    out = [_("Plan for {country} (assessment as of {date})").format(country=terminal(plan.country), date=plan.as_of)]
    out.append(wrap(setting_line(plan, kb), width=110))
    out.append(_rated_line(plan, kb))
    if plan.plan_kind == "supportive":
        out.append(_("A supportive plan: long work is handed to a partner that can resource a longer-term response."))
    if plan.advice:
        out += ["", _("Advice")]
        for a in plan.advice:
            out.append(wrap("- " + a["text"], indent="  ", hang="  "))
    beside, steps = _split(plan)
    if beside:
        out += ["", _("Beside the steps (response track and enabling actions)")]
        rows = [[r.rank, _months(r), code(kb, r.track), code(kb, r.kind), _short(step_label(kb, r), 62), r.subdomain]
                for r in beside]
        out.append(table([_("rank"), _("months"), _("track"), _("kind"), _("action"), _("serves")], rows, indent="  "))
    out += ["", _("Roadmap")]
    if steps:
        rows = [[r.rank, _months(r), _short(step_label(kb, r), 52), number(r.score), _short(_lead(kb, r.lead), 22),
                 _short(_first(r), 50)] for r in steps]
        out.append(table([_("rank"), _("months"), _("step"), _("score"), _("lead"), _("first intervention")], rows,
                         indent="  "))
    else:
        out.append("  " + _("No steps: every rated subdomain is at its target (or at Maturity)."))
    if plan.deferred:
        out += ["", _("Deferred ({n})").format(n=len(plan.deferred))]
        for reason, titles, ids in _by_reason(plan, kb):
            out.append(wrap(f"- {'; '.join(titles)} [{', '.join(ids)}]", indent="  ", hang="  "))
            out.append(wrap(_("Why: {reason}").format(reason=reason), indent="    ", hang="  "))
    for title, lines in ((_("Ties"), [t.text for t in plan.ties]), (_("Warnings"), [w["text"] for w in plan.warnings])):
        if lines:
            out += ["", title] + [wrap(f"- {text}", indent="  ", hang="  ") for text in lines]
    out += ["", _("Why each step")]
    for r in plan.recommendations:
        out += ["", *_text_step(r, kb)]
    p = plan.provenance
    out += ["", _("cpss-advisor {version}; input sha256 {input}, knowledge {knowledge}, rules {rules}; {n} rule "
                  "firings (--format json has the full trace)").format(
        version=p["tool_version"], input=p["input_sha256"][:16], knowledge=p["knowledge_sha256"][:16],
        rules=p["rules_sha256"][:16], n=len(plan.trace))]
    return "\n".join(out) + "\n"


def _links(r, kb: KnowledgeBase) -> str:
    """"Requires: ...; starts with: ...; unblocks: ..." of a step (text)."""
    _ = translator(kb.language).gettext
    nothing = _("nothing in the plan")
    starts = _("starts with: {steps}; ").format(steps=", ".join(r.co_requisites)) if r.co_requisites else ""
    return _("Requires: {requires}; {starts}unblocks: {unblocks}").format(
        requires=", ".join(r.requires) or nothing, starts=starts, unblocks=", ".join(r.unblocks) or nothing)


def _work(iv, kb: KnowledgeBase, extra: str = "") -> str:
    """"(policy_planning; lead: civil_society; short)": an intervention's type, lead and duration."""
    return translator(kb.language).gettext("({kind}; lead: {lead}; {duration}{extra})").format(
        kind=named(kb, "action_type", iv.action_type), lead=named(kb, "actor", iv.lead_actors[0]),
        duration=named(kb, "duration", iv.duration), extra=extra)


def _text_step(r, kb: KnowledgeBase) -> list[str]:
    """One step of "Why each step": its place, score, links, holds, work and reasons."""
    _ = translator(kb.language).gettext
    place = _("months {months}, period {period}, {track} track").format(months=_months(r), period=r.wave,
                                                                      track=code(kb, r.track))
    if r.kind in ("climb", "restore"):
        place += _(", score {score}").format(score=number(r.score))
    out = [f"{r.rank}. {step_label(kb, r)}  ({place})"]
    if r.score_terms:
        out.append(wrap(_("Score: {terms}").format(terms="; ".join(_term(t) for t in r.score_terms)),
                        indent="   ", hang="  "))
    for t in r.unpaid_terms:
        out.append(wrap(_("Not counted: {term}: {reason}").format(term=_term(t), reason=t.reason), indent="   ",
                        hang="  "))
    out.append(wrap(_("When: {placement}").format(placement=r.placement.text), indent="   ", hang="  "))
    if r.kind in ("climb", "restore"):
        out.append("   " + _links(r, kb))
    for h in r.holds:
        out.append(wrap(_("Held until month {month}: {reason}").format(month=h.until_month, reason=h.reason),
                        indent="   ", hang="  "))
    for c in r.checks:
        out.append(wrap(_("Check first: {check}").format(check=c.text), indent="   ", hang="  "))
    out.append("   " + _("Interventions, in the order to start them:"))
    for iv in r.interventions:
        if iv.checklist:
            continue
        contexts = ", ".join(named(kb, "context", c) for c in iv.contexts)
        extra = _("; added for {contexts}").format(contexts=contexts) if iv.added_by and iv.contexts else ""
        when = _("months {months}").format(months=f"{iv.start_month}-{iv.end_month}")
        if iv.held is not None:
            when += _(", held: {reason}").format(reason=iv.held.reason)
        if iv.handover:
            when += _(", for a partner with long-term capacity")
        out.append(wrap("- " + _("{when}: {title}").format(when=when, title=iv.title) + f" {_work(iv, kb, extra)} "
                        f"[{iv.id}]", indent="     ", hang="  "))
        if iv.description:
            out.append(wrap(iv.description, indent="       "))
    out += _text_checklist(r, kb)
    if r.qualifiers:
        out.append(wrap(_("Must be: {qualities}").format(qualities="; ".join(r.qualifiers)), indent="   ", hang="  "))
    out.append("   " + _("Why:"))
    if r.description:
        out.append(wrap(f"- {r.description} [{'; '.join(r.sources)}]", indent="     ", hang="  "))
    for x in distinct_reasons(r.rationale):
        out.append(wrap(f"- {x['text']} [{x['rule']}; {x['source']}]", indent="     ", hang="  "))
    for e in r.edges:
        out.append(wrap("- " + _("Dependency {edge}: {rationale}").format(edge=e["text"], rationale=e["rationale"])
                        + f" [{e['source']}]", indent="     ", hang="  "))
    if r.criteria:
        cur, nxt = r.criteria["current"], r.criteria["next"]
        out.append(wrap(_("Now, {phase}: {summary}").format(phase=cur["name"], summary=cur["summary"]),
                        indent="   ", hang="  "))
        out.append(wrap(_("Next, {phase}: {summary}").format(phase=nxt["name"], summary=nxt["summary"])
                        + f" [{nxt['source']}]", indent="   ", hang="  "))
    return out


def _text_checklist(r, kb: KnowledgeBase) -> list[str]:
    _ = translator(kb.language).gettext
    checklist = [iv for iv in r.interventions if iv.checklist]
    if not checklist:
        return []
    return ["   " + _("Case management checklist, next actions:")] + [
        wrap(f"- {iv.title.rstrip('.')} " + _("({kind}; checklist {unit} -> {level})").format(
            kind=named(kb, "action_type", iv.action_type), unit=iv.unit, level=iv.to_level_name) + f" [{iv.id}]",
             indent="     ", hang="  ") for iv in checklist]


# --- Markdown --------------------------------------------------------------------------------------------------

def render_markdown(plan: Plan, kb: KnowledgeBase, *, detail: str = "brief") -> str:
    """The plan in Markdown: the brief (`brief_markdown`), or with ``detail="full"`` the full record."""
    if detail == "full":
        return markdown_full(plan, kb)
    return render_brief_markdown(plan, kb, detail=detail)
