"""`cpss rules ...`: check, list, show and test the rule set; run it on an assessment."""

from __future__ import annotations

from pathlib import Path

import click

from cpss_advisor import api
from cpss_advisor.core.errors import InputError, KnowledgeError, Problem, did_you_mean
from cpss_advisor.core.escape import terminal
from cpss_advisor.core.translatable import M_
from cpss_advisor.engine.evaluation import evaluate_assessment
from cpss_advisor.engine.rule_cases import missing_cases, run_cases
from cpss_advisor.engine.rule_loader import load_rulebook
from cpss_advisor.engine.rulebook import Names
from cpss_advisor.render.rules_views import rule_list_view, rule_view, run_view

from .translated import N_, group, tr
from .options import emit_report, output_options, pass_kb, rules_dir


def rulebook(ctx: click.Context, kb, *, require_cases: bool = True):
    """The rule set chosen with --rules (or the installed one), checked against the knowledge base."""
    return load_rulebook(kb, rules_dir(ctx), require_cases=require_cases)


@group(help=N_("Inspect, check and test the rule set (the shipped one, or --rules DIR).\n"
               "\n"
               "Example: cpss rules show dependency-shapes-step"))
def rules() -> None:
    pass


@rules.command("check",
    help=N_("Validate every rule file and case file; exit 3 listing every problem.\n"
            "\n"
            "Example: cpss --rules my-rules/ rules check"))
@pass_kb
@click.pass_context
def check(ctx: click.Context, base) -> None:
    book = rulebook(ctx, base)
    click.echo(tr(M_("rules OK: %(directory)s", directory=terminal(book.directory))))
    click.echo("  " + tr(M_("%(rules)s rules in %(files)s files, %(cases)s cases", rules=len(book.rules),
                            files=len(book.concerns), cases=len(book.cases))))
    click.echo(f"  sha256 {book.sha256}")


@rules.command("list",
    help=N_("Every rule with its concern, layer and title.\n"
            "\n"
            "Example: cpss rules list"))
@output_options("rule-list")
@pass_kb
@click.pass_context
def list_rules(ctx: click.Context, base, fmt: str, output) -> None:
    emit_report("rule-list", rule_list_view(rulebook(ctx, base, require_cases=False)), base, fmt, output)


@rules.command("show",
    help=N_("One rule: what it does, why, its source, and its cases.\n"
            "\n"
            "Example: cpss rules show dependency-shapes-step"))
@click.argument("rule_id")
@output_options("rule")
@pass_kb
@click.pass_context
def show(ctx: click.Context, base, rule_id: str, fmt: str, output) -> None:
    book = rulebook(ctx, base, require_cases=False)
    if rule_id not in book.rules:
        raise InputError(Problem("<command line>", None, None, "unknown-rule", M_("unknown rule '%(id)s'", id=rule_id),
                                 did_you_mean(rule_id, book.rules) or M_("'cpss rules list' shows them")))
    emit_report("rule", rule_view(book, rule_id), base, fmt, output)


@rules.command("test",
    help=N_("Run every rule's cases through the engine; exit 3 if any fails.\n"
            "\n"
            "Example: cpss rules test --rule dependency-shapes-step -v"))
@click.option("--rule", "rule_id", default=None, help=N_("Run only this rule's cases."))
@click.option("-v", "--verbose", is_flag=True, help=N_("List every case, not only failures."))
@pass_kb
@click.pass_context
def test(ctx: click.Context, base, rule_id: str | None, verbose: bool) -> None:
    base = api.knowledge_base(base, lang="en")  # the cases expect the rules' texts as written, in English
    book = rulebook(ctx, base, require_cases=False)
    results = run_cases(book, Names.of(base), rule_id=rule_id)
    failed = [r for r in results if not r.passed]
    uncovered = missing_cases(book, rule_id)
    for r in results:
        if verbose or not r.passed:
            click.echo(f"{'ok  ' if r.passed else 'FAIL'} {terminal(r.label())}: {terminal(r.message)}")
            if not r.passed:
                click.echo("     " + tr(M_("at %(file)s:%(line)s", file=terminal(r.case.file), line=r.case.line)))
    rules_run = len({r.case.rule for r in results})
    click.echo(tr(M_("%(passed)s passed, %(failed)s failed (%(rules)s rules)", passed=len(results) - len(failed),
                     failed=len(failed), rules=rules_run)))
    if uncovered:
        click.echo(tr(M_("%(n)s missing case(s)", n=len(uncovered))))
    if failed or uncovered:
        raise KnowledgeError([Problem(r.case.file, r.case.line, None, "case-failed", f"{r.label()}: {r.message}")
                              for r in failed] + uncovered)


@rules.command("run",
    help=N_("Evaluate the rules on an assessment: the facts derived and the full trace of rule firings.\n"
            "\n"
            "Example: cpss rules run examples/beremia-conflict.yaml --format json -o trace.json"))
@click.argument("assessment", type=click.Path(path_type=Path))
@click.option("--horizon-years", type=click.IntRange(1, 10), default=1, show_default=True,
              help=N_("Planning horizon; sets default targets when the assessment has none."))
@output_options("rule-run")
@pass_kb
@click.pass_context
def run(ctx: click.Context, base, assessment: Path, horizon_years: int, fmt: str, output) -> None:
    book = rulebook(ctx, base)
    a = api.load_assessment(assessment, knowledge=base)
    view = run_view(evaluate_assessment(a, base, book, horizon_years=horizon_years), base, book)
    emit_report("rule-run", view, base, fmt, output, inputs=[assessment])
