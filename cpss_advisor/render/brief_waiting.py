"""What waits and why: the plan's deferred steps in words, grouped by their reason."""

from __future__ import annotations

from ..planning.plan_model import Deferred, Plan
from .brief_model import Waiting
from ..core.i18n import translator
from .brief_words import Words, listing, number, sentence



def _markers(language: str) -> tuple[str, str, str]:
    """The planner's words around a capacity reason's parts, in `language` (`cpss_advisor.planning.schedule`): what
    ends a lead's part, what starts the plan's, what ends the list."""
    tr = translator(language)
    room = tr.gettext("{lead} already carries as many steps at once as it can").split("{lead}", 1)[1].strip()
    full = tr.ngettext("the plan already runs {n} of the {capacity} steps it can carry at once",
                       "the plan already runs {n} of the {capacity} steps it can carry at once", 2).split("{n}", 1)[0]
    end = tr.ngettext("no room when it could start (month {months}): {why}, with steps of higher priority",
                      "no room when it could start (months {months}): {why}, with steps of higher priority",
                      2).split("{why}", 1)[1]
    return room, full.strip(), end


def waiting_view(plan: Plan, words: Words) -> tuple[tuple[Waiting, ...], str | None]:
    """The deferred steps grouped by their reason in words (in plan order), and one sentence over them all."""
    groups: dict[str, list[str]] = {}
    for d in plan.deferred:
        groups.setdefault(reason(d, plan, words), []).append(deferred_title(d, words))
    waiting = tuple(Waiting(tuple(steps), why) for why, steps in groups.items())
    return waiting, _summary(plan, words)


def deferred_title(d: Deferred, words: Words) -> str:
    if d.kind in ("climb", "restore"):
        return words.climb(d.subdomain, d.from_phase, d.to_phase, restore=d.kind == "restore")
    return words.step(d.id)


def reason(d: Deferred, plan: Plan, words: Words) -> str:
    """Why one step waits, in words."""
    if d.reason_code != "capacity":
        return sentence(words.plain(d.reason))
    full, leads, _ = [], [], words._
    room, plan_full, end = _markers(words.language)
    for segment in d.reason.split(": ", 1)[-1].split(end)[0].split("; "):
        if segment.endswith(room):
            leads.append(_("%(lead)s already carries as many steps at once as it can") % {
                "lead": segment[:-len(room)].strip()})
        elif segment.startswith(plan_full):
            full = [_("the plan already runs the %(n)s steps it can carry at once") % {
                "n": number(plan.capacity, words.language)}]
    parts = full + sorted(leads)
    if not parts:
        return sentence(words.plain(d.reason))
    return sentence(_("no room within the horizon: %(parts)s, with steps of higher priority") % {
        "parts": listing(parts, language=words.language)})


def _summary(plan: Plan, words: Words) -> str | None:
    n = len(plan.deferred)
    if not n:
        return None
    out = translator(words.language).ngettext(
        "%(n)s step of the system track does not start within the horizon.",
        "%(n)s steps of the system track do not start within the horizon.", n) % {"n": number(n, words.language)}
    out = out[:1].upper() + out[1:]
    if any(d.reason_code == "capacity" for d in plan.deferred):
        out += " " + words._("More steps at once, a longer horizon or more hands for the busiest lead would bring "
                             "them in.")
    stretched = [p.reason for p in plan.policies if p.policy == "lead_ministry_stretched"]
    if stretched:
        out += " " + sentence(stretched[0])
    return out
