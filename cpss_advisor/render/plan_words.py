"""Words the plan's records share (`plan_text`, `plan_markdown`): steps, codes, the setting line, deferred steps
grouped by reason, in the language of the knowledge base (`kb.language`)."""

from __future__ import annotations

from ..core.escape import terminal
from ..core.i18n import N_, SOURCE_LANGUAGE, translator
from ..kb.knowledge_base import KnowledgeBase
from ..planning.plan_model import Plan
from .brief_waiting import deferred_title
from .brief_words import Words
from .text_table import number

#: the plan's codes for tracks and kinds, in words (translated where used)
CODES = {"response": N_("response"), "system": N_("system"), "climb": N_("climb"), "restore": N_("restore"),
         "respond": N_("respond"), "protect": N_("protect"), "surge": N_("surge"), "enable": N_("enable")}


def code(kb: KnowledgeBase, value: str) -> str:
    """A track or kind in the language of `kb` (the code itself in English)."""
    return translator(kb.language).gettext(CODES[value]) if value in CODES else value


def named(kb: KnowledgeBase, kind: str, ident: str) -> str:
    """An action type, actor, duration or context id as the English record shows it (the id), or its title in
    another language."""
    if kb.language == SOURCE_LANGUAGE:
        return ident
    if kind == "context":
        c = kb.contexts.get(ident)
        return c.title if c is not None else ident
    table_ = {"action_type": kb.vocabulary.action_types, "actor": kb.vocabulary.actors,
              "duration": kb.vocabulary.duration_bands}[kind]
    return next((x.title for x in table_ if x.id == ident), ident)


def step_label(kb: KnowledgeBase, r, esc=terminal) -> str:
    """How a step or action is named for people: '3.3 Case management: 1 -> 2 Enhancement', or an action's title;
    `esc` escapes the knowledge base's texts for the output format."""
    if r.kind in ("climb", "restore"):
        verb = translator(kb.language).gettext("restore ") if r.kind == "restore" else ""
        return kb.step_label(r.subdomain, r.from_phase, r.to_phase, verb=verb, esc=esc)
    return esc(r.title)


def setting_line(plan: Plan, kb: KnowledgeBase | None = None) -> str:
    """"Setting: stable setting. Horizon 2 years (default) in 2 periods (...); up to 6 steps running at once..."."""
    tr = translator(kb.language if kb is not None else SOURCE_LANGUAGE)
    _ = tr.gettext
    years = plan.horizon_years
    lengths = "-".join(str(p.end_month - p.start_month) for p in plan.waves[:3])
    if not lengths:
        return ""
    d = set(plan.defaults)
    default = _(" (default)")
    return _("Setting: {setting}. {horizon}{horizon_default} {periods}; up to {capacity} steps running at once"
             "{capacity_default}, {per_lead} per lead actor{per_lead_default}.").format(
        setting=plan.setting.title.lower(),
        horizon=tr.ngettext("Horizon {n} year", "Horizon {n} years", years).format(n=years),
        horizon_default=default if "horizon_years" in d else "",
        periods=tr.ngettext("in {n} period ({periods})", "in {n} periods ({periods})", len(plan.waves)).format(
            n=len(plan.waves), periods=_periods_text(plan, tr)),
        capacity=plan.capacity, capacity_default=default if "capacity" in d else "",
        per_lead=plan.per_lead_capacity, per_lead_default=default if "per_lead_capacity" in d else "")


def _periods_text(plan: Plan, tr) -> str:
    return ", ".join(tr.gettext("months {months}").format(months=p.months) for p in plan.waves[:4]) + (
        ", ..." if len(plan.waves) > 4 else "")


def _term(t, esc=terminal) -> str:
    sign = "+" if t.weight >= 0 else "-"
    return f"{sign}{number(abs(t.weight))} {esc(t.label)} [{esc(t.rule)}]"


def _by_reason(plan: Plan, kb: KnowledgeBase) -> list[tuple[str, list[str], list[str]]]:
    """Deferred steps grouped by their reason (with the months each found no room in), in order of first
    appearance (highest score first): (reason, the steps in words, their ids)."""
    words = Words(kb)
    groups: dict[str, tuple[list[str], list[str]]] = {}
    for d in plan.deferred:
        titles, ids = groups.setdefault(d.reason, ([], []))
        titles.append(deferred_title(d, words))
        ids.append(d.id)
    return [(why, titles, ids) for why, (titles, ids) in groups.items()]


def distinct_reasons(rationale: list[dict]) -> list[dict]:
    """Reasons with the same rule and text once (the JSON keeps each firing with its own facts)."""
    seen, out = set(), []
    for x in rationale:
        if (x["rule"], x["text"]) not in seen:
            seen.add((x["rule"], x["text"]))
            out.append(x)
    return out


def _months(r) -> str:
    return f"{r.start_month}-{r.end_month}"


def _lead(kb: KnowledgeBase, actor: str | None) -> str:
    if actor is None:
        return "-"
    return next((a.title for a in kb.vocabulary.actors if a.id == actor), actor)


def _rated_line(plan: Plan, kb: KnowledgeBase) -> str:
    _ = translator(kb.language).gettext
    n, total = len(plan.ratings), len(plan.ratings) + len(plan.unrated)
    if plan.context:
        return _("{n} of {total} subdomains rated; context: {contexts}.").format(
            n=n, total=total, contexts=", ".join(named(kb, "context", c) for c in plan.context))
    return _("{n} of {total} subdomains rated.").format(n=n, total=total)


def _split(plan: Plan) -> tuple[list, list]:
    beside = [r for r in plan.recommendations if r.track == "response" or r.kind not in ("climb", "restore")]
    return beside, [r for r in plan.recommendations if r not in beside]


def _first(r) -> str:
    return next((iv.title for iv in r.interventions if not iv.checklist), "-")


def _short(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    return text[:width - 4].rsplit(" ", 1)[0] + " ..."
