"""`cpss recommend`: the main job, a sequenced and explained investment plan."""

from __future__ import annotations

from pathlib import Path

import click

from cpss_advisor.output import to_json
from cpss_advisor.assessment import load_assessment
from cpss_advisor.escape import terminal
from cpss_advisor.html_report import render_html
from cpss_advisor.plan_report import render_markdown, render_text
from cpss_advisor.pipeline import PlanOptions
from cpss_advisor.planner import DEFAULT_CAPACITY, WAVE_MONTHS
from cpss_advisor.record import make_record, read_input, write_record

from .options import advisor, emit, output_options, pass_kb


def horizon_option(fn):
    return click.option(
        "--horizon-years", type=click.IntRange(1, 10), default=1, show_default=True,
        help=f"Planning horizon in years, split into waves of {WAVE_MONTHS} months. Without targets in the "
             "assessment it also sets how far each subdomain aims (1-2 years: one phase up; 3-4: two; more: three).")(fn)


def capacity_option(fn):
    return click.option(
        "--capacity", type=click.IntRange(1, 50), default=DEFAULT_CAPACITY, show_default=True,
        help="Steps that can start in one wave; steps that do not fit are listed as deferred.")(fn)


def render(data: dict, fmt: str, kb) -> str | bytes:
    if fmt == "xlsx":  # bytes, written to a file with -o
        from cpss_advisor.workbook import plan_workbook

        return plan_workbook(data, kb)
    return {"json": to_json, "text": lambda d: render_text(d, kb), "markdown": lambda d: render_markdown(d, kb),
            "html": lambda d: render_html(d, kb)}[fmt](data)


@click.command()
@click.argument("assessment", type=click.Path(path_type=Path))
@horizon_option
@capacity_option
@output_options(["text", "json", "markdown", "html", "xlsx"], "text")
@click.option("--record", "record", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write a decision record (JSON: the input text, options, provenance, trace and plan) to this "
                   "file, for 'cpss verify' and 'cpss explain'. Its time stamp is SOURCE_DATE_EPOCH when set.")
@pass_kb
@click.pass_context
def recommend(ctx: click.Context, base, assessment: Path, horizon_years: int, capacity: int, fmt: str, output,
              record: Path | None) -> None:
    """A sequenced plan of priority steps for an assessment, each with its interventions and reasons.

    Each step moves one subdomain up one phase. Steps are scored by the rules that fired (every term is shown),
    ordered so that no step starts before the steps it requires, and spread over waves of the horizon.
    """
    options = PlanOptions(horizon_years, capacity)
    if fmt == "xlsx":  # a binary workbook: only to a file, and never over one a spreadsheet program has open
        if output is None:
            raise click.UsageError("--format xlsx writes a workbook: give its file with -o, e.g. -o plan.xlsx")
        from cpss_advisor.workbook import refuse_if_open

        refuse_if_open(output)
    if record is None:
        a = load_assessment(assessment, base)
        emit(render(advisor(ctx, base).plan(a, options), fmt, base), output, inputs=[assessment])
        return
    if output is not None and record.resolve() == output.resolve():
        raise click.UsageError("--record and -o name the same file; give the record its own file")
    content, a = read_input(assessment, base)
    data = advisor(ctx, base).plan(a, options)
    write_record(record, make_record(str(assessment), content, options, data), inputs=[assessment])
    click.echo(f"wrote record {terminal(record)}", err=True)
    emit(render(data, fmt, base), output, inputs=[assessment])
