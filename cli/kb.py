"""`cpss kb ...`: inspect and check the knowledge base."""

from __future__ import annotations


import click

from cpss_advisor.core.output import to_json
from cpss_advisor.kb.dependency_graph import DependencyGraph
from cpss_advisor.core.errors import InputError, Problem, did_you_mean
from cpss_advisor.core.errors import KnowledgeError
from cpss_advisor.core.escape import terminal
from cpss_advisor.kb.integrity import REGISTRY, run_checks
from cpss_advisor.render.kb_views import (
    bottleneck_table,
    contexts_view,
    render_contexts,
    render_subdomain,
    subdomain_view,
)

from .options import emit, knowledge, output_options, pass_kb


@click.group()
def kb() -> None:
    """Inspect and check the knowledge base (subdomains, criteria, dependencies, interventions, contexts)."""



@kb.command("check")
@click.option("--list", "list_checks", is_flag=True, help="List the integrity checks instead of running them.")
@click.pass_context
def check(ctx: click.Context, list_checks: bool) -> None:
    """Validate the knowledge base: file shapes, then every integrity check. Exit 3 listing every problem."""
    if list_checks:
        for c in REGISTRY:
            click.echo(f"{c.id:<26} {c.description}")
        return
    base = knowledge(ctx)
    problems = run_checks(base)  # always run here, even when the parse cache vouches for the files
    if problems:
        raise KnowledgeError(problems)
    counts = {
        "subdomains": len(base.subdomains),
        "phase criteria": len(base.criteria),
        "interventions": len(base.interventions),
        "dependency edges": len(base.edges),
        "contexts": len(base.contexts),
        "case management actions": sum(
            len(t.actions)
            for d in (base.case_management.dimensions if base.case_management else [])
            for t in list(d.transitions) + [t for s in d.sub_dimensions for t in s.transitions]),
    }
    inferred = sum(1 for c in base.criteria.values() if c.source.inferred) + \
        sum(1 for i in base.interventions.values() if i.source.inferred) + \
        sum(1 for e in base.edges if e.source.inferred)
    click.echo(f"knowledge base OK: {terminal(base.directory)}")
    click.echo("  " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    click.echo(f"  {len(REGISTRY)} integrity checks passed; {inferred} criteria, interventions and edges are "
               "marked inferred")
    click.echo(f"  sha256 {base.sha256}")


@kb.command("show")
@click.argument("subdomain")
@output_options(["text", "json"], "text")
@pass_kb
def show(base, subdomain: str, fmt: str, output) -> None:
    """Show one subdomain: criteria by phase, what it needs, what needs it, interventions per step."""
    if subdomain not in base.subdomains:
        raise InputError(Problem("<command line>", None, None, "unknown-subdomain",
                                 f"unknown subdomain '{subdomain}'",
                                 did_you_mean(subdomain, base.subdomains) or
                                 "subdomains are " + ", ".join(sorted(base.subdomains))))
    view = subdomain_view(base, subdomain)
    emit(to_json(view) if fmt == "json" else render_subdomain(view), output)


@kb.command("graph")
@output_options(["text", "mermaid", "dot", "json"], "text")
@pass_kb
def graph(base, fmt: str, output) -> None:
    """The dependency graph, with bottleneck figures (how many subdomains each one blocks).

    text: a bottleneck table; mermaid and dot: diagrams (hard edges solid, soft dashed); json: nodes and edges.
    """
    g = DependencyGraph(base)
    text = {"text": lambda: bottleneck_table(base), "mermaid": g.to_mermaid, "dot": g.to_dot,
            "json": g.to_json}[fmt]()
    emit(text, output)


@kb.command("contexts")
@output_options(["text", "json"], "text")
@pass_kb
def contexts(base, fmt: str, output) -> None:
    """The context catalogue (shocks, stages, capacity, office preconditions, opportunities) and which
    combinations are contradictory."""
    view = contexts_view(base)
    emit(to_json(view) if fmt == "json" else render_contexts(view), output)


@kb.command("shocks")
@output_options(["text", "json"], "text")
@pass_kb
def shocks(base, fmt: str, output) -> None:
    """The shock presets for what-if analysis: what each sets back and which context it brings."""
    data = [{"id": p.id, "title": p.title, "description": " ".join(p.description.split()), "context": list(p.context),
             "setbacks": [{"subdomain": s.subdomain, "phases": s.phases} for s in p.setbacks],
             "source": p.source.label()} for p in sorted(base.shock_presets.values(), key=lambda p: p.id)]
    if fmt == "json":
        emit(to_json(data), output)
        return
    lines = []
    for p in data:
        back = ", ".join(f"{s['subdomain']} -{s['phases']}" for s in p["setbacks"])
        lines += [f"{p['id']}: {p['title']}", f"  sets back {back}; context: {', '.join(p['context'])}",
                  f"  {p['description']}", f"  source: {p['source']}", ""]
    emit("\n".join(lines), output)
