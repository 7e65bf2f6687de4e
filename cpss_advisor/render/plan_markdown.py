"""The full record in Markdown (`cpss recommend --format markdown --detail full`): every step with its score terms,
rules, reasons, sources and criteria, in the language of the knowledge base (see `cpss_advisor.render.plan_text`)."""

from __future__ import annotations

from ..core.escape import markdown, markdown_code
from ..core.i18n import translator
from ..kb.knowledge_base import KnowledgeBase
from ..planning.plan_model import Plan
from .plan_words import _by_reason, _first, _lead, _months, _split, _term, code, distinct_reasons, named, \
    setting_line, step_label
from .text_table import number


def markdown_full(plan: Plan, kb: KnowledgeBase) -> str:
    """The full record in Markdown: every step with its score terms, rules, reasons, sources and criteria."""
    _ = translator(kb.language).gettext
    out = [_("# Child protection systems strengthening plan: {country}").format(country=markdown(plan.country)), "",
           _("Assessment as of {date}. {setting}").format(date=plan.as_of, setting=setting_line(plan, kb)), ""]
    if plan.plan_kind == "supportive":
        out += [_("A supportive plan: long work is handed to a partner that can resource a longer-term response."), ""]
    if plan.advice:
        out += ["## " + _("Advice"), ""] + [f"- {markdown(a['text'])}" for a in plan.advice] + [""]
    beside, steps = _split(plan)
    if beside:
        out += ["## " + _("Beside the steps: response track and enabling actions"), "",
                "| " + " | ".join((_("Rank"), _("Months"), _("Track"), _("Kind"), _("Action"), _("Serves"))) + " |",
                "| --- | --- | --- | --- | --- | --- |"]
        out += [f"| {r.rank} | {_months(r)} | {code(kb, r.track)} | {code(kb, r.kind)} | "
                f"{step_label(kb, r, markdown)} | {r.subdomain} |" for r in beside]
        out.append("")
    out += ["## " + _("Roadmap"), "",
            "| " + " | ".join((_("Rank"), _("Months"), _("Step"), _("Score"), _("Lead"), _("First intervention")))
            + " |", "| --- | --- | --- | --- | --- | --- |"]
    for r in steps:
        out.append(f"| {r.rank} | {_months(r)} | {step_label(kb, r, markdown)} | {number(r.score)} | "
                   f"{markdown(_lead(kb, r.lead))} | {markdown(_first(r))} |")
    out.append("")
    if plan.deferred:
        out += ["## " + _("Deferred"), ""] + [f"- **{markdown('; '.join(titles))}**: {markdown(reason)} "
                                              f"({', '.join(markdown_code(i) for i in ids)})"
                                              for reason, titles, ids in _by_reason(plan, kb)] + [""]
    if plan.ties:
        out += ["## " + _("Ties"), ""] + [f"- {markdown(t.text)}" for t in plan.ties] + [""]
    if plan.warnings:
        out += ["## " + _("Warnings"), ""] + [f"- {markdown(w['text'])}" for w in plan.warnings] + [""]
    out += ["## " + _("The steps and why"), ""]
    for r in plan.recommendations:
        out += _md_step(r, kb)
    p = plan.provenance
    out += ["---", "",
            _("Produced by cpss-advisor {version}. Input sha256 {input}; knowledge {knowledge}; rules {rules}.").format(
                version=p["tool_version"], input=f"`{p['input_sha256']}`", knowledge=f"`{p['knowledge_sha256']}`",
                rules=f"`{p['rules_sha256']}`"), ""]
    return "\n".join(out)


def _md_step(r, kb: KnowledgeBase) -> list[str]:
    """One step of "The steps and why", in Markdown."""
    _ = translator(kb.language).gettext
    out: list[str] = [f"### {r.rank}. {step_label(kb, r, markdown)}", ""]
    score = ""
    if r.kind in ("climb", "restore"):
        terms = " (" + "; ".join(_term(t, markdown) for t in r.score_terms) + ")" if r.score_terms else ""
        score = _("; score {score}").format(score=number(r.score)) + terms
    when = r.placement.text[:1].upper() + r.placement.text[1:]
    out.append(_("Months {months} (period {period}); {track} track{score}.").format(
        months=_months(r), period=r.wave, track=code(kb, r.track), score=score) + f" {markdown(when)}.")
    if r.kind in ("climb", "restore"):
        nothing = _("nothing in the plan")
        starts = _("Starts with: {steps}. ").format(steps=", ".join(r.co_requisites)) if r.co_requisites else ""
        out.append(_("Requires: {requires}. {starts}Unblocks: {unblocks}.").format(
            requires=", ".join(r.requires) or nothing, starts=starts, unblocks=", ".join(r.unblocks) or nothing))
    for t in r.unpaid_terms:
        out.append(_("Not counted: {term}: {reason}.").format(term=_term(t, markdown), reason=markdown(t.reason)))
    for h in r.holds:
        out.append(_("Held until month {month}: {reason}.").format(month=h.until_month, reason=markdown(h.reason)))
    for c in r.checks:
        out.append("**" + _("Check first:") + f"** {markdown(c.text)}.")
    out += ["", "**" + _("Interventions, in the order to start them") + "**", ""]
    for iv in r.interventions:
        if iv.checklist:
            continue
        held = _("; held: {reason}").format(reason=markdown(iv.held.reason)) if iv.held else ""
        hand = _("; for a partner with long-term capacity") if iv.handover else ""
        out.append(_("- Months {months}: {title} ({kind}; lead: {lead}; {duration}{held}{handover})").format(
            months=f"{iv.start_month}-{iv.end_month}", title=markdown(iv.title),
            kind=named(kb, "action_type", iv.action_type), lead=named(kb, "actor", iv.lead_actors[0]),
            duration=named(kb, "duration", iv.duration), held=held, handover=hand))
        if iv.description:
            out.append(f"  {markdown(iv.description)}")
    checklist = [iv for iv in r.interventions if iv.checklist]
    if checklist:
        out += ["", "**" + _("Case management checklist, next actions") + "**", ""]
        out += [f"- {markdown(iv.title.rstrip('.'))} " + _("({kind}; checklist {unit} -> {level})").format(
            kind=named(kb, "action_type", iv.action_type), unit=iv.unit, level=iv.to_level_name) for iv in checklist]
    if r.qualifiers:
        out += ["", "**" + _("Must be:") + "** " + markdown("; ".join(r.qualifiers))]
    out += _md_why(r, kb)
    return out


def _md_why(r, kb: KnowledgeBase) -> list[str]:
    _ = translator(kb.language).gettext
    out = ["", "**" + _("Why") + "**", ""]
    if r.description:
        out.append(f"- {markdown(r.description)} *({markdown('; '.join(r.sources))})*")
    for x in distinct_reasons(r.rationale):
        out.append(f"- {markdown(x['text'])} *({x['rule']}; {markdown(x['source'])})*")
    for e in r.edges:
        out.append("- " + _("Dependency {edge}: {rationale}").format(edge=markdown(e["text"]),
                                                                     rationale=markdown(e["rationale"]))
                   + f" *({markdown(e['source'])})*")
    if r.criteria:
        cur, nxt = r.criteria["current"], r.criteria["next"]
        out += ["", "**" + _("Now ({phase}):").format(phase=cur["name"]) + f"** {markdown(cur['summary'] or '')}", "",
                "**" + _("Next ({phase}):").format(phase=nxt["name"]) + f"** {markdown(nxt['summary'] or '')}", ""]
        out += [f"- {markdown(c)}" for c in nxt["criteria"]]
    out.append("")
    return out
