"""`cpss rules ...`: check, list, show and test the rule set; run it on an assessment."""

from __future__ import annotations

from pathlib import Path

import click

from cpss_advisor.core.output import to_json
from cpss_advisor.intake.load import load_assessment
from cpss_advisor.core.errors import InputError, KnowledgeError, Problem, did_you_mean
from cpss_advisor.core.escape import terminal
from cpss_advisor.engine.evaluation import evaluate_assessment
from cpss_advisor.engine.rule_cases import run_cases
from cpss_advisor.engine.rulebook import Names
from cpss_advisor.render.rules_views import render_rule, render_rule_list, render_run, rule_view, run_view

from .options import emit, output_options, pass_kb, rulebook


@click.group()
def rules() -> None:
    """Inspect, check and test the rule set (the shipped one, or --rules DIR)."""


@rules.command("check")
@pass_kb
@click.pass_context
def check(ctx: click.Context, base) -> None:
    """Validate every rule file and case file; exit 3 listing every problem."""
    book = rulebook(ctx, base)
    click.echo(f"rules OK: {terminal(book.directory)}")
    click.echo(f"  {len(book.rules)} rules in {len(book.concerns)} files, {len(book.cases)} cases")
    click.echo(f"  sha256 {book.sha256}")


@rules.command("list")
@output_options(["text", "json"], "text")
@pass_kb
@click.pass_context
def list_rules(ctx: click.Context, base, fmt: str, output) -> None:
    """Every rule with its concern, layer and title."""
    book = rulebook(ctx, base, require_cases=False)
    if fmt == "json":
        data = [{"id": r.id, "concern": r.concern, "layer": r.layer, "title": r.title, "file": r.file}
                for r in book.ordered()]
        emit(to_json(data), output)
    else:
        emit(render_rule_list(book), output)


@rules.command("show")
@click.argument("rule_id")
@output_options(["text", "json"], "text")
@pass_kb
@click.pass_context
def show(ctx: click.Context, base, rule_id: str, fmt: str, output) -> None:
    """One rule: what it does, why, its source, and its cases."""
    book = rulebook(ctx, base, require_cases=False)
    if rule_id not in book.rules:
        raise InputError(Problem("<command line>", None, None, "unknown-rule", f"unknown rule '{rule_id}'",
                                 did_you_mean(rule_id, book.rules) or "'cpss rules list' shows them"))
    view = rule_view(book, rule_id)
    emit(to_json(view) if fmt == "json" else render_rule(view), output)


@rules.command("test")
@click.option("--rule", "rule_id", default=None, help="Run only this rule's cases.")
@click.option("-v", "--verbose", is_flag=True, help="List every case, not only failures.")
@pass_kb
@click.pass_context
def test(ctx: click.Context, base, rule_id: str | None, verbose: bool) -> None:
    """Run every rule's cases through the engine; exit 3 if any fails."""
    book = rulebook(ctx, base, require_cases=False)
    results = run_cases(book, Names.of(base), rule_id=rule_id)
    failed = [r for r in results if not r.passed]
    uncovered = []
    for rid in sorted(book.rules) if rule_id is None else [rule_id]:
        expects = {c.expect for c in book.cases_for(rid)}
        for e in ("fires", "does_not_fire"):
            if e not in expects:
                r = book.rules[rid]
                uncovered.append(Problem(r.file, r.line, None, "missing-case",
                                         f"rule '{rid}' has no case where it {e.replace('_', ' ')}"))
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
@output_options(["text", "json"], "text")
@pass_kb
@click.pass_context
def run(ctx: click.Context, base, assessment: Path, horizon_years: int, fmt: str, output) -> None:
    """Evaluate the rules on an assessment: the facts derived and the full trace of rule firings."""
    book = rulebook(ctx, base)
    a = load_assessment(assessment, base)
    result = evaluate_assessment(a, base, book, horizon_years=horizon_years)
    view = run_view(result, base, book)
    text = to_json(view) if fmt == "json" \
        else render_run(view)
    emit(text, output, inputs=[assessment])
