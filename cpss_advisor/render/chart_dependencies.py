"""The dependency graph between subdomains, as an arc diagram: the subdomains in one column, grouped by
intermediate outcome in the benchmark's order, and one arc per dependency from the prerequisite to the subdomain
that needs it.

Arcs that hold or bind a step (must be reached first, started together, started with an interim measure) run on
the right of the column; soft ones, which only raise a prerequisite's priority, on the left. The four kinds are told
apart by line style (solid, dash-dot with a head at both ends, dotted, dashed grey), so the chart reads in black and
white. A subdomain with a step in the plan has a thick border and a bold label. The layout is fixed by the
benchmark's order and the arcs' spans: no random layout, the same plan gives the same picture.

With ``scope="plan"`` only the dependencies that bear on the plan are drawn (`plan_edges`), and only the subdomains
they join; with ``scope="all"`` every dependency of the knowledge base and every subdomain.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.i18n import N_, SOURCE_LANGUAGE, translator
from ..kb.knowledge_base import KnowledgeBase
from ..kb.knowledge_schema import DependencyEdge
from ..planning.plan_model import Plan
from . import chart_style as st

SCOPES = ("plan", "all")

#: each kind of dependency: its name in the legend, and the heading of its list in the chart's description
#: (translated where used)
KINDS = {
    "finish_to_start": (N_("must be reached first"), N_("Prerequisites that must be reached before the step starts")),
    "co_requisite": (N_("started together"), N_("Steps started together with their prerequisite")),
    "interim": (N_("may start with an interim measure"),
                N_("Steps that may start with an interim measure while the prerequisite is built")),
    "soft": (N_("raises the prerequisite's priority"), N_("Prerequisites whose priority is raised (soft)")),
}


@dataclass(frozen=True)
class GraphNode:
    subdomain: str
    outcome: str
    label: str
    in_plan: bool


@dataclass(frozen=True)
class GraphEdge:
    source: str         # the prerequisite
    target: str         # the subdomain that needs it
    type: str
    #: the knowledge base's edges this arc stands for (ids, never drawn) and each in words
    edges: tuple[str, ...]
    texts: tuple[str, ...]


@dataclass(frozen=True)
class DependencyData:
    scope: str
    nodes: tuple[GraphNode, ...]   # in drawing order
    edges: tuple[GraphEdge, ...]
    total: int                      # dependencies in the knowledge base
    outcomes: tuple[tuple[str, str], ...]  # (number, title) of the outcomes drawn, in order
    language: str = SOURCE_LANGUAGE         # of the chart's words (the knowledge base's)


# --- what the chart is drawn from --------------------------------------------------------------------------------

def plan_steps(plan: Plan) -> set[tuple[str, int]]:
    """(subdomain, phase reached) of every step of the plan."""
    return {(r.subdomain, r.to_phase) for r in plan.recommendations if r.kind in ("climb", "restore")}


def plan_edges(plan: Plan, kb: KnowledgeBase) -> list[DependencyEdge]:
    """The dependencies that bear on the plan: those whose dependant step is in the plan, and those whose
    prerequisite is a step of the plan while the dependant subdomain has not reached the phase it concerns (what
    the step unlocks)."""
    steps = plan_steps(plan)
    rated = {r.subdomain: r.phase for r in plan.ratings}
    return [e for e in _known(kb)
            if (e.subdomain, e.to_phase) in steps
            or ((e.needs, e.min_phase) in steps and rated.get(e.subdomain, 0) < e.to_phase)]


def _known(kb: KnowledgeBase) -> list[DependencyEdge]:
    edges = [e for e in kb.edges if e.subdomain in kb.subdomains and e.needs in kb.subdomains]
    return sorted(edges, key=lambda e: (st.sid_key(e.needs), st.sid_key(e.subdomain), e.min_phase, e.to_phase))


def edge_text(e: DependencyEdge, kb: KnowledgeBase) -> str:
    """One dependency in words, without ids; an interim dependency names its interim measure."""
    _ = translator(kb.language).gettext
    text = _("{subdomain} needs {needs} at {min_phase} or above to reach {to_phase}").format(
        subdomain=st.subdomain_label(kb, e.subdomain), needs=st.subdomain_label(kb, e.needs),
        min_phase=st.phase_name(kb, e.min_phase), to_phase=st.phase_name(kb, e.to_phase))
    measure = kb.interventions.get(e.interim) if e.type == "interim" and e.interim else None
    return text + (_(" (interim measure: {measure})").format(measure=measure.title) if measure else "")


def dependency_data(plan: Plan, kb: KnowledgeBase, scope: str = "plan") -> DependencyData:
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {', '.join(SCOPES)}, not {scope!r}")
    chosen = plan_edges(plan, kb) if scope == "plan" else _known(kb)
    arcs: dict[tuple[str, str, str], list[DependencyEdge]] = {}
    for e in chosen:
        kind = e.type if e.type in KINDS else "soft"
        arcs.setdefault((e.needs, e.subdomain, kind), []).append(e)
    kinds = list(KINDS)
    edges = tuple(GraphEdge(s, t, k, tuple(e.id for e in group), tuple(edge_text(e, kb) for e in group))
                  for (s, t, k), group in sorted(arcs.items(), key=lambda x: (st.sid_key(x[0][0]),
                                                                              st.sid_key(x[0][1]),
                                                                              kinds.index(x[0][2]))))
    joined = {s for e in edges for s in (e.source, e.target)} if scope == "plan" else set(kb.subdomains)
    in_plan = {sid for sid, _ in plan_steps(plan)}
    nodes = tuple(GraphNode(sid, kb.subdomains[sid].outcome, st.subdomain_label(kb, sid), sid in in_plan)
                  for sid in sorted(joined, key=lambda s: (st.sid_key(kb.subdomains[s].outcome), st.sid_key(s))))
    outcomes = tuple(dict.fromkeys((n.outcome, kb.outcomes[n.outcome].title if n.outcome in kb.outcomes else "")
                                   for n in nodes))
    return DependencyData(scope, nodes, edges, len(_known(kb)), outcomes, kb.language)


def describe(data: DependencyData) -> str:
    """The chart in words: what it shows, how to read it, and every dependency drawn."""
    tr = translator(data.language)
    _ = tr.gettext
    subdomains = tr.ngettext("{n} subdomain", "{n} subdomains", len(data.nodes)).format(n=len(data.nodes))
    if data.scope == "plan":
        head = _("The dependencies between subdomains that bear on the plan's steps ({n} of the {total} the "
                 "knowledge base knows), and the {subdomains} they join.").format(
            n=len(_ids(data)), total=data.total, subdomains=subdomains)
    else:
        head = _("Every dependency between the subdomains ({total}), with the {subdomains}.").format(
            total=data.total, subdomains=subdomains)
    if not data.edges:
        return head + " " + _("No dependency bears on the plan's steps.")
    parts = [head, _("The subdomains are listed in one column by intermediate outcome; an arc runs from a "
                     "prerequisite to the subdomain that needs it, on the right when it holds or binds a step (solid: "
                     "must be reached first; dash-dot with a head at both ends: started together; dotted: may start "
                     "with an interim measure) and on the left, dashed, when it only raises the prerequisite's "
                     "priority.")]
    planned = [n.label for n in data.nodes if n.in_plan]
    if planned:
        parts.append(_("Subdomains with a step in the plan have a thick border: {subdomains}.").format(
            subdomains="; ".join(planned)))
    for kind, (_name, heading) in KINDS.items():
        texts = [t for e in data.edges if e.type == kind for t in e.texts]
        if texts:
            parts.append(_("{heading} ({n}): {dependencies}.").format(heading=_(heading), n=len(texts),
                                                                       dependencies="; ".join(texts)))
    return " ".join(parts)


def _ids(data: DependencyData) -> list[str]:
    return [i for e in data.edges for i in e.edges]
