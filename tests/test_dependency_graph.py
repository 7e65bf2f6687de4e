"""The dependency graph: milestone semantics, bottleneck figures, exports."""

from __future__ import annotations

import json

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from cpss_advisor.dependency_graph import DependencyGraph

from .conftest import run_cli


def test_milestone_graph_shape(kb):
    g = DependencyGraph(kb)
    assert g.milestones.number_of_nodes() == 19 * 3
    assert nx.is_directed_acyclic_graph(g.milestones)
    assert g.milestones.has_edge(("3.3", 2), ("3.3", 3))
    assert g.milestones.edges[("5.1", 2), ("3.3", 3)]["kind"] == "hard"


def test_subdomain_view_may_be_cyclic_while_milestones_are_not(kb):
    # SOPs (3.2) and case management (3.3) need each other at different phases.
    g = DependencyGraph(kb)
    assert g.subdomains.has_edge("3.2", "3.3") and g.subdomains.has_edge("3.3", "3.2")
    assert g.milestone_cycle() is None


def test_bottleneck_figures(kb):
    b = DependencyGraph(kb).bottlenecks()
    assert b["2.1"].blocks_direct == ("2.2", "4.1")
    # 7.3 blocks administrative data (7.1 at 2), which case management needs at Maturity (7.1 at 3): transitive.
    assert "7.1" in b["7.3"].blocks_direct and "3.3" in b["7.3"].blocks_transitive
    assert "3.3" not in b["7.3"].blocks_direct
    assert b["6.1"].score == 0


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_every_hard_edge_counts_for_its_prerequisite(kb, data):
    e = data.draw(st.sampled_from([e for e in kb.edges if e.strength == "hard"]))
    b = DependencyGraph(kb).bottlenecks()[e.needs]
    assert e.subdomain in b.blocks_direct and e.subdomain in b.blocks_transitive
    assert set(b.blocks_direct) <= set(b.blocks_transitive)


def test_exports(kb):
    g = DependencyGraph(kb)
    data = json.loads(g.to_json())
    assert len(data["nodes"]) == 19 and len(data["edges"]) == len(kb.edges) and data["milestone_graph_acyclic"]
    mermaid = g.to_mermaid()
    assert mermaid.startswith("flowchart LR") and mermaid.count("==>") == sum(e.strength == "hard" for e in kb.edges)
    dot = g.to_dot()
    assert dot.startswith("digraph") and dot.count("->") == len(kb.edges)


def test_graph_command_formats():
    for fmt, marker in (("text", "blocks transitively"), ("mermaid", "flowchart LR"), ("dot", "digraph"),
                        ("json", '"nodes"')):
        r = run_cli("kb", "graph", "--format", fmt)
        assert r.code == 0 and marker in r.stdout, fmt
