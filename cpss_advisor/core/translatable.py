"""Messages made in English that can be shown in another language: the text of a problem, a hint, a notice.

A `Message` is a `str` holding the English text, so that everything that compares, sorts, tests or writes it as
JSON sees the same text as before; it also keeps its template and arguments, so that whoever shows it (the command
line, in the language of the command) translates it then: ``message.translate("fr")`` looks the template up in the
catalogue (`cpss_advisor.core.i18n`) and fills in the arguments, each translated in turn when it is a message
itself. A message built by joining texts (``+``, an f-string) is a plain `str` again: it stays English.

Mark a message with ``M_("unknown phase %(value)s", value=...)`` or ``Mn_("%(n)s problem", "%(n)s problems", n)``
(`make messages` extracts both); placeholders are named, as everywhere in the catalogue.
"""

from __future__ import annotations

from typing import Any

from .i18n import SOURCE_LANGUAGE, translator


class Message(str):
    """English text that remembers how it was made (`template`, `args`, and for a plural `plural` and `n`)."""

    template: str
    args: dict[str, Any]
    plural: str | None
    n: int | None

    def __new__(cls, template: str, args: dict[str, Any] | None = None, plural: str | None = None,
                n: int | None = None) -> "Message":
        args = dict(args or {})
        chosen = plural if plural is not None and n != 1 else template
        self = super().__new__(cls, chosen % args if args else chosen)
        self.template, self.args, self.plural, self.n = template, args, plural, n
        return self

    def translate(self, language: str) -> str:
        """The message in `language` (English: the text itself); a template without a translation stays English."""
        if language == SOURCE_LANGUAGE:
            return str(self)
        t = translator(language)
        text = t.ngettext(self.template, self.plural, self.n) if self.plural is not None else t.gettext(self.template)
        if not self.args:
            return text
        return text % {k: localise(v, language) for k, v in self.args.items()}


def localise(value: Any, language: str) -> Any:
    """`value` in `language` when it is a `Message`, else unchanged."""
    return value.translate(language) if isinstance(value, Message) else value


def M_(template: str, **args: Any) -> Message:
    """A translatable message: ``M_("unknown phase %(value)s", value=v)``."""
    return Message(template, args)


def Mn_(singular: str, plural: str, n: int, **args: Any) -> Message:
    """A translatable message with a plural; `n` is also an argument (``%(n)s``)."""
    return Message(singular, {"n": n, **args}, plural, n)


def alternatives(items: list[str]) -> str:
    """"'a' or 'b' or 'c'", translatable ("'a' ou 'b' ou 'c'")."""
    if len(items) <= 1:
        return items[0] if items else ""
    return M_("%(first)s or %(rest)s", first=items[0], rest=alternatives(items[1:]))


def located(where: str, message: str) -> str:
    """``where: message`` (a field's dotted path before what is wrong with it), or the message alone; the message
    is still translated when shown."""
    return Message("%(where)s: %(message)s", {"where": where, "message": message}) if where else message
