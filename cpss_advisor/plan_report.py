"""The plan as a document: the JSON contract, a text plan for a person, and Markdown for a report.

All three are rendered from one data structure (`plan_data`), so they always say the same thing. The JSON keeps
the names of the contract stable (schema_version, country, as_of, provenance, recommendations with id, rank,
wave, subdomain, from_phase, to_phase, score, interventions, requires, unblocks, rationale; deferred, warnings,
trace) and adds what a reader needs to audit the plan.
"""

from __future__ import annotations


from .cm_instrument import action_index, level_names
from .escape import markdown, terminal
from .fact_schema import fact_key
from .knowledge_base import KnowledgeBase
from .planner import WAVE_MONTHS, Plan, TraceIndex, step_criteria, step_edges, step_interventions
from .rulebook import Names, Rulebook
from .text_table import number, table, wrap

SCHEMA_VERSION = 1


def plan_data(plan: Plan, kb: KnowledgeBase, book: Rulebook, *, detail: bool = True) -> dict:
    """The plan as data. `detail=False` leaves out each step's interventions, edges and criteria and the text of
    its reasons (for batches that only compare or summarise plans); everything else is the same."""
    ev = plan.evaluation
    a = ev.assessment
    index = TraceIndex(ev, book, Names.of(kb), render=detail)
    checklist = checklist_interventions(kb, index) if detail else {}
    recs = []
    for rank, sid in enumerate(plan.order, 1):
        s = plan.steps[sid]
        quals = sorted({q["qualifier"] for q in ev.result.of_type("qualifier")
                        if q["subdomain"] == s.subdomain and q["from_phase"] == s.from_phase})
        recs.append({
            "id": s.id,
            "rank": rank,
            "wave": s.wave,
            "subdomain": s.subdomain,
            "subdomain_title": kb.subdomains[s.subdomain].title,
            "outcome": s.outcome,
            "from_phase": s.from_phase,
            "to_phase": s.to_phase,
            "score": s.score,
            "score_terms": s.terms,
            "interventions": (step_interventions(kb, index, s) + checklist.get((s.subdomain, s.from_phase), []))
                             if detail else [],
            "requires": list(s.requires),
            "unblocks": plan.unblocks(s.id),
            "not_before": s.not_before,
            "holds": s.holds,
            "qualifiers": quals,
            "rationale": index.rationale(s),
            "edges": step_edges(kb, plan, s) if detail else [],
            "criteria": step_criteria(kb, s) if detail else {},
        })
    deferred = []
    for sid in plan.deferred:
        s = plan.steps[sid]
        deferred.append({"id": s.id, "subdomain": s.subdomain, "from_phase": s.from_phase, "to_phase": s.to_phase,
                         "score": s.score, "score_terms": s.terms, "requires": list(s.requires),
                         "not_before": s.not_before, "holds": s.holds,
                         "reason": s.deferred_reason, "rationale": index.rationale(s)})
    warnings = [{"code": w.code, "subdomain": "", "text": w.message + (f" ({w.hint})" if w.hint else ""),
                 "source": "input", "at": w.location()} for w in a.warnings]
    merged: dict[tuple[str, str], dict] = {}
    for w in ev.result.of_type("warning"):
        key = (w["code"], w["text"])
        if key in merged:  # the same finding about several subdomains is one warning
            merged[key]["subdomains"].append(w["subdomain"])
            continue
        merged[key] = {"code": w["code"], "subdomain": w["subdomain"], "subdomains": [w["subdomain"]],
                       "text": w["text"], "source": "rules", "rule": index.rule_of(fact_key(w))}
    for w in merged.values():
        w["subdomains"] = sorted(set(w["subdomains"]))
        if len(w["subdomains"]) > 1:
            w["text"] += f" (bears on {', '.join(w['subdomains'])})"
        warnings.append(w)
    warnings.extend(plan.warnings)
    advice = [{"code": f["code"], "text": f["text"], "rule": index.rule_of(fact_key(f))}
              for f in ev.result.of_type("advice")]
    return {
        "schema_version": SCHEMA_VERSION,
        "country": a.country,
        "as_of": a.as_of.isoformat(),
        "provenance": ev.provenance.as_dict(),
        "horizon_years": plan.horizon_years,
        "capacity": plan.capacity,
        "waves": [{"wave": w, "months": f"{(w - 1) * WAVE_MONTHS}-{w * WAVE_MONTHS}"} for w in range(1, plan.waves + 1)],
        "targets": [{"subdomain": t.subdomain, "phase": t.phase, "explicit": t.explicit} for t in ev.targets.values()],
        "ratings": [{"subdomain": s, "phase": r.phase, "confidence": r.confidence} for s, r in a.ratings.items()],
        "unrated": list(a.unrated),
        "context": list(a.context),
        "advice": advice,
        "recommendations": recs,
        "deferred": deferred,
        "warnings": warnings,
        "trace": [{"rule": f.rule, "facts": f.facts} for f in ev.result.trace],
    }


def checklist_interventions(kb: KnowledgeBase, index: TraceIndex) -> dict[tuple[str, int], list[dict]]:
    """The case management checklist actions that rules added to steps (`checklist_action` facts), by (subdomain,
    from_phase), each in the shape of an intervention: the action's text as its title, its dimension's action
    type, ``checklist: true`` and the rule that added it. The checklist names no lead actor or duration: those are
    empty. In checklist order."""
    actions = action_index(kb)
    names = level_names(kb)
    out: dict[tuple[str, int], list[dict]] = {}
    for f in sorted(index.ev.result.of_type("checklist_action"), key=lambda x: actions[x["action"]].order):
        a = actions[f["action"]]
        out.setdefault((f["subdomain"], f["from_phase"]), []).append({
            "id": a.id, "title": a.text, "action_type": kb.cm_dimension(a.dimension).action_type,
            "lead_actors": [], "duration": None, "added_by": index.rule_of(fact_key(f)), "checklist": True,
            "dimension": a.dimension, "unit": a.unit, "from_level": a.from_level, "to_level": a.from_level + 1,
            "to_level_name": names.get(a.from_level + 1), "source": a.source.label()})
    return out



# --- text ------------------------------------------------------------------------------------------------------

def _step_label(kb: KnowledgeBase, r: dict, esc=terminal) -> str:
    """The step in words; `esc` escapes the knowledge base's texts for the output format."""
    return (f"{r['subdomain']} {esc(kb.subdomains[r['subdomain']].short)}: "
            f"{r['from_phase']} -> {r['to_phase']} {esc(kb.phases[r['to_phase']].name.replace('System ', ''))}")



def _term(t: dict, esc=terminal) -> str:
    sign = "+" if t["weight"] >= 0 else "-"
    return f"{sign}{number(abs(t['weight']))} {esc(t['label'])} [{esc(t['rule'])}]"


def _by_reason(deferred: list[dict]) -> list[tuple[str, list[str]]]:
    """Deferred steps grouped by their reason, in order of first appearance (highest score first)."""
    groups: dict[str, list[str]] = {}
    for d in deferred:
        groups.setdefault(d["reason"], []).append(d["id"])
    return list(groups.items())


def distinct_reasons(rationale: list[dict]) -> list[dict]:
    """Reasons with the same rule and text once (the JSON keeps each firing with its own facts)."""
    seen, out = set(), []
    for x in rationale:
        if (x["rule"], x["text"]) not in seen:
            seen.add((x["rule"], x["text"]))
            out.append(x)
    return out


def render_text(data: dict, kb: KnowledgeBase) -> str:
    out = [f"Plan for {terminal(data['country'])} (assessment as of {data['as_of']})"]
    years = data["horizon_years"]
    out.append(f"Horizon {years} year{'s' if years > 1 else ''}: {len(data['waves'])} waves of {WAVE_MONTHS} months, "
               f"up to {data['capacity']} steps starting per wave. "
               f"{len(data['ratings'])} of {len(data['ratings']) + len(data['unrated'])} subdomains rated"
               + (f"; context: {', '.join(data['context'])}." if data["context"] else "."))
    if data["advice"]:
        out.append("")
        out.append("Advice")
        for a in data["advice"]:
            out.append(wrap("- " + a["text"], indent="  ", hang="  "))
    out.append("")
    out.append("Roadmap")
    rows = []
    for r in data["recommendations"]:
        first = r["interventions"][0]["title"] if r["interventions"] else "-"
        if len(first) > 60:
            first = first[:57].rsplit(" ", 1)[0] + " ..."
        rows.append([r["wave"], r["rank"], _step_label(kb, r), number(r["score"]), first])
    if rows:
        out.append(table(["wave", "rank", "step", "score", "first intervention"], rows, indent="  "))
    else:
        out.append("  No steps: every rated subdomain is at its target (or at Maturity).")
    if data["deferred"]:
        out.append("")
        out.append(f"Deferred ({len(data['deferred'])})")
        for reason, ids in _by_reason(data["deferred"]):
            out.append(wrap(f"- {', '.join(ids)}: {reason}", indent="  ", hang="  "))
    if data["warnings"]:
        out.append("")
        out.append("Warnings")
        for w in data["warnings"]:
            out.append(wrap(f"- {w['text']}", indent="  ", hang="  "))
    out.append("")
    out.append("Why each step")
    for r in data["recommendations"]:
        out.append("")
        out.append(f"{r['rank']}. {_step_label(kb, r)}  (wave {r['wave']}, score {number(r['score'])})")
        if r["score_terms"]:
            out.append(wrap("Score: " + "; ".join(_term(t) for t in r["score_terms"]), indent="   ", hang="  "))
        out.append(f"   Requires: {', '.join(r['requires']) or 'nothing in the plan'}; "
                   f"unblocks: {', '.join(r['unblocks']) or 'nothing in the plan'}")
        for h in r["holds"]:
            out.append(wrap(f"Not before wave {h['wave']}: {h['reason']}", indent="   ", hang="  "))
        out.append("   Interventions:")
        for iv in r["interventions"]:
            if iv.get("checklist"):
                continue
            extra = f"; added for {', '.join(iv.get('contexts', []))}" if iv["added_by"] else ""
            out.append(wrap(f"- {iv['title']} ({iv['action_type']}; lead: {iv['lead_actors'][0]}; "
                            f"{iv['duration']}{extra}) [{iv['id']}]", indent="     ", hang="  "))
        checklist = [iv for iv in r["interventions"] if iv.get("checklist")]
        if checklist:
            out.append("   Case management checklist, next actions:")
            for iv in checklist:
                out.append(wrap(f"- {iv['title'].rstrip('.')} ({iv['action_type']}; checklist {iv['unit']} -> "
                                f"{iv['to_level_name']}) [{iv['id']}]", indent="     ", hang="  "))
        if r["qualifiers"]:
            out.append(wrap("Must be: " + "; ".join(r["qualifiers"]), indent="   ", hang="  "))
        out.append("   Why:")
        for x in distinct_reasons(r["rationale"]):
            out.append(wrap(f"- {x['text']} [{x['rule']}; {x['source']}]", indent="     ", hang="  "))
        for e in r["edges"]:
            out.append(wrap(f"- Dependency {e['text']}: {e['rationale']} [{e['source']}]", indent="     ", hang="  "))
        cur, nxt = r["criteria"]["current"], r["criteria"]["next"]
        out.append(wrap(f"Now, {cur['name']}: {cur['summary']}", indent="   ", hang="  "))
        out.append(wrap(f"Next, {nxt['name']}: {nxt['summary']} [{nxt['source']}]", indent="   ", hang="  "))
    p = data["provenance"]
    out.append("")
    out.append(f"cpss-advisor {p['tool_version']}; input sha256 {p['input_sha256'][:16]}, knowledge "
               f"{p['knowledge_sha256'][:16]}, rules {p['rules_sha256'][:16]}; {len(data['trace'])} rule firings "
               "(--format json has the full trace)")
    return "\n".join(out) + "\n"


# --- Markdown --------------------------------------------------------------------------------------------------

def render_markdown(data: dict, kb: KnowledgeBase) -> str:
    years = data["horizon_years"]
    out = [f"# Child protection systems strengthening plan: {markdown(data['country'])}", "",
           f"Assessment as of {data['as_of']}. Horizon {years} year{'s' if years > 1 else ''}: "
           f"{len(data['waves'])} waves of {WAVE_MONTHS} months, up to {data['capacity']} steps starting per wave.", ""]
    if data["advice"]:
        out += ["## Advice", ""] + [f"- {markdown(a['text'])}" for a in data["advice"]] + [""]
    out += ["## Roadmap", "", "| Wave | Rank | Step | Score | Main intervention |", "| --- | --- | --- | --- | --- |"]
    for r in data["recommendations"]:
        first = r["interventions"][0]["title"] if r["interventions"] else "-"
        out.append(f"| {r['wave']} | {r['rank']} | {_step_label(kb, r, markdown)} | {number(r['score'])} "
                   f"| {markdown(first)} |")
    out.append("")
    if data["deferred"]:
        out += ["## Deferred", ""] + [f"- **{', '.join(ids)}**: {markdown(reason)}"
                                      for reason, ids in _by_reason(data["deferred"])] + [""]
    if data["warnings"]:
        out += ["## Warnings", ""] + [f"- {markdown(w['text'])}" for w in data["warnings"]] + [""]
    out += ["## The steps and why", ""]
    for r in data["recommendations"]:
        out.append(f"### {r['rank']}. {_step_label(kb, r, markdown)}")
        out.append("")
        terms = "; ".join(_term(t, markdown) for t in r["score_terms"])
        out.append(f"Wave {r['wave']}; score {number(r['score'])}" + (f" ({terms})" if terms else "") + ".")
        out.append(f"Requires: {', '.join(r['requires']) or 'nothing in the plan'}. "
                   f"Unblocks: {', '.join(r['unblocks']) or 'nothing in the plan'}.")
        out.append("")
        out.append("**Interventions**")
        out.append("")
        for iv in r["interventions"]:
            if not iv.get("checklist"):
                out.append(f"- {markdown(iv['title'])} ({iv['action_type']}; lead: {iv['lead_actors'][0]}; "
                           f"{iv['duration']})")
        checklist = [iv for iv in r["interventions"] if iv.get("checklist")]
        if checklist:
            out += ["", "**Case management checklist, next actions**", ""]
            out += [f"- {markdown(iv['title'].rstrip('.'))} ({iv['action_type']}; checklist {iv['unit']} -> "
                    f"{markdown(iv['to_level_name'])})" for iv in checklist]
        if r["qualifiers"]:
            out += ["", "**Must be:** " + "; ".join(markdown(q) for q in r["qualifiers"])]
        out += ["", "**Why**", ""]
        for x in distinct_reasons(r["rationale"]):
            out.append(f"- {markdown(x['text'])} *({markdown(x['rule'])}; {markdown(x['source'])})*")
        for e in r["edges"]:
            out.append(f"- Dependency {markdown(e['text'])}: {markdown(e['rationale'])} *({markdown(e['source'])})*")
        cur, nxt = r["criteria"]["current"], r["criteria"]["next"]
        out += ["", f"**Now ({markdown(cur['name'])}):** {markdown(cur['summary'] or '')}", "",
                f"**Next ({markdown(nxt['name'])}):** {markdown(nxt['summary'] or '')}", ""]
        out += [f"- {markdown(c)}" for c in nxt["criteria"]] + [""]
    p = data["provenance"]
    out += ["---", "",
            f"Produced by cpss-advisor {p['tool_version']}. Input sha256 `{p['input_sha256']}`; knowledge "
            f"`{p['knowledge_sha256']}`; rules `{p['rules_sha256']}`.", ""]
    return "\n".join(out)
