"""The brief of a plan: the one place that decides its words, for HTML, Markdown and Word alike.

`brief_view(plan, kb, detail="brief")` reads the typed plan and the knowledge base and returns a `Brief`
(`brief_model`): a cover (country, date, horizon and setting in words, the context by its titles), three to five
key messages derived from the plan (what starts first and why, what the response track does, what waits and why,
the warnings that matter, the advice for the context), the charts to show, one card per step or action in plan
order (what, with the first interventions and their descriptions; why now; who leads; how long; what it unlocks;
any interim measure; footnote numbers), what waits and why, and the bibliography that resolves every footnote to
its document. ``detail="full"`` adds the annex (`brief_annex`): the record with ids, rules, facts and hashes.

Nothing here writes markup or escapes: the renderers (`brief_html`, `brief_markdown`, `brief_docx`) lay the brief
out and escape its texts for their format. Ids the knowledge base does not know are shown as they are.
"""

from __future__ import annotations

import re

from ..kb.knowledge_base import KnowledgeBase
from ..planning.plan_model import Plan, Recommendation
from . import brief_reasons as reasons
from .brief_annex import annex_view
from .brief_messages import messages
from .brief_model import Brief, Card, Chart, Cover, Work
from .brief_sources import Footnotes
from .brief_waiting import waiting_view
from ..core.i18n import N_, SOURCE_LANGUAGE, translator
from .brief_words import Words, date, listing, months, number, sentence

DETAILS = ("brief", "full")
TITLE = N_("Child protection systems strengthening plan")
#: interventions a card describes, and names after them
FIRST, THEN = 1, 1
DESCRIPTION_WORDS = 45
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
KINDS = {"climb": N_("Step"), "restore": N_("Restore"), "respond": N_("Response"), "protect": N_("Protection"),
         "surge": N_("Surge"), "enable": N_("Enabling action")}


def brief_view(plan: Plan, kb: KnowledgeBase, *, detail: str = "brief") -> Brief:
    """The brief of `plan`: the same plan gives the same brief."""
    if detail not in DETAILS:
        raise ValueError(f"detail is one of {', '.join(DETAILS)}, not {detail!r}")
    words = Words(kb)
    notes = Footnotes(kb)
    cards = tuple(_card(i, r, plan, kb, words, notes) for i, r in enumerate(plan.recommendations, 1))
    waiting, waiting_summary = waiting_view(plan, words)
    return Brief(
        cover=_cover(plan, kb, words),
        messages=tuple(messages(plan, kb, words)),
        charts=_charts(detail, words),
        cards=cards,
        waiting=waiting,
        waiting_summary=waiting_summary,
        documents=notes.documents(),
        footer=_footer(plan, words),
        detail=detail,
        annex=annex_view(plan, kb) if detail == "full" else None,
        language=kb.language,
    )


# --- cover ---------------------------------------------------------------------------------------------------------

def _cover(plan: Plan, kb: KnowledgeBase, words: Words) -> Cover:
    _, lang = words._, words.language
    total = len(plan.ratings) + len(plan.unrated)
    rated = (_("All %(total)s subdomains rated") % {"total": total} if not plan.unrated else
             _("%(rated)s of %(total)s subdomains rated (not rated: %(unrated)s)") % {
                 "rated": len(plan.ratings), "total": total,
                 "unrated": listing([words.subdomain(s) for s in plan.unrated], language=lang)})
    note = (_("A supportive plan: long work is handed to a partner that can resource a longer-term response.")
            if plan.plan_kind == "supportive" else None)
    return Cover(title=_(TITLE), country=plan.country, as_of=plan.as_of, date=date(plan.as_of, lang),
                 horizon=horizon(plan, words), setting=_setting(plan),
                 contexts=tuple(words.context(c) for c in plan.context), rated=rated, note=note)


def horizon(plan: Plan, words: Words | None = None) -> str:
    """"Two years, in four periods of six months" (periods of unequal length are listed)."""
    lang = words.language if words is not None else SOURCE_LANGUAGE
    t = translator(lang)
    years = plan.horizon_years
    head = t.ngettext("%(n)s year", "%(n)s years", years) % {"n": number(years, lang)}
    head = head[:1].upper() + head[1:]
    lengths = {p.end_month - p.start_month for p in plan.waves}
    n = len(plan.waves)
    periods = t.ngettext("%(n)s period", "%(n)s periods", n) % {"n": number(n, lang)}
    if len(lengths) == 1:
        length = lengths.pop()
        return t.ngettext("%(head)s, in %(periods)s of %(n)s month", "%(head)s, in %(periods)s of %(n)s months",
                          length) % {
            "head": head, "periods": periods, "n": number(length, lang)}
    spans = [f"{p.start_month}\u2013{p.end_month}" for p in plan.waves]
    return t.gettext("%(head)s, in %(periods)s: months %(spans)s") % {
        "head": head, "periods": periods, "spans": listing(spans, language=lang)}


def _setting(plan: Plan) -> str:
    title = plan.setting.title
    return title if title.lower().startswith("stable") else f"{title[:1].upper()}{title[1:].lower()}"


# --- cards ---------------------------------------------------------------------------------------------------------

def _card(n: int, r: Recommendation, plan: Plan, kb: KnowledgeBase, words: Words, notes: Footnotes) -> Card:
    timed = [iv for iv in r.interventions if not iv.checklist]
    step = r.kind in ("climb", "restore")
    # a step describes its first intervention; an action has its own description, and names its work
    first = tuple(Work(iv.title, _short(iv.description or _description(kb, iv.id)) if step else None)
                  for iv in timed[:FIRST])
    then = tuple(iv.title for iv in timed[FIRST:FIRST + THEN])
    more = len(r.interventions) - len(first) - len(then)
    title = words.climb(r.subdomain, r.from_phase, r.to_phase, restore=r.kind == "restore") if step else r.title
    terms = reasons.deciding(r)
    first_month = plan.waves[0].start_month if plan.waves else 0
    if step:
        why = " ".join([*(reasons.reason(t, r, words) for t in terms)] or [_target_reason(r, plan, words)])
        cited = [*reasons.sources(terms, r), *(iv.source for iv in timed[:FIRST])]
    else:
        why = reasons.context_reason(r, words) or words._("It runs beside the phase steps.")
        cited = [*r.sources[:1], *(iv.source for iv in timed[:FIRST])]
    why += " " + reasons.placement(r, words, first_month, plan.capacity)
    return Card(
        number=n, kind=words._(KINDS[r.kind]) if r.kind in KINDS else r.kind.capitalize(), title=title,
        start_month=r.start_month, end_month=r.end_month,
        months=months(r.start_month, r.end_month, words.language),
        lead=words.actor(r.lead), first=first, then=then, more=more, why=words.plain(why),
        unlocks=_unlocks(r, plan, kb, words) if step else None, interim=_interim(r, kb, words),
        check=_check(r, words), summary=None if step else r.description,
        notes=notes.cite_all(cited, 3), response=r.track == "response")


def _description(kb: KnowledgeBase, iid: str) -> str | None:
    iv = kb.interventions.get(iid)
    return iv.description if iv is not None else None


def _short(text: str | None) -> str | None:
    """A description for a card: whole when short; else its first sentence (the work) and, when it fits, its last
    (what the work delivers)."""
    if text is None or len(text.split()) <= DESCRIPTION_WORDS:
        return text
    sentences = _SENTENCE.split(text.strip())
    first, last = sentences[0], sentences[-1]
    if len(sentences) > 1 and len(first.split()) + len(last.split()) <= DESCRIPTION_WORDS:
        return f"{first} {last}"
    return first


def _target_reason(r: Recommendation, plan: Plan, words: Words) -> str:
    """Why a step with no weighing term is in the plan: it goes with another step, or its target asks for it."""
    if r.co_requisites:
        return words._("It is built together with %(steps)s.") % {
            "steps": listing([words.step(c) for c in r.co_requisites], language=words.language)}
    target = next((t for t in plan.targets if t.subdomain == r.subdomain), None)
    how = (words._("set in the assessment") if target is not None and target.explicit
           else words._("the default for the horizon"))
    return words._("Its target is %(phase)s (%(how)s).") % {
        "phase": words.phase(target.phase if target else r.to_phase), "how": how}


def _unlocks(r: Recommendation, plan: Plan, kb: KnowledgeBase, words: Words) -> str | None:
    """What reaching the step opens: the plan's steps that need it, then those it helps."""
    planned = {(x.subdomain, x.to_phase) for x in [*plan.recommendations, *plan.deferred]}
    hard, soft = [], []
    for e in kb.edges:
        if e.needs != r.subdomain or not r.from_phase < e.min_phase <= r.to_phase:
            continue
        if (e.subdomain, e.to_phase) not in planned:
            continue
        (soft if e.type == "soft" else hard).append(words.reaching(e.subdomain, e.to_phase))
    _, lang = words._, words.language
    parts = []
    if hard:
        parts.append(_("opens the way for %(steps)s") % {"steps": listing(hard[:3], language=lang)})
    if soft:
        parts.append(_("helps %(steps)s") % {"steps": listing(soft[:2], language=lang)})
    return sentence(_("Reaching it %(parts)s") % {"parts": _("; it also ").join(parts)}) if parts else None


def _interim(r: Recommendation, kb: KnowledgeBase, words: Words) -> str | None:
    """The stopgap a step starts with while a prerequisite is built (an interim dependency's measure)."""
    out = []
    for iv in r.interventions:
        known = kb.interventions.get(iv.id)
        if known is None or known.use != "interim":
            continue
        needs = [e.needs for e in kb.edges if e.interim == iv.id and e.subdomain == r.subdomain]
        while_ = words._(", while %(needs)s is built") % {
            "needs": listing([words.subdomain(s) for s in needs], language=words.language)} if needs else ""
        out.append(f"{iv.title}{while_}")
    return sentence(words._("It starts on an interim measure: %(measures)s") % {"measures": "; ".join(out)}) \
        if out else None


def _check(r: Recommendation, words: Words) -> str | None:
    if not r.checks:
        return None
    rated = listing([f"{words.subdomain(c.rated)} ({words.phase(c.phase)})" for c in r.checks],
                    language=words.language)
    return words._("Verify the rating of %(rated)s before committing: it is held with low confidence and it "
                   "decides this step.") % {"rated": rated}


# --- charts and footer ---------------------------------------------------------------------------------------------

def _charts(detail: str, words: Words) -> tuple[Chart, ...]:
    _ = words._
    out = [Chart("phases", _("Where the system stands"),
                 _("Each subdomain's current phase and its target over the horizon, by intermediate outcome.")),
           Chart("timeline", _("The plan over time"),
                 _("When each step and action starts and ends, by track, with the planning periods marked."))]
    if detail == "full":
        out.append(Chart("dependencies", _("Dependencies that bear on the plan"),
                         _("The prerequisites between subdomains that shape this plan's order.")))
    return tuple(out)


def _footer(plan: Plan, words: Words) -> str:
    version = plan.provenance.get("tool_version", "")
    return words._("Prepared offline with cpss-advisor %(version)s from the assessment of %(date)s. The plan's full "
                   "record (every rule, fact, dependency and source) is in its annex and its data file.") % {
        "version": version, "date": date(plan.as_of, words.language)}
