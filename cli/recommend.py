"""`cpss recommend`: the main job, a sequenced and explained investment plan."""

from __future__ import annotations

from pathlib import Path

import click

from cpss_advisor import api
from cpss_advisor.audit.record import make_record, write_record
from cpss_advisor.core.escape import terminal
from cpss_advisor.core.messages import notice
from cpss_advisor.core.translatable import M_
from cpss_advisor.planning.pipeline import PlanOptions
from cpss_advisor.render import registry

from .translated import N_, command, tr
from .options import advisor, emit_report, output_options, pass_kb, say


def horizon_option(fn):
    return click.option(
        "--horizon-years", type=click.IntRange(1, 10), default=None,
        help=N_("Planning horizon in years [default: by setting, from knowledge/planning.yaml: 1 year at acute "
                "onset, 2 years in a protracted crisis, in recovery and in a stable setting]. The horizon is cut into "
                "periods that fit the setting (months 0-3, 3-6, 6-12 at acute onset; 6 months in a protracted crisis "
                "and recovery; 12 months in a stable setting). Subdomains without a target of their own aim one phase "
                "up over 1-2 years, two over 3-4, three beyond."))(fn)


def capacity_option(fn):
    fn = click.option(
        "--per-lead", type=click.IntRange(1, 50), default=None,
        help=N_("Steps one lead actor (the lead ministry, the legislature, the finance ministry, NGO partners, ...) "
                "carries at the same time [default: 4, from knowledge/planning.yaml; one fewer for the lead ministry "
                "when government capacity is weakened]."))(fn)
    return click.option(
        "--capacity", type=click.IntRange(1, 50), default=None,
        help=N_("Steps of the system track running at the same time [default: 6, from knowledge/planning.yaml]; "
                "what does not fit within the horizon is listed as deferred. Response-track and enabling actions run "
                "beside the steps and do not count."))(fn)


@command(help=N_("A sequenced plan of priority steps for an assessment, each with its interventions and reasons.\n"
                 "\n"
                 "Each step moves one subdomain up one phase, from a start month to an expected end month. Steps are scored by\n"
                 "the rules that fired (every term is shown) and placed period by period: none starts before the milestones it\n"
                 "needs are reached, co-requisite steps start together, and no more work runs at once than the capacity. At\n"
                 "acute onset a response track (case management on interim procedures, family tracing, care for separated\n"
                 "children, community mechanisms, a workforce surge) runs in the first period whatever the ratings and targets.\n"
                 "\n"
                 "For html, markdown and docx (a Word document, written with -o) the plan comes as a brief for a ministry;\n"
                 "--detail full adds every rule, fact and source behind it.\n"
                 "\n"
                 "Example: cpss recommend examples/beremia-conflict.yaml --format docx -o plan.docx"))
@click.argument("assessment", type=click.Path(path_type=Path))
@horizon_option
@capacity_option
@output_options("plan")
@click.option("--detail", type=click.Choice(["brief", "full"]), default=None,
              help=N_("For html, markdown and docx: 'brief' (the default) is the plan for a ministry: key messages, "
                      "charts, one card per step and the sources, within a few printed pages; 'full' adds the annex "
                      "with every rule that fired, its facts, the dependencies, the phase criteria, ids and hashes "
                      "(in markdown: the full record alone). Text and json are always complete."))
@click.option("--template", "template", type=click.Path(path_type=Path), default=None,
              help=N_("For docx: a Word document (.docx) whose styles, page setup and opening content (a letterhead) "
                      "the brief is written into; styles it lacks come from the shipped template."))
@click.option("--record", "record", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=N_("Also write a decision record (JSON: the input text, options, provenance, trace and plan) to this "
                      "file, for 'cpss verify' and 'cpss explain'. Its time stamp is SOURCE_DATE_EPOCH when set."))
@pass_kb
@click.pass_context
def recommend(ctx: click.Context, base, assessment: Path, horizon_years: int | None, capacity: int | None,
              per_lead: int | None, fmt: str, output, detail: str | None, template: Path | None,
              record: Path | None) -> None:
    if detail is not None and "detail" not in registry.options("plan", fmt):
        takes = ", ".join(f for f in registry.formats("plan") if "detail" in registry.options("plan", f))
        raise click.UsageError(tr(M_("--detail applies to %(takes)s, not to %(fmt)s: %(fmt)s always holds the whole "
                                     "plan", takes=takes, fmt=fmt)))
    if template is not None and "template" not in registry.options("plan", fmt):
        raise click.UsageError(tr(M_("--template applies to docx, not to %(fmt)s", fmt=fmt)))
    options = PlanOptions(horizon_years, capacity, per_lead)
    if record is not None and output is not None and record.resolve() == output.resolve():
        raise click.UsageError(tr(N_("--record and -o name the same file; give the record its own file")))
    intake = api.read_assessment(assessment, knowledge=base)
    plan = advisor(ctx, base).plan(intake.assessment, options)
    if record is not None:
        write_record(record, make_record(intake.name, intake.content(), options, plan), inputs=[assessment])
        notice(tr(M_("wrote record %(file)s", file=terminal(record))))
    if fmt == "xlsx" and output is not None:  # a workplan keeps the values people filled in the one it replaces
        plan = api.workplan(plan, previous=output, knowledge=base, notify=say, inputs=[assessment])
    emit_report("plan", plan, base, fmt, output, inputs=[assessment, *([template] if template else [])],
                detail=detail, template=template)
