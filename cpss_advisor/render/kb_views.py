"""What `cpss kb show`, `cpss kb graph` and `cpss kb contexts` display: data for JSON, and text for people."""

from __future__ import annotations

from collections import Counter

from ..kb.dependency_graph import DependencyGraph, dependency_graph
from ..core.escape import terminal
from ..core.i18n import N_, translator
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
    _ = _gettext(kb)
    out = [terminal(f"{view['id']} {view['title']}"),
           terminal(_("Intermediate outcome %(id)s: %(title)s") % view["outcome"]), ""]
    out.append(_("Criteria by phase"))
    for ph in view["phases"]:
        out.append(f"  {ph['phase']} {terminal(ph['name'])}"
                   + ("  " + _("[inferred: no source text]") if ph["inferred"] else ""))
        if ph["summary"]:
            out.append(wrap(ph["summary"], indent="      "))
        for c in ph["criteria"]:
            out.append(wrap("- " + c, indent="      ", hang="  "))
        if ph["source"]:
            out.append("      " + _("source: %(source)s") % {"source": terminal(ph["source"])})
    out.append("")
    out.append(_("Needs (this subdomain, to reach a phase, needs another at a phase)"))
    if not view["needs"]:
        out.append("  " + _("nothing"))
    for e in view["needs"]:
        args = {"to": e["to_phase"], "needs": e["needs"], "min": e["min_phase"], "type": e["type"].replace("_", "-"),
                "interim": e["interim"]}
        line = _("to reach %(to)s: %(needs)s at %(min)s or above (%(type)s; for now: %(interim)s)") if e["interim"] \
            else _("to reach %(to)s: %(needs)s at %(min)s or above (%(type)s)")
        out.append("  " + line % args)
        out.append(wrap(e["rationale"], indent="      "))
        out.append("      " + _("source: %(source)s") % {"source": terminal(e["source"])})
    out.append("")
    out.append(_("Needed by"))
    if not view["needed_by"]:
        out.append("  " + _("nothing"))
    for e in view["needed_by"]:
        out.append("  " + _("%(subdomain)s needs this at %(min)s or above to reach %(to)s (%(type)s)") % {
            "subdomain": e["subdomain"], "min": e["min_phase"], "to": e["to_phase"],
            "type": e["type"].replace("_", "-")})
    out += ["", _bottleneck_line(view["bottleneck"], _), ""]
    out.append(_("Interventions by step"))
    for st in view["steps"]:
        out.append(f"  {st['step']}")
        for iv in st["interventions"]:
            out.append(f"    - {terminal(iv['title'])} [{iv['id']}]")
            out.append("      " + _("%(type)s; lead: %(leads)s; duration: %(duration)s") % {
                "type": iv["action_type"], "leads": ", ".join(iv["lead_actors"]), "duration": iv["duration"]})
        for iv in st["context_interventions"]:
            out.append(f"    - {terminal(iv['title'])} [{iv['id']}] "
                       + _("(when: %(contexts)s)") % {"contexts": ", ".join(iv["contexts"])})
    if view["case_management_dimensions"]:
        out.append("")
        out.append(_("Case management benchmarks informing it: %(dimensions)s") % {
            "dimensions": "; ".join(f"{d['dimension']} {d['title']}" for d in view["case_management_dimensions"])})
    return "\n".join(out) + "\n"


def _gettext(kb: KnowledgeBase | None):
    return translator(getattr(kb, "language", None) or "en").gettext


def _bottleneck_line(b: dict, _) -> str:
    def listed(ids):
        return f" ({', '.join(ids)})" if ids else ""

    return _("Bottleneck: blocks %(direct)s subdomain(s) directly%(direct_ids)s, %(transitive)s transitively"
             "%(transitive_ids)s; informs %(informs)s through soft edges") % {
        "direct": len(b["blocks_direct"]), "direct_ids": listed(b["blocks_direct"]),
        "transitive": len(b["blocks_transitive"]), "transitive_ids": listed(b["blocks_transitive"]),
        "informs": len(b["informs_direct"])}


def render_bottlenecks(graph: DependencyGraph, kb: KnowledgeBase | None = None) -> str:
    """The graph's bottleneck table: how many subdomains each one blocks, directly and transitively."""
    kb = graph.kb
    rows = []
    for b in graph.ranked_bottlenecks():
        rows.append([kb.subdomains[b.subdomain].label, len(b.blocks_direct), len(b.blocks_transitive),
                     len(b.informs_direct), ", ".join(b.blocks_transitive) or "-"])
    _ = _gettext(kb)
    kinds = Counter(e.type for e in kb.edges)
    counts = ", ".join(f"{kinds[t]} {t.replace('_', '-')}"
                       for t in ("finish_to_start", "co_requisite", "interim", "soft"))
    head = (_("Dependency graph: %(subdomains)s subdomains, %(edges)s edges (%(kinds)s); milestone graph acyclic")
            if graph.milestone_cycle() is None else
            _("Dependency graph: %(subdomains)s subdomains, %(edges)s edges (%(kinds)s); milestone graph HAS A CYCLE")
            ) % {"subdomains": len(kb.subdomains), "edges": len(kb.edges), "kinds": counts}
    return head + "\n\n" + table([_("subdomain"), _("blocks directly"), _("blocks transitively"), _("informs"),
                                  _("blocked subdomains")], rows) + "\n"


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
_CATEGORY_WORDS = {"shock": N_("shock"), "stage": N_("stage"), "capacity": N_("capacity"), "office": N_("office"),
                   "opportunity": N_("opportunity")}


def render_contexts(view: dict, kb: KnowledgeBase | None = None) -> str:
    _ = _gettext(kb)
    out = []
    for cat in _CATEGORY_ORDER:
        items = [c for c in view["contexts"] if c["category"] == cat]
        if not items:
            continue
        out.append(_("%(category)s:") % {"category": _(_CATEGORY_WORDS[cat])})
        for c in items:
            out.append(f"  {c['id']:<28} {terminal(c['title'])}"
                       + ("  " + _("(bears on %(ids)s)") % {"ids": ", ".join(c["affects"])} if c["affects"] else ""))
    out.append("")
    out.append(_("Combinations:"))
    for c in view["constraints"]:
        args = {"members": ", ".join(c["members"]), "any": ", ".join(c["any_of"]), "reason": terminal(c["reason"])}
        if c["rule"] == "at_most_one":
            line = _("at most one of %(members)s: %(reason)s")
        elif c["rule"] == "requires_any":
            line = _("%(members)s require one of %(any)s: %(reason)s")
        else:
            line = _("%(members)s should come with one of %(any)s (warning only): %(reason)s")
        out.append("  " + line % args)
    return "\n".join(out) + "\n"


def shocks_view(kb: KnowledgeBase) -> list[dict]:
    """The shock presets for what-if analysis: what each sets back and which context it brings."""
    return [{"id": p.id, "title": p.title, "description": " ".join(p.description.split()), "context": list(p.context),
             "setbacks": [{"subdomain": s.subdomain, "phases": s.phases} for s in p.setbacks],
             "source": p.source.label()} for p in sorted(kb.shock_presets.values(), key=lambda p: p.id)]


def render_shocks(view: list[dict], kb: KnowledgeBase | None = None) -> str:
    _ = _gettext(kb)
    lines = []
    for p in view:
        back = ", ".join(f"{s['subdomain']} -{s['phases']}" for s in p["setbacks"])
        lines += [f"{p['id']}: {p['title']}",
                  "  " + _("sets back %(setbacks)s; context: %(context)s") % {"setbacks": back,
                                                                              "context": ", ".join(p["context"])},
                  f"  {p['description']}", "  " + _("source: %(source)s") % {"source": p["source"]}, ""]
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
    _ = _gettext(kb)
    counts = {
        N_("subdomains"): len(kb.subdomains),
        N_("phase criteria"): len(kb.criteria),
        N_("interventions"): len(kb.interventions),
        N_("dependency edges"): len(kb.edges),
        N_("contexts"): len(kb.contexts),
        N_("case management actions"): len(kb.checklist.actions),
    }
    inferred = sum(1 for c in kb.criteria.values() if c.source.inferred) + \
        sum(1 for i in kb.interventions.values() if i.source.inferred) + \
        sum(1 for e in kb.edges if e.source.inferred)
    return "\n".join([_("knowledge base OK: %(directory)s") % {"directory": terminal(kb.directory)},
                      "  " + ", ".join(f"{v} {_(k)}" for k, v in counts.items()),
                      "  " + _("%(checks)s integrity checks passed; %(inferred)s criteria, interventions and edges are "
                               "marked inferred") % {"checks": checks, "inferred": inferred},
                      f"  sha256 {kb.sha256}"]) + "\n"
