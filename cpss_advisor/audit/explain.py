"""Explaining a decision record: why each step is in the plan, why it starts when it does, why not earlier, and
what would change that (`cpss explain`), built only from what the record holds. Each section has its facts as
data and the same content as sentences (`text`); `cpss_advisor.render.audit_text` lays them out for people."""

from __future__ import annotations

from ..core.errors import InputError, Problem, did_you_mean
from ..core.i18n import translator
from ..core.text import number, signed, term_text
from ..planning.plan_model import Plan, Recommendation

#: Two scores this close (or closer) are "close": one term of one rule can reverse their order.
CLOSE_MARGIN = 1.0

class _PlanView:
    """Lookups over a recorded plan (read back as a typed `Plan`): steps and deferred steps by id."""

    def __init__(self, record: dict, language: str | None = None):
        self.plan = Plan.model_validate(record["plan"])
        #: the words of the explanation: the record's language (its texts are in it), unless another is asked for
        self.language = language or record.get("language") or "en"
        self._ = translator(self.language).gettext
        self.ngettext = translator(self.language).ngettext
        self.steps = {r.id: r for r in self.plan.recommendations}
        self.deferred = {d.id: d for d in self.plan.deferred}
        self.months = {w.wave: w.months for w in self.plan.waves}

    def ids(self) -> list[str]:
        return list(self.steps) + list(self.deferred)

    def label(self, rid: str) -> str:
        r = self.steps.get(rid)
        return rid if r is None else self._("{step} (months {months})").format(
            step=rid, months=f"{r.start_month}-{r.end_month}")


def explain_step(record: dict, rec_id: str, language: str | None = None) -> dict:
    """Why one step is in the plan, why it starts when it does, why not earlier, and what would change that.

    Each section has its facts as data and the same content as sentences (`text`), built only from the record:
    what the scheduler recorded for the step (its placement, holds, prerequisites, terms counted and not counted).
    """
    view = _PlanView(record, language)
    if rec_id in view.deferred:
        return _explain_deferred(record, view, view.deferred[rec_id])
    if rec_id not in view.steps:
        hint = did_you_mean(rec_id, view.ids())
        raise InputError(Problem("<command line>", None, None, "unknown-step",
                                 f"no step '{rec_id}' in the record",
                                 hint or "the record's steps are " + (", ".join(view.ids()) or "none")))
    r = view.steps[rec_id]
    return {"kind": "step", **_heading(record, view), "step": _step_head(r, view),
            "why_this_step": _why_this_step(r, view), "why_now": _why_now(view, r),
            "why_not_earlier": _why_not_earlier(view, r), "what_would_change_it": _what_would_change(view, r)}


def explain_plan(record: dict, language: str | None = None) -> dict:
    """A short paragraph per step in plan order, then the deferred steps and why."""
    view = _PlanView(record, language)
    _ = view._
    steps = []
    for r in view.plan.recommendations:
        head = _step_head(r, view)
        terms = "; ".join(term_text(t) for t in r.score_terms) or _("no score terms")
        score = _(", score {score}: {terms}").format(score=number(r.score), terms=terms) \
            if r.kind in ("climb", "restore") else ""
        steps.append({**head, "why_not_earlier": r.placement.code,
                      "text": _("{rank}. {label}. Months {months} (period {period}, {track} track){score}. When: "
                                "{placement}.").format(rank=r.rank, label=head["label"],
                                                       months=f"{r.start_month}-{r.end_month}", period=r.wave,
                                                       track=_(r.track), score=score, placement=r.placement.text)})
    deferred = [{"id": d.id, "score": d.score, "requires": d.requires, "reason": d.reason,
                 "text": _("{step} (score {score}): {reason}").format(step=d.id, score=number(d.score),
                                                                      reason=d.reason)}
                for d in view.plan.deferred]
    return {"kind": "plan", **_heading(record, view), "steps": steps, "deferred": deferred}


def _heading(record: dict, view: _PlanView) -> dict:
    plan = record["plan"]
    out = {"country": plan["country"], "as_of": plan["as_of"], "created": record["created"],
           "input": record["input"]["file"], "horizon_years": plan["horizon_years"], "capacity": plan["capacity"],
           "setting": plan["setting"]["title"]}
    if view.language != "en":  # the language of the words (absent: English, as explanations always were)
        out["language"] = view.language
    return out


def _step_head(r: Recommendation, view: _PlanView) -> dict:
    _ = view._
    if r.kind in ("climb", "restore"):
        cur, nxt = r.criteria["current"], r.criteria["next"]
        verb = _("restore ") if r.kind == "restore" else ""
        label = f"{r.id} {r.subdomain_title}: {verb}{r.from_phase} {cur['name']} -> {r.to_phase} {nxt['name']}"
    else:
        label = _("{step} {title} ({kind}, for {subdomain})").format(
            step=r.id, title=r.title, kind=_(r.kind), subdomain=f"{r.subdomain} {r.subdomain_title}")
    return {"id": r.id, "rank": r.rank, "wave": r.wave, "start_month": r.start_month, "end_month": r.end_month,
            "track": r.track, "kind": r.kind, "score": r.score, "label": label}


def _why_this_step(r: Recommendation, view: _PlanView) -> dict:
    reasons, seen = [], set()
    for x in r.rationale:
        if (x["rule"], x["text"]) not in seen:
            seen.add((x["rule"], x["text"]))
            reasons.append({"rule": x["rule"], "text": x["text"], "source": x["source"]})
    text = [f"{x['text']} [{x['rule']}]" for x in reasons]
    out = {"reasons": reasons, "text": text}
    if r.criteria:
        nxt = r.criteria["next"]
        text.append(view._("Reaching {phase} means: {summary}").format(
            phase=nxt["name"], summary=nxt["summary"] or view._("the benchmarks give no summary"))
                    + "".join(f"\n- {c}" for c in nxt["criteria"]))
        out["next_phase"] = {k: nxt[k] for k in ("phase", "name", "summary", "criteria")}
    return out


def _why_now(view: _PlanView, r: Recommendation) -> dict:
    _ = view._
    requires = [{"id": q, "end_month": view.steps[q].end_month} for q in r.requires if q in view.steps]
    text = [_("It starts at month {start} (period {period}, months {months}) and is expected to be reached by month "
              "{end}, the end of its longest work.").format(start=r.start_month, period=r.wave,
                                                            months=view.months.get(r.wave, "?"), end=r.end_month)]
    if r.kind in ("climb", "restore"):
        text.append(_("Its score is {score}: {terms}.").format(
            score=number(r.score), terms="; ".join(term_text(t) for t in r.score_terms)) if r.score_terms
            else _("Its score is {score}: no rule added to its score.").format(score=number(r.score)))
    else:
        text.append(_("It is a {kind} action on the {track} track: it runs beside the phase steps and is not scored "
                      "against them.").format(kind=_(r.kind), track=_(r.track)))
    for t in r.unpaid_terms:
        text.append(_("Not counted: {term}, because {reason}.").format(term=term_text(t.model_dump()), reason=t.reason))
    if requires:
        text.append(_("It requires {steps}: it starts only once they are reached.").format(steps=", ".join(
            _("{step} (reached by month {month})").format(step=q["id"], month=q["end_month"]) for q in requires)))
    elif r.kind in ("climb", "restore"):
        text.append(_("It requires no other step of the plan to be reached first."))
    if r.co_requisites:
        text.append(_("It is one workstream with {steps}: they start in the same period.").format(
            steps=", ".join(r.co_requisites)))
    for c in r.checks:
        text.append(_("Check first: {check}.").format(check=c.text))
    return {"start_month": r.start_month, "end_month": r.end_month, "wave": r.wave, "score": r.score,
            "terms": [t.model_dump() for t in r.score_terms], "unpaid_terms": [t.model_dump() for t in r.unpaid_terms],
            "requires": requires, "co_requisites": list(r.co_requisites), "text": text}


def _why_not_earlier(view: _PlanView, r: Recommendation) -> dict:
    """What the scheduler recorded about the step's start: the prerequisites it waited for, a hold, or no room."""
    p, _ = r.placement, view._
    out = {"reason": p.code, "waited_for": [{"id": q, "end_month": view.steps[q].end_month}
                                            for q in p.waited_for if q in view.steps],
           "holds": [h.model_dump() for h in r.holds], "text": []}
    if p.code in ("first-period", "beside"):
        out["text"].append(_("It starts at once, in the first period.") if p.code == "first-period" else
                           _("It {placement}.").format(placement=p.text))
    else:
        out["text"].append(p.text[0].upper() + p.text[1:] + ".")
    held = [iv for iv in r.interventions if iv.held is not None]
    if held:
        out["text"].append(view.ngettext("{n} of its interventions start later than the step: {which}.",
                                         "{n} of its interventions start later than the step: {which}.",
                                         len(held)).format(n=len(held), which="; ".join(
            _("{title} (from month {month}: {reason})").format(title=iv.title, month=iv.start_month,
                                                               reason=iv.held.reason) for iv in held[:3])
            + ("; ..." if len(held) > 3 else "")))
    ties = [t for t in view.plan.ties if r.id in (t.first, t.second)]
    out["text"] += [t.text for t in ties]
    return out


def _what_would_change(view: _PlanView, r: Recommendation) -> dict:
    items, _ = [], view._
    for q in r.placement.waited_for:
        pre = view.steps.get(q)
        if pre is None:
            continue
        items.append({"kind": "prerequisite", "id": q, "end_month": pre.end_month,
                      "text": _("It waits for {step}, expected by month {month}: if {subdomain} were already at "
                                "phase {phase} (or reached it sooner), it could start sooner, capacity permitting.").format(
                          step=q, month=pre.end_month, subdomain=pre.subdomain, phase=pre.to_phase)})
    for h in r.holds:
        items.append({"kind": "hold", "until_month": h.until_month, "reason": h.reason, "rule": h.rule,
                      "text": _("A plan-wide rule ({rule}) holds it until month {month}: {reason}.").format(
                          rule=h.rule, month=h.until_month, reason=h.reason)})
    if r.placement.code == "capacity":
        items.append({"kind": "capacity", "capacity": view.plan.capacity, "per_lead": view.plan.per_lead_capacity,
                      "text": _("More room (--capacity above {capacity}, --per-lead above {per_lead}) or a higher "
                                "score than the steps running before it could start it sooner.").format(
                          capacity=view.plan.capacity, per_lead=view.plan.per_lead_capacity)})
    terms = {}
    for t in r.score_terms:
        terms.setdefault(t.rule, []).append(t)
    for rule, ts in sorted(terms.items()):
        contexts, figures = _depends_on(r, rule)
        weight = sum(t.weight for t in ts)
        if contexts:
            items.append({"kind": "context", "rule": rule, "contexts": contexts, "weight": weight,
                          "text": _("{weight} of its score comes from rule {rule}, which depends on the context "
                                    "{contexts}: without it the score would be {score}.").format(
                              weight=signed(weight), rule=rule, contexts=", ".join(contexts),
                              score=number(r.score - weight))})
        if figures:
            items.append({"kind": "figure", "rule": rule, "figures": figures, "weight": weight,
                          "text": _("{weight} of its score comes from rule {rule}, which depends on the figures "
                                    "{figures}: with the figures within the standard the score would be "
                                    "{score}.").format(weight=signed(weight), rule=rule, figures=", ".join(figures),
                                                       score=number(r.score - weight))})
    if r.kind in ("climb", "restore"):
        items.append(_margin(view, r))
    return {"items": items, "text": [x["text"] for x in items]}


def _depends_on(r: Recommendation, rule: str) -> tuple[list[str], list[str]]:
    """The contexts and case management figures the firings of `rule` for this step matched (from the trace of
    the step's rationale): facts with a context (context, exposure, risk, offer), and findings on figures."""
    contexts, figures = set(), set()
    for x in r.rationale:
        if x["rule"] != rule:
            continue
        for fact in x["facts"].values():
            if "context" in fact:
                contexts.add(fact["context"])
            if fact.get("type") == "finding":
                figures.add(f"{fact['metric']} {number(fact['value'])} (standard {number(fact['limit'])})")
    return sorted(contexts), sorted(figures)


def _margin(view: _PlanView, r: Recommendation) -> dict:
    """How far the step's score is from the first deferred step (the closest step left out)."""
    _ = view._
    first_deferred = next((d for d in view.plan.deferred if d.kind in ("climb", "restore")), None)
    if first_deferred is None:
        text = _("Its score is {score}; no step is deferred, so the score does not decide whether it is in.").format(
            score=number(r.score))
        close = False
    else:
        gap = r.score - first_deferred.score
        close = gap <= CLOSE_MARGIN
        text = (_("Its score {score} is {gap} above {step} ({other}), the first step left out.") if gap >= 0 else
                _("Its score {score} is {gap} below {step} ({other}), the first step left out.")).format(
            score=number(r.score), gap=number(abs(gap)), step=first_deferred.id, other=number(first_deferred.score))
        if close:
            text += " " + _("The margin is small ({margin} point or less): one term more or less could change what "
                            "fits.").format(margin=number(CLOSE_MARGIN))
    return {"kind": "margin", "score": r.score, "close": close,
            "first_deferred": None if first_deferred is None else
            {"id": first_deferred.id, "score": first_deferred.score}, "text": text}


def _explain_deferred(record: dict, view: _PlanView, d) -> dict:
    _ = view._
    waiting = [q for q in d.requires if q not in view.steps]
    changes = []
    if waiting:
        changes.append(view.ngettext(
            "It waits for {steps}, which is not scheduled either: whatever brings them into the plan brings it closer.",
            "It waits for {steps}, which are not scheduled either: whatever brings them into the plan brings it "
            "closer.", len(waiting)).format(steps=", ".join(waiting)))
    if d.reason_code == "capacity":
        changes.append(_("It scores {score}: more room (--capacity, --per-lead), a longer horizon (--horizon-years), "
                         "or a higher score than the steps that took the places would fit it.").format(
            score=number(d.score)))
    elif d.reason_code == "handed-over":
        changes.append(_("A partner that can resource a longer-term response can carry it."))
    else:
        changes.append(_("A longer horizon (--horizon-years) gives it later periods to start in."))
    for t in d.unpaid_terms:
        changes.append(_("Not counted in its score: {term}, because {reason}.").format(
            term=term_text(t.model_dump()), reason=t.reason))
    return {"kind": "deferred", **_heading(record, view),
            "step": {"id": d.id, "score": d.score, "requires": d.requires,
                     "label": _("{step} (subdomain {subdomain}: {phases})").format(
                         step=d.id, subdomain=d.subdomain, phases=f"{d.from_phase} -> {d.to_phase}")},
            "why_deferred": {"reason": d.reason, "code": d.reason_code,
                             "text": [_("The plan has this step but does not schedule it: {reason}.").format(
                                 reason=d.reason)]},
            "what_would_change_it": {"text": changes}}
