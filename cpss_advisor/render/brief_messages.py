"""The key messages of a brief: three to five sentences, each derived from the plan, never canned.

In this order, each when the plan gives it: what starts first and why; what the response track does (at acute
onset: that it starts at once and the reforms wait); what starts later and what waits beyond the horizon, and why;
the one or two warnings that matter (a rating to verify, case management figures that miss their standards,
other warnings of the planner); the advice for the context. When fewer than three apply, the plan's calendar
(how much work, when the longest ends) completes them.
"""

from __future__ import annotations

from ..kb.knowledge_base import KnowledgeBase
from ..planning.plan_model import Plan, Recommendation
from . import brief_reasons as reasons
from ..core.i18n import translator
from .brief_words import Words, count, listing, number, sentence

MAX_MESSAGES, MIN_MESSAGES = 5, 3
NAMED = 4  # actions a message names before "and N more"


def messages(plan: Plan, kb: KnowledgeBase, words: Words) -> list[str]:
    out = [m for m in (_first(plan, words), _response(plan, words), _later(plan, words)) if m]
    out += _warnings(plan, kb, words)[:2]
    out += [sentence(words.plain(a["text"])) for a in plan.advice[:1] if isinstance(a.get("text"), str)]
    out = out[:MAX_MESSAGES]
    if len(out) < MIN_MESSAGES:
        out.append(_calendar(plan, words))
    return out


def _steps(plan: Plan) -> list[Recommendation]:
    return [r for r in plan.recommendations if r.kind in ("climb", "restore") and r.track == "system"]


def _name(r: Recommendation, words: Words) -> str:
    return words.subdomain(r.subdomain) if r.kind in ("climb", "restore") else r.title


def _named(items: list[str], words: Words) -> str:
    lang = words.language
    if len(items) <= NAMED + 1:
        return listing(items, language=lang)
    return listing([*items[:NAMED], words._("%(n)s more") % {"n": number(len(items) - NAMED, lang)}], language=lang)


def _first(plan: Plan, words: Words) -> str | None:
    """What starts first, and why the first of them leads."""
    steps = _steps(plan)
    if not steps:
        return words._("No step of the system track is needed: every rated subdomain is at its target.")
    start = min(r.start_month for r in steps)
    first = [r for r in steps if r.start_month == start]
    lead = first[0]
    t, lang = translator(words.language), words.language
    when = t.gettext("at once") if start == 0 else t.gettext("at month %(month)s") % {"month": start}
    head = t.ngettext("%(n)s step starts %(when)s: %(steps)s.", "%(n)s steps start %(when)s: %(steps)s.",
                      len(first)) % {"n": number(len(first), lang), "when": when,
                                     "steps": _named([_name(r, words) for r in first], words)}
    head = head[:1].upper() + head[1:]
    terms = reasons.deciding(lead, 1)
    why = reasons.reason(terms[0], lead, words) if terms else None
    if why is None:
        return head
    if len(first) == 1:
        return f"{head} {why}"
    return f"{head} " + words._("First comes %(step)s.") % {"step": _name(lead, words)} + f" {why}"


def _response(plan: Plan, words: Words) -> str | None:
    """The response track (and the actions beside the steps), and what waits for it at acute onset."""
    beside = [r for r in plan.recommendations if r.track == "response" or r.kind not in ("climb", "restore")]
    if not beside:
        return None
    titles = _named([r.title[:1].lower() + r.title[1:] for r in beside], words)
    acute = plan.setting.context == "acute_onset"
    head = (words._("At acute onset the response track starts at once") if acute
            else words._("Beside the steps, the response track and its actions run from the first period"))
    text = f"{head}: {titles}."
    held = sorted({(iv.held.until_month, iv.held.reason) for r in plan.recommendations for iv in r.interventions
                   if iv.held is not None})
    if held:
        text += " " + words._("Reforms of the system wait until month %(month)s: %(reason)s.") % {
            "month": held[0][0], "reason": held[0][1]}
    return words.plain(text)


def _later(plan: Plan, words: Words) -> str | None:
    """The steps that start later, and what waits beyond the horizon, with the main reason."""
    steps = _steps(plan)
    start = min((r.start_month for r in steps), default=0)
    later = [r for r in steps if r.start_month > start]
    parts = []
    if later:
        by_month: dict[int, list[str]] = {}
        for r in sorted(later, key=lambda x: x.start_month):
            by_month.setdefault(r.start_month, []).append(_name(r, words))
        parts.append(words._("Later, %(starts)s.") % {"starts": "; ".join(
            words._("from month %(month)s, %(steps)s") % {"month": m, "steps": listing(names, language=words.language)}
            for m, names in by_month.items())})
    if plan.deferred:
        capacity = sum(d.reason_code == "capacity" for d in plan.deferred)
        lang = words.language
        why = (words._("the plan runs at most %(capacity)s steps at once and %(per_lead)s per lead actor") % {
            "capacity": number(plan.capacity, lang), "per_lead": number(plan.per_lead_capacity, lang)}
               if capacity * 2 >= len(plan.deferred) else words._("they wait for steps that do not finish in time"))
        text = translator(lang).ngettext("%(n)s step waits beyond the horizon: %(why)s.",
                                         "%(n)s steps wait beyond the horizon: %(why)s.", len(plan.deferred)) % {
            "n": number(len(plan.deferred), lang), "why": why}
        parts.append(text[:1].upper() + text[1:])
    return " ".join(parts) or None


def _warnings(plan: Plan, kb: KnowledgeBase, words: Words) -> list[str]:
    """The warnings that matter most, in words: ratings to verify, then figures, then the planner's others."""
    out = []
    checks = sorted({(c.rated, c.phase) for r in plan.recommendations for c in r.checks})
    if checks:
        rated = listing([words.subdomain(s) for s, _p in checks], language=words.language)
        if len(checks) == 1:
            out.append(words._("Verify the rating of %(rated)s before committing: held with low confidence, it "
                               "decides a step of the plan.") % {"rated": rated})
        else:
            out.append(words._("Verify the ratings of %(rated)s before committing: held with low confidence, they "
                               "decide steps of the plan.") % {"rated": rated})
    figures = _figures(plan, words)
    if figures:
        out.append(words._("Case management figures miss their standards: %(figures)s.") % {
            "figures": listing(figures, language=words.language)})
    for w in plan.warnings:
        if w.get("code") in ("verify-rating", "standard-missed") or not isinstance(w.get("text"), str):
            continue
        out.append(sentence(words.plain(w["text"])))
    return out


def _figures(plan: Plan, words: Words) -> list[str]:
    """Each missed case management standard once: the figure against its standard."""
    seen: dict[str, str] = {}
    for r in [*plan.recommendations, *plan.deferred]:
        for x in r.rationale:
            facts = (x.get("facts") or {}) if isinstance(x, dict) else {}
            fig = next((f for f in facts.values() if isinstance(f, dict) and f.get("type") == "figure"), None)
            std = next((f for f in facts.values() if isinstance(f, dict) and f.get("type") == "standard"), None)
            if fig and std and fig.get("metric") and fig["metric"] not in seen:
                seen[fig["metric"]] = words.figure(fig["metric"], fig.get("value"), std.get("limit"),
                                                   std.get("comparison", "max"), std.get("level", "minimum"))
    return [seen[m] for m in sorted(seen)]


def _calendar(plan: Plan, words: Words) -> str:
    steps = _steps(plan)
    actions = len(plan.recommendations) - len(steps)
    if not plan.recommendations:
        return words._("The plan has no steps or actions.")
    longest = max(plan.recommendations, key=lambda r: (r.end_month, -r.rank))
    if words.language == "en":
        within = "within" if longest.end_month <= plan.horizon_months else "beyond"
        return (f"The plan holds {count(len(steps), 'step')} and {count(actions, 'action')}; the longest, "
                f"{_name(longest, words)}, ends at month {longest.end_month}, {within} the horizon of "
                f"{plan.horizon_months} months.")
    values = {"steps": len(steps), "actions": actions, "longest": _name(longest, words),
              "month": longest.end_month, "horizon": plan.horizon_months}
    if longest.end_month <= plan.horizon_months:
        return words._("The plan holds %(steps)s steps and %(actions)s actions; the longest, %(longest)s, ends at "
                       "month %(month)s, within the horizon of %(horizon)s months.") % values
    return words._("The plan holds %(steps)s steps and %(actions)s actions; the longest, %(longest)s, ends at "
                   "month %(month)s, beyond the horizon of %(horizon)s months.") % values
