"""The input facts of one evaluation: the assessment, and what the knowledge base and the graph say about it.

Everything a rule may need to know is stated here as a flat fact of `cpss_advisor.engine.fact_schema`, computed once:
rules compare and join facts; they never compute graph properties or look things up themselves.
"""

from __future__ import annotations

import statistics

from ..intake.assessment import Assessment
from ..kb.knowledge_base import KnowledgeBase
from .targets import Target

_DURATION_ORDER = {"short": 0, "medium": 1, "long": 2}


def knowledge_facts(kb: KnowledgeBase) -> tuple[dict, ...]:
    """Facts that depend only on the knowledge base: steps, edges, core functions (computed once per knowledge
    base)."""
    return kb.derived("knowledge_facts", _compute_knowledge_facts)


def _compute_knowledge_facts(kb: KnowledgeBase) -> tuple[dict, ...]:
    facts = []
    for sid in sorted(kb.subdomains):
        for step in (1, 2, 3):
            general = kb.general_interventions(sid, step)
            # A step is done when all its work is done: its duration is that of its longest intervention.
            longest = max((iv.duration for iv in general), key=lambda d: _DURATION_ORDER.get(d, 1), default="medium")
            facts.append({"type": "step", "subdomain": sid, "outcome": kb.subdomains[sid].outcome,
                          "from_phase": step, "to_phase": step + 1, "duration": longest,
                          "legal": any(iv.action_type == "legislation" for iv in general)})
    for e in sorted(kb.edges, key=lambda x: x.id):
        facts.append({"type": "edge", "edge": e.id, "subdomain": e.subdomain, "to_phase": e.to_phase,
                      "needs": e.needs, "min_phase": e.min_phase, "kind": e.type, "interim": e.interim or ""})
    for cf in (kb.planning.core_functions if kb.planning else ()):
        facts.append({"type": "core_function", "subdomain": cf.subdomain, "weight": float(cf.weight),
                      "label": cf.label, "when": cf.when})
    return tuple(facts)


def serves(iv, present: set[str], kb: KnowledgeBase) -> bool:
    """Whether an intervention tagged with contexts serves the present ones: one of its contexts is present, and
    where it names shocks and a shock is present, one of its own shocks is (work made for a conflict or a
    disaster does not join an epidemic because both are at acute onset). Untagged work always serves."""
    if not iv.contexts:
        return True
    if not any(c in present for c in iv.contexts):
        return False
    own = kb.shocks_in(iv.contexts)
    shocks = kb.shocks_in(present)
    return not (own and shocks) or bool(own & shocks)


def stage_of(context: tuple[str, ...] | set[str], kb: KnowledgeBase) -> str:
    """The setting of a plan: its stage context, or `stable` without one."""
    return kb.stage_of(context) or "stable"


def response_options(kb: KnowledgeBase, context: tuple[str, ...] | set[str]) -> list[dict]:
    """The response actions whose triggers the present contexts meet, each with the trigger that brings it."""
    present = set(context)
    out = []
    for ra in kb.response_actions.values():
        if ra.kind == "restore":
            continue
        stage = next((c for c in ra.triggers.stages if c in present), None)
        ctx = next((c for c in ra.triggers.contexts if c in present), None)
        if (ra.triggers.stages and stage is None) or (ra.triggers.contexts and ctx is None):
            continue
        out.append({"type": "response_option", "action": ra.id, "subdomain": ra.subdomain, "kind": ra.kind,
                    "track": ra.track, "context": stage or ctx})
    return out


def input_facts(a: Assessment, kb: KnowledgeBase, targets: dict[str, Target], horizon_years: int = 1) -> list[dict]:
    explicit = any(t.explicit for t in targets.values()) or bool(a.targets) or bool(a.kept)
    facts: list[dict] = [{"type": "plan", "targets": "explicit" if explicit else "default",
                          "horizon_years": horizon_years, "stage": stage_of(a.context, kb)}]
    phases = [r.phase for r in a.ratings.values()]
    median = statistics.median(phases) if phases else 0
    for sid, r in sorted(a.ratings.items()):
        facts.append({"type": "rating", "subdomain": sid, "outcome": kb.subdomains[sid].outcome, "phase": r.phase,
                      "confidence": r.confidence or "unstated", "below_median": float(median - r.phase),
                      "prior_phase": r.prior_phase or 0})
    for sid in a.unrated:
        facts.append({"type": "unrated", "subdomain": sid})
    for sid, t in sorted(targets.items()):
        facts.append({"type": "target", "subdomain": sid, "phase": t.phase, "explicit": t.explicit})
    for sid in a.kept:
        facts.append({"type": "untargeted", "subdomain": sid})
    facts.extend(response_options(kb, a.context))
    for cid in a.context:
        ctx = kb.contexts[cid]
        facts.append({"type": "context", "context": cid, "category": ctx.category})
        for sid in sorted(ctx.affects):
            facts.append({"type": "exposure", "context": cid, "subdomain": sid})
    # One offer per intervention and step, naming the first present context it serves (in the intervention's
    # own order): an intervention serving two present contexts is added once, not twice. Steps below a
    # subdomain's current phase can never be in the plan, so they get no offer.
    present = set(a.context)
    reach = _reach(a, kb, targets)
    for iv in sorted(kb.interventions.values(), key=lambda i: i.id):
        if iv.use != "step" or not iv.contexts or not serves(iv, present, kb):
            continue
        served = [c for c in iv.contexts if c in present]
        for sid in sorted(iv.subdomains):
            for step in sorted(iv.steps):
                if _floor(a, sid) <= step < reach.get(sid, 4):
                    facts.append({"type": "offer", "intervention": iv.id, "context": served[0], "subdomain": sid,
                                  "from_phase": step})
    standards = kb.standards()
    for metric, value in sorted(a.figures.items()):
        # Counts and months: four decimals are plenty, and keep every number in plain decimal notation.
        facts.append({"type": "figure", "metric": metric, "value": round(float(value), 4)})
        s = standards[metric]
        facts.append({"type": "standard", "metric": metric, "limit": float(s.limit), "comparison": s.comparison,
                      "subdomain": s.subdomain, "level": s.level})
    if a.case_management is not None:
        facts.extend(checklist_facts(kb, a.case_management.done))
    # Steps below a subdomain's current phase, or beyond any phase the plan could aim at for it (its target, the
    # phase a shock took, the phase a dependency asks of it), can never match a rule; nor can a dependency whose
    # prerequisite is already at the phase needed (every rule on edges asks for a prerequisite below it, or
    # unrated). They are left out.
    for f in knowledge_facts(kb):
        t = f["type"]
        if t == "step" and not _floor(a, f["subdomain"]) <= f["from_phase"] < reach.get(f["subdomain"], 4):
            continue
        if t == "edge" and f["needs"] in a.ratings and a.ratings[f["needs"]].phase >= f["min_phase"]:
            continue
        facts.append(f)
    return facts


def _reach(a: Assessment, kb: KnowledgeBase, targets: dict[str, Target]) -> dict[str, int]:
    """The highest phase any rule could bring each rated subdomain to: its target, the phase it had before a
    shock, or the phase another subdomain's dependency asks of it (4 for unrated subdomains: no bound)."""
    needed: dict[str, int] = {}
    for e in kb.edges:
        needed[e.needs] = max(needed.get(e.needs, 0), e.min_phase)
    out = {}
    for sid, r in a.ratings.items():
        t = targets.get(sid)
        out[sid] = max(r.phase, t.phase if t else 0, r.prior_phase or 0, needed.get(sid, 0))
    return out


def checklist_facts(kb: KnowledgeBase, done: tuple[str, ...]) -> list[dict]:
    """What the case management checklist says, for an assessment with a `case_management:` section: each
    dimension's level (`cm_level`, once per subdomain the dimension informs, its `maps_to`) and the actions that
    would lift it one level (`cm_next`, for the first of them, the subdomain it bears on most: a checklist action
    joins one step, not several). Levels are computed by `cpss_advisor.kb.checklist`."""
    names = kb.checklist.level_names
    facts: list[dict] = []
    for d in kb.instrument_levels(done):
        for sid in sorted(d.maps_to):
            primary = sid == d.maps_to[0]
            facts.append({"type": "cm_level", "dimension": d.id, "title": d.title, "subdomain": sid,
                          "level": d.level, "level_name": names.get(d.level, str(d.level)), "primary": primary})
            if primary:  # the next actions join one step: that of the subdomain the dimension bears on most
                for action in d.next_actions:
                    facts.append({"type": "cm_next", "dimension": d.id, "subdomain": sid, "action": action})
    return facts


def _floor(a: Assessment, sid: str) -> int:
    """The lowest step a subdomain can still take: the one from its current phase (any step when unrated)."""
    r = a.ratings.get(sid)
    return r.phase if r is not None else 1
