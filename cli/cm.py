"""`cpss cm`: the case management benchmarks checklist as an assessment: a level per dimension, the next actions."""

from __future__ import annotations

from pathlib import Path

import click

from cpss_advisor.analysis.cm_view import cm_view
from cpss_advisor.intake.cm_assessment import load_case_management

from .translated import N_, command
from .options import emit_report, output_options, pass_kb


@command(help=N_("Levels and next actions on the case management benchmarks checklist (seed 003).\n"
                 "\n"
                 "FILE is a CPSS assessment with a 'case_management:' section, or a standalone file with\n"
                 "'kind: case_management_assessment', 'schema_version: 1', 'country', 'as_of' and 'done' (optionally 'figures').\n"
                 "Each dimension and sub-dimension is at 1 + the number of its transitions, from Critical to address upwards,\n"
                 "whose actions are all done; a dimension is at the lowest level of its parts. The next actions are the actions\n"
                 "of the next transition not yet done; figures are checked against the numeric standards.\n"
                 "\n"
                 "Example: cpss cm examples/beremia-conflict.yaml"))
@click.argument("file", type=click.Path(path_type=Path))
@output_options("case-management")
@pass_kb
def cm(base, file: Path, fmt: str, output) -> None:
    view = cm_view(load_case_management(file, base), base)
    emit_report("case-management", view, base, fmt, output, inputs=[file])
