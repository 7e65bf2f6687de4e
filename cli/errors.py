"""`cpss errors [CODE]`: the catalogue of problem codes, or what one code means and how to fix it."""

from __future__ import annotations

import click

from cpss_advisor.core.error_codes import catalogue_data, lookup, named_codes
from cpss_advisor.core.errors import InputError, Problem, did_you_mean, shorten
from cpss_advisor.core.translatable import M_

from .translated import N_, command, language
from .options import emit_report, output_options


@command("errors",
    help=N_("List the problem codes cpss reports, or explain one: what it means, how to fix it, its exit code.\n"
            "\n"
            "Every problem cpss prints carries a code (in --format json output and decision records). docs/errors.md\n"
            "holds the same catalogue; --format json gives it as data.\n"
            "\n"
            "Example: cpss errors unknown-subdomain"))
@click.argument("code", required=False)
@output_options("error-catalogue")
def errors_cmd(code: str | None, fmt: str, output) -> None:
    if code is None:
        emit_report("error-catalogue", catalogue_data(), None, fmt, output, **_language(fmt))
        return
    entries = lookup(code)
    if not entries:
        raise InputError(Problem("<command line>", None, None, "unknown-error-code",
                                 M_("unknown error code '%(code)s'", code=shorten(code)),
                                 did_you_mean(code, named_codes()) or M_("'cpss errors' lists them")))
    emit_report("error-code", {"code": code, "entries": [e.as_dict() for e in entries]}, None, fmt, output,
                **_language(fmt))


def _language(fmt: str) -> dict:
    """The text is written in the language of the run; JSON is the same in every language."""
    return {"language": language()} if fmt == "text" else {}
