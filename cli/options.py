"""Options and helpers shared by every command: output format and file, the knowledge base, result emission."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable, Iterable

import click

from cpss_advisor.core.escape import terminal
from cpss_advisor.kb.knowledge_base import KnowledgeBase
from cpss_advisor.kb.loader import load_knowledge
from cpss_advisor.core.output import write_atomic
from cpss_advisor.planning.pipeline import Advisor
from cpss_advisor.engine.rulebook import Rulebook
from cpss_advisor.engine.rule_loader import load_rulebook


#: What an output file's extension says about its format. An extension that is not here, or whose format a command
#: does not write, leaves the format to --format (or the command's default).
EXTENSION_FORMATS = {
    ".txt": "text", ".text": "text",
    ".json": "json",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html",
    ".xlsx": "xlsx",
    ".yaml": "yaml", ".yml": "yaml",
    ".mmd": "mermaid", ".mermaid": "mermaid",
    ".dot": "dot", ".gv": "dot",
}


def format_for(fmt: str, given: bool, output: Path | None, formats: Iterable[str]) -> str:
    """The format to write: the one the output file's extension names (when the command writes it), else `fmt`.
    A `--format` given on the command line that contradicts the extension is a usage error naming both."""
    implied = EXTENSION_FORMATS.get(output.suffix.lower()) if output is not None else None
    if implied is None or implied not in formats:
        return fmt
    if given and fmt != implied:
        raise click.UsageError(f"--format {fmt} conflicts with -o {output}: a {output.suffix} file is {implied}. "
                               f"Drop --format, or name the file for {fmt}.")
    return implied


def output_options(formats: Iterable[str], default: str) -> Callable:
    """Add `--format` and `-o/--output` to a command, the same way everywhere.

    Without --format, the format follows the output file's extension (`-o plan.md` writes markdown); with it, the
    two must agree."""
    formats = list(formats)
    by_extension = ", ".join(f"{ext} {fmt}" for ext, fmt in EXTENSION_FORMATS.items()
                             if fmt in formats and ext in _SHOWN_EXTENSIONS)

    def decorate(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            ctx = click.get_current_context()
            source = ctx.get_parameter_source("fmt")
            given = source is not None and source is not click.core.ParameterSource.DEFAULT
            kwargs["fmt"] = format_for(kwargs["fmt"], given, kwargs.get("output"), formats)
            return fn(*args, **kwargs)

        wrapper = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
                               help="Write the result to this file (atomically) instead of standard output. "
                                    f"Its extension sets the format ({by_extension}); others keep --format."
                               )(wrapper)
        wrapper = click.option("-f", "--format", "fmt", type=click.Choice(formats), default=default,
                               show_default=True, help="Output format.")(wrapper)
        return wrapper

    return decorate


_SHOWN_EXTENSIONS = {".txt", ".json", ".md", ".html", ".xlsx", ".mmd", ".dot"}


def emit(text: str, output: Path | None, inputs: Iterable[str | Path] = ()) -> None:
    """Print the result, or write it to `output` without ever replacing an input."""
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text, inputs=inputs)
        click.echo(f"wrote {terminal(output)}", err=True)


def knowledge(ctx: click.Context) -> KnowledgeBase:
    """The knowledge base chosen with --knowledge (or the installed one), loaded and checked once."""
    obj = ctx.find_root().obj
    if obj.get("kb") is None:
        obj["kb"] = load_knowledge(obj.get("knowledge_dir"))
    return obj["kb"]


def rulebook(ctx: click.Context, kb: KnowledgeBase, *, require_cases: bool = True) -> Rulebook:
    """The rule set chosen with --rules (or the installed one), validated against the knowledge base."""
    return load_rulebook(kb, ctx.find_root().obj.get("rules_dir"), require_cases=require_cases)


def advisor(ctx: click.Context, kb: KnowledgeBase) -> Advisor:
    """The knowledge base and rule set of this run, ready to plan."""
    return Advisor(kb, rulebook(ctx, kb))


def source_dirs(ctx: click.Context) -> dict:
    """The --knowledge and --rules directories, for worker processes that load their own copies."""
    obj = ctx.find_root().obj
    return {"knowledge_dir": obj.get("knowledge_dir"), "rules_dir": obj.get("rules_dir")}


def jobs_option(fn: Callable) -> Callable:
    return click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
                        help="Worker processes (one rule engine each).")(fn)


def pass_kb(fn: Callable) -> Callable:
    @functools.wraps(fn)
    @click.pass_context
    def wrapper(ctx: click.Context, *args, **kwargs):
        return ctx.invoke(fn, knowledge(ctx), *args, **kwargs)

    return wrapper
