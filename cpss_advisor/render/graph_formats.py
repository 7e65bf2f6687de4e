"""The dependency graph as data and as diagrams (`cpss kb graph --format json|mermaid|dot`)."""

from __future__ import annotations

from ..core.output import to_json
from ..kb.dependency_graph import DependencyGraph
from ..kb.knowledge_base import KnowledgeBase


def graph_json(g: DependencyGraph, kb: KnowledgeBase | None = None) -> str:
    """Nodes with their bottleneck figures, edges with their sources, and whether the milestone graph is acyclic."""
    kb = g.kb
    data = {
        "nodes": [
            {"id": sid, "outcome": kb.subdomains[sid].outcome, "title": kb.subdomains[sid].title,
             "short": kb.subdomains[sid].short, **_without(g.bottlenecks()[sid].as_dict(), "subdomain")}
            for sid in sorted(kb.subdomains)
        ],
        "edges": [
            {"id": e.id, "from": e.needs, "min_phase": e.min_phase, "to": e.subdomain, "to_phase": e.to_phase,
             "type": e.type, "strength": e.strength, "rationale": e.rationale, "source": e.source.label()}
            for e in sorted(kb.edges, key=lambda x: x.id)
        ],
        "milestone_graph_acyclic": g.milestone_cycle() is None,
    }
    return to_json(data)

def graph_mermaid(g: DependencyGraph, kb: KnowledgeBase | None = None) -> str:
    """A Mermaid flowchart: one subgraph per intermediate outcome."""
    kb = g.kb
    lines = ["flowchart LR"]
    for oid in sorted(kb.outcomes):
        lines.append(f'  subgraph IO{oid}["{oid}. {_quote(kb.outcomes[oid].title)}"]')
        for sid in kb.subdomains_of(oid):
            b = g.bottlenecks()[sid]
            lines.append(f'    {_node(sid)}["{sid} {_quote(kb.subdomains[sid].short)}<br/>blocks {b.score}"]')
        lines.append("  end")
    for e in sorted(kb.edges, key=lambda x: x.id):
        arrow = _MERMAID_ARROWS[e.type]
        lines.append(f'  {_node(e.needs)} {arrow}|"≥{e.min_phase} for {e.to_phase}, {_TYPE_LABEL[e.type]}"| '
                     f'{_node(e.subdomain)}')
    return "\n".join(lines) + "\n"

def graph_dot(g: DependencyGraph, kb: KnowledgeBase | None = None) -> str:
    """A Graphviz digraph: one cluster per intermediate outcome."""
    kb = g.kb
    lines = ["digraph cpss_dependencies {", "  rankdir=LR;", '  node [shape=box, fontname="Helvetica"];']
    for oid in sorted(kb.outcomes):
        lines.append(f"  subgraph cluster_io{oid} {{")
        lines.append(f'    label="{oid}. {_quote(kb.outcomes[oid].title)}";')
        for sid in kb.subdomains_of(oid):
            b = g.bottlenecks()[sid]
            lines.append(f'    "{sid}" [label="{sid} {_quote(kb.subdomains[sid].short)}\\nblocks {b.score}"];')
        lines.append("  }")
    for e in sorted(kb.edges, key=lambda x: x.id):
        lines.append(f'  "{e.needs}" -> "{e.subdomain}" [label=">={e.min_phase} for {e.to_phase}, '
                     f'{_TYPE_LABEL[e.type]}", style={_DOT_STYLES[e.type]}];')
    lines.append("}")
    return "\n".join(lines) + "\n"


#: How each dependency type is drawn: finish-to-start as a thick arrow, co-requisite as a plain one, interim and
#: soft as dotted ones (each edge also carries its type in its label).
_MERMAID_ARROWS = {"finish_to_start": "==>", "co_requisite": "-->", "interim": "-.->", "soft": "-.->"}
_DOT_STYLES = {"finish_to_start": "bold", "co_requisite": "solid", "interim": "dashed", "soft": "dotted"}
_TYPE_LABEL = {"finish_to_start": "finish-to-start", "co_requisite": "co-requisite", "interim": "interim",
               "soft": "soft"}


def _node(sid: str) -> str:
    return "S" + sid.replace(".", "_")


def _quote(text: str) -> str:
    return text.replace('"', "'")


def _without(d: dict, key: str) -> dict:
    return {k: v for k, v in d.items() if k != key}
