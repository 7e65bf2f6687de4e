"""`cpss verify` and `cpss explain`: check a decision record against a fresh run, and explain it to a person.

A record is written by `cpss recommend ASSESSMENT --record FILE`; `cpss_advisor.audit.record` does the work.
"""

from __future__ import annotations

from pathlib import Path

import click

from cpss_advisor.core.output import to_json
from cpss_advisor.core.errors import EXIT_DIFFERS, EXIT_OK
from cpss_advisor.audit.record import (
    explain_plan,
    explain_step,
    read_record,
    render_explanation,
    render_verification,
    verify as verify_record,
)

from .options import advisor, emit, output_options, pass_kb



@click.command()
@click.argument("record", type=click.Path(path_type=Path))
@output_options(["text", "json"], "text")
@pass_kb
@click.pass_context
def verify(ctx: click.Context, base, record: Path, fmt: str, output) -> int:
    """Re-run a decision record's plan and compare: 'identical' (exit 0), or what differs and why (exit 5).

    The embedded assessment text is parsed again and planned with the recorded horizon and capacity, on the
    installed knowledge base and rules (or --knowledge/--rules). A difference names its causes (the embedded input
    was edited; the knowledge base, the rules or the tool version changed), then every step that differs.
    """
    rec = read_record(record)
    result = verify_record(rec, advisor(ctx, base), record_name=str(record))
    emit(to_json(result.as_dict()) if fmt == "json" else render_verification(result), output, inputs=[record])
    return EXIT_OK if result.identical else EXIT_DIFFERS


@click.command()
@click.argument("record", type=click.Path(path_type=Path))
@click.argument("rec_id", metavar="[ID]", required=False)
@output_options(["text", "json"], "text")
def explain(record: Path, rec_id: str | None, fmt: str, output) -> None:
    """Explain a decision record in prose: one step (ID, e.g. 3.3:1-2), or the whole plan step by step.

    For a step: why this step, why now, why not earlier, and what would change it. Everything comes from the record
    alone, as it was decided; `cpss verify` says whether a fresh run still agrees.
    """
    rec = read_record(record)
    data = explain_plan(rec) if rec_id is None else explain_step(rec, rec_id)
    emit(to_json(data) if fmt == "json" else render_explanation(data), output, inputs=[record])
