"""`cpss validate` and `cpss template`: check an assessment, or start a new one."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import click

from cpss_advisor import api
from cpss_advisor.core.errors import OutputError, Problem
from cpss_advisor.core.output import would_replace
from cpss_advisor.core.translatable import M_

from .translated import N_, command
from .options import emit_report, output_options, pass_kb


@command(help=N_("Check an assessment file (YAML or JSON) and summarise it. Exit 1 listing every problem.\n"
                 "\n"
                 "Example: cpss validate examples/beremia-conflict.yaml"))
@click.argument("assessment", type=click.Path(path_type=Path))
@output_options("summary")
@pass_kb
def validate(base, assessment: Path, fmt: str, output) -> None:
    emit_report("summary", api.validate(assessment, knowledge=base), base, fmt, output, inputs=[assessment])


@command(help=N_("A blank assessment listing every subdomain (with the gist of each phase) and every context id: commented\n"
                 "YAML, or an Excel workbook with drop-downs and the criteria beside each subdomain (-o FILE.xlsx).\n"
                 "\n"
                 "Example: cpss template -o assessment.xlsx"))
@output_options("template")
@click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help=N_("Date to put in 'as_of' (default: today)."))
@click.option("--force", is_flag=True, help=N_("Replace the output file if it exists."))
@pass_kb
def template(base, output: Path | None, as_of, force: bool, fmt: str) -> None:
    if output is not None and would_replace(output) and not force:  # a device or a pipe replaces nothing
        raise OutputError(Problem(str(output), None, None, "exists", M_("the file exists; not replacing it"),
                                  M_("choose another name, or add --force")))
    emit_report("template", as_of.date() if as_of else _dt.date.today(), base, fmt, output)
