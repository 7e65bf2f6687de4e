"""The consensus as one self-contained HTML page (`cpss consensus FILE... -o consensus.html`), from
`consensus_view` through the template `consensus.html.j2`, which escapes every output expression. Like the other
pages it loads nothing (inline CSS, no script) and carries the same Content-Security-Policy; each phase has its
colour and its number, so a black-and-white print reads the same."""

from __future__ import annotations

from typing import Any

from ..kb.knowledge_base import KnowledgeBase
from .consensus_view import consensus_view
from .plan_html import CSP
from .portfolio_view import PHASE_FILLS, PHASE_INKS
from .templating import render


def render_html(c: Any, kb: KnowledgeBase) -> str:
    return render("consensus.html.j2", csp=CSP, v=consensus_view(c, kb),
                  phase_colours=[(n, PHASE_FILLS[n], PHASE_INKS[n]) for n in sorted(PHASE_FILLS)], language=kb.language)
