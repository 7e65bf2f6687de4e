"""`cpss whatif`, `cpss sensitivity`, `cpss robustness`: how a plan responds to change and to uncertainty."""

from __future__ import annotations

from pathlib import Path

import click

from cpss_advisor.core.output import to_json
from cpss_advisor.intake.load import load_assessment
from cpss_advisor.planning.pipeline import PlanOptions
from cpss_advisor.analysis.robustness import render_robustness, render_sensitivity, robustness, sensitivity
from cpss_advisor.analysis.scenario import from_command_line, load_scenarios
from cpss_advisor.analysis.whatif import render_whatif, whatif

from .options import advisor, emit, jobs_option, output_options, pass_kb, source_dirs
from .recommend import capacity_option, horizon_option



@click.command(name="whatif")
@click.argument("base", type=click.Path(path_type=Path))
@click.option("--set", "sets", multiple=True, metavar="SUBDOMAIN=PHASE",
              help="Rate a subdomain differently, e.g. --set 5.1=3 (a budget increase lifts the workforce). Repeatable.")
@click.option("--context", "contexts", multiple=True, metavar="+ID|-ID",
              help="Add (+armed_conflict) or remove (-law_reform_window) a context flag. Repeatable.")
@click.option("--shock", "shocks", multiple=True, metavar="PRESET",
              help="Apply a shock preset ('cpss kb shocks' lists them). Repeatable.")
@click.option("--scenarios", "scenario_file", type=click.Path(path_type=Path), default=None,
              help="A file of named scenarios (kind: scenarios), each compared with the base.")
@horizon_option
@capacity_option
@jobs_option
@output_options(["text", "json"], "text")
@pass_kb
@click.pass_context
def whatif_cmd(ctx, base_kb, base: Path, sets, contexts, shocks, scenario_file, horizon_years, capacity, per_lead, jobs,
               fmt, output) -> None:
    """Compare the plan of BASE with the plan under changed ratings, context or shocks.

    Prints, for each scenario, the steps added, removed, moved between waves or re-ranked, and for each the
    rules whose firing changed. An empty what-if gives an empty difference.
    """
    a = load_assessment(base, base_kb)
    scenarios = []
    if sets or contexts or shocks:
        scenarios.append(from_command_line(base_kb, sets, contexts, shocks))
    if scenario_file is not None:
        scenarios.extend(load_scenarios(scenario_file, base_kb))
    report = whatif(advisor(ctx, base_kb), a, scenarios, PlanOptions(horizon_years, capacity, per_lead), jobs=jobs,
                    dirs=source_dirs(ctx))
    inputs = [base] + ([scenario_file] if scenario_file else [])
    emit(to_json(report) if fmt == "json" else render_whatif(report), output, inputs=inputs)


@click.command(name="sensitivity")
@click.argument("assessment", type=click.Path(path_type=Path))
@click.option("--top", type=click.IntRange(1, 50), default=5, show_default=True,
              help="How many of the first steps count as the top of the plan.")
@horizon_option
@capacity_option
@jobs_option
@output_options(["text", "json"], "text")
@pass_kb
@click.pass_context
def sensitivity_cmd(ctx, kb_, assessment: Path, top, horizon_years, capacity, per_lead, jobs, fmt, output) -> None:
    """Move each rated subdomain one phase up and one down, alone: how does the top of the plan change, and
    which single changes would alter the first wave?"""
    a = load_assessment(assessment, kb_)
    report = sensitivity(advisor(ctx, kb_), a, PlanOptions(horizon_years, capacity, per_lead), top=top, jobs=jobs,
                         dirs=source_dirs(ctx))
    emit(to_json(report) if fmt == "json" else render_sensitivity(report), output, inputs=[assessment])


@click.command(name="robustness")
@click.argument("assessment", type=click.Path(path_type=Path))
@click.option("--samples", type=click.IntRange(1, 100_000), default=200, show_default=True,
              help="How many plausible variants of the ratings to plan.")
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed; the same seed gives the same samples.")
@horizon_option
@capacity_option
@jobs_option
@output_options(["text", "json"], "text")
@pass_kb
@click.pass_context
def robustness_cmd(ctx, kb_, assessment: Path, samples, seed, horizon_years, capacity, per_lead, jobs, fmt, output) -> None:
    """Sample plausible ratings from each rating's confidence and report, for every step of the plan, the share
    of samples in which it stays in the first wave and in the plan."""
    a = load_assessment(assessment, kb_)
    report = robustness(advisor(ctx, kb_), a, PlanOptions(horizon_years, capacity, per_lead), samples=samples, seed=seed,
                        jobs=jobs, dirs=source_dirs(ctx))
    emit(to_json(report) if fmt == "json" else render_robustness(report), output, inputs=[assessment])

