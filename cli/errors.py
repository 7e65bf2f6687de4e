"""`cpss errors [CODE]`: the catalogue of problem codes, or what one code means and how to fix it."""

from __future__ import annotations

import click

from cpss_advisor.core.error_codes import catalogue_data, catalogue_text, explain_text, lookup, named_codes
from cpss_advisor.core.errors import InputError, Problem, did_you_mean, shorten
from cpss_advisor.core.output import to_json

from .options import emit, output_options


@click.command("errors")
@click.argument("code", required=False)
@output_options(["text", "json"], "text")
def errors_cmd(code: str | None, fmt: str, output) -> None:
    """List the problem codes cpss reports, or explain one: what it means, how to fix it, its exit code.

    Every problem cpss prints carries a code (in --format json output and decision records). docs/errors.md
    holds the same catalogue; --format json gives it as data.
    """
    if code is None:
        emit(to_json(catalogue_data()) if fmt == "json" else catalogue_text() + "\n", output)
        return
    entries = lookup(code)
    if not entries:
        raise InputError(Problem("<command line>", None, None, "unknown-error-code",
                                 f"unknown error code '{shorten(code)}'",
                                 did_you_mean(code, named_codes()) or "'cpss errors' lists them"))
    if fmt == "json":
        emit(to_json({"code": code, "entries": [e.as_dict() for e in entries]}), output)
    else:
        emit(explain_text(code, entries), output)
