"""`cpss kb ...`: inspect and check the knowledge base."""

from __future__ import annotations

import click

from cpss_advisor import api
from cpss_advisor.core.errors import MAX_LISTED, InputError, KnowledgeError, Problem, did_you_mean
from cpss_advisor.kb.dependency_graph import dependency_graph
from cpss_advisor.kb.integrity import REGISTRY
from cpss_advisor.render.kb_views import check_summary, contexts_view, translation_summary, shocks_view, subdomain_view

from .options import emit_report, knowledge, output_options, pass_kb, rules_dir


@click.group()
def kb() -> None:
    """Inspect and check the knowledge base (subdomains, criteria, dependencies, interventions, contexts).

    Example: cpss kb show 5.1
    """



@kb.command("check")
@click.option("--list", "list_checks", is_flag=True, help="List the integrity checks instead of running them.")
@click.option("--lang", default=None, metavar="CODE",
              help="Check the translations of this language only (default: every language under i18n/).")
@click.option("--complete", is_flag=True, help="A missing or stale translation is an error, not a warning.")
@click.pass_context
def check(ctx: click.Context, list_checks: bool, lang: str | None, complete: bool) -> None:
    """Validate the knowledge base: file shapes, then every integrity check, then the translations beside it
    (i18n/<language>/). Exit 3 listing every problem; missing or stale translations are warnings.

    Example: cpss --knowledge my-knowledge/ kb check
    Example: cpss kb check --lang fr --complete
    """
    if list_checks:
        for c in REGISTRY:
            click.echo(f"{c.id:<26} {c.description}")
        return
    base = knowledge(ctx)  # loading runs every check; a problem stops here with exit 3
    reports = api.translations(knowledge=base, rules=rules_dir(ctx), lang=lang, complete=complete)
    click.echo(check_summary(base, len(REGISTRY)), nl=False)
    errors = []
    for rep in reports:
        click.echo(translation_summary(rep, by_kind=lang is not None), nl=False)
        for w in sorted(rep.warnings, key=lambda p: p.code != "translation-stale")[:MAX_LISTED]:
            click.echo("warning: " + w.render(), err=True)
        if len(rep.warnings) > MAX_LISTED:
            click.echo(f"warning: ... and {len(rep.warnings) - MAX_LISTED:,} more {rep.language} warnings", err=True)
        errors.extend(rep.errors)
    if errors:
        raise KnowledgeError(errors)


@kb.command("show")
@click.argument("subdomain")
@output_options("subdomain")
@pass_kb
def show(base, subdomain: str, fmt: str, output) -> None:
    """Show one subdomain: criteria by phase, what it needs, what needs it, interventions per step.

    Example: cpss kb show 3.3
    """
    if subdomain not in base.subdomains:
        raise InputError(Problem("<command line>", None, None, "unknown-subdomain",
                                 f"unknown subdomain '{subdomain}'",
                                 did_you_mean(subdomain, base.subdomains) or
                                 "subdomains are " + ", ".join(sorted(base.subdomains))))
    emit_report("subdomain", subdomain_view(base, subdomain), base, fmt, output)


@kb.command("graph")
@output_options("graph")
@pass_kb
def graph(base, fmt: str, output) -> None:
    """The dependency graph, with bottleneck figures (how many subdomains each one blocks).

    text: a bottleneck table; mermaid and dot: diagrams (hard edges solid, soft dashed); json: nodes and edges.

    Example: cpss kb graph -o dependencies.mmd
    """
    emit_report("graph", dependency_graph(base), base, fmt, output)


@kb.command("contexts")
@output_options("contexts")
@pass_kb
def contexts(base, fmt: str, output) -> None:
    """The context catalogue (shocks, stages, capacity, office preconditions, opportunities) and which
    combinations are contradictory.

    Example: cpss kb contexts --format json
    """
    emit_report("contexts", contexts_view(base), base, fmt, output)


@kb.command("shocks")
@output_options("shocks")
@pass_kb
def shocks(base, fmt: str, output) -> None:
    """The shock presets for what-if analysis: what each sets back and which context it brings.

    Example: cpss kb shocks
    """
    emit_report("shocks", shocks_view(base), base, fmt, output)
