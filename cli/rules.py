"""`cpss rules ...`: check, list, show and test the rule set; run it on an assessment."""

from __future__ import annotations

from pathlib import Path

import click

from cpss_advisor import api
from cpss_advisor.core.errors import InputError, KnowledgeError, Problem, did_you_mean
from cpss_advisor.core.escape import terminal
from cpss_advisor.engine.evaluation import evaluate_assessment
from cpss_advisor.engine.rule_cases import missing_cases, run_cases
from cpss_advisor.engine.rule_loader import load_rulebook
from cpss_advisor.engine.rulebook import Names
from cpss_advisor.render.rules_views import rule_list_view, rule_view, run_view

from .options import emit_report, output_options, pass_kb, rules_dir


def rulebook(ctx: click.Context, kb, *, require_cases: bool = True):
    """The rule set chosen with --rules (or the installed one), checked against the knowledge base."""
    return load_rulebook(kb, rules_dir(ctx), require_cases=require_cases)


@click.group()
def rules() -> None:
    """Inspect, check and test the rule set (the shipped one, or --rules DIR).

    Example: cpss rules show dependency-shapes-step
    """


@rules.command("check")
@pass_kb
@click.pass_context
def check(ctx: click.Context, base) -> None:
    """Validate every rule file and case file; exit 3 listing every problem.

    Example: cpss --rules my-rules/ rules check
    """
    book = rulebook(ctx, base)
    click.echo(f"rules OK: {terminal(book.directory)}")
    click.echo(f"  {len(book.rules)} rules in {len(book.concerns)} files, {len(book.cases)} cases")
    click.echo(f"  sha256 {book.sha256}")


@rules.command("list")
@output_options("rule-list")
@pass_kb
@click.pass_context
def list_rules(ctx: click.Context, base, fmt: str, output) -> None:
    """Every rule with its concern, layer and title.

    Example: cpss rules list
    """
    emit_report("rule-list", rule_list_view(rulebook(ctx, base, require_cases=False)), base, fmt, output)


@rules.command("show")
@click.argument("rule_id")
@output_options("rule")
@pass_kb
@click.pass_context
def show(ctx: click.Context, base, rule_id: str, fmt: str, output) -> None:
    """One rule: what it does, why, its source, and its cases.

    Example: cpss rules show dependency-shapes-step
    """
    book = rulebook(ctx, base, require_cases=False)
    if rule_id not in book.rules:
        raise InputError(Problem("<command line>", None, None, "unknown-rule", f"unknown rule '{rule_id}'",
                                 did_you_mean(rule_id, book.rules) or "'cpss rules list' shows them"))
    emit_report("rule", rule_view(book, rule_id), base, fmt, output)


@rules.command("test")
@click.option("--rule", "rule_id", default=None, help="Run only this rule's cases.")
@click.option("-v", "--verbose", is_flag=True, help="List every case, not only failures.")
@pass_kb
@click.pass_context
def test(ctx: click.Context, base, rule_id: str | None, verbose: bool) -> None:
    """Run every rule's cases through the engine; exit 3 if any fails.

    Example: cpss rules test --rule dependency-shapes-step -v
    """
    base = api.knowledge_base(base, lang="en")  # the cases expect the rules' texts as written, in English
    book = rulebook(ctx, base, require_cases=False)
    results = run_cases(book, Names.of(base), rule_id=rule_id)
    failed = [r for r in results if not r.passed]
    uncovered = missing_cases(book, rule_id)
    for r in results:
        if verbose or not r.passed:
            click.echo(f"{'ok  ' if r.passed else 'FAIL'} {terminal(r.label())}: {terminal(r.message)}")
            if not r.passed:
                click.echo(f"     at {terminal(r.case.file)}:{r.case.line}")
    rules_run = len({r.case.rule for r in results})
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed ({rules_run} rules)")
    if uncovered:
        click.echo(f"{len(uncovered)} missing case(s)")
    if failed or uncovered:
        raise KnowledgeError([Problem(r.case.file, r.case.line, None, "case-failed", f"{r.label()}: {r.message}")
                              for r in failed] + uncovered)


@rules.command("run")
@click.argument("assessment", type=click.Path(path_type=Path))
@click.option("--horizon-years", type=click.IntRange(1, 10), default=1, show_default=True,
              help="Planning horizon; sets default targets when the assessment has none.")
@output_options("rule-run")
@pass_kb
@click.pass_context
def run(ctx: click.Context, base, assessment: Path, horizon_years: int, fmt: str, output) -> None:
    """Evaluate the rules on an assessment: the facts derived and the full trace of rule firings.

    Example: cpss rules run examples/beremia-conflict.yaml --format json -o trace.json
    """
    book = rulebook(ctx, base)
    a = api.load_assessment(assessment, knowledge=base)
    view = run_view(evaluate_assessment(a, base, book, horizon_years=horizon_years), base, book)
    emit_report("rule-run", view, base, fmt, output, inputs=[assessment])
