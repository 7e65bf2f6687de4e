"""`cpss validate` and `cpss template`: check an assessment, or start a new one."""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

import click

from cpss_advisor.assessment import load_assessment
from cpss_advisor.errors import OutputError, Problem
from cpss_advisor.summary import render_summary, summary_view
from cpss_advisor.template import blank_assessment

from .options import emit, output_options, pass_kb


@click.command()
@click.argument("assessment", type=click.Path(path_type=Path))
@output_options(["text", "json"], "text")
@pass_kb
def validate(base, assessment: Path, fmt: str, output) -> None:
    """Check an assessment file (YAML or JSON) and summarise it. Exit 1 listing every problem."""
    a = load_assessment(assessment, base)
    view = summary_view(a, base)
    text = json.dumps(view, indent=2, ensure_ascii=False, sort_keys=True) + "\n" if fmt == "json" \
        else render_summary(view, base)
    emit(text, output, inputs=[assessment])


@click.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the template to this file instead of standard output.")
@click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Date to put in 'as_of' (default: today).")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@pass_kb
def template(base, output: Path | None, as_of, force: bool) -> None:
    """A blank, commented assessment listing every subdomain (with the gist of each phase) and every context id."""
    day = as_of.date() if as_of else _dt.date.today()
    text = blank_assessment(base, day)
    if output is not None and output.exists() and not force:
        raise OutputError(Problem(str(output), None, None, "exists", "the file exists; not replacing it",
                                  "choose another name, or add --force"))
    emit(text, output)
