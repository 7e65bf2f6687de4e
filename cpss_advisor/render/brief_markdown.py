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
from ..core.i18n import gettext_for


def render_brief_markdown(plan: Plan, kb: KnowledgeBase, *, detail: str = "brief") -> str:
    brief = brief_view(plan, kb, detail=detail)
    _ = gettext_for(kb.language)
    out = _cover(brief, _)
    out += ["## " + _("Key messages"), ""] + [f"{i}. {md(m)}" for i, m in enumerate(brief.messages, 1)] + [""]
    for c in brief.charts:
        chart = draw(c.name, plan, kb)
        out += [f"## {md(c.heading)}", "", "*" + _("Chart: %(title)s.") % {"title": md(chart.title)} + f"* {md(c.caption)}", "",
                f"> {md(chart.description)}", ""]
    out += ["## " + _("The steps and actions, in plan order"), ""]
    for card in brief.cards:
        out += _card(card, _)
    if not brief.cards:
        out += [_("The plan has no steps or actions: every rated subdomain is at its target."), ""]
    out += ["## " + _("What waits and why"), ""]
    if brief.waiting_summary is None:
        out += [_("Nothing waits: every step of the plan starts within the horizon."), ""]
    else:
        out += [md(brief.waiting_summary), ""]
        out += [f"- {'; '.join('**' + md(s) + '**' for s in w.steps)}. {md(w.reason)}" for w in brief.waiting]
        out.append("")
    out += _sources(brief, _)
    out += ["---", "", md(brief.footer), ""]
    return "\n".join(out)


def _cover(brief: Brief, _) -> list[str]:
    c = brief.cover
    facts = [(_("Assessment as of"), c.date), (_("Horizon"), c.horizon), (_("Setting"), c.setting),
             (_("Context"), "; ".join(c.contexts) or _("none given")), (_("Ratings"), c.rated)]
    out = [f"# {md(c.title)}: {md(c.country)}", ""]
    out += ["- **" + _("%(label)s:") % {"label": label} + f"** {md(value)}" for label, value in facts]
    out.append("")
    if c.note:
        out += [f"**{md(c.note)}**", ""]
    return out


def _card(card: Card, _) -> list[str]:
    out = [f"### {card.number}. {md(card.title)}", "",
           f"*{md(card.kind)}.* {md(card.months)}. **{_('Lead:')}** {md(card.lead)}.", ""]
    if card.summary:
        out += [md(card.summary), ""]
    what = " ".join(f"*{md(w.title)}.*" + (f" {md(w.description)}" if w.description else "") for w in card.first)
    if card.then:
        what += (" " + _("Then:") + " " + "; ".join(md(t) for t in card.then)
                 + ("; " + _("and %(n)s more") % {"n": card.more} + "." if card.more else "."))
    elif card.more:
        what += " " + _("And %(n)s more.") % {"n": card.more}
    out += [f"**{_('What:')}** {what.strip()}", ""]
    notes = " (" + _("notes %(numbers)s") % {"numbers": ", ".join(str(n) for n in card.notes)} + ")" \
        if card.notes else ""
    out += [f"**{_('Why now:')}** {md(card.why)}{notes}", ""]
    for label, text in ((_("Unlocks:"), card.unlocks), (_("Interim:"), card.interim),
                        (_("Check first:"), card.check)):
        if text:
            out += [f"**{label}** {md(text)}", ""]
    return out


def _sources(brief: Brief, _) -> list[str]:
    out = ["## " + _("Sources"), "", _("The numbers in the cards refer to these sections of the documents behind "
                                       "the knowledge base; \u201cour reading\u201d marks the project's inference "
                                       "from a document."), ""]
    for doc in brief.documents:
        out += [f"**{md(doc.reference)}**", ""]
        out += [f"- {n.number}: {md(n.section)}" + (" (" + _("our reading") + ")" if n.inferred else "") for n in doc.notes]
        out.append("")
    if not brief.documents:
        out += [_("No sources are cited."), ""]
    return out
