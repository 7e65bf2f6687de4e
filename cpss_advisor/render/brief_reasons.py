"""Why a step is where it is, in plain words: the deciding score terms and the placement, for a brief's card.

The planner records each contribution to a step's score as a term (a weight, a label, the rule that fired) and
each firing with the facts it matched. `deciding` picks the one or two terms that weigh most; `reason` says each
in words, from the facts where the label holds an id (a case management figure, a context, a step); `placement`
says why the step starts when it does. The sources behind the chosen terms are returned for the footnotes.
"""

from __future__ import annotations

import re

from ..core.i18n import translator
from ..planning.plan_model import Recommendation, ScoreTerm
from .brief_words import Words, capital, listing, number, sentence

_LAG = re.compile(r"(\d+(?:\.\d+)?) phase")
_HELPS = re.compile(r"helps (\d\.\d) reach phase (\d)")
_RISK = re.compile(r"at risk from (.+)$")


def deciding(r: Recommendation, limit: int = 2) -> list[ScoreTerm]:
    """The terms that weigh most, heaviest first (the plan's order among equals)."""
    ranked = sorted(enumerate(r.score_terms), key=lambda x: (-x[1].weight, x[0]))
    return [t for _i, t in ranked if t.weight > 0][:limit]


def firings(r: Recommendation, rule: str) -> list[dict]:
    """The rationale entries (firings with their facts) of one rule."""
    return [x for x in r.rationale if isinstance(x, dict) and x.get("rule") == rule]


def _fact(firing: dict, kind: str) -> dict:
    facts = firing.get("facts") or {}
    return next((f for f in facts.values() if isinstance(f, dict) and f.get("type") == kind), {})


def reason(t: ScoreTerm, r: Recommendation, words: Words) -> str:
    """One score term as a sentence."""
    label, _ = t.label, words._
    if t.dependant:
        return capital(_("%(step)s needs it first.") % {"step": words.step(t.dependant)})
    said = _from_facts(t, r, words)
    if said is not None:
        return said
    if label.startswith("core function in a crisis: "):
        return sentence(_("it matters most in a crisis: %(why)s") % {"why": label.split(": ", 1)[1]})
    if label.startswith("core function: "):
        return sentence(_("it is a core function: %(why)s") % {"why": label.split(": ", 1)[1]})
    if label.startswith("lagging"):
        m = _LAG.search(label)
        n = float(m.group(1)) if m else 1
        behind = (_("a phase") if n == 1 else _("%(n)s phases") % {"n": m.group(1)} if m
                  else _("a phase or more"))
        return _("It lags %(behind)s behind the rest of the system.") % {"behind": behind}
    m = _HELPS.search(label)
    if m:
        return _("It helps %(step)s.") % {"step": words.reaching(m.group(1), int(m.group(2)))}
    m = _RISK.search(label)
    if m:
        return _("%(risk)s puts it at risk.") % {"risk": capital(words.plain(m.group(1)))}
    figure = _figure(t, r, words)
    if figure:
        return figure
    return sentence(words.plain(label))


def _value(v) -> str:
    """A number as a rule's template writes it (2.0 -> "2")."""
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def _from_facts(t: ScoreTerm, r: Recommendation, words: Words) -> str | None:
    """A term said from its rule and the facts its firing matched, not from its label: the label is in the rule
    set's language, and these words are the renderer's."""
    _, found = words._, [x.get("facts") or {} for x in firings(r, t.rule)]
    if t.rule in ("core-function-weighs", "core-function-in-crisis"):
        why = next((f["f"].get("label") for f in found if isinstance(f.get("f"), dict)), None)
        if why:
            text = (_("it matters most in a crisis: %(why)s") if t.rule == "core-function-in-crisis"
                    else _("it is a core function: %(why)s"))
            return sentence(text % {"why": why})
    if t.rule == "lagging-priority":
        n = next((f["r"].get("below_median") for f in found if isinstance(f.get("r"), dict)), None)
        if isinstance(n, (int, float)):
            behind = _("a phase") if n == 1 else _("%(n)s phases") % {"n": _value(n)}
            return _("It lags %(behind)s behind the rest of the system.") % {"behind": behind}
    if t.rule == "soft-dependency-priority":
        for f in found:
            a = f.get("a")
            if isinstance(a, dict) and f"{a.get('subdomain')} " in f"{t.label} " and isinstance(a.get("to_phase"), int):
                return _("It helps %(step)s.") % {"step": words.reaching(a["subdomain"], a["to_phase"])}
    if t.rule == "exposed-step-priority":
        for f in found:
            k = f.get("k")
            title = words.context(k["context"]) if isinstance(k, dict) and k.get("context") else None
            if title and title in t.label:
                return _("%(risk)s puts it at risk.") % {"risk": capital(title)}
    return None


def _figure(t: ScoreTerm, r: Recommendation, words: Words) -> str | None:
    """A term about a case management figure or checklist dimension, from the facts of its firing."""
    for x in firings(r, t.rule):
        f = _fact(x, "finding")
        if f.get("metric") and f["metric"] in t.label:
            std = words.standards.get(f["metric"])
            comparison = std.comparison if std is not None else "max"
            figure = words.figure(f["metric"], f.get("value"), f.get("limit"), comparison,
                                  f.get("level", "minimum"))
            return sentence(words._("its case management figures miss a standard: %(figure)s") % {"figure": figure})
        level = _fact(x, "cm_level")
        if level.get("title") and level.get("level_name"):
            return words._("The case management checklist puts %(dimension)s at %(level)s.") % {
                "dimension": level["title"][:1].lower() + level["title"][1:], "level": level["level_name"]}
    return None


def sources(terms: list[ScoreTerm], r: Recommendation) -> list[str]:
    """The citation labels behind the chosen terms, in their order."""
    out = []
    for t in terms:
        out += [x.get("source") for x in firings(r, t.rule) if x.get("source")][:1]
    return out


def placement(r: Recommendation, words: Words, first_month: int, capacity: int) -> str:
    """Why the step starts when it does, in words."""
    p, _, lang = r.placement, words._, words.language
    held = sorted({iv.held.until_month for iv in r.interventions if iv.held is not None})
    hold = " " + _("Part of its work waits until month %(month)s.") % {"month": held[-1]} if held else ""
    if r.start_month <= first_month:
        if r.kind not in ("climb", "restore"):
            return _("It starts at once, beside the steps.") + hold
        return _("It starts at once.") + hold
    start = _("It starts at month %(month)s") % {"month": r.start_month}
    if p.code == "prerequisite" and p.waited_for:
        return start + _(", once %(steps)s.") % {
            "steps": listing([words.step(w, "reached") for w in p.waited_for], language=lang)} + hold
    if p.code == "held" and r.holds:
        return f"{start}: {r.holds[0].reason}." + hold
    tr = translator(lang)  # the planner's words in the plan's language (`cpss_advisor.planning.schedule`)
    room = tr.gettext("no room earlier ({why})").split("(", 1)[0].strip()
    carries = tr.gettext("{lead} already carries as many steps at once as it can").split("{lead}", 1)[1].strip()
    if p.code == "capacity" or p.code == "beside" and room in p.text:
        if carries in p.text:
            return start + _(", when its lead has room: %(lead)s already carries as many steps at once as it "
                             "can.") % {"lead": words.actor(r.lead)} + hold
        return start + _(", when there is room: the plan runs at most %(n)s steps at once.") % {
            "n": number(capacity, lang)} + hold
    return f"{start}." + hold


def context_reason(r: Recommendation, words: Words) -> str | None:
    """For an action beside the steps: the context that calls for it."""
    found: list[str] = []
    for x in r.rationale:
        if not isinstance(x, dict):
            continue
        for f in (x.get("facts") or {}).values():
            if isinstance(f, dict) and f.get("type") == "context" and f.get("context"):
                title = words.context(f["context"])
                if title not in found:
                    found.append(title)
    if not found:
        return None
    return words._("The context calls for it (%(contexts)s), whatever the ratings.") % {
        "contexts": listing(found, language=words.language)}
