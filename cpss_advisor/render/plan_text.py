"""The plan for a person: text for the terminal and Markdown for a report, both read from the typed `Plan`."""

from __future__ import annotations

from ..core.escape import markdown, markdown_code, terminal
from ..kb.knowledge_base import KnowledgeBase
from ..planning.plan_model import Plan
from .brief_markdown import render_brief_markdown
from .brief_waiting import deferred_title
from .brief_words import Words
from .text_table import number, table, wrap


# --- text ------------------------------------------------------------------------------------------------------

def step_label(kb: KnowledgeBase, r, esc=terminal) -> str:
    """How a step or action is named for people: '3.3 Case management: 1 -> 2 Enhancement', or an action's title;
    `esc` escapes the knowledge base's texts for the output format."""
    if r.kind in ("climb", "restore"):
        return kb.step_label(r.subdomain, r.from_phase, r.to_phase, verb="restore " if r.kind == "restore" else "",
                             esc=esc)
    return esc(r.title)


def setting_line(plan: Plan) -> str:
    years = plan.horizon_years
    lengths = "-".join(str(p.end_month - p.start_month) for p in plan.waves[:3])
    d = set(plan.defaults)
    return (f"Setting: {plan.setting.title.lower()}. Horizon {years} year{'s' if years > 1 else ''}"
            f"{' (default)' if 'horizon_years' in d else ''} in {len(plan.waves)} period"
            f"{'s' if len(plan.waves) > 1 else ''} ({_periods_text(plan)}); up to {plan.capacity} steps running at once"
            f"{' (default)' if 'capacity' in d else ''}, {plan.per_lead_capacity} per lead actor"
            f"{' (default)' if 'per_lead_capacity' in d else ''}.") if lengths else ""


def _periods_text(plan: Plan) -> str:
    return ", ".join(f"months {p.months}" for p in plan.waves[:4]) + (", ..." if len(plan.waves) > 4 else "")


def _term(t, esc=terminal) -> str:
    sign = "+" if t.weight >= 0 else "-"
    return f"{sign}{number(abs(t.weight))} {esc(t.label)} [{esc(t.rule)}]"


def _by_reason(plan: Plan, kb: KnowledgeBase) -> list[tuple[str, list[str], list[str]]]:
    """Deferred steps grouped by their reason (with the months each found no room in), in order of first
    appearance (highest score first): (reason, the steps in words, their ids)."""
    words = Words(kb)
    groups: dict[str, tuple[list[str], list[str]]] = {}
    for d in plan.deferred:
        titles, ids = groups.setdefault(d.reason, ([], []))
        titles.append(deferred_title(d, words))
        ids.append(d.id)
    return [(why, titles, ids) for why, (titles, ids) in groups.items()]


def distinct_reasons(rationale: list[dict]) -> list[dict]:
    """Reasons with the same rule and text once (the JSON keeps each firing with its own facts)."""
    seen, out = set(), []
    for x in rationale:
        if (x["rule"], x["text"]) not in seen:
            seen.add((x["rule"], x["text"]))
            out.append(x)
    return out


def _months(r) -> str:
    return f"{r.start_month}-{r.end_month}"


def _lead(kb: KnowledgeBase, actor: str | None) -> str:
    if actor is None:
        return "-"
    return next((a.title for a in kb.vocabulary.actors if a.id == actor), actor)


def render_text(plan: Plan, kb: KnowledgeBase) -> str:
    out = [f"Plan for {terminal(plan.country)} (assessment as of {plan.as_of})"]
    out.append(wrap(setting_line(plan), width=110))
    out.append(f"{len(plan.ratings)} of {len(plan.ratings) + len(plan.unrated)} subdomains rated"
               + (f"; context: {', '.join(plan.context)}." if plan.context else "."))
    if plan.plan_kind == "supportive":
        out.append("A supportive plan: long work is handed to a partner that can resource a longer-term response.")
    if plan.advice:
        out += ["", "Advice"]
        for a in plan.advice:
            out.append(wrap("- " + a["text"], indent="  ", hang="  "))
    beside = [r for r in plan.recommendations if r.track == "response" or r.kind not in ("climb", "restore")]
    steps = [r for r in plan.recommendations if r not in beside]
    if beside:
        out += ["", "Beside the steps (response track and enabling actions)"]
        rows = [[r.rank, _months(r), r.track, r.kind, _short(step_label(kb, r), 62), r.subdomain] for r in beside]
        out.append(table(["rank", "months", "track", "kind", "action", "serves"], rows, indent="  "))
    out += ["", "Roadmap"]
    if steps:
        rows = []
        for r in steps:
            first = next((iv.title for iv in r.interventions if not iv.checklist), "-")
            rows.append([r.rank, _months(r), _short(step_label(kb, r), 52), number(r.score),
                         _short(_lead(kb, r.lead), 22), _short(first, 50)])
        out.append(table(["rank", "months", "step", "score", "lead", "first intervention"], rows, indent="  "))
    else:
        out.append("  No steps: every rated subdomain is at its target (or at Maturity).")
    if plan.deferred:
        out += ["", f"Deferred ({len(plan.deferred)})"]
        for reason, titles, ids in _by_reason(plan, kb):
            out.append(wrap(f"- {'; '.join(titles)} [{', '.join(ids)}]", indent="  ", hang="  "))
            out.append(wrap(f"Why: {reason}", indent="    ", hang="  "))
    if plan.ties:
        out += ["", "Ties"]
        for t in plan.ties:
            out.append(wrap(f"- {t.text}", indent="  ", hang="  "))
    if plan.warnings:
        out += ["", "Warnings"]
        for w in plan.warnings:
            out.append(wrap(f"- {w['text']}", indent="  ", hang="  "))
    out += ["", "Why each step"]
    for r in plan.recommendations:
        out += ["", *_text_step(r, kb)]
    p = plan.provenance
    out += ["", f"cpss-advisor {p['tool_version']}; input sha256 {p['input_sha256'][:16]}, knowledge "
                f"{p['knowledge_sha256'][:16]}, rules {p['rules_sha256'][:16]}; {len(plan.trace)} rule firings "
                "(--format json has the full trace)"]
    return "\n".join(out) + "\n"


def _text_step(r, kb: KnowledgeBase) -> list[str]:
    """One step of "Why each step": its place, score, links, holds, work and reasons."""
    out = [f"{r.rank}. {step_label(kb, r)}  (months {_months(r)}, period {r.wave}, {r.track} track"
           + (f", score {number(r.score)})" if r.kind in ("climb", "restore") else ")")]
    if r.score_terms:
        out.append(wrap("Score: " + "; ".join(_term(t) for t in r.score_terms), indent="   ", hang="  "))
    for t in r.unpaid_terms:
        out.append(wrap(f"Not counted: {_term(t)}: {t.reason}", indent="   ", hang="  "))
    out.append(wrap(f"When: {r.placement.text}", indent="   ", hang="  "))
    if r.kind in ("climb", "restore"):
        out.append(f"   Requires: {', '.join(r.requires) or 'nothing in the plan'}; "
                   + (f"starts with: {', '.join(r.co_requisites)}; " if r.co_requisites else "")
                   + f"unblocks: {', '.join(r.unblocks) or 'nothing in the plan'}")
    for h in r.holds:
        out.append(wrap(f"Held until month {h.until_month}: {h.reason}", indent="   ", hang="  "))
    for c in r.checks:
        out.append(wrap(f"Check first: {c.text}", indent="   ", hang="  "))
    out.append("   Interventions, in the order to start them:")
    for iv in r.interventions:
        if iv.checklist:
            continue
        extra = f"; added for {', '.join(iv.contexts)}" if iv.added_by and iv.contexts else ""
        when = f"months {iv.start_month}-{iv.end_month}"
        if iv.held is not None:
            when += f", held: {iv.held.reason}"
        if iv.handover:
            when += ", for a partner with long-term capacity"
        out.append(wrap(f"- {when}: {iv.title} ({iv.action_type}; lead: {iv.lead_actors[0]}; "
                        f"{iv.duration}{extra}) [{iv.id}]", indent="     ", hang="  "))
        if iv.description:
            out.append(wrap(iv.description, indent="       "))
    checklist = [iv for iv in r.interventions if iv.checklist]
    if checklist:
        out.append("   Case management checklist, next actions:")
        for iv in checklist:
            out.append(wrap(f"- {iv.title.rstrip('.')} ({iv.action_type}; checklist {iv.unit} -> "
                            f"{iv.to_level_name}) [{iv.id}]", indent="     ", hang="  "))
    if r.qualifiers:
        out.append(wrap("Must be: " + "; ".join(r.qualifiers), indent="   ", hang="  "))
    out.append("   Why:")
    if r.description:
        out.append(wrap(f"- {r.description} [{'; '.join(r.sources)}]", indent="     ", hang="  "))
    for x in distinct_reasons(r.rationale):
        out.append(wrap(f"- {x['text']} [{x['rule']}; {x['source']}]", indent="     ", hang="  "))
    for e in r.edges:
        out.append(wrap(f"- Dependency {e['text']}: {e['rationale']} [{e['source']}]", indent="     ", hang="  "))
    if r.criteria:
        cur, nxt = r.criteria["current"], r.criteria["next"]
        out.append(wrap(f"Now, {cur['name']}: {cur['summary']}", indent="   ", hang="  "))
        out.append(wrap(f"Next, {nxt['name']}: {nxt['summary']} [{nxt['source']}]", indent="   ", hang="  "))
    return out


def _short(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    return text[:width - 4].rsplit(" ", 1)[0] + " ..."


# --- Markdown --------------------------------------------------------------------------------------------------

def render_markdown(plan: Plan, kb: KnowledgeBase, *, detail: str = "brief") -> str:
    """The plan in Markdown: the brief (`brief_markdown`), or with ``detail="full"`` the full record."""
    if detail == "full":
        return markdown_full(plan, kb)
    return render_brief_markdown(plan, kb, detail=detail)


def markdown_full(plan: Plan, kb: KnowledgeBase) -> str:
    """The full record in Markdown: every step with its score terms, rules, reasons, sources and criteria."""
    out = [f"# Child protection systems strengthening plan: {markdown(plan.country)}", "",
           f"Assessment as of {plan.as_of}. {setting_line(plan)}", ""]
    if plan.plan_kind == "supportive":
        out += ["A supportive plan: long work is handed to a partner that can resource a longer-term response.", ""]
    if plan.advice:
        out += ["## Advice", ""] + [f"- {markdown(a['text'])}" for a in plan.advice] + [""]
    beside = [r for r in plan.recommendations if r.track == "response" or r.kind not in ("climb", "restore")]
    steps = [r for r in plan.recommendations if r not in beside]
    if beside:
        out += ["## Beside the steps: response track and enabling actions", "",
                "| Rank | Months | Track | Kind | Action | Serves |", "| --- | --- | --- | --- | --- | --- |"]
        out += [f"| {r.rank} | {_months(r)} | {r.track} | {r.kind} | {step_label(kb, r, markdown)} | {r.subdomain} |"
                for r in beside]
        out.append("")
    out += ["## Roadmap", "", "| Rank | Months | Step | Score | Lead | First intervention |",
            "| --- | --- | --- | --- | --- | --- |"]
    for r in steps:
        first = next((iv.title for iv in r.interventions if not iv.checklist), "-")
        out.append(f"| {r.rank} | {_months(r)} | {step_label(kb, r, markdown)} | {number(r.score)} | "
                   f"{markdown(_lead(kb, r.lead))} | {markdown(first)} |")
    out.append("")
    if plan.deferred:
        out += ["## Deferred", ""] + [f"- **{markdown('; '.join(titles))}**: {markdown(reason)} "
                                      f"({', '.join(markdown_code(i) for i in ids)})"
                                      for reason, titles, ids in _by_reason(plan, kb)] + [""]
    if plan.ties:
        out += ["## Ties", ""] + [f"- {markdown(t.text)}" for t in plan.ties] + [""]
    if plan.warnings:
        out += ["## Warnings", ""] + [f"- {markdown(w['text'])}" for w in plan.warnings] + [""]
    out += ["## The steps and why", ""]
    for r in plan.recommendations:
        out += _md_step(r, kb)
    p = plan.provenance
    out += ["---", "",
            f"Produced by cpss-advisor {p['tool_version']}. Input sha256 `{p['input_sha256']}`; knowledge "
            f"`{p['knowledge_sha256']}`; rules `{p['rules_sha256']}`.", ""]
    return "\n".join(out)


def _md_step(r, kb: KnowledgeBase) -> list[str]:
    """One step of "The steps and why", in Markdown."""
    out: list[str] = []
    out += [f"### {r.rank}. {step_label(kb, r, markdown)}", ""]
    score = ""
    if r.kind in ("climb", "restore"):
        score = f"; score {number(r.score)}" + (" (" + "; ".join(_term(t, markdown) for t in r.score_terms) + ")"
                                                if r.score_terms else "")
    when = r.placement.text[:1].upper() + r.placement.text[1:]
    out.append(f"Months {_months(r)} (period {r.wave}); {r.track} track{score}. {markdown(when)}.")
    if r.kind in ("climb", "restore"):
        out.append(f"Requires: {', '.join(r.requires) or 'nothing in the plan'}. "
                   + (f"Starts with: {', '.join(r.co_requisites)}. " if r.co_requisites else "")
                   + f"Unblocks: {', '.join(r.unblocks) or 'nothing in the plan'}.")
    for t in r.unpaid_terms:
        out.append(f"Not counted: {_term(t, markdown)}: {markdown(t.reason)}.")
    for h in r.holds:
        out.append(f"Held until month {h.until_month}: {markdown(h.reason)}.")
    for c in r.checks:
        out.append(f"**Check first:** {markdown(c.text)}.")
    out += ["", "**Interventions, in the order to start them**", ""]
    for iv in r.interventions:
        if iv.checklist:
            continue
        held = f"; held: {markdown(iv.held.reason)}" if iv.held else ""
        hand = "; for a partner with long-term capacity" if iv.handover else ""
        out.append(f"- Months {iv.start_month}-{iv.end_month}: {markdown(iv.title)} ({iv.action_type}; lead: "
                   f"{iv.lead_actors[0]}; {iv.duration}{held}{hand})")
        if iv.description:
            out.append(f"  {markdown(iv.description)}")
    checklist = [iv for iv in r.interventions if iv.checklist]
    if checklist:
        out += ["", "**Case management checklist, next actions**", ""]
        out += [f"- {markdown(iv.title.rstrip('.'))} ({iv.action_type}; checklist {iv.unit} -> "
                f"{iv.to_level_name})" for iv in checklist]
    if r.qualifiers:
        out += ["", "**Must be:** " + markdown("; ".join(r.qualifiers))]
    out += ["", "**Why**", ""]
    if r.description:
        out.append(f"- {markdown(r.description)} *({markdown('; '.join(r.sources))})*")
    for x in distinct_reasons(r.rationale):
        out.append(f"- {markdown(x['text'])} *({x['rule']}; {markdown(x['source'])})*")
    for e in r.edges:
        out.append(f"- Dependency {markdown(e['text'])}: {markdown(e['rationale'])} *({markdown(e['source'])})*")
    if r.criteria:
        cur, nxt = r.criteria["current"], r.criteria["next"]
        out += ["", f"**Now ({cur['name']}):** {markdown(cur['summary'] or '')}", "",
                f"**Next ({nxt['name']}):** {markdown(nxt['summary'] or '')}", ""]
        out += [f"- {markdown(c)}" for c in nxt["criteria"]]
    out.append("")
    return out
