"""The dependency graph: milestone semantics, bottleneck figures, exports."""

from __future__ import annotations

import json

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from cpss_advisor.kb.dependency_graph import DependencyGraph

from tests.conftest import run_cli


def test_milestone_graph_shape(kb):
    g = DependencyGraph(kb)
    assert g.milestones.number_of_nodes() == 19 * 3
    assert nx.is_directed_acyclic_graph(g.milestones)
    assert g.milestones.has_edge(("3.3", 2), ("3.3", 3))
    assert g.milestones.edges[("5.1", 2), ("3.3", 3)]["kind"] == "interim"
    assert g.milestones.edges[("2.1", 2), ("2.2", 3)]["kind"] == "finish_to_start"


def test_subdomain_view_may_be_cyclic_while_milestones_are_not(kb):
    # SOPs (3.2) and case management (3.3) need each other at different phases.
    g = DependencyGraph(kb)
    assert g.subdomains.has_edge("3.2", "3.3") and g.subdomains.has_edge("3.3", "3.2")
    assert g.milestone_cycle() is None


def test_bottleneck_figures(kb):
    b = DependencyGraph(kb).bottlenecks()
    assert b["2.1"].blocks_direct == ("2.2", "4.1")
    # administrative data blocks case management at Maturity (finish-to-start), and through it the SOPs at Maturity
    # (3.2 at 4 needs 3.3 at 3, reached before 3.3 at 4 only in the chain, so 3.2 is not blocked by 7.1)
    assert b["7.1"].blocks_direct == ("3.3",) and "3.3" in b["7.1"].blocks_transitive
    # data governance goes with administrative data (co-requisite): it informs, it does not block
    assert "7.1" not in b["7.3"].blocks_direct and "7.1" in b["7.3"].informs_direct
    assert b["6.1"].score == 0


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_every_finish_to_start_edge_counts_for_its_prerequisite(kb, data):
    e = data.draw(st.sampled_from([e for e in kb.edges if e.blocking]))
    b = DependencyGraph(kb).bottlenecks()[e.needs]
    assert e.subdomain in b.blocks_direct and e.subdomain in b.blocks_transitive
    assert set(b.blocks_direct) <= set(b.blocks_transitive)


def test_exports(kb):
    g = DependencyGraph(kb)
    from cpss_advisor.render.graph_formats import graph_dot, graph_json, graph_mermaid

    data = json.loads(graph_json(g))
    assert len(data["nodes"]) == 19 and len(data["edges"]) == len(kb.edges) and data["milestone_graph_acyclic"]
    mermaid = graph_mermaid(g)
    assert mermaid.startswith("flowchart LR") and mermaid.count("==>") == sum(e.blocking for e in kb.edges)
    dot = graph_dot(g)
    assert dot.startswith("digraph") and dot.count("->") == len(kb.edges)


def test_graph_command_formats():
    for fmt, marker in (("text", "blocks transitively"), ("mermaid", "flowchart LR"), ("dot", "digraph"),
                        ("json", '"nodes"')):
        r = run_cli("kb", "graph", "--format", fmt)
        assert r.code == 0 and marker in r.stdout, fmt


def test_the_load_time_cycle_check_agrees_with_the_graph():
    """The cycle check every load runs (without networkx) finds what the networkx graph finds, in edge order."""
    from cpss_advisor.kb.dependency_graph import find_milestone_cycle, milestone_edges
    from cpss_advisor.kb.loader import load_knowledge

    kb = load_knowledge()
    assert find_milestone_cycle(kb) is None and DependencyGraph(kb).milestone_cycle() is None
    import dataclasses

    edge = next(e for e in kb.edges if e.subdomain == "2.2" and e.needs == "2.1")
    looped = dataclasses.replace(kb, edges=[*kb.edges, edge.model_copy(update={
        "id": "loop", "subdomain": "2.1", "to_phase": edge.min_phase, "needs": "2.2", "min_phase": edge.to_phase})])
    cycle = find_milestone_cycle(looped)
    assert cycle is not None and DependencyGraph(looped).milestone_cycle() is not None
    edges = set(milestone_edges(looped))
    assert all((a, b) in edges for a, b in zip(cycle, cycle[1:] + cycle[:1]))
