"""The language of a page: the one chosen with the switch on every page (kept in the session), else the best the
browser asks for (its Accept-Language header, q-values honoured) among the languages the package is written in,
else the server's default (`cpss serve --lang`, CPSS_LANG), else English.

The words themselves come from the package's catalogues through the API (`api.translator`); a page's template
gets its own `_`/`gettext`/`ngettext` for its language with each render (`words_for`), never installed globally,
so two pages in two languages served at once never mix. A translation is text, never markup: it is escaped, and
so is every value put into it unless the template built that value as markup (a link).
"""

from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup, escape

from cpss_advisor import api

#: each language by its own name, as the switch offers it (a language's name is not translated)
NAMES = {"en": "English", "fr": "Français"}
#: the most of an Accept-Language header read, and the most language ranges taken from it
MAX_HEADER = 2048
MAX_RANGES = 32


def name_of(language: str) -> str:
    """A language by its own name: "Français"; a language added later by Babel's (CLDR) name for it, "Español"."""
    if language in NAMES:
        return NAMES[language]
    from babel import Locale, UnknownLocaleError

    try:
        own = Locale.parse(language).get_display_name(language)
    except (ValueError, UnknownLocaleError):
        return language
    return own[:1].upper() + own[1:] if own else language


def ranges(header: str) -> list[tuple[str, float]]:
    """The language ranges of an Accept-Language header, best first (by q-value; ties keep the header's order),
    lower case; a range with q=0 (refused) or a malformed q-value is left out."""
    found = []
    for i, part in enumerate(header[:MAX_HEADER].split(",")[:MAX_RANGES]):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip().lower()
        if not tag:
            continue
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = -1.0
        if 0 < q <= 1:
            found.append((i, tag, q))
    return [(tag, q) for _i, tag, q in sorted(found, key=lambda x: (-x[2], x[0]))]


@lru_cache(maxsize=512)
def negotiate(header: str | None, available: tuple[str, ...], default: str) -> str:
    """The best of `available` for an Accept-Language header: a range names a language exactly or by its first
    subtag (``fr-CA`` is French); ``*`` takes the default. `default` when nothing asked for is available."""
    for tag, _q in ranges(header or ""):
        if tag == "*":
            return default
        for candidate in (tag, tag.split("-")[0]):
            if candidate in available:
                return candidate
    return default


def words_for(language: str) -> dict:
    """The translation functions a template is rendered with (`_`, `gettext`, `ngettext`), for `language`:
    each returns markup in which the translation and the values put into it (``%(name)s``) are escaped."""
    t = api.translator(language)

    def gettext(__message: str, **values: object) -> Markup:
        text = Markup(escape(t.gettext(__message)))
        return text % values if values else text

    def ngettext(__singular: str, __plural: str, __n: int, **values: object) -> Markup:
        return Markup(escape(t.ngettext(__singular, __plural, __n))) % {"num": __n, **values}

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}


def N_(message: str) -> str:
    """Marks `message` for extraction where a table keeps it and a template translates it where shown."""
    return message
