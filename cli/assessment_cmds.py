"""`cpss validate` and `cpss template`: check an assessment, or start a new one."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import click

from cpss_advisor.core.output import to_json, would_replace
from cpss_advisor.intake.load import load_assessment
from cpss_advisor.core.errors import OutputError, Problem
from cpss_advisor.analysis.summary import summary_view
from cpss_advisor.render.summary_text import render_summary
from cpss_advisor.render.assessment_template import blank_assessment

from .options import emit, output_options, pass_kb


@click.command()
@click.argument("assessment", type=click.Path(path_type=Path))
@output_options(["text", "json"], "text")
@pass_kb
def validate(base, assessment: Path, fmt: str, output) -> None:
    """Check an assessment file (YAML or JSON) and summarise it. Exit 1 listing every problem."""
    a = load_assessment(assessment, base)
    view = summary_view(a, base)
    text = to_json(view) if fmt == "json" \
        else render_summary(view, base)
    emit(text, output, inputs=[assessment])


@click.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the template to this file instead of standard output.")
@click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Date to put in 'as_of' (default: today).")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option("-f", "--format", "fmt", type=click.Choice(["yaml", "xlsx"]), default=None,
              help="yaml (a commented text file) or xlsx (an Excel workbook with drop-downs and the criteria beside "
                   "each subdomain; needs -o).  [default: xlsx when -o ends in .xlsx, else yaml]")
@pass_kb
def template(base, output: Path | None, as_of, force: bool, fmt: str | None) -> None:
    """A blank, commented assessment listing every subdomain (with the gist of each phase) and every context id."""
    day = as_of.date() if as_of else _dt.date.today()
    is_xlsx_name = output is not None and output.suffix.lower() == ".xlsx"
    fmt = fmt or ("xlsx" if is_xlsx_name else "yaml")
    if fmt == "xlsx" and not is_xlsx_name:
        raise click.UsageError("--format xlsx writes a workbook: give its file with -o, ending in .xlsx "
                               "(e.g. -o assessment.xlsx)")
    if fmt == "yaml" and is_xlsx_name:
        raise click.UsageError(f"{output} ends in .xlsx but the format is yaml: use --format xlsx, or name it .yaml")
    if output is not None and would_replace(output) and not force:  # a device or a pipe replaces nothing
        raise OutputError(Problem(str(output), None, None, "exists", "the file exists; not replacing it",
                                  "choose another name, or add --force"))
    if fmt == "xlsx":
        from cpss_advisor.intake.workbook import refuse_if_open
        from cpss_advisor.render.workbook import template_workbook

        refuse_if_open(output)
        emit(template_workbook(base, day), output)
        return
    text = blank_assessment(base, day)
    emit(text, output)
