"""`cpss compare`: progress over time, two assessments of one country and what became of the earlier plan."""

from __future__ import annotations

from pathlib import Path

import click

from cpss_advisor import api
from cpss_advisor.core.escape import terminal
from cpss_advisor.core.translatable import M_

from .translated import N_, command, tr
from .options import emit_report, output_options, pass_kb


@command(name="compare",
    help=N_("Compare two assessments of one country, OLD (the earlier) and NEW (the later): what moved.\n"
            "\n"
            "For each subdomain: up, unchanged or down, with the evidence of both assessments. A fall is flagged as a\n"
            "regression, with the benchmarks' note that shocks and crises set subdomains back. The context flags added and\n"
            "removed are listed. With --record (the decision record of OLD's plan), each planned step is achieved, slipped\n"
            "(due by NEW's date and not reached) or not yet due; moves that were not planned are listed, and the percentage\n"
            "to target is given per subdomain and overall. Assessments of two countries are refused; a NEW that is not\n"
            "dated after OLD is a warning.\n"
            "\n"
            "Example: cpss compare examples/beremia-conflict.yaml examples/later/beremia-conflict-2028.yaml --record r.json"))
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--record", "record", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=N_("The decision record of OLD's plan ('cpss recommend OLD --record FILE'): adds which planned steps "
                      "were achieved, slipped or are not yet due by NEW's date, the moves that were not planned, and "
                      "the percentage to target. It must be the record of OLD."))
@output_options("compare")
@pass_kb
def compare_cmd(base, old: Path, new: Path, record: Path | None, fmt: str, output: Path | None) -> None:
    data = api.compare(old, new, record=record, knowledge=base)
    for w in data["warnings"]:
        click.echo(tr(M_("warning: %(problem)s", problem=terminal(w["text"]))), err=True)
    emit_report("compare", data, base, fmt, output, inputs=[old, new, *([record] if record else [])])
