"""Progress over time as one self-contained HTML page: `cpss compare OLD NEW -o progress.html`.

The content is the comparison in words (`compare_view`); this module hands it to the Jinja2 template
`compare.html.j2` (with `compare.css`) of the package's one template environment (`templating`), which escapes every
output expression: a country, file name or evidence text is always text. Like the other pages it needs nothing
outside itself (inline CSS, no script, font, image or link to load), carries the same Content-Security-Policy and
prints on A4 portrait. The same data gives the same bytes.
"""

from __future__ import annotations

from ..kb.knowledge_base import KnowledgeBase
from .compare_view import comparison_view
from .plan_html import CSP
from .templating import render


def render_html(data: dict, kb: KnowledgeBase) -> str:
    """The whole page for a comparison (`cpss_advisor.analysis.progress.compare`)."""
    return render("compare.html.j2", csp=CSP, v=comparison_view(data, kb), language=kb.language)
