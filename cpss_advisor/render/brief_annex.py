"""The annex of a brief (``detail="full"``): the plan's record, ids, rule names, facts and hashes included.

It holds what the full HTML page and the full Markdown show, for the formats that lay out the `Brief` itself
(Word): every step with its score terms and their rules, every rule that fired with the facts it matched and its
source, the dependency edges, the interventions with their ids, the phase criteria, then the deferred steps,
warnings, advice, ties and the provenance hashes.
"""

from __future__ import annotations

import json

from ..kb.knowledge_base import KnowledgeBase
from ..planning.plan_model import Plan, Recommendation
from .brief_model import Annex, AnnexStep
from .text_table import number


def annex_view(plan: Plan, kb: KnowledgeBase) -> Annex:
    p = plan.provenance
    provenance = tuple((k, str(p[k])) for k in ("tool_version", "input_sha256", "knowledge_sha256", "rules_sha256")
                       if k in p)
    return Annex(
        provenance=provenance,
        steps=tuple(_step(r, kb) for r in plan.recommendations),
        deferred=tuple(f"{d.id}: {d.reason} ({d.reason_code})" for d in plan.deferred),
        warnings=tuple(str(w.get("text", "")) + (f" [{w['rule']}]" if w.get("rule") else "") for w in plan.warnings),
        advice=tuple(str(a.get("text", "")) + (f" [{a['rule']}]" if a.get("rule") else "") for a in plan.advice),
        ties=tuple(t.text for t in plan.ties),
        firings=len(plan.trace),
    )


def _step(r: Recommendation, kb: KnowledgeBase) -> AnnexStep:
    facts = [("Rank", str(r.rank)), ("Period", f"{r.wave}, months {r.start_month}-{r.end_month}"),
             ("Track and kind", f"{r.track}, {r.kind}"), ("Score", number(r.score)), ("Lead", r.lead or "-"),
             ("When", r.placement.text), ("Requires", ", ".join(r.requires) or "nothing in the plan"),
             ("Unblocks", ", ".join(r.unblocks) or "nothing in the plan")]
    if r.co_requisites:
        facts.append(("Starts with", ", ".join(r.co_requisites)))
    facts += [("Held", f"until month {h.until_month}: {h.reason}") for h in r.holds]
    facts += [("Check first", c.text) for c in r.checks]
    facts += [("Must be", q) for q in r.qualifiers]
    terms = [f"{'+' if t.weight >= 0 else '-'}{number(abs(t.weight))} {t.label} [{t.rule}]" for t in r.score_terms]
    terms += [f"not counted: {number(t.weight)} {t.label} [{t.rule}]: {t.reason}" for t in r.unpaid_terms]
    reasons = [f"{r.description} [{'; '.join(r.sources)}]"] if r.description else []
    reasons += [f"{x.get('text', '')} [{x.get('rule', '')}; {x.get('source', '')}]; facts: {_facts(x)}"
                for x in r.rationale]
    edges = tuple(f"{e.get('id', '')} {e.get('text', '')}: {e.get('rationale', '')} [{e.get('source', '')}]"
                  for e in r.edges)
    climb = r.kind in ("climb", "restore") and r.subdomain in kb.subdomains and r.to_phase in kb.phases
    title = kb.step_label(r.subdomain, r.from_phase, r.to_phase) if climb else r.title
    return AnnexStep(id=r.id, title=title,
                     facts=tuple(facts), score_terms=tuple(terms), reasons=tuple(reasons), edges=edges,
                     interventions=tuple(_intervention(iv) for iv in r.interventions),
                     criteria=_criteria(r))


def _facts(x: dict) -> str:
    return json.dumps(x.get("facts") or {}, sort_keys=True, ensure_ascii=False, separators=(", ", ": "))


def _intervention(iv) -> str:
    when = f"months {iv.start_month}-{iv.end_month}" if iv.start_month is not None else "checklist"
    lead = iv.lead_actors[0] if iv.lead_actors else "-"
    extra = f"; added by {iv.added_by}" if iv.added_by else ""
    held = f"; held: {iv.held.reason}" if iv.held else ""
    return f"{when}: {iv.title} [{iv.id}]; {iv.action_type}; lead: {lead}; {iv.duration or '-'}{extra}{held}; {iv.source}"


def _criteria(r: Recommendation) -> tuple[str, ...]:
    if not r.criteria:
        return ()
    cur, nxt = r.criteria.get("current") or {}, r.criteria.get("next") or {}
    out = [f"Now, {cur.get('name', '')}: {cur.get('summary') or ''}",
           f"Next, {nxt.get('name', '')}: {nxt.get('summary') or ''} [{nxt.get('source', '')}]"]
    out += [f"- {c}" for c in nxt.get("criteria") or []]
    return tuple(out)
