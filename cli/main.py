"""`cpss`: the command-line entry point. Commands live in their own modules; this one wires them and turns
errors into messages and exit codes."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cpss_advisor import __version__
from cpss_advisor.errors import EXIT_BAD_INPUT, EXIT_USAGE, CpssError

from . import assessment_cmds, kb, recommend, rules
from . import audit as audit_cmds
from . import portfolio as portfolio_cmds
from . import whatif as whatif_cmds

EXIT_INTERNAL = 70

_state = {"debug": False}


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(__version__, "-V", "--version", prog_name="cpss")
@click.option("--debug", is_flag=True, help="Show the full traceback when something fails.")
@click.option("--knowledge", "knowledge_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Use this knowledge base directory instead of the installed one (it is validated first).")
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Use this rule set directory instead of the installed one (it is validated first).")
@click.pass_context
def cli(ctx: click.Context, debug: bool, knowledge_dir: Path | None, rules_dir: Path | None) -> None:
    """Decision support for child protection systems strengthening (CPSS).

    Rate a country's child protection system on the 19 subdomains of UNICEF's CPSS benchmarks, then get a
    sequenced, explained plan of what to strengthen next. Everything runs offline; no data leaves the machine.

    \b
    Exit codes:
      0  success
      1  bad input (an assessment or other file you gave)
      2  usage error (unknown command or option)
      3  invalid knowledge base or rule set
      4  an output could not be written
      5  a verified record differs from a fresh run
      70 internal error (run with --debug and report it)
    """
    _state["debug"] = debug
    ctx.ensure_object(dict)
    ctx.obj["knowledge_dir"] = knowledge_dir
    ctx.obj["rules_dir"] = rules_dir
    ctx.obj["kb"] = None


cli.add_command(recommend.recommend)
cli.add_command(kb.kb)
cli.add_command(rules.rules)
cli.add_command(assessment_cmds.validate)
cli.add_command(assessment_cmds.template)
cli.add_command(audit_cmds.verify)
cli.add_command(audit_cmds.explain)
cli.add_command(portfolio_cmds.portfolio)
cli.add_command(whatif_cmds.whatif_cmd)
cli.add_command(whatif_cmds.sensitivity_cmd)
cli.add_command(whatif_cmds.robustness_cmd)


def main(argv: list[str] | None = None) -> int:
    _state["debug"] = False
    try:
        code = cli.main(args=argv, prog_name="cpss", standalone_mode=False)
        return int(code or 0)
    except CpssError as exc:
        for problem in exc.problems:
            click.echo(problem.render(), err=True)
        if len(exc.problems) > 1:
            click.echo(f"{len(exc.problems)} problems", err=True)
        if _state["debug"]:
            raise
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 130
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code if exc.exit_code is not None else EXIT_USAGE
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - the boundary where every unexpected error becomes a message
        if _state["debug"]:
            raise
        click.echo(f"cpss: internal error: {type(exc).__name__}: {exc}", err=True)
        click.echo("  hint: run again with --debug for the traceback, and report it", err=True)
        return EXIT_INTERNAL


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()

__all__ = ["cli", "main", "entry", "EXIT_BAD_INPUT"]
