"""`cpss kb ...`: inspect and check the knowledge base."""

from __future__ import annotations

import click

from cpss_advisor import api
from cpss_advisor.core.errors import MAX_LISTED, InputError, KnowledgeError, Problem, did_you_mean
from cpss_advisor.core.translatable import M_, Mn_
from cpss_advisor.kb.dependency_graph import dependency_graph
from cpss_advisor.kb.integrity import REGISTRY
from cpss_advisor.render.kb_views import check_summary, contexts_view, translation_summary, shocks_view, subdomain_view

from .translated import N_, group, language, tr
from .options import emit_report, knowledge, output_options, pass_kb, rules_dir


@group(help=N_("Inspect and check the knowledge base (subdomains, criteria, dependencies, interventions, contexts).\n"
               "\n"
               "Example: cpss kb show 5.1"))
def kb() -> None:
    pass



@kb.command("check",
    help=N_("Validate the knowledge base: file shapes, then every integrity check, then the translations beside it\n"
            "(i18n/<language>/). Exit 3 listing every problem; missing or stale translations are warnings.\n"
            "\n"
            "Example: cpss --knowledge my-knowledge/ kb check\n"
            "Example: cpss kb check --lang fr --complete"))
@click.option("--list", "list_checks", is_flag=True, help=N_("List the integrity checks instead of running them."))
@click.option("--lang", default=None, metavar="CODE",
              help=N_("Check the translations of this language only (default: every language under i18n/)."))
@click.option("--complete", is_flag=True, help=N_("A missing or stale translation is an error, not a warning."))
@click.pass_context
def check(ctx: click.Context, list_checks: bool, lang: str | None, complete: bool) -> None:
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
            click.echo(tr(M_("warning: %(problem)s", problem=w.render(language()))), err=True)
        if len(rep.warnings) > MAX_LISTED:
            more = len(rep.warnings) - MAX_LISTED
            count = f"{more:,}"
            click.echo(tr(Mn_("warning: ... and %(count)s more %(language)s warning",
                              "warning: ... and %(count)s more %(language)s warnings", more, count=count,
                              language=rep.language)), err=True)
        errors.extend(rep.errors)
    if errors:
        raise KnowledgeError(errors)


@kb.command("show",
    help=N_("Show one subdomain: criteria by phase, what it needs, what needs it, interventions per step.\n"
            "\n"
            "Example: cpss kb show 3.3"))
@click.argument("subdomain")
@output_options("subdomain")
@pass_kb
def show(base, subdomain: str, fmt: str, output) -> None:
    if subdomain not in base.subdomains:
        raise InputError(Problem("<command line>", None, None, "unknown-subdomain",
                                 M_("unknown subdomain '%(id)s'", id=subdomain),
                                 did_you_mean(subdomain, base.subdomains) or
                                 M_("subdomains are %(ids)s", ids=", ".join(sorted(base.subdomains)))))
    emit_report("subdomain", subdomain_view(base, subdomain), base, fmt, output)


@kb.command("graph",
    help=N_("The dependency graph, with bottleneck figures (how many subdomains each one blocks).\n"
            "\n"
            "text: a bottleneck table; mermaid and dot: diagrams (hard edges solid, soft dashed); json: nodes and edges.\n"
            "\n"
            "Example: cpss kb graph -o dependencies.mmd"))
@output_options("graph")
@pass_kb
def graph(base, fmt: str, output) -> None:
    emit_report("graph", dependency_graph(base), base, fmt, output)


@kb.command("contexts",
    help=N_("The context catalogue (shocks, stages, capacity, office preconditions, opportunities) and which\n"
            "combinations are contradictory.\n"
            "\n"
            "Example: cpss kb contexts --format json"))
@output_options("contexts")
@pass_kb
def contexts(base, fmt: str, output) -> None:
    emit_report("contexts", contexts_view(base), base, fmt, output)


@kb.command("shocks",
    help=N_("The shock presets for what-if analysis: what each sets back and which context it brings.\n"
            "\n"
            "Example: cpss kb shocks"))
@output_options("shocks")
@pass_kb
def shocks(base, fmt: str, output) -> None:
    emit_report("shocks", shocks_view(base), base, fmt, output)
