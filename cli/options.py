"""Options and helpers shared by every command: output format and file, the knowledge base, result emission."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable, Iterable

import click

from cpss_advisor.escape import terminal
from cpss_advisor.knowledge_base import KnowledgeBase, load_knowledge
from cpss_advisor.output import write_atomic
from cpss_advisor.pipeline import Advisor
from cpss_advisor.rulebook import Rulebook, load_rulebook


def output_options(formats: Iterable[str], default: str) -> Callable:
    """Add `--format` and `-o/--output` to a command, the same way everywhere."""
    formats = list(formats)

    def decorate(fn: Callable) -> Callable:
        fn = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
                          help="Write the result to this file (atomically) instead of standard output.")(fn)
        fn = click.option("-f", "--format", "fmt", type=click.Choice(formats), default=default, show_default=True,
                          help="Output format.")(fn)
        return fn

    return decorate


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
