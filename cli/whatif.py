"""`cpss whatif`, `cpss sensitivity`, `cpss robustness`: how a plan responds to change and to uncertainty."""

from __future__ import annotations

from pathlib import Path

import click

from cpss_advisor import api

from .translated import N_, command
from .options import advisor, emit_report, jobs_option, output_options, pass_kb
from .recommend import capacity_option, horizon_option


@command(name="whatif",
    help=N_("Compare the plan of BASE with the plan under changed ratings, context or shocks.\n"
            "\n"
            "Prints, for each scenario, the steps added, removed, moved between waves or re-ranked, and for each the\n"
            "rules whose firing changed. An empty what-if gives an empty difference.\n"
            "\n"
            "Example: cpss whatif examples/beremia-conflict.yaml --set 5.1=3 --shock refugee-influx"))
@click.argument("base", type=click.Path(path_type=Path))
@click.option("--set", "sets", multiple=True, metavar="SUBDOMAIN=PHASE",
              help=N_("Rate a subdomain differently, e.g. --set 5.1=3 (a budget increase lifts the workforce). Repeatable."))
@click.option("--context", "contexts", multiple=True, metavar="+ID|-ID",
              help=N_("Add (+armed_conflict) or remove (-law_reform_window) a context flag. Repeatable."))
@click.option("--shock", "shocks", multiple=True, metavar="PRESET",
              help=N_("Apply a shock preset ('cpss kb shocks' lists them). Repeatable."))
@click.option("--scenarios", "scenario_file", type=click.Path(path_type=Path), default=None,
              help=N_("A file of named scenarios (kind: scenarios), each compared with the base."))
@horizon_option
@capacity_option
@jobs_option
@output_options("whatif")
@pass_kb
@click.pass_context
def whatif_cmd(ctx, base_kb, base: Path, sets, contexts, shocks, scenario_file, horizon_years, capacity, per_lead, jobs,
               fmt, output) -> None:
    a = api.load_assessment(base, knowledge=base_kb)
    scenarios = api.scenarios(knowledge=base_kb, sets=sets, contexts=contexts, shocks=shocks, file=scenario_file)
    report = api.whatif(a, scenarios, horizon_years=horizon_years, capacity=capacity, per_lead=per_lead,
                        jobs=jobs, knowledge=base_kb, rules=advisor(ctx, base_kb).book)
    emit_report("whatif", report, base_kb, fmt, output, inputs=[base] + ([scenario_file] if scenario_file else []))


@command(name="sensitivity",
    help=N_("Move each rated subdomain one phase up and one down, alone: which single changes alter the first period\n"
            "or the top of the plan, and under what share of them does each step keep its place?\n"
            "\n"
            "Example: cpss sensitivity examples/aldovia-early-stable.yaml --top 3"))
@click.argument("assessment", type=click.Path(path_type=Path))
@click.option("--top", type=click.IntRange(1, 50), default=5, show_default=True,
              help=N_("How many of the first steps count as the top of the plan."))
@horizon_option
@capacity_option
@jobs_option
@output_options("sensitivity")
@pass_kb
@click.pass_context
def sensitivity_cmd(ctx, kb_, assessment: Path, top, horizon_years, capacity, per_lead, jobs, fmt, output) -> None:
    report = api.sensitivity(assessment, top=top, horizon_years=horizon_years, capacity=capacity, per_lead=per_lead,
                             jobs=jobs, knowledge=kb_, rules=advisor(ctx, kb_).book)
    emit_report("sensitivity", report, kb_, fmt, output, inputs=[assessment])


@command(name="robustness",
    help=N_("Sample plausible ratings from each rating's confidence and report, for each step of the plan (a subdomain\n"
            "reaching a phase), the share of samples in which it is in the plan, starts in the first period and comes\n"
            "first; how often the first two steps tie; and which single rating, verified, most steadies the first period.\n"
            "\n"
            "The perturbation model (how often a rating is a phase off, by confidence) is the project's assumption and is\n"
            "stated in every format. The same seed gives the same report, whatever the number of workers.\n"
            "\n"
            "Example: cpss robustness examples/corvania-decentralisation.yaml --samples 1000 -j 2"))
@click.argument("assessment", type=click.Path(path_type=Path))
@click.option("--samples", type=click.IntRange(1, 100_000), default=200, show_default=True,
              help=N_("How many plausible variants of the ratings to plan."))
@click.option("--seed", type=int, default=1, show_default=True, help=N_("Random seed; the same seed gives the same samples."))
@click.option("--top", type=click.IntRange(1, 100), default=10, show_default=True,
              help=N_("How many of the plan's steps the report for people lists (JSON has them all)."))
@horizon_option
@capacity_option
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
              help=N_("Worker processes (one rule engine each). Default: one per 250 samples, up to the processors "
                      "available; the report is the same whatever the number."))
@output_options("robustness")
@pass_kb
@click.pass_context
def robustness_cmd(ctx, kb_, assessment: Path, samples, seed, top, horizon_years, capacity, per_lead, jobs, fmt,
                   output) -> None:
    report = api.robustness(assessment, samples=samples, seed=seed, top=top, horizon_years=horizon_years,
                            capacity=capacity, per_lead=per_lead, jobs=jobs, knowledge=kb_,
                            rules=advisor(ctx, kb_).book)
    emit_report("robustness", report, kb_, fmt, output, inputs=[assessment])
