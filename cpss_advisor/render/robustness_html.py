"""Robustness and sensitivity reports as one self-contained HTML page (`--format html`), from the words of
`cpss_advisor.render.robustness_view`, through the package's template environment (every output expression
escaped; no script, font, image or link to load). The same data gives the same bytes."""

from __future__ import annotations

from ..kb.knowledge_base import KnowledgeBase
from .plan_html import CSP
from .robustness_view import robustness_view, sensitivity_view
from .templating import render


def render_robustness_html(report: dict, kb: KnowledgeBase) -> str:
    return render("robustness.html.j2", csp=CSP, v=robustness_view(report, kb), language=kb.language)


def render_sensitivity_html(report: dict, kb: KnowledgeBase) -> str:
    return render("robustness.html.j2", csp=CSP, v=sensitivity_view(report, kb), language=kb.language)
