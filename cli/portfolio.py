"""`cpss portfolio`: many countries' assessments side by side, for a regional team."""

from __future__ import annotations

from pathlib import Path

import click

from cpss_advisor.core.errors import InputError, Problem
from cpss_advisor.core.escape import terminal
from cpss_advisor.planning.pipeline import PlanOptions
from cpss_advisor.analysis.portfolio import RENDERERS, build_portfolio, input_files, problem_lines

from .options import advisor, emit, jobs_option, output_options, pass_kb, source_dirs
from .recommend import capacity_option, horizon_option


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="DIR_OR_FILES...", type=click.Path(path_type=Path))
@horizon_option
@capacity_option
@jobs_option
@output_options(["text", "json", "markdown"], "text")
@pass_kb
@click.pass_context
def portfolio(ctx: click.Context, base, paths: tuple[Path, ...], horizon_years: int | None, capacity: int | None, per_lead: int | None, jobs: int,
              fmt: str, output) -> None:
    """Compare countries: phases by subdomain, each plan's first wave, the region's common bottlenecks.

    Give assessment files, directories (each contributes its .yaml, .yml, .json and .xlsx files, not
    recursively, leaving out JSON files cpss wrote itself, such as an earlier portfolio), or both. Every valid
    assessment is planned as 'cpss recommend' would. An invalid one is listed with its problems (also on standard
    error, one line each) and the others are still compared; the exit code is 1 only when no assessment is valid
    or no file was found.
    """
    skipped: list = []
    data = build_portfolio(paths, advisor(ctx, base), PlanOptions(horizon_years, capacity, per_lead), jobs=jobs,
                           skipped=skipped, **source_dirs(ctx))
    for path, reason in skipped:
        click.echo(f"{terminal(path)}: skipped: {terminal(reason)}", err=True)
    for line in problem_lines(data):
        click.echo(line, err=True)
    if not data["valid"]:
        n = data["files"]
        where = str(paths[0]) if len(paths) == 1 else "cpss portfolio"
        raise InputError(Problem(where, None, None, "no-valid-assessment",
                                 f"none of the {n} assessment file{'s' if n != 1 else ''} is valid "
                                 "(problems above); nothing to compare",
                                 "'cpss validate FILE' checks one file at a time"))
    emit(RENDERERS[fmt](data), output, inputs=input_files(data))
