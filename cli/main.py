"""`cpss`: the command-line entry point. Commands live in their own modules; this one wires them and turns
errors into messages and exit codes."""

from __future__ import annotations

import importlib
import signal
import sys
import traceback
from pathlib import Path

import click

from cpss_advisor.core.version import __version__
from cpss_advisor.core.errors import EXIT_BAD_INPUT, EXIT_USAGE, CpssError, did_you_mean
from cpss_advisor.core.messages import set_quiet
from cpss_advisor.core.escape import terminal
from cpss_advisor.core.translatable import M_, Mn_

from .translated import N_, TranslatedGroup, check_language, group, language, language_of, speaking, tr

EXIT_INTERNAL = 70
#: Interrupted by Ctrl-C (SIGINT) or terminated (SIGTERM): 128 + the signal number, as shells report it.
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143

_state = {"debug": False}

#: command name -> "module:attribute" in this package; a command's module is imported only when it is run (or
#: when help lists it), so that each command starts quickly.
COMMANDS = {
    "recommend": "recommend:recommend",
    "whatif": "whatif:whatif_cmd",
    "sensitivity": "whatif:sensitivity_cmd",
    "robustness": "whatif:robustness_cmd",
    "portfolio": "portfolio:portfolio",
    "compare": "compare:compare_cmd",
    "consensus": "consensus:consensus",
    "explain": "audit:explain",
    "verify": "audit:verify",
    "validate": "assessment_cmds:validate",
    "template": "assessment_cmds:template",
    "kb": "kb:kb",
    "rules": "rules:rules",
    "cm": "cm:cm",
    "assess": "assess:assess",
    "errors": "errors:errors_cmd",
    "serve": "serve:serve",
}


class LazyGroup(TranslatedGroup):
    """Commands imported when run; a misspelt command gets a suggestion, as a misspelt option does."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            hint = did_you_mean(name, COMMANDS, n=1)  # the closest command only: 'recomend' is not 'compare'
            if hint:
                hint = tr(hint)
                message = M_("No such command '%(name)s'. %(hint)s 'cpss --help' lists the commands.", name=name,
                             hint=hint[0].upper() + hint[1:])
            else:
                message = M_("No such command '%(name)s'. 'cpss --help' lists the commands.", name=name)
            raise click.UsageError(tr(message), ctx)
        return super().resolve_command(ctx, args)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(f"{__package__}.{module}"), attr)


@group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110},
    help=N_("Decision support for child protection systems strengthening (CPSS).\n"
            "\n"
            "Rate a country's child protection system on the 19 subdomains of UNICEF's CPSS benchmarks, then get a\n"
            "sequenced, explained plan of what to strengthen next. Everything runs offline; no data leaves the machine.\n"
            "\n"
            "\b\n"
            "Exit codes:\n"
            "  0  success\n"
            "  1  bad input (an assessment or other file you gave)\n"
            "  2  usage error (unknown command or option)\n"
            "  3  invalid knowledge base or rule set\n"
            "  4  an output could not be written\n"
            "  5  a verified record differs from a fresh run\n"
            "  70 internal error (run with --debug and report it)\n"
            "  130, 143  interrupted (Ctrl-C) or terminated (SIGTERM); nothing is written"))
@click.version_option(__version__, "-V", "--version", prog_name="cpss")
@click.option("--debug", is_flag=True, help=N_("Show the full traceback when something fails."))
@click.option("-q", "--quiet", is_flag=True, help=N_("No notices on standard error (files written, files skipped, "
                                                      "progress); problems are still reported."))
@click.option("--knowledge", "knowledge_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=N_("Use this knowledge base directory instead of the installed one (it is validated first)."))
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=N_("Use this rule set directory instead of the installed one (it is validated first)."))
@click.option("--lang", "lang", envvar="CPSS_LANG", default="en", show_default=True, callback=check_language,
              help=N_("Write reports and read the knowledge base in this language (also CPSS_LANG); ids and JSON "
                      "keys never change."))
@click.pass_context
def cli(ctx: click.Context, debug: bool, quiet: bool, knowledge_dir: Path | None, rules_dir: Path | None,
        lang: str) -> None:
    _state["debug"] = debug
    set_quiet(quiet)
    ctx.ensure_object(dict)
    ctx.obj["knowledge_dir"] = knowledge_dir
    ctx.obj["rules_dir"] = rules_dir
    ctx.obj["lang"] = lang
    ctx.obj["kb"] = None



class Terminated(KeyboardInterrupt):
    """SIGTERM: ends the run like Ctrl-C (cleanup code runs, so no temporary output file is left behind), with the
    exit status of a terminated process."""


def _terminate(signum, frame) -> None:
    raise Terminated


def _interrupted(exc: BaseException | None) -> int:
    if isinstance(exc, Terminated):
        click.echo(tr(N_("terminated")), err=True)
        return EXIT_TERMINATED
    click.echo(tr(N_("interrupted")), err=True)
    return EXIT_INTERRUPTED


def main(argv: list[str] | None = None) -> int:
    _state["debug"] = False
    set_quiet(False)
    try:
        previous = signal.signal(signal.SIGTERM, _terminate)
    except ValueError:  # not the main thread: leave signals alone
        previous = None
    try:
        with speaking(language_of(sys.argv[1:] if argv is None else [str(a) for a in argv])):
            return _main(argv)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _main(argv: list[str] | None) -> int:
    # No command line can hold a NUL (only a call through the Python API can); no path or value may hold one.
    for arg in argv or ():
        if "\x00" in str(arg):
            click.echo(tr(M_("cpss: the argument '%(arg)s' holds a NUL character, which no file name or value can "
                             "hold", arg=terminal(arg))), err=True)
            return EXIT_USAGE
    try:
        code = cli.main(args=argv, prog_name="cpss", standalone_mode=False)
        return int(code or 0)
    except CpssError as exc:
        for problem in exc.problems:  # at most errors.MAX_LISTED, then a count of the rest
            click.echo(problem.render(language()), err=True)
        if exc.total > 1:
            count = f"{exc.total:,}"
            click.echo(tr(Mn_("%(count)s problem", "%(count)s problems", exc.total, count=count)), err=True)
        if _state["debug"]:
            _traceback()
        return exc.exit_code
    except click.exceptions.Abort as exc:
        if isinstance(exc.__cause__, KeyboardInterrupt):  # click turns an interruption into Abort
            return _interrupted(exc.__cause__)
        click.echo(tr(N_("aborted")), err=True)
        return EXIT_INTERRUPTED
    except click.ClickException as exc:
        exc.message = terminal(exc.message)  # it may quote what was typed: an option, a value, a file name
        exc.show()
        return exc.exit_code if exc.exit_code is not None else EXIT_USAGE
    except KeyboardInterrupt as exc:
        return _interrupted(exc)
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - the boundary where every unexpected error becomes a message
        if _state["debug"]:
            _traceback()
        click.echo(tr(M_("cpss: internal error: %(error)s: %(text)s", error=type(exc).__name__, text=terminal(exc))),
                   err=True)
        if not _state["debug"]:
            click.echo("  " + tr(N_("hint: run again with --debug for the traceback, and report it")), err=True)
        return EXIT_INTERNAL


def _traceback() -> None:
    """With --debug: the traceback of the exception being handled, on standard error. The exit code stays the
    error's own (70 for an internal error), so scripts see the same codes with and without --debug."""
    click.echo(traceback.format_exc().rstrip("\n"), err=True)


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()

__all__ = ["cli", "main", "entry", "EXIT_BAD_INPUT"]
