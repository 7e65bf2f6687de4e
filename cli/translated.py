"""The command line in the language of the run: help, click's own words, and our messages.

The language is known before anything is parsed (`language_of`: ``--lang`` before the command name, else
CPSS_LANG, else English), because click formats help while it parses (``--help`` is eager). `speaking` holds it in
a context variable for the length of one run of `cpss`, and:

- help: the commands are `TranslatedCommand`/`TranslatedGroup`, which translate their help, their options' help
  and the short help of the commands they list when they format it (the texts are marked with `N_` where they are
  written, so `make messages` extracts them; an option's help made from a template is `help_text`);
- click's own words ("Usage:", "Options", "Show this message and exit.", its usage errors): click looks each up
  through the ``_``/``ngettext`` of its modules. These are replaced, once, by pass-throughs that read the context
  variable: when it is unset (any other caller of click: the tests, the web app's threads) or English, they call
  gettext's own functions exactly as click does, so no other code sees a change; during a run of `cpss` in another
  language they look the words up in our catalogue (`cpss_advisor/locale`), where `CLICK_WORDS` marks them.
- our messages: `tr` shows a text in the run's language (a `Message` is translated, a marked plain text looked up).
"""

from __future__ import annotations

import copy
import gettext as _gettext
import inspect
import os
import re
import sys
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Iterator

import click

from cpss_advisor.core.i18n import N_
from cpss_advisor.core.translatable import M_, Mn_

SOURCE_LANGUAGE = "en"
_LANGUAGE: ContextVar[str | None] = ContextVar("cpss_cli_language", default=None)
#: options of `cpss` itself that take a value (to find the command name in argv)
_GROUP_VALUE_OPTIONS = {"--knowledge", "--rules", "--lang"}
#: help texts made from a template: the English text -> (template, arguments)
_TEMPLATES: dict[str, tuple[str, dict[str, Any]]] = {}


def language() -> str:
    """The language of this run of `cpss` (English outside a run)."""
    return _LANGUAGE.get() or SOURCE_LANGUAGE


def language_of(argv: list[str], environ=os.environ) -> str:
    """The language a command line asks for: the last ``--lang X`` (or ``--lang=X``) before ``--``, before the
    command name or after it, else CPSS_LANG; English when it names no language the package has (the option's own
    check then reports it). After `cpss kb` a --lang is that command's own (`cpss kb check --lang fr` checks the
    French translations), not the run's."""
    wanted = environ.get("CPSS_LANG") or SOURCE_LANGUAGE
    command = None
    i = 0
    while i < len(argv):
        arg = str(argv[i])
        if arg == "--":
            break
        value = str(argv[i + 1]) if arg == "--lang" and i + 1 < len(argv) else (
            arg.partition("=")[2] if arg.startswith("--lang=") else None)
        if value is not None and command != "kb":
            wanted = value
        if command is None and not arg.startswith("-"):
            command = arg
        i += 2 if command is None and arg in _GROUP_VALUE_OPTIONS else 1
    if wanted == SOURCE_LANGUAGE:
        return wanted
    from cpss_advisor.core.i18n import languages  # only for another language: `cpss --help` stays quick

    return wanted if wanted in languages() else SOURCE_LANGUAGE


def check_language(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--lang / CPSS_LANG: one of the languages the package is written in, else a usage error naming them."""
    if value is None or value == SOURCE_LANGUAGE:
        return value
    from cpss_advisor.core.i18n import languages  # only when a language is chosen: `cpss --help` stays quick

    available = languages()
    if value not in available:
        raise click.BadParameter(tr(M_("'%(value)s' is not a language of cpss; available: %(available)s.",
                                       value=value, available=", ".join(available))), ctx=ctx, param=param)
    return value


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Run `cpss` in `lang`: help, click's words and messages (see the module's docstring)."""
    _install_click_words()
    token = _LANGUAGE.set(lang)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def _translator():
    from cpss_advisor.core.i18n import translator

    return translator(language())


def tr(text: Any) -> str:
    """`text` in the run's language: a `Message` translated with its arguments, a marked text looked up; else as
    it is."""
    if text is None:
        return text
    if language() == SOURCE_LANGUAGE:
        return str(text)
    translate = getattr(text, "translate", None)
    if callable(translate) and hasattr(text, "template"):
        return translate(language())
    template = _TEMPLATES.get(text)
    if template is not None:
        return _translator().gettext(template[0]) % template[1]
    return _translator().gettext(text)


def _unbroken(text: str) -> str:
    """Help as click wraps it: French puts a space before ':', ';', '?' and '!'; a non-breaking one keeps the mark
    on the line of the word before it."""
    return re.sub(r" ([:;?!])", "\u00a0\\1", text) if text else text


def help_text(template: str, **args: Any) -> str:
    """An option's help made from a template (``N_("... (%(formats)s) ...")``): English now, translated when shown."""
    text = template % args
    _TEMPLATES[text] = (template, args)
    return text


# --- click's own words ---------------------------------------------------------------------------------------------

#: click's words that reach people in cpss, marked for the catalogue (click writes placeholders as {name})
CLICK_WORDS = (
    N_("Usage:"), N_("Options"), N_("Commands"), N_("Positional arguments"), N_("Show this message and exit."),
    N_("Show the version and exit."), N_("default: {default}"), N_("env var: {var}"), N_("required"),
    N_("(dynamic)"), N_("Error: {message}"), N_("Try '{command} {option}' for help."),
    N_("No such option {name!r}."), N_("Missing argument"), N_("Missing option"), N_("Missing parameter"),
    N_("Missing command."), N_("Invalid value for {param_hint}: {message}"), N_("Invalid value: {message}"),
    N_("{value!r} is not a valid {number_type}."), N_("{value} is not in the range {range}."),
    N_("{name} {filename!r} does not exist."), N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is a directory."), N_("{name} {filename!r} is not readable."),
    N_("{name} {filename!r} is not writable."), N_("file"), N_("directory"), N_("path"),
    N_("Option {name!r} does not take a value."), N_("Aborted!"), N_("%(prog)s, version %(version)s"),
    Mn_("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", 1),
    Mn_("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", 1),
    Mn_("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", 1),
    Mn_("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments.", 1),
)
_installed = False


def _click_gettext(message: str) -> str:
    if _LANGUAGE.get() in (None, SOURCE_LANGUAGE):
        return _gettext.gettext(message)
    return _translator().gettext(message)


def _click_ngettext(singular: str, plural: str, n: int) -> str:
    if _LANGUAGE.get() in (None, SOURCE_LANGUAGE):
        return _gettext.ngettext(singular, plural, n)
    return _translator().ngettext(singular, plural, n)


def _install_click_words() -> None:
    """Give click's modules our pass-throughs in place of gettext's functions (once; see the module's docstring)."""
    global _installed
    if _installed:
        return
    for name, module in list(sys.modules.items()):
        if name == "click" or name.startswith("click."):
            if getattr(module, "_", None) is _gettext.gettext:
                module._ = _click_gettext
            if getattr(module, "ngettext", None) is _gettext.ngettext:
                module.ngettext = _click_ngettext
    _installed = True


# --- help ----------------------------------------------------------------------------------------------------------

#: the names click gives the values of options, by their type
_METAVARS = {"TEXT": N_("TEXT"), "INTEGER": N_("INTEGER"), "INTEGER RANGE": N_("INTEGER RANGE"),
             "FLOAT": N_("FLOAT"), "FLOAT RANGE": N_("FLOAT RANGE"), "DIRECTORY": N_("DIRECTORY"),
             "FILE": N_("FILE"), "PATH": N_("PATH"), "BOOLEAN": N_("BOOLEAN")}


def _translated_params(command: click.Command, ctx: click.Context) -> list[click.Parameter]:
    if language() == SOURCE_LANGUAGE:
        return command.get_params(ctx)
    out = []
    for param in command.get_params(ctx):
        param = copy.copy(param)
        if getattr(param, "help", None):
            param.help = tr(param.help)
        if isinstance(param, click.Option) and param.metavar is None and not param.is_flag:
            metavar = param.make_metavar(ctx)
            if metavar in _METAVARS:
                param.metavar = tr(_METAVARS[metavar])
        out.append(param)
    return out


class TranslatedCommand(click.Command):
    """A command whose help is shown in the run's language."""

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        shown = copy.copy(self)
        shown.help = _unbroken(tr(inspect.cleandoc(self.help))) if self.help else self.help
        click.Command.format_help_text(shown, ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        shown = copy.copy(self)
        shown.help = tr(inspect.cleandoc(self.help)) if self.help else self.help
        shown.short_help = tr(self.short_help) if self.short_help else self.short_help
        return click.Command.get_short_help_str(shown, limit)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _format_options(self, ctx, formatter)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        shown = copy.copy(self)
        shown.options_metavar = tr(self.options_metavar)
        if isinstance(self, click.Group):
            shown.subcommand_metavar = tr(self.subcommand_metavar)
        click.Command.format_usage(shown, ctx, formatter)


#: click's words on the usage line
USAGE_WORDS = (N_("[OPTIONS]"), N_("COMMAND [ARGS]..."))


def _format_options(command: click.Command, ctx: click.Context, formatter: click.HelpFormatter) -> None:
    rows = [(rv[0], _unbroken(rv[1]) if language() != SOURCE_LANGUAGE else rv[1])
            for p in _translated_params(command, ctx) if not isinstance(p, click.Argument)
            for rv in [p.get_help_record(ctx)] if rv is not None]
    if rows:
        with formatter.section(_click_gettext("Options")):
            formatter.write_dl(rows)


class TranslatedGroup(TranslatedCommand, click.Group):
    """A group of commands whose help, and the list of its commands, are shown in the run's language."""

    command_class = TranslatedCommand
    group_class = type  # subgroups are of this class too

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)


def command(*args: Any, **kwargs: Any):
    """`click.command` with help in the run's language."""
    kwargs.setdefault("cls", TranslatedCommand)
    return click.command(*args, **kwargs)


def group(*args: Any, **kwargs: Any):
    """`click.group` with help in the run's language."""
    kwargs.setdefault("cls", TranslatedGroup)
    return click.group(*args, **kwargs)
