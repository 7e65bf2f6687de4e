"""`cpss validate` and `cpss template`: check an assessment, or start a new one."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import click

from cpss_advisor import api
from cpss_advisor.core.errors import OutputError, Problem
from cpss_advisor.core.output import would_replace

from .options import emit_report, output_options, pass_kb


@click.command()
@click.argument("assessment", type=click.Path(path_type=Path))
@output_options("summary")
@pass_kb
def validate(base, assessment: Path, fmt: str, output) -> None:
    """Check an assessment file (YAML or JSON) and summarise it. Exit 1 listing every problem.

    Example: cpss validate examples/beremia-conflict.yaml
    """
    emit_report("summary", api.validate(assessment, knowledge=base), base, fmt, output, inputs=[assessment])


@click.command()
@output_options("template")
@click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Date to put in 'as_of' (default: today).")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@pass_kb
def template(base, output: Path | None, as_of, force: bool, fmt: str) -> None:
    """A blank assessment listing every subdomain (with the gist of each phase) and every context id: commented
    YAML, or an Excel workbook with drop-downs and the criteria beside each subdomain (-o FILE.xlsx).

    Example: cpss template -o assessment.xlsx
    """
    if output is not None and would_replace(output) and not force:  # a device or a pipe replaces nothing
        raise OutputError(Problem(str(output), None, None, "exists", "the file exists; not replacing it",
                                  "choose another name, or add --force"))
    emit_report("template", as_of.date() if as_of else _dt.date.today(), base, fmt, output)
