"""Meaning checks on a loaded knowledge base, kept apart from the schema checks.

Each check is a function registered with `@check`; `run_checks` runs them all and returns every problem found,
each located at the file and line of the offending entry. `cpss kb check` lists the registry with `--list`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from ..core.errors import Problem, did_you_mean
from .dependency_graph import find_milestone_cycle, milestone_id
from .knowledge_base import KnowledgeBase
from .knowledge_schema import Citation

CheckFn = Callable[[KnowledgeBase], Iterable[Problem]]


@dataclass(frozen=True)
class Check:
    id: str
    description: str
    fn: CheckFn


REGISTRY: list[Check] = []


def check(check_id: str, description: str) -> Callable[[CheckFn], CheckFn]:
    def register(fn: CheckFn) -> CheckFn:
        REGISTRY.append(Check(check_id, description, fn))
        return fn
    return register


def run_checks(kb: KnowledgeBase) -> list[Problem]:
    problems: set[Problem] = set()
    for c in REGISTRY:
        problems.update(c.fn(kb))
    return sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or 0, p.code, p.message))


def _unknown(kb: KnowledgeBase, entity: str, key, field_path: tuple, what: str, value, allowed) -> Problem:
    return kb.problem(entity, key, f"unknown-{what.replace(' ', '-')}", f"unknown {what} '{value}'",
                      did_you_mean(value, allowed) or f"known: {', '.join(sorted(map(str, allowed)))}",
                      field_path=field_path)


# --- required files ------------------------------------------------------------------------------------------

@check("required-kinds", "every kind of knowledge file is present")
def _required_kinds(kb: KnowledgeBase) -> Iterator[Problem]:
    for kind in ("sources", "framework", "vocabulary", "phase_criteria", "interventions", "dependencies", "contexts",
                 "planning"):
        if kind not in kb.files:
            yield Problem(kb.directory, None, None, "missing-kind", f"no knowledge file of kind '{kind}'",
                          "see docs/knowledge.md for the files a knowledge base needs")


# --- framework -----------------------------------------------------------------------------------------------

@check("four-phases", "the phase scale has phases 1 to 4")
def _four_phases(kb: KnowledgeBase) -> Iterator[Problem]:
    if "framework" in kb.files and sorted(kb.phases) != [1, 2, 3, 4]:
        yield Problem(kb.directory, None, None, "phases",
                      f"the framework defines phases {sorted(kb.phases)}; it must define 1, 2, 3 and 4")


@check("subdomain-in-outcome", "each subdomain id starts with its intermediate outcome's number")
def _subdomain_prefix(kb: KnowledgeBase) -> Iterator[Problem]:
    for sid, sd in kb.subdomains.items():
        if sid.split(".")[0] != sd.outcome:
            yield kb.problem("subdomain", sid, "misplaced-subdomain",
                             f"subdomain '{sid}' is listed under intermediate outcome {sd.outcome}",
                             f"move it under outcome {sid.split('.')[0]}", ("id",))


# --- citations -----------------------------------------------------------------------------------------------

def _citations(kb: KnowledgeBase) -> Iterator[tuple[str, object, tuple, Citation]]:
    """Every citation with the entry it belongs to and its path inside that entry."""
    for n, ph in kb.phases.items():
        yield "phase", n, ("source",), ph.source
    for oid, oc in kb.outcomes.items():
        yield "outcome", oid, ("source",), oc.source
    for key, c in kb.criteria.items():
        yield "criteria", key, ("source",), c.source
    for iid, iv in kb.interventions.items():
        yield "intervention", iid, ("source",), iv.source
        for i, extra in enumerate(iv.also):
            yield "intervention", iid, ("also", i), extra
    for e in kb.edges:
        yield "edge", e.id, ("source",), e.source
        for i, extra in enumerate(e.also):
            yield "edge", e.id, ("also", i), extra
    for aid, ra in kb.response_actions.items():
        yield "response_action", aid, ("source",), ra.source
        for i, extra in enumerate(ra.also):
            yield "response_action", aid, ("also", i), extra
    if kb.planning is not None:
        for st in kb.planning.settings:
            yield "setting", st.id, ("source",), st.source
        for cf in kb.planning.core_functions:
            yield "core_function", cf.subdomain, ("source",), cf.source
    for cid, c in kb.contexts.items():
        yield "context", cid, ("source",), c.source
    for sid, qs in kb.questions.items():
        for q in qs:
            yield "question", q.id, ("source",), q.source
    for pid, sp in kb.shock_presets.items():
        yield "shock_preset", pid, ("source",), sp.source
        for i, extra in enumerate(sp.also):
            yield "shock_preset", pid, ("also", i), extra
    cm = kb.case_management
    if cm is not None:
        for lv in cm.levels:
            if lv.source is not None:
                yield "cm_level", lv.level, ("source",), lv.source
        for d in cm.dimensions:
            yield "cm_dimension", d.id, ("source",), d.source
            for t in d.transitions:
                for a in t.actions:
                    yield "cm_action", a.id, ("source",), a.source
            for sd in d.sub_dimensions:
                if sd.source is not None:
                    yield "cm_dimension", sd.id, ("source",), sd.source
                for t in sd.transitions:
                    for a in t.actions:
                        yield "cm_action", a.id, ("source",), a.source
        for s in cm.standards:
            yield "standard", s.id, ("source",), s.source


@check("citations-resolve", "every citation names a source listed in sources.yaml")
def _citations_resolve(kb: KnowledgeBase) -> Iterator[Problem]:
    for entity, key, path, cit in _citations(kb):
        if cit.seed not in kb.sources:
            yield _unknown(kb, entity, key, path + ("seed",), "source", cit.seed, kb.sources)


@check("cm-levels-cited", "every level of the case management instrument is cited")
def _levels_cited(kb: KnowledgeBase) -> Iterator[Problem]:
    if kb.case_management is None:
        return
    for lv in kb.case_management.levels:
        if lv.source is None:
            yield kb.problem("cm_level", lv.level, "uncited", f"level {lv.level} has no source")


# --- criteria ------------------------------------------------------------------------------------------------

@check("criteria-complete", "every subdomain has criteria for each of the 4 phases, and only known subdomains do")
def _criteria_complete(kb: KnowledgeBase) -> Iterator[Problem]:
    for (sid, phase) in kb.criteria:
        if sid not in kb.subdomains:
            yield _unknown(kb, "criteria", (sid, phase), ("subdomain",), "subdomain", sid, kb.subdomains)
    if "phase_criteria" not in kb.files:
        return
    for sid in sorted(kb.subdomains):
        missing = [p for p in sorted(kb.phases) if (sid, p) not in kb.criteria]
        if missing:
            yield kb.problem("subdomain", sid, "criteria-missing",
                             f"subdomain {sid} has no criteria for phase(s) {', '.join(map(str, missing))}",
                             "add a phase_criteria entry for each")


# --- interventions -------------------------------------------------------------------------------------------

@check("intervention-references", "interventions use known subdomains, contexts, action types, actors and durations")
def _intervention_refs(kb: KnowledgeBase) -> Iterator[Problem]:
    vocab = kb.vocabulary
    action_types = {a.id for a in vocab.action_types} if vocab else set()
    actors = {a.id for a in vocab.actors} if vocab else set()
    durations = {d.id for d in vocab.duration_bands} if vocab else set()
    for iid, iv in kb.interventions.items():
        for i, sid in enumerate(iv.subdomains):
            if sid not in kb.subdomains:
                yield _unknown(kb, "intervention", iid, ("subdomains", i), "subdomain", sid, kb.subdomains)
        for i, cid in enumerate(iv.contexts):
            if cid not in kb.contexts:
                yield _unknown(kb, "intervention", iid, ("contexts", i), "context", cid, kb.contexts)
        if vocab is None:
            continue
        if iv.action_type not in action_types:
            yield _unknown(kb, "intervention", iid, ("action_type",), "action type", iv.action_type, action_types)
        for i, actor in enumerate(iv.lead_actors):
            if actor not in actors:
                yield _unknown(kb, "intervention", iid, ("lead_actors", i), "actor", actor, actors)
        if iv.duration not in durations:
            yield _unknown(kb, "intervention", iid, ("duration",), "duration band", iv.duration, durations)
        for name, values in (("subdomains", iv.subdomains), ("steps", iv.steps), ("contexts", iv.contexts),
                             ("lead_actors", iv.lead_actors)):
            dup = [v for v, n in Counter(values).items() if n > 1]
            if dup:
                yield kb.problem("intervention", iid, "duplicate-value", f"{name} lists {dup[0]} twice",
                                 field_path=(name,))


@check("steps-covered", "every step (1->2, 2->3, 3->4) of every subdomain has an intervention for any context")
def _steps_covered(kb: KnowledgeBase) -> Iterator[Problem]:
    if "interventions" not in kb.files:
        return
    covered = {(sid, step) for iv in kb.interventions.values() if iv.general
               for sid in iv.subdomains for step in iv.steps}
    for sid in sorted(kb.subdomains):
        for step in (1, 2, 3):
            if (sid, step) not in covered:
                yield kb.problem("subdomain", sid, "step-uncovered",
                                 f"subdomain {sid} has no general intervention for step {step}->{step + 1}",
                                 "add an intervention with this subdomain, this step and 'contexts: []'")


# --- dependencies --------------------------------------------------------------------------------------------

@check("edge-references", "dependency edges join known, different subdomains at sensible phases")
def _edge_refs(kb: KnowledgeBase) -> Iterator[Problem]:
    for e in kb.edges:
        for name in ("subdomain", "needs"):
            value = getattr(e, name)
            if value not in kb.subdomains:
                yield _unknown(kb, "edge", e.id, (name,), "subdomain", value, kb.subdomains)
        if e.subdomain == e.needs:
            yield kb.problem("edge", e.id, "self-edge", f"subdomain {e.subdomain} cannot need itself",
                             "the order of one subdomain's own phases is implied", ("needs",))
    pairs = Counter((e.subdomain, e.to_phase, e.needs) for e in kb.edges)
    for e in kb.edges:
        if pairs[(e.subdomain, e.to_phase, e.needs)] > 1:
            yield kb.problem("edge", e.id, "duplicate-edge",
                             f"{e.subdomain} reaching phase {e.to_phase} needs {e.needs} more than once",
                             "keep one edge with the higher threshold")


@check("edge-interim", "an interim dependency names an interim measure for the dependent step")
def _edge_interim(kb: KnowledgeBase) -> Iterator[Problem]:
    interims = {i for i, iv in kb.interventions.items() if iv.use == "interim"}
    for e in kb.edges:
        if e.type != "interim":
            continue
        iv = kb.interventions.get(e.interim)
        if iv is None or iv.use != "interim":
            yield _unknown(kb, "edge", e.id, ("interim",), "interim measure", e.interim, interims)
        elif e.subdomain not in iv.subdomains or e.to_phase - 1 not in iv.steps:
            yield kb.problem("edge", e.id, "interim-elsewhere",
                             f"the interim measure '{e.interim}' is not for the step of {e.subdomain} into phase "
                             f"{e.to_phase}", f"list \"{e.subdomain}\" and step {e.to_phase - 1} in the intervention",
                             ("interim",))


@check("milestone-graph-acyclic", "the milestone dependency graph has no cycle")
def _acyclic(kb: KnowledgeBase) -> Iterator[Problem]:
    cycle = find_milestone_cycle(kb)
    if cycle:
        text = " -> ".join(milestone_id(m) for m in cycle + cycle[:1])
        first = next((e for e in kb.edges if (e.needs, e.min_phase) in cycle and (e.subdomain, e.to_phase) in cycle),
                     None)
        if first is not None:
            yield kb.problem("edge", first.id, "cycle", f"the dependencies form a cycle: {text}",
                             "no step could ever be scheduled first; remove or weaken one edge")
        else:
            yield Problem(kb.directory, None, None, "cycle", f"the dependencies form a cycle: {text}")


# --- contexts ------------------------------------------------------------------------------------------------

@check("context-references", "contexts and their constraints name known contexts and subdomains")
def _context_refs(kb: KnowledgeBase) -> Iterator[Problem]:
    for cid, c in kb.contexts.items():
        for i, sid in enumerate(c.affects):
            if sid not in kb.subdomains:
                yield _unknown(kb, "context", cid, ("affects", i), "subdomain", sid, kb.subdomains)
    for con in kb.constraints:
        for name in ("members", "any_of"):
            for i, cid in enumerate(getattr(con, name)):
                if cid not in kb.contexts:
                    yield _unknown(kb, "constraint", con.id, (name, i), "context", cid, kb.contexts)


@check("response-actions", "response actions name known subdomains, contexts and interventions")
def _response_actions(kb: KnowledgeBase) -> Iterator[Problem]:
    for aid, ra in kb.response_actions.items():
        if ra.subdomain not in kb.subdomains:
            yield _unknown(kb, "response_action", aid, ("subdomain",), "subdomain", ra.subdomain, kb.subdomains)
        stages = {c.id for c in kb.contexts_by_category["stage"]}
        for i, cid in enumerate(ra.triggers.stages):
            if cid not in stages:
                yield _unknown(kb, "response_action", aid, ("triggers", "stages", i), "stage", cid, stages)
        for i, cid in enumerate(ra.triggers.contexts):
            if cid not in kb.contexts:
                yield _unknown(kb, "response_action", aid, ("triggers", "contexts", i), "context", cid, kb.contexts)
        if ra.kind == "restore" and (ra.triggers.stages or ra.triggers.contexts):
            yield kb.problem("response_action", aid, "restore-triggered",
                             "a restore action is used where a rating records a phase lost to a shock; it has no "
                             "triggers", "remove 'triggers'", ("triggers",))
        if ra.kind != "restore" and not (ra.triggers.stages or ra.triggers.contexts):
            yield kb.problem("response_action", aid, "untriggered", f"a {ra.kind} action needs triggers",
                             "list the stages and/or contexts it applies in", ("kind",))
        usable = {i for i, iv in kb.interventions.items() if iv.use != "interim"}
        for i, iid in enumerate(ra.interventions):
            if iid not in usable:
                yield _unknown(kb, "response_action", aid, ("interventions", i), "intervention", iid, usable)
    listed = {i for ra in kb.response_actions.values() for i in ra.interventions}
    for iid, iv in kb.interventions.items():
        if iv.use in ("response", "restore") and iid not in listed:
            yield kb.problem("intervention", iid, "unlisted-response", f"the {iv.use} intervention '{iid}' belongs "
                             "to no response action", "list it in an action of knowledge/response.yaml", ("use",))
    for aid, ra in kb.response_actions.items():
        for i, iid in enumerate(ra.interventions):
            iv = kb.interventions.get(iid)
            if iv is not None and (iv.use == "restore") != (ra.kind == "restore"):
                yield kb.problem("response_action", aid, "restore-mismatch",
                                 f"'{iid}' is of use '{iv.use}' in a {ra.kind} action",
                                 "restore actions list restore interventions, and only they do",
                                 ("interventions", i))
    restores = Counter(ra.subdomain for ra in kb.response_actions.values() if ra.kind == "restore")
    for aid, ra in kb.response_actions.items():
        if ra.kind == "restore" and restores[ra.subdomain] > 1:
            yield kb.problem("response_action", aid, "duplicate-restore",
                             f"subdomain {ra.subdomain} has more than one restore action", "keep one", ("subdomain",))


@check("planning-defaults", "planning settings cover every stage and the stable setting; references resolve")
def _planning(kb: KnowledgeBase) -> Iterator[Problem]:
    pl = kb.planning
    if pl is None:
        return
    stages = {c.id for c in kb.contexts_by_category["stage"]}
    seen: set = set()
    for st in pl.settings:
        if st.context is not None and st.context not in stages:
            yield _unknown(kb, "setting", st.id, ("context",), "stage", st.context, stages)
        if st.context in seen:
            yield kb.problem("setting", st.id, "duplicate-setting",
                             f"two settings for {st.context or 'the stable setting'}", field_path=("context",))
        seen.add(st.context)
    for cid in sorted(stages - seen):
        yield Problem(kb.files["planning"][0], None, None, "setting-missing", f"no planning setting for stage '{cid}'",
                      f"add a setting with 'context: {cid}'")
    if None not in seen:
        yield Problem(kb.files["planning"][0], None, None, "setting-missing", "no setting for the stable setting",
                      "add a setting without 'context'")
    vocab = kb.vocabulary
    if vocab is not None:
        types = {a.id for a in vocab.action_types}
        for i, t in enumerate(pl.reforms_wait_at_acute_onset.action_types):
            if t not in types:
                yield Problem(kb.files["planning"][0], None, None, "unknown-action-type", f"unknown action type '{t}'",
                              did_you_mean(t, types))
        bands = {d.id for d in vocab.duration_bands}
        for d in pl.reforms_wait_at_acute_onset.durations:
            if d not in bands:
                yield Problem(kb.files["planning"][0], None, None, "unknown-duration-band",
                              f"unknown duration band '{d}'", did_you_mean(d, bands))
    for cf in pl.core_functions:
        if cf.subdomain not in kb.subdomains:
            yield _unknown(kb, "core_function", cf.subdomain, ("subdomain",), "subdomain", cf.subdomain, kb.subdomains)


@check("context-categories", "the catalogue has shocks, stages and opportunities")
def _context_categories(kb: KnowledgeBase) -> Iterator[Problem]:
    if "contexts" not in kb.files:
        return
    present = {c.category for c in kb.contexts.values()}
    for cat in ("shock", "stage", "opportunity"):
        if cat not in present:
            yield Problem(kb.files["contexts"][0], None, None, "missing-category", f"no context of category '{cat}'")


# --- case management instrument ------------------------------------------------------------------------------

@check("cm-instrument-shape", "the case management instrument has 4 levels and 3 transitions per assessable unit")
def _cm_shape(kb: KnowledgeBase) -> Iterator[Problem]:
    cm = kb.case_management
    if cm is None:
        return
    if sorted(lv.level for lv in cm.levels) != [1, 2, 3, 4]:
        yield kb.problem("cm_level", cm.levels[0].level if cm.levels else 1, "cm-levels",
                         "the instrument must define levels 1, 2, 3 and 4 once each")
    for d in cm.dimensions:
        for i, sid in enumerate(d.maps_to):
            if sid not in kb.subdomains:
                yield _unknown(kb, "cm_dimension", d.id, ("maps_to", i), "subdomain", sid, kb.subdomains)
        if not d.transitions and not d.sub_dimensions:
            yield kb.problem("cm_dimension", d.id, "cm-empty", f"dimension {d.id} has no transitions or sub-dimensions")
        for unit in kb.checklist.units_of(d.id):
            levels = [t.from_level for t in unit.transitions]
            if levels != [1, 2, 3]:
                yield kb.problem("cm_dimension", unit.id, "cm-transitions",
                                 f"dimension {unit.id} has transitions from levels {levels}; it needs 1, 2 and 3 once "
                                 "each", field_path=("transitions",))
        for sd in d.sub_dimensions:
            if not sd.id.startswith(d.id):
                yield kb.problem("cm_dimension", sd.id, "cm-subdimension",
                                 f"sub-dimension {sd.id} sits under dimension {d.id}")
    dims = {d.id for d in cm.dimensions} | {s.id for d in cm.dimensions for s in d.sub_dimensions}
    metrics = Counter(s.metric for s in cm.standards)
    for s in cm.standards:
        if s.dimension not in dims:
            yield _unknown(kb, "standard", s.id, ("dimension",), "dimension", s.dimension, dims)
        if metrics[s.metric] > 1:
            yield kb.problem("standard", s.id, "duplicate-metric", f"metric '{s.metric}' has more than one standard",
                             field_path=("metric",))


@check("cm-standard-subdomain", "each case management standard weighs on a subdomain its dimension informs")
def _cm_standard_subdomain(kb: KnowledgeBase) -> Iterator[Problem]:
    for st in kb.standards().values():
        d = kb.cm_dimension(st.dimension[0])
        if d is not None and st.subdomain not in d.maps_to:
            yield kb.problem("standard", st.id, "standard-subdomain",
                             f"standard '{st.id}' weighs on {st.subdomain}, which dimension {d.id} does not inform",
                             f"choose one of {', '.join(d.maps_to)}", ("subdomain",))


@check("cm-action-types", "every case management dimension has an action type from the vocabulary")
def _cm_action_types(kb: KnowledgeBase) -> Iterator[Problem]:
    if kb.case_management is None or kb.vocabulary is None:
        return
    action_types = {a.id for a in kb.vocabulary.action_types}
    for d in kb.case_management.dimensions:
        if d.action_type not in action_types:
            yield _unknown(kb, "cm_dimension", d.id, ("action_type",), "action type", d.action_type, action_types)


# --- shock presets -------------------------------------------------------------------------------------------

@check("shock-presets", "shock presets name known subdomains and contexts, with one shock and at most one stage")
def _shock_presets(kb: KnowledgeBase) -> Iterator[Problem]:
    for pid, sp in kb.shock_presets.items():
        for i, s in enumerate(sp.setbacks):
            if s.subdomain not in kb.subdomains:
                yield _unknown(kb, "shock_preset", pid, ("setbacks", i, "subdomain"), "subdomain", s.subdomain,
                               kb.subdomains)
        known = [c for c in sp.context if c in kb.contexts]
        for i, cid in enumerate(sp.context):
            if cid not in kb.contexts:
                yield _unknown(kb, "shock_preset", pid, ("context", i), "context", cid, kb.contexts)
        if not kb.shocks_in(known):
            yield kb.problem("shock_preset", pid, "preset-without-shock", f"shock preset '{pid}' names no shock",
                             field_path=("context",))
        if sum(kb.contexts[c].category == "stage" for c in known) > 1:
            yield kb.problem("shock_preset", pid, "preset-stages", f"shock preset '{pid}' names more than one stage",
                             field_path=("context",))
        subs = [s.subdomain for s in sp.setbacks]
        if len(subs) != len(set(subs)):
            yield kb.problem("shock_preset", pid, "duplicate-value", f"shock preset '{pid}' sets a subdomain back twice",
                             field_path=("setbacks",))


# --- questionnaire -------------------------------------------------------------------------------------------

@check("questionnaire-complete", "the questionnaire asks, for every subdomain, at least one question for each phase 2-4")
def _questionnaire(kb: KnowledgeBase) -> Iterator[Problem]:
    if "questionnaire" not in kb.files:
        return
    for sid in kb.questions:
        if sid not in kb.subdomains:
            yield _unknown(kb, "questionnaire", sid, ("subdomain",), "subdomain", sid, kb.subdomains)
    for sid in sorted(kb.subdomains):
        qs = kb.questions.get(sid)
        if qs is None:
            yield kb.problem("subdomain", sid, "no-questions", f"the questionnaire has no questions for {sid}")
            continue
        missing = [p for p in (2, 3, 4) if not any(q.phase == p for q in qs)]
        if missing:
            yield kb.problem("questionnaire", sid, "phase-without-question",
                             f"the questions for {sid} do not cover phase(s) {', '.join(map(str, missing))}")
