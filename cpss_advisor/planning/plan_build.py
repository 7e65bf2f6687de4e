"""The typed `Plan` built from a schedule: every recommendation with its interventions, reasons, edges and
criteria, the deferred steps, warnings, ties and the trace. Every output reads this one value
(`cpss_advisor.planning.plan_model`), so they always say the same thing; its JSON form is the contract described
there.
"""

from __future__ import annotations

from ..core.i18n import translator
from ..engine.evaluation import AssessmentEvaluation
from ..engine.fact_schema import fact_key
from ..kb.knowledge_base import KnowledgeBase
from .plan_model import (
    Check,
    Deferred,
    Hold,
    Period,
    Placement,
    Plan,
    PlannedIntervention,
    Policy,
    RatingEntry,
    Recommendation,
    ScoreTerm,
    Setting,
    TargetEntry,
    Tie,
    UnpaidTerm,
)
from .planner import Draft, Schedule
from .rationale import TraceIndex, step_criteria, step_edges
from ..engine.rulebook import Names, Rulebook

def _policies_on(d: Draft) -> list[str]:
    """The plan-wide policies that shaped this step or action (for its rationale)."""
    out = []
    if any(iv["held"] and iv["held"]["code"] == "reforms-wait" for iv in d.interventions):
        out.append("reforms_wait_first_period")
    if any(iv["handover"] for iv in d.interventions):
        out.append("hand_over_long_work")
    if any(h["code"] == "partner-first" for h in d.holds):
        out.append("partner_first")
    if d.counts and d.item is not None and d.item.lead == "lead_ministry":
        out.append("lead_ministry_stretched")
    return out


def build_plan(sched: Schedule, kb: KnowledgeBase, book: Rulebook, *, detail: bool = True) -> Plan:
    """The plan as a typed value. `detail=False` leaves out each step's interventions, edges and criteria and the
    text of its reasons (for batches that only compare or summarise plans); everything else is the same.

    The values are built from the planner's own data, so they are constructed without validation (a plan read
    back from JSON, as `explain` and `verify` do, is validated by `Plan.model_validate`)."""
    ev = sched.evaluation
    a = ev.assessment
    index = TraceIndex(ev, book, Names.of(kb), render=detail)
    recs = []
    for rank, did in enumerate(sched.order, 1):
        d = sched.drafts[did]
        it = d.item
        recs.append(Recommendation.model_construct(
            id=d.id, rank=rank, wave=sched.wave_of(it.start), start_month=it.start, end_month=it.end,
            track=d.track, kind=d.kind, title=d.title, **_about(kb, d), subdomain=d.subdomain,
            subdomain_title=kb.subdomains[d.subdomain].title, outcome=d.outcome, from_phase=d.from_phase,
            to_phase=d.to_phase, score=d.score, score_terms=[ScoreTerm.model_construct(**t) for t in d.paid],
            unpaid_terms=[UnpaidTerm.model_construct(**t) for t in d.unpaid], lead=it.lead,
            interventions=_interventions(d) if detail else [],
            requires=list(d.requires), co_requisites=_co(sched, d), unblocks=sched.unblocks(d.id),
            holds=[Hold.model_construct(**h) for h in d.holds], placement=Placement.model_construct(**it.placement),
            qualifiers=_qualifiers(ev, d), checks=[Check.model_construct(**c) for c in d.checks],
            rationale=index.rationale(d, _policies_on(d)),
            edges=step_edges(kb, sched, d) if detail else [],
            criteria=step_criteria(kb, d) if detail else {},
        ))
    deferred = []
    for did in sched.deferred:
        d = sched.drafts[did]
        code, reason = d.item.deferred
        deferred.append(Deferred.model_construct(
            id=d.id, track=d.track, kind=d.kind, subdomain=d.subdomain, from_phase=d.from_phase,
            to_phase=d.to_phase, score=d.score, score_terms=[ScoreTerm.model_construct(**t) for t in d.paid],
            unpaid_terms=[UnpaidTerm.model_construct(**t) for t in d.unpaid], requires=list(d.requires),
            holds=[Hold.model_construct(**h) for h in d.holds], reason=reason, reason_code=code,
            rationale=index.rationale(d, _policies_on(d))))
    return Plan.model_construct(
        language=book.language,
        country=a.country,
        as_of=a.as_of.isoformat(),
        provenance=ev.provenance.as_dict(),
        horizon_years=sched.horizon_years,
        horizon_months=sched.horizon_months,
        setting=Setting.model_construct(id=sched.setting.id, title=sched.setting.title, context=sched.setting.context,
                        periods=list(sched.setting.periods), then=sched.setting.then),
        capacity=sched.capacity,
        per_lead_capacity=sched.per_lead,
        defaults=list(sched.defaults),
        plan_kind=sched.plan_kind,
        policies=[Policy.model_construct(**p) for p in sched.policies],
        waves=[Period.model_construct(wave=w, months=f"{s}-{e}", start_month=s, end_month=e)
               for w, (s, e) in enumerate(sched.spans, 1)],
        targets=[TargetEntry.model_construct(subdomain=t.subdomain, phase=t.phase, explicit=t.explicit) for t in ev.targets.values()],
        kept=list(a.kept),
        ratings=[RatingEntry.model_construct(subdomain=s, phase=r.phase, confidence=r.confidence, prior_phase=r.prior_phase)
                 for s, r in a.ratings.items()],
        unrated=list(a.unrated),
        context=list(a.context),
        advice=[{"code": f["code"], "text": f["text"], "rule": index.rule_of(fact_key(f))}
                for f in ev.result.of_type("advice")],
        recommendations=recs,
        deferred=deferred,
        warnings=_plan_warnings(ev, index, sched, kb.language),
        ties=[Tie.model_construct(**t) for t in sched.ties],
        trace=[{"rule": f.rule, "facts": f.facts} for f in ev.result.trace],
    )


def _co(sched: Schedule, d: Draft) -> list[str]:
    """The steps that start with this one: its co-requisites, and the steps that name it as theirs. Only phase
    steps start together: work beside them (a restore step on the response track at acute onset) starts whatever
    the capacity and waits for no co-requisite, so no co-requisite is listed on either side (its reasons still
    give the dependency)."""
    if not d.counts:
        return []
    counting = {x.id for x in sched.drafts.values() if x.counts}
    return sorted((set(d.co) | {x.id for x in sched.drafts.values() if d.id in x.co}) & counting)


def _about(kb: KnowledgeBase, d: Draft) -> dict:
    """An action's description and citations, from the response catalogue."""
    ra = kb.response_actions.get(d.action) if d.action else None
    if ra is None:
        return {"description": None, "sources": []}
    return {"description": " ".join(ra.description.split()),
            "sources": [c.label() for c in (ra.source, *ra.also)]}


def _interventions(d: Draft) -> list[PlannedIntervention]:
    out = []
    by_id = {w.id: w for w in d.item.work}
    for iv in d.interventions:
        w = by_id.get(iv["id"])
        fields = {k: v for k, v in iv.items() if not k.startswith("_")}
        held = fields.pop("held")
        out.append(PlannedIntervention.model_construct(**fields, held=Hold.model_construct(**held) if held else None,
                                       start_month=w.start if w else None, end_month=w.end if w else None))
    return out


def _qualifiers(ev: AssessmentEvaluation, d: Draft) -> list[str]:
    if d.kind not in ("climb", "restore"):
        return []
    return sorted({q["qualifier"] for q in ev.result.of_type("qualifier")
                   if q["subdomain"] == d.subdomain and q["from_phase"] == d.from_phase})


def _plan_warnings(ev: AssessmentEvaluation, index: TraceIndex, sched: Schedule, language: str = "en") -> list[dict]:
    a = ev.assessment
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
            w["text"] = translator(language).gettext("{warning} (bears on {subdomains})").format(
                warning=w["text"], subdomains=", ".join(w["subdomains"]))
        warnings.append(w)
    warnings.extend(sched.warnings)
    return warnings
