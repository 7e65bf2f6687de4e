"""Options and helpers shared by every command: a report's format and output file (from the render registry), the
knowledge base and rules of the run, writing the result."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Callable, Iterable

import click

from .translated import N_, check_language, help_text, tr

from cpss_advisor import api
from cpss_advisor.core.escape import terminal
from cpss_advisor.core.messages import notice
from cpss_advisor.core.translatable import M_
from cpss_advisor.core.output import write_atomic
from cpss_advisor.kb.knowledge_base import KnowledgeBase
from cpss_advisor.planning.pipeline import Advisor
from cpss_advisor.render import registry


def format_for(report: str, fmt: str, given: bool, output: Path | None) -> str:
    """The format to write: the one the output file's extension names (when the report comes in it), else `fmt`.
    A `--format` given on the command line that contradicts the extension is a usage error naming both."""
    implied = registry.implied_format(report, output)
    if implied is None:
        return fmt
    if given and fmt != implied:
        raise click.UsageError(tr(M_("--format %(fmt)s conflicts with -o %(output)s: a %(suffix)s file is %(implied)s. "
                                     "Drop --format, or name the file for %(fmt)s.", fmt=fmt, output=output,
                                     suffix=output.suffix, implied=implied)))
    return implied


def output_options(report: str) -> Callable:
    """Add `--format` (the report's formats, from the render registry) and `-o/--output` to a command.

    Without --format, the format follows the output file's extension (`-o plan.md` writes markdown); with it, the
    two must agree. A binary format (a workbook) is written only to a file."""
    formats = registry.formats(report)
    by_extension = ", ".join(f"{registry.EXTENSIONS[f][0]} {f}" for f in formats if f in registry.EXTENSIONS)

    def decorate(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            ctx = click.get_current_context()
            source = ctx.get_parameter_source("fmt")
            given = source is not None and source is not click.core.ParameterSource.DEFAULT
            fmt = format_for(report, kwargs["fmt"], given, kwargs.get("output"))
            if registry.format_of(report, fmt).binary and kwargs.get("output") is None:
                what = {"xlsx": N_("a workbook"), "docx": N_("a Word document")}.get(fmt, N_("a binary file"))
                example = {"template": "assessment"}.get(report, report) + registry.EXTENSIONS[fmt][0]
                raise click.UsageError(tr(M_("--format %(fmt)s writes %(what)s: give its file with -o, e.g. -o "
                                             "%(example)s", fmt=fmt, what=tr(what), example=example)))
            kwargs["fmt"] = fmt
            return fn(*args, **kwargs)

        wrapper = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
                               help=help_text(N_("Write the result to this file (atomically) instead of standard "
                                                 "output. Its extension sets the format (%(formats)s); others keep "
                                                 "--format."), formats=by_extension))(wrapper)
        wrapper = click.option("-f", "--format", "fmt", type=click.Choice(formats), default=formats[0],
                               show_default=True, help=N_("Output format."))(wrapper)
        return language_option(wrapper)

    return decorate


def emit(text: str | bytes, output: Path | None, inputs: Iterable[str | Path] = ()) -> None:
    """Print the result, or write it to `output` without ever replacing an input."""
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text, inputs=inputs)
        notice(tr(M_("wrote %(file)s", file=terminal(output))))


def _command_language(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """A command's own --lang (`cpss recommend FILE --lang fr`): as `cpss --lang fr recommend FILE`."""
    value = check_language(ctx, param, value)
    if value is not None:
        obj = ctx.find_root().obj
        obj["lang"], obj["kb"] = value, None


def language_option(fn: Callable) -> Callable:
    """`--lang` on a command, the same as before the command name (`cpss --lang fr recommend ...`)."""
    return click.option("--lang", default=None, metavar="LANG", expose_value=False, callback=_command_language,
                        help=N_("Write the report in this language (as cpss --lang; also CPSS_LANG); ids and JSON "
                                "keys never change."))(fn)


def say(text: str) -> None:
    """A notice in the language of the run (a `Message` is translated); for the API's `notify` callbacks."""
    notice(tr(text))


def emit_report(report: str, data: Any, kb: KnowledgeBase, fmt: str, output: Path | None,
                inputs: Iterable[str | Path] = (), **opts: Any) -> None:
    """Render a report in its format (`cpss_advisor.render.registry`), with the format's options, and write it."""
    if output is not None and registry.format_of(report, fmt).binary:
        from cpss_advisor.intake.xlsx_package import refuse_if_open  # never over a workbook a program has open

        refuse_if_open(output)
    emit(registry.render(report, fmt, data, kb, **opts), output, inputs=inputs)


def knowledge(ctx: click.Context) -> KnowledgeBase:
    """The knowledge base chosen with --knowledge (or the installed one), loaded and checked."""
    obj = ctx.find_root().obj
    if obj.get("kb") is None:
        obj["kb"] = api.knowledge_base(obj.get("knowledge_dir"), lang=obj.get("lang"))
    return obj["kb"]


def rules_dir(ctx: click.Context) -> Path | None:
    return ctx.find_root().obj.get("rules_dir")


def advisor(ctx: click.Context, kb: KnowledgeBase) -> Advisor:
    """The knowledge base and rule set of this run, ready to plan."""
    return api.advisor(kb, rules_dir(ctx))


def jobs_option(fn: Callable) -> Callable:
    return click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
                        help=N_("Worker processes (one rule engine each)."))(fn)


def pass_kb(fn: Callable) -> Callable:
    @functools.wraps(fn)
    @click.pass_context
    def wrapper(ctx: click.Context, *args, **kwargs):
        return ctx.invoke(fn, knowledge(ctx), *args, **kwargs)

    return wrapper
