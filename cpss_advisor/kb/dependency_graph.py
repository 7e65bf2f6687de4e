"""The dependency graph between subdomains, as networkx graphs.

Two views of the same edges:

- the **milestone graph**: one node per milestone "subdomain S reaches phase p" (p = 2..4), an edge from each
  milestone to the next of the same subdomain, and an edge from "B reaches q" to "A reaches p" for every
  dependency "A needs B >= q to reach p". This is the graph sequencing needs; it must be acyclic.
- the **subdomain graph**: one node per subdomain, an edge B -> A when A needs B at some phase. Subdomains can
  need each other at different phases (SOPs and case management do), so this view may have cycles; it is for
  display and for counting who depends on whom.

Bottleneck figures count, for each subdomain, the other subdomains it blocks through finish-to-start edges (the
only kind that holds a step back until a milestone is reached): directly, and transitively through the milestone
graph (B blocks C when some milestone of C can only be reached after a milestone of B). Co-requisite, interim and
soft edges do not block; they are counted as informing.
"""

from __future__ import annotations

from dataclasses import dataclass

from .knowledge_base import KnowledgeBase

Milestone = tuple[str, int]


def milestone_id(m: Milestone) -> str:
    return f"{m[0]}@{m[1]}"


def milestone_edges(kb: KnowledgeBase) -> list[tuple[Milestone, Milestone]]:
    """The edges of the milestone graph: each subdomain's chain of phases, and every dependency between subdomains
    that the knowledge base knows."""
    edges = [((sid, p - 1), (sid, p)) for sid in sorted(kb.subdomains) for p in (3, 4)]
    edges += [((e.needs, e.min_phase), (e.subdomain, e.to_phase)) for e in sorted(kb.edges, key=lambda x: x.id)
              if e.subdomain in kb.subdomains and e.needs in kb.subdomains]
    return edges


def find_milestone_cycle(kb: KnowledgeBase) -> list[Milestone] | None:
    """A cycle of the milestone graph (its milestones in order), or None. Checked on every load of a knowledge base,
    so with the standard library's topological sorter rather than networkx (which only commands that draw or
    measure the graph load)."""
    from graphlib import CycleError, TopologicalSorter

    predecessors: dict[Milestone, set[Milestone]] = {}
    for a, b in milestone_edges(kb):
        predecessors.setdefault(b, set()).add(a)
        predecessors.setdefault(a, set())
    try:
        TopologicalSorter(predecessors).prepare()
    except CycleError as exc:
        return list(exc.args[1])[:-1]  # in the direction of the edges; the sorter repeats the first at the end
    return None


@dataclass(frozen=True)
class Bottleneck:
    subdomain: str
    blocks_direct: tuple[str, ...]
    blocks_transitive: tuple[str, ...]
    informs_direct: tuple[str, ...]  # through co-requisite, interim and soft edges

    def as_dict(self) -> dict:
        return {
            "subdomain": self.subdomain,
            "blocks_direct": list(self.blocks_direct),
            "blocks_transitive": list(self.blocks_transitive),
            "informs_direct": list(self.informs_direct),
            "score": self.score,
        }

    @property
    def score(self) -> int:
        """Transitive finish-to-start blocks."""
        return len(self.blocks_transitive)


class DependencyGraph:
    def __init__(self, kb: KnowledgeBase):
        import networkx as nx  # imported here: most commands never build the graph (its facts are cached)

        self.kb = kb
        self.milestones = nx.DiGraph()
        self.subdomains = nx.DiGraph()
        for sid in sorted(kb.subdomains):
            self.subdomains.add_node(sid)
            for p in (2, 3, 4):
                self.milestones.add_node((sid, p))
                if p > 2:
                    self.milestones.add_edge((sid, p - 1), (sid, p), kind="chain")
        for e in sorted(kb.edges, key=lambda x: x.id):
            if e.subdomain not in kb.subdomains or e.needs not in kb.subdomains:
                continue  # reported by integrity checks
            self.milestones.add_edge((e.needs, e.min_phase), (e.subdomain, e.to_phase), kind=e.type, edge=e)
            if self.subdomains.has_edge(e.needs, e.subdomain):
                self.subdomains[e.needs][e.subdomain]["edges"].append(e)
            else:
                self.subdomains.add_edge(e.needs, e.subdomain, edges=[e])
        self._bottlenecks: dict[str, Bottleneck] | None = None

    # --- checks ----------------------------------------------------------------------------------------------

    def milestone_cycle(self) -> list[Milestone] | None:
        import networkx as nx

        try:
            cycle = nx.find_cycle(self.milestones)
        except nx.NetworkXNoCycle:
            return None
        return [u for u, _v in cycle]

    # --- queries ---------------------------------------------------------------------------------------------

    def bottlenecks(self) -> dict[str, Bottleneck]:
        import networkx as nx

        if self._bottlenecks is None:
            hard = nx.DiGraph()
            hard.add_nodes_from(self.milestones.nodes)
            hard.add_edges_from((u, v) for u, v, d in self.milestones.edges(data=True)
                                if d["kind"] in {"chain", "finish_to_start"})
            out = {}
            for sid in sorted(self.kb.subdomains):
                direct = sorted({e.subdomain for e in self.kb.needed_by(sid) if e.blocking})
                soft = sorted({e.subdomain for e in self.kb.needed_by(sid) if not e.blocking})
                reach: set[str] = set()
                for p in (2, 3, 4):
                    reach |= {m[0] for m in nx.descendants(hard, (sid, p))}
                reach.discard(sid)
                out[sid] = Bottleneck(sid, tuple(direct), tuple(sorted(reach)), tuple(soft))
            self._bottlenecks = out
        return self._bottlenecks

    def ranked_bottlenecks(self) -> list[Bottleneck]:
        return sorted(self.bottlenecks().values(),
                      key=lambda b: (-b.score, -len(b.blocks_direct), -len(b.informs_direct), b.subdomain))


def dependency_graph(kb: KnowledgeBase) -> DependencyGraph:
    """The graph of a knowledge base, built once and kept with it."""
    return kb.derived("dependency_graph", DependencyGraph)
