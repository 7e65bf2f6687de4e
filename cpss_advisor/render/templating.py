"""The Jinja2 environment of the package's HTML templates (`cpss_advisor/render/templates/`).

One environment, built once, for every page:

- the templates are package data, found through the package (`PackageLoader`), so an installed wheel renders the
  same pages as the checkout, from any directory;
- every output expression is escaped, once, by the environment and not by each template: `finalize` passes each
  plain string through `cpss_advisor.core.escape.html` (``&``, ``<``, ``>`` and both quotes as entities, control
  characters shown as visible escapes such as ``\\x1b``) and returns it as `Markup`, which autoescape then leaves
  alone. Only `Markup` that the package built from escaped parts (the SVG charts, the output of macros) passes
  through unchanged; a template never needs, and must not use, ``|safe`` on text;
- a variable a template names but the view does not give is an error (`StrictUndefined`), never an empty string;
- a line that holds only a block tag leaves nothing behind (`trim_blocks`, `lstrip_blocks`), and a template's last
  line break is kept, so the markup lines of a template are the lines of the page.

Nothing here reads the network or the clock: the same view gives the same bytes.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..core.escape import html
from ..core.i18n import SOURCE_LANGUAGE, direction, translator


def finalize(value: object) -> object:
    """What an output expression writes: a plain string escaped for HTML with its control characters shown as
    escapes; `Markup` (already safe) and other values (numbers) as they are, for autoescape to write."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return Markup(html(value))
    return value


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The package's template environment (built on first use)."""
    return Environment(
        loader=PackageLoader("cpss_advisor.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        extensions=["jinja2.ext.i18n"],
    )


def render(template: str, *, language: str = SOURCE_LANGUAGE, **context: object) -> str:
    """Template `template` (a name under `templates/`) rendered with `context`, its words (``{% trans %}``,
    ``_()``) in `language`, whose code and direction the page shell writes (``<html lang dir>``). The translation
    functions are passed with the context of this one call (never installed in the shared environment), so two
    pages in two languages never mix."""
    t = translator(language)

    def gettext(message: str, **values: object) -> str:
        text = t.gettext(message)
        return text % values if values else text

    def ngettext(singular: str, plural: str, n: int, **values: object) -> str:
        return t.ngettext(singular, plural, n) % {"num": n, **values}

    return environment().get_template(template).render(
        gettext=gettext, ngettext=ngettext, _=gettext, lang=language, dir=direction(language), **context)
