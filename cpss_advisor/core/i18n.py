"""The code's own words in other languages: gettext catalogues made with Babel.

The catalogues are ``cpss_advisor/locale/<lang>/LC_MESSAGES/cpss.po`` (extracted with ``make messages``, which
reads ``babel.cfg``). A ``.po`` file is compiled when it is first used (Babel's ``write_mo`` into memory), so no
compiled ``.mo`` file can go stale beside its source. English is the language the code is written in: its
translator is the identity.

No global state: a renderer asks for ``translator(language)`` (the language of the knowledge base it was given,
``KnowledgeBase.language``) and passes it down; two calls in two languages never see each other's words.
"""

from __future__ import annotations

import gettext
from datetime import date
from functools import lru_cache
from importlib import resources
from io import BytesIO

from babel.dates import format_date as _babel_format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN = "cpss"
SOURCE_LANGUAGE = "en"
#: languages whose text runs right to left (none shipped yet); `direction` reads it for HTML `dir` and docx `w:bidi`
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})


def _locale_dir():
    return resources.files("cpss_advisor") / "locale"


@lru_cache(maxsize=None)
def languages() -> tuple[str, ...]:
    """The languages the code's words exist in: English, then each catalogue shipped, sorted."""
    found = sorted(d.name for d in _locale_dir().iterdir()
                   if d.is_dir() and (d / "LC_MESSAGES" / f"{DOMAIN}.po").is_file())
    return (SOURCE_LANGUAGE, *found)


def catalogue_path(language: str):
    """The ``.po`` file of `language` (a Traversable in the installed package)."""
    return _locale_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=None)
def translator(language: str = SOURCE_LANGUAGE) -> gettext.NullTranslations:
    """The translations of `language` (``gettext``/``ngettext``/``pgettext``); English: the identity. An unknown
    language is a `ValueError` naming the available ones (the CLI checks first and makes it a usage error)."""
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    if language not in languages():
        raise ValueError(f"unknown language {language!r}: available: {', '.join(languages())}")
    with catalogue_path(language).open("rb") as fh:
        catalog = read_po(fh, locale=language, domain=DOMAIN)
    buf = BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def gettext_for(language: str):
    """The ``_`` function of `language`."""
    return translator(language).gettext


def direction(language: str) -> str:
    """``rtl`` or ``ltr``: the direction `language` is written in (HTML ``dir``)."""
    return "rtl" if language.split("-")[0] in RTL_LANGUAGES else "ltr"


def format_date(value: date, language: str) -> str:
    """A date written out in `language` ("30 November 2026", "30 novembre 2026"); English keeps the house form
    (day month year) so that its outputs do not change."""
    if language == SOURCE_LANGUAGE:
        return f"{value.day} {value.strftime('%B')} {value.year}"
    return _babel_format_date(value, format="long", locale=language)


def number_words(n: int, language: str) -> str:
    """`n` in words where the brief writes small counts in words (zero to twelve); larger numbers in digits."""
    en = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
    fr = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze"]
    words = fr if language == "fr" else en
    return words[n] if 0 <= n < len(words) else str(n)


def N_(message: str) -> str:
    """Marks `message` for extraction where it is translated later (a table of words): returns it unchanged."""
    return message


def language_tag(language: str) -> str:
    """The language with its most likely country, as word processors tag text for proofing ("fr" -> "fr-FR",
    "en" -> "en-US"), from the Unicode CLDR's likely subtags (Babel); a tag that already names a country is kept."""
    from babel.core import get_global

    if "-" in language or "_" in language:
        return language.replace("_", "-")
    likely = get_global("likely_subtags").get(language, "")
    parts = likely.split("_")
    return f"{language}-{parts[-1]}" if len(parts) >= 2 and parts[-1].isupper() else language
