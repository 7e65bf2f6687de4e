"""The brief in Markdown (`cpss recommend FILE --format markdown`): the same content as the HTML and Word briefs,
laid out from the `Brief` of `brief_view`, for pasting into a report.

Markdown draws no charts: each is named, with its description in words (the charts' own alt text). Footnote
numbers follow each card's reasons and resolve under Sources, grouped by document. Every text is escaped with
`core.escape.markdown`, so that it renders as itself. The full record (``detail="full"``) is the Markdown of
`plan_text.markdown_full`.
"""

from __future__ import annotations

from ..core.escape import markdown as md
from ..kb.knowledge_base import KnowledgeBase
from ..planning.plan_model import Plan
from .brief_html import draw
from .brief_model import Brief, Card
from .brief_view import brief_view


def render_brief_markdown(plan: Plan, kb: KnowledgeBase, *, detail: str = "brief") -> str:
    brief = brief_view(plan, kb, detail=detail)
    out = _cover(brief)
    out += ["## Key messages", ""] + [f"{i}. {md(m)}" for i, m in enumerate(brief.messages, 1)] + [""]
    for c in brief.charts:
        chart = draw(c.name, plan, kb)
        out += [f"## {md(c.heading)}", "", f"*Chart: {md(chart.title)}.* {md(c.caption)}", "",
                f"> {md(chart.description)}", ""]
    out += ["## The steps and actions, in plan order", ""]
    for card in brief.cards:
        out += _card(card)
    if not brief.cards:
        out += ["The plan has no steps or actions: every rated subdomain is at its target.", ""]
    out += ["## What waits and why", ""]
    if brief.waiting_summary is None:
        out += ["Nothing waits: every step of the plan starts within the horizon.", ""]
    else:
        out += [md(brief.waiting_summary), ""]
        out += [f"- {'; '.join('**' + md(s) + '**' for s in w.steps)}. {md(w.reason)}" for w in brief.waiting]
        out.append("")
    out += _sources(brief)
    out += ["---", "", md(brief.footer), ""]
    return "\n".join(out)


def _cover(brief: Brief) -> list[str]:
    c = brief.cover
    facts = [("Assessment as of", c.date), ("Horizon", c.horizon), ("Setting", c.setting),
             ("Context", "; ".join(c.contexts) or "none given"), ("Ratings", c.rated)]
    out = [f"# {md(c.title)}: {md(c.country)}", ""]
    out += [f"- **{label}:** {md(value)}" for label, value in facts]
    out.append("")
    if c.note:
        out += [f"**{md(c.note)}**", ""]
    return out


def _card(card: Card) -> list[str]:
    out = [f"### {card.number}. {md(card.title)}", "",
           f"*{md(card.kind)}.* {md(card.months)}. **Lead:** {md(card.lead)}.", ""]
    if card.summary:
        out += [md(card.summary), ""]
    what = " ".join(f"*{md(w.title)}.*" + (f" {md(w.description)}" if w.description else "") for w in card.first)
    if card.then:
        what += " Then: " + "; ".join(md(t) for t in card.then) + (f"; and {card.more} more." if card.more else ".")
    elif card.more:
        what += f" And {card.more} more."
    out += [f"**What:** {what.strip()}", ""]
    notes = f" (notes {', '.join(str(n) for n in card.notes)})" if card.notes else ""
    out += [f"**Why now:** {md(card.why)}{notes}", ""]
    for label, text in (("Unlocks", card.unlocks), ("Interim", card.interim), ("Check first", card.check)):
        if text:
            out += [f"**{label}:** {md(text)}", ""]
    return out


def _sources(brief: Brief) -> list[str]:
    out = ["## Sources", "", "The numbers in the cards refer to these sections of the documents behind the "
           "knowledge base; \u201cour reading\u201d marks the project's inference from a document.", ""]
    for doc in brief.documents:
        out += [f"**{md(doc.reference)}**", ""]
        out += [f"- {n.number}: {md(n.section)}" + (" (our reading)" if n.inferred else "") for n in doc.notes]
        out.append("")
    if not brief.documents:
        out += ["No sources are cited.", ""]
    return out
