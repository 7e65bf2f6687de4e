"""The brief as one self-contained HTML page (`cpss recommend FILE --format html`), and with the full detail the
brief followed by its annex, the full page of `plan_html`.

The page lays out the `Brief` of `brief_view` with the Jinja2 templates `brief.html.j2` (the brief alone) and
`brief_full.html.j2` (the brief, then the full page as its annex); the charts are the inline SVG of
`cpss_advisor.render.charts`. As for the full page: no script, font, image or link to the network, a
Content-Security-Policy that forbids loading anything, every text escaped by the template environment, and the
same plan gives the same bytes. The print style sheet lays the brief out on A4 portrait pages: the cover, the key
messages and the charts, then the cards in two columns, what waits and the sources; the annex starts on a page
of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

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
PRINT_WIDTH_CM = 17.0


@dataclass(frozen=True)
class _Figure:
    anchor: str
    heading: str
    caption: str
    svg: Markup
    width: str          # the CSS width it is shown at: its drawn width, or less for a tall chart


def render_brief_html(plan: Plan, kb: KnowledgeBase, *, detail: str = "brief") -> str:
    """The brief's page (with the annex after it when `detail` is "full")."""
    brief = brief_view(plan, kb, detail=detail)
    context = {"csp": CSP, "brief": brief, "charts": figures(brief, plan, kb)}
    if detail == "full":
        from .plan_html import page_view

        return render("brief_full.html.j2", **{**page_view(plan.model_dump(mode="json"), kb), **context},
                      container="div")
    return render("brief.html.j2", **context, container="main")


def figures(brief: Brief, plan: Plan, kb: KnowledgeBase) -> list[_Figure]:
    """The brief's charts, drawn: SVG that the package wrote (its title and description escaped), so it is
    markup, not text."""
    out = []
    for c in brief.charts:
        chart = draw(c.name, plan, kb)
        width = min(PRINT_WIDTH_CM, chart.width_in * 2.54, PRINT_HEIGHT_CM * chart.width_in / chart.height_in)
        out.append(_Figure(f"chart-{c.name}", c.heading, c.caption, Markup(chart.svg()), f"{width:.1f}cm"))
    return out


def draw(name: str, plan: Plan, kb: KnowledgeBase) -> chart_module.Chart:
    """A chart of the brief by its name in `charts`."""
    if name == "dependencies":
        return chart_module.dependencies(plan, kb, scope="plan")
    return {"phases": chart_module.phases, "timeline": chart_module.timeline}[name](plan, kb)
