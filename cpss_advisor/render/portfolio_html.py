"""The regional comparison as one self-contained HTML page: `cpss portfolio DIR --format html -o region.html`.

The content is the portfolio in words (`portfolio_view`); this module hands it to the Jinja2 templates
`portfolio.html.j2` and `portfolio.css` of the package's one template environment (`templating`), which escapes
every output expression and shows control characters as escapes: a country or file name is always text.

Like the plan page, the page needs nothing outside itself (inline CSS, no script, font, image or link to load) and
carries the same Content-Security-Policy. It is laid out to print on A4 portrait: the phase table with one narrow
column per subdomain (headings written upwards), the phases in colour with their number in every cell, so that a
black-and-white print reads the same. The same data gives the same bytes.
"""

from __future__ import annotations

from ..kb.knowledge_base import KnowledgeBase
from .compare_view import trajectory_view
from .plan_html import CSP
from .portfolio_view import PHASE_FILLS, PHASE_INKS, portfolio_view
from .templating import render

#: The milestones the page lists (the most shared first); the workbook and the JSON list every one.
SHOWN_MILESTONES = 6


def render_html(data: dict, kb: KnowledgeBase) -> str:
    """The whole page for a portfolio (`cpss_advisor.analysis.portfolio.portfolio_data`)."""
    view = portfolio_view(data, kb)
    return render("portfolio.html.j2", csp=CSP, p=view,
                  phase_colours=[(n, PHASE_FILLS[n], PHASE_INKS[n]) for n in sorted(PHASE_FILLS)],
                  counted=[b for b in view.bottlenecks if b.counted], shown_milestones=SHOWN_MILESTONES,
                  progress=trajectory_view(data, kb), language=kb.language)
