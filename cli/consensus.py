"""`cpss consensus`: several participants' ratings of one country; where they agree, and what their
disagreements change in the plan. With --decisions, the agreed assessment."""

from __future__ import annotations

from pathlib import Path

import click

from cpss_advisor import api
from cpss_advisor.core.messages import notice
from cpss_advisor.core.translatable import M_
from cpss_advisor.render import registry

from .translated import N_, command, tr
from .options import advisor, emit_report, jobs_option, output_options, pass_kb
from .recommend import capacity_option, horizon_option


@command(help=N_("Compare participants' ratings of one country: where they agree and disagree, per subdomain, and which\n"
                 "disagreements change the plan.\n"
                 "\n"
                 "Each FILE is one participant's assessment of the same country. Each disputed rating is planned against the\n"
                 "group's assessment (the other subdomains held at their median phase, rounded down): the comparison says which\n"
                 "steps it adds, drops or moves. '-o consensus.html' writes a page for the room, '-o consensus.xlsx' a workbook.\n"
                 "\n"
                 "With --decisions, writes the agreed assessment: the agreed ratings, with every participant's rating, who agreed\n"
                 "and the evidence kept under 'consensus:'. Plan it with 'cpss recommend agreed.yaml --record r.json'.\n"
                 "\n"
                 "Example: cpss consensus examples/consensus/beremia/*.yaml --decisions examples/consensus/beremia-decisions.yaml -o agreed.yaml"))
@click.argument("files", nargs=-1, required=True, metavar="FILE...", type=click.Path(path_type=Path))
@click.option("--name", "names", multiple=True, metavar="NAME",
              help=N_("The participant of each FILE, in order (one per file) [default: each file's 'participant:', "
                      "else its name]."))
@click.option("--decisions", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=N_("A YAML file of the group's decisions, {subdomain: {phase, agreed_by: [names], evidence}}, one "
                      "for each subdomain the participants disagree on: write the agreed assessment (YAML, or JSON "
                      "for -o FILE.json) instead of the comparison."))
@horizon_option
@capacity_option
@jobs_option
@output_options("consensus")
@pass_kb
@click.pass_context
def consensus(ctx: click.Context, base, files: tuple[Path, ...], names: tuple[str, ...], decisions: Path | None,
              horizon_years, capacity, per_lead, jobs, fmt: str, output: Path | None) -> None:
    if names and len(names) != len(files):
        raise click.UsageError(f"{len(names)} --name given for {len(files)} files: give one per file, in order, or "
                               "none")
    if decisions is not None:
        source = ctx.get_parameter_source("fmt")
        if source is not None and source is not click.core.ParameterSource.DEFAULT:
            raise click.UsageError("--format applies to the comparison; with --decisions the agreed assessment is "
                                   "YAML (or JSON for -o FILE.json)")
        if output is not None and registry.implied_format("assessment", output) is None:
            raise click.UsageError(f"-o {output}: the agreed assessment is written as YAML (.yaml, .yml) or JSON "
                                   "(.json)")
    inputs = [*files, *([decisions] if decisions is not None else [])]
    rules = advisor(ctx, base).book
    c = api.consensus(files, names=names or None, knowledge=base, rules=rules, jobs=jobs,
                      options={"horizon_years": horizon_years, "capacity": capacity, "per_lead": per_lead})
    if decisions is None:
        emit_report("consensus", c, base, fmt, output, inputs=inputs)
        return
    agreed = api.agree(c, decisions, knowledge=base)
    notice(tr(M_("agreed %(ratings)s ratings of %(participants)s participants, %(decided)s of them by decision",
                 ratings=len(agreed.ratings), participants=len(c.participants), decided=len(c.disagreements))))
    emit_report("assessment", agreed, base, registry.implied_format("assessment", output) or "yaml", output,
                inputs=inputs)
