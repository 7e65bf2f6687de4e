"""`cpss verify` and `cpss explain`: check a decision record against a fresh run, and explain it to a person.

A record is written by `cpss recommend ASSESSMENT --record FILE`; `cpss_advisor.audit.record` does the work.
"""

from __future__ import annotations

from pathlib import Path

import click

from cpss_advisor.core.errors import EXIT_DIFFERS, EXIT_OK
from cpss_advisor.audit.explain import explain_plan, explain_step
from cpss_advisor import api
from cpss_advisor.audit.record import read_record, record_language, verify as verify_record

from .translated import N_, command, language
from .options import advisor, emit_report, output_options, pass_kb


@command(help=N_("Re-run a decision record's plan and compare: 'identical' (exit 0), or what differs and why (exit 5).\n"
                 "\n"
                 "The embedded assessment text is parsed again and planned with the recorded horizon and capacity, on the\n"
                 "installed knowledge base and rules (or --knowledge/--rules), with the texts in the record's language. A\n"
                 "difference names its causes (the embedded input\n"
                 "was edited; the knowledge base, the rules or the tool version changed), then every step that differs.\n"
                 "\n"
                 "Example: cpss verify plan-record.json"))
@click.argument("record", type=click.Path(path_type=Path))
@output_options("verification")
@pass_kb
@click.pass_context
def verify(ctx: click.Context, base, record: Path, fmt: str, output) -> int:
    rec = read_record(record)
    kb = api.knowledge_base(base, lang=record_language(rec))  # the plan is made again in the record's language
    result = verify_record(rec, advisor(ctx, kb), record_name=str(record))
    emit_report("verification", result, base, fmt, output, inputs=[record])
    return EXIT_OK if result.identical else EXIT_DIFFERS


@command(help=N_("Explain a decision record in prose: one step (ID, e.g. 3.3:1-2), or the whole plan step by step.\n"
                 "\n"
                 "For a step: why this step, why now, why not earlier, and what would change it. Everything comes from the record\n"
                 "alone, as it was decided; `cpss verify` says whether a fresh run still agrees.\n"
                 "\n"
                 "Example: cpss explain plan-record.json 3.3:1-2"))
@click.argument("record", type=click.Path(path_type=Path))
@click.argument("rec_id", metavar="[ID]", required=False)
@output_options("explanation")
def explain(record: Path, rec_id: str | None, fmt: str, output) -> None:
    rec = read_record(record)
    data = explain_plan(rec) if rec_id is None else explain_step(rec, rec_id)
    emit_report("explanation", data, None, fmt, output, inputs=[record],
                **({"language": language()} if fmt == "text" else {}))
