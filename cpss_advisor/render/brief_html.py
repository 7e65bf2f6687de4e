"""The brief as one self-contained HTML page (`cpss recommend FILE --format html`); with the full detail,
`plan_html` puts its full page after the brief, as the annex.

The page lays out the `Brief` of `brief_view` with the Jinja2 templates `brief.html.j2` (the brief alone) and
`brief_full.html.j2` (the brief, then the full page as its annex); the charts are the inline SVG of
`cpss_advisor.render.charts`. As for the full page: no script, font, image or link to the network, a
Content-Security-Policy that forbids loading anything, every text escaped by the template environment, and the
same plan gives the same bytes. The print style sheet lays the brief out on A4 portrait pages: the cover, the key
messages and the charts, then the cards in two columns, what waits and the sources; the annex starts on a page
of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from ..core.i18n import gettext_for
from ..kb.knowledge_base import KnowledgeBase
from ..planning.plan_model import Plan
from . import charts as chart_module
from .brief_model import Brief
from .brief_view import brief_view
from .templating import render

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


#: the tallest a chart is printed (its width shrinks with it), so that the cover, the key messages and the first
#: chart share the first page
PRINT_HEIGHT_CM = 12.5
_XMLNS = re.compile(r'\s+xmlns(?::xlink)?="[^"]*"')
PRINT_WIDTH_CM = 17.0


@dataclass(frozen=True)
class _Figure:
    anchor: str
    heading: str
    caption: str
    svg: Markup
    width: str          # the CSS width it is shown at: its drawn width, or less for a tall chart


def brief_context(plan: Plan, kb: KnowledgeBase, detail: str = "brief") -> dict:
    """What the brief's templates show: the brief, its charts drawn, the page's security policy."""
    brief = brief_view(plan, kb, detail=detail)
    return {"csp": CSP, "brief": brief, "charts": figures(brief, plan, kb)}


def render_brief_html(plan: Plan, kb: KnowledgeBase) -> str:
    """The brief's page alone (`plan_html.render_html` puts the full page after it for the full detail)."""
    return render("brief.html.j2", **brief_context(plan, kb), container="main", language=kb.language)


def figures(brief: Brief, plan: Plan, kb: KnowledgeBase) -> list[_Figure]:
    """The brief's charts, drawn: SVG that the package wrote (its title and description escaped), so it is
    markup, not text."""
    out = []
    for c in brief.charts:
        chart = draw(c.name, plan, kb)
        width = min(PRINT_WIDTH_CM, chart.width_in * 2.54, PRINT_HEIGHT_CM * chart.width_in / chart.height_in)
        out.append(_Figure(f"chart-{c.name}", c.heading, c.caption, Markup(inline(chart.svg())), f"{width:.1f}cm"))
    return out


def inline(svg: str) -> str:
    """An SVG document as an element of an HTML page: without its namespace declarations, which the HTML parser
    supplies (so that the page names no address at all)."""
    head, sep, rest = svg.partition(">")
    return _XMLNS.sub("", head) + sep + rest


def draw(name: str, plan: Plan, kb: KnowledgeBase) -> chart_module.Chart:
    """A chart of the brief by its name in `charts`."""
    if name == "dependencies":
        return chart_module.dependencies(plan, kb, scope="plan")
    return {"phases": chart_module.phases, "timeline": chart_module.timeline}[name](plan, kb)


def render_brief_fragment(plan: Plan, kb: KnowledgeBase) -> str:
    """The brief's body for a page with its own head and style sheet (the local web app, `cpss serve`): the cover
    and the sections in a div, the dependency chart after the brief's own charts."""
    context = brief_context(plan, kb)
    chart = draw("dependencies", plan, kb)
    _ = gettext_for(kb.language)
    context["charts"] = [*context["charts"], _Figure(
        "chart-dependencies", _("Dependencies that bear on the plan"),
        _("The prerequisites between subdomains that shape this plan's order."), Markup(inline(chart.svg())),
        f"{min(PRINT_WIDTH_CM, chart.width_in * 2.54):.1f}cm")]
    return render("brief_body.html.j2", **context, container="div", language=kb.language)


def brief_stylesheet() -> str:
    """The brief's style sheet, to be served as a file by a page that shows `render_brief_fragment`."""
    from .templating import environment

    return environment().loader.get_source(environment(), "brief.css")[0]
