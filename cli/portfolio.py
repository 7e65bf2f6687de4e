"""`cpss portfolio`: many countries' assessments side by side, for a regional team."""

from __future__ import annotations

from pathlib import Path

import click

from cpss_advisor import api
from cpss_advisor.analysis.portfolio import input_files, no_valid_assessment, problem_lines
from cpss_advisor.core.escape import terminal
from cpss_advisor.core.messages import notice
from cpss_advisor.core.translatable import M_

from .translated import N_, command, tr
from .options import advisor, emit_report, output_options, pass_kb
from .recommend import capacity_option, horizon_option


@command(help=N_("Compare countries: phases by subdomain, each plan's first wave, the region's common bottlenecks.\n"
                 "\n"
                 "Give assessment files, directories (each contributes its .yaml, .yml, .json and .xlsx files, not\n"
                 "recursively, leaving out JSON files cpss wrote itself, such as an earlier portfolio), or both. Every valid\n"
                 "assessment is planned as 'cpss recommend' would. An invalid one is listed with its problems (also on standard\n"
                 "error, one line each) and the others are still compared; the exit code is 1 only when no assessment is valid\n"
                 "or no file was found. '-o region.html' writes a page to share or print, '-o region.xlsx' a workbook.\n"
                 "\n"
                 "Example: cpss portfolio examples/ -o region.html"))
@click.argument("paths", nargs=-1, required=True, metavar="DIR_OR_FILES...", type=click.Path(path_type=Path))
@horizon_option
@capacity_option
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
              help=N_("Worker processes that read and plan the files (one rule engine each). Default: one per core, "
                      "when there are 100 files or more for each."))
@output_options("portfolio")
@pass_kb
@click.pass_context
def portfolio(ctx: click.Context, base, paths: tuple[Path, ...], horizon_years: int | None, capacity: int | None, per_lead: int | None, jobs: int | None,
              fmt: str, output) -> None:
    skipped: list = []
    data = api.portfolio(paths, horizon_years=horizon_years, capacity=capacity, per_lead=per_lead, jobs=jobs,
                         knowledge=base, rules=advisor(ctx, base).book, skipped=skipped)
    for path, reason in skipped:
        notice(tr(M_("%(file)s: skipped: %(reason)s", file=terminal(path), reason=terminal(tr(reason)))))
    for line in problem_lines(data):
        click.echo(line, err=True)
    if not data["valid"]:
        raise no_valid_assessment(data, paths)
    emit_report("portfolio", data, base, fmt, output, inputs=input_files(data))
