"""What `cpss kb show`, `cpss kb graph` and `cpss kb contexts` display: data for JSON, and text for people."""

from __future__ import annotations

from collections import Counter

from ..kb.dependency_graph import DependencyGraph, dependency_graph
from ..core.escape import terminal
from ..kb.knowledge_base import KnowledgeBase
from ..kb.knowledge_schema import Intervention
from .text_table import table, wrap


def _intervention(iv: Intervention) -> dict:
    return {
        "id": iv.id,
        "title": iv.title,
        "description": iv.description,
        "action_type": iv.action_type,
        "lead_actors": list(iv.lead_actors),
        "duration": iv.duration,
        "contexts": list(iv.contexts),
        "source": iv.source.label(),
        "also": [c.label() for c in iv.also],
    }


def subdomain_view(kb: KnowledgeBase, sid: str) -> dict:
    sd = kb.subdomains[sid]
    graph = dependency_graph(kb)
    b = graph.bottlenecks()[sid]
    phases = []
    for n in sorted(kb.phases):
        c = kb.criteria.get((sid, n))
        phases.append({
            "phase": n,
            "name": kb.phases[n].name,
            "summary": c.summary if c else None,
            "criteria": list(c.criteria) if c else [],
            "source": c.source.label() if c else None,
            "inferred": bool(c and c.source.inferred),
        })
    steps = []
    for step in (1, 2, 3):
        general = kb.general_interventions(sid, step)
        contextual = [iv for iv in kb.interventions.values()
                      if sid in iv.subdomains and step in iv.steps and not iv.general]
        steps.append({
            "step": f"{step}->{step + 1}",
            "from_phase": step,
            "to_phase": step + 1,
            "interventions": [_intervention(iv) for iv in sorted(general, key=lambda i: i.id)],
            "context_interventions": [_intervention(iv) for iv in sorted(contextual, key=lambda i: i.id)],
        })
    cm = []
    if kb.case_management is not None:
        cm = [{"dimension": d.id, "title": d.title} for d in kb.case_management.dimensions if sid in d.maps_to]
    return {
        "id": sid,
        "title": sd.title,
        "short": sd.short,
        "outcome": {"id": sd.outcome, "title": kb.outcomes[sd.outcome].title},
        "phases": phases,
        "needs": [_edge(e) for e in kb.needs(sid)],
        "needed_by": [_edge(e) for e in kb.needed_by(sid)],
        "bottleneck": b.as_dict(),
        "steps": steps,
        "case_management_dimensions": cm,
    }


def _edge(e) -> dict:
    return {
        "id": e.id,
        "subdomain": e.subdomain,
        "to_phase": e.to_phase,
        "needs": e.needs,
        "min_phase": e.min_phase,
        "type": e.type,
        "interim": e.interim,
        "rationale": " ".join(e.rationale.split()),
        "source": e.source.label(),
    }


def render_subdomain(view: dict, kb: KnowledgeBase | None = None) -> str:
    out = [terminal(f"{view['id']} {view['title']}"),
           terminal(f"Intermediate outcome {view['outcome']['id']}: {view['outcome']['title']}"), ""]
    out.append("Criteria by phase")
    for ph in view["phases"]:
        out.append(f"  {ph['phase']} {terminal(ph['name'])}"
                   + ("  [inferred: no source text]" if ph["inferred"] else ""))
        if ph["summary"]:
            out.append(wrap(ph["summary"], indent="      "))
        for c in ph["criteria"]:
            out.append(wrap("- " + c, indent="      ", hang="  "))
        if ph["source"]:
            out.append(f"      source: {terminal(ph['source'])}")
    out.append("")
    out.append("Needs (this subdomain, to reach a phase, needs another at a phase)")
    if not view["needs"]:
        out.append("  nothing")
    for e in view["needs"]:
        out.append(f"  to reach {e['to_phase']}: {e['needs']} at {e['min_phase']} or above "
                   f"({e['type'].replace('_', '-')}" + (f"; for now: {e['interim']}" if e["interim"] else "") + ")")
        out.append(wrap(e["rationale"], indent="      "))
        out.append(f"      source: {terminal(e['source'])}")
    out.append("")
    out.append("Needed by")
    if not view["needed_by"]:
        out.append("  nothing")
    for e in view["needed_by"]:
        out.append(f"  {e['subdomain']} needs this at {e['min_phase']} or above to reach {e['to_phase']} "
                   f"({e['type'].replace('_', '-')})")
    b = view["bottleneck"]
    out.append("")
    out.append(f"Bottleneck: blocks {len(b['blocks_direct'])} subdomain(s) directly"
               + (f" ({', '.join(b['blocks_direct'])})" if b["blocks_direct"] else "")
               + f", {len(b['blocks_transitive'])} transitively"
               + (f" ({', '.join(b['blocks_transitive'])})" if b["blocks_transitive"] else "")
               + f"; informs {len(b['informs_direct'])} through soft edges")
    out.append("")
    out.append("Interventions by step")
    for st in view["steps"]:
        out.append(f"  {st['step']}")
        for iv in st["interventions"]:
            out.append(f"    - {terminal(iv['title'])} [{iv['id']}]")
            out.append(f"      {iv['action_type']}; lead: {', '.join(iv['lead_actors'])}; duration: {iv['duration']}")
        for iv in st["context_interventions"]:
            out.append(f"    - {terminal(iv['title'])} [{iv['id']}] (when: {', '.join(iv['contexts'])})")
    if view["case_management_dimensions"]:
        out.append("")
        out.append("Case management benchmarks informing it: "
                   + "; ".join(f"{d['dimension']} {d['title']}" for d in view["case_management_dimensions"]))
    return "\n".join(out) + "\n"


def render_bottlenecks(graph: DependencyGraph, kb: KnowledgeBase | None = None) -> str:
    """The graph's bottleneck table: how many subdomains each one blocks, directly and transitively."""
    kb = graph.kb
    rows = []
    for b in graph.ranked_bottlenecks():
        rows.append([kb.subdomains[b.subdomain].label, len(b.blocks_direct), len(b.blocks_transitive),
                     len(b.informs_direct), ", ".join(b.blocks_transitive) or "-"])
    kinds = Counter(e.type for e in kb.edges)
    head = (f"Dependency graph: {len(kb.subdomains)} subdomains, {len(kb.edges)} edges ("
            + ", ".join(f"{kinds[t]} {t.replace('_', '-')}" for t in ("finish_to_start", "co_requisite", "interim",
                                                                    "soft"))
            + "); milestone graph " + ("acyclic" if graph.milestone_cycle() is None else "HAS A CYCLE"))
    return head + "\n\n" + table(["subdomain", "blocks directly", "blocks transitively", "informs",
                                  "blocked subdomains"], rows) + "\n"


def contexts_view(kb: KnowledgeBase) -> dict:
    return {
        "contexts": [
            {"id": c.id, "category": c.category, "title": c.title, "description": " ".join(c.description.split()),
             "affects": list(c.affects), "source": c.source.label()}
            for c in sorted(kb.contexts.values(), key=lambda c: (_CATEGORY_ORDER.index(c.category), c.id))
        ],
        "constraints": [
            {"id": c.id, "rule": c.rule, "members": list(c.members), "any_of": list(c.any_of),
             "reason": " ".join(c.reason.split())}
            for c in kb.constraints
        ],
    }


_CATEGORY_ORDER = ["shock", "stage", "capacity", "office", "opportunity"]


def render_contexts(view: dict, kb: KnowledgeBase | None = None) -> str:
    out = []
    for cat in _CATEGORY_ORDER:
        items = [c for c in view["contexts"] if c["category"] == cat]
        if not items:
            continue
        out.append(f"{cat}:")
        for c in items:
            out.append(f"  {c['id']:<28} {terminal(c['title'])}"
                       + (f"  (bears on {', '.join(c['affects'])})" if c["affects"] else ""))
    out.append("")
    out.append("Combinations:")
    for c in view["constraints"]:
        if c["rule"] == "at_most_one":
            out.append(f"  at most one of {', '.join(c['members'])}: {terminal(c['reason'])}")
        elif c["rule"] == "requires_any":
            out.append(f"  {', '.join(c['members'])} require one of {', '.join(c['any_of'])}: {terminal(c['reason'])}")
        else:
            out.append(f"  {', '.join(c['members'])} should come with one of {', '.join(c['any_of'])} "
                       f"(warning only): {terminal(c['reason'])}")
    return "\n".join(out) + "\n"


def shocks_view(kb: KnowledgeBase) -> list[dict]:
    """The shock presets for what-if analysis: what each sets back and which context it brings."""
    return [{"id": p.id, "title": p.title, "description": " ".join(p.description.split()), "context": list(p.context),
             "setbacks": [{"subdomain": s.subdomain, "phases": s.phases} for s in p.setbacks],
             "source": p.source.label()} for p in sorted(kb.shock_presets.values(), key=lambda p: p.id)]


def render_shocks(view: list[dict], kb: KnowledgeBase | None = None) -> str:
    lines = []
    for p in view:
        back = ", ".join(f"{s['subdomain']} -{s['phases']}" for s in p["setbacks"])
        lines += [f"{p['id']}: {p['title']}", f"  sets back {back}; context: {', '.join(p['context'])}",
                  f"  {p['description']}", f"  source: {p['source']}", ""]
    return "\n".join(lines)


def translation_summary(report, *, by_kind: bool = False) -> str:
    """What `cpss kb check` says of one language's translations: "fr: N of M texts translated" (`by_kind`: then
    a line per kind of entry)."""
    lines = [f"{report.summary()}; {len(report.warnings):,} warnings, {len(report.errors):,} errors"]
    if by_kind:
        lines += [f"  {kind}: {done:,} of {total:,}" for kind, (done, total) in sorted(report.by_kind.items())]
    return "\n".join(lines) + "\n"


def check_summary(kb: KnowledgeBase, checks: int) -> str:
    """What `cpss kb check` says of a knowledge base that passed: what it holds, how much is inferred."""
    counts = {
        "subdomains": len(kb.subdomains),
        "phase criteria": len(kb.criteria),
        "interventions": len(kb.interventions),
        "dependency edges": len(kb.edges),
        "contexts": len(kb.contexts),
        "case management actions": len(kb.checklist.actions),
    }
    inferred = sum(1 for c in kb.criteria.values() if c.source.inferred) + \
        sum(1 for i in kb.interventions.values() if i.source.inferred) + \
        sum(1 for e in kb.edges if e.source.inferred)
    return "\n".join([f"knowledge base OK: {terminal(kb.directory)}",
                      "  " + ", ".join(f"{v} {k}" for k, v in counts.items()),
                      f"  {checks} integrity checks passed; {inferred} criteria, interventions and edges are marked "
                      "inferred",
                      f"  sha256 {kb.sha256}"]) + "\n"
