"""What a regional adviser acts on: the milestones the countries' plans share, the ones that hold plans back, where
one regional investment unblocks the most, and the countries grouped by profile.

A *milestone* is a subdomain reaching a phase (5.1 reaching System Integration): the step into that phase in a
plan. For each milestone, over the countries' plans:

- **in plans**: in how many plans its step is scheduled within the horizon; **first period**: in how many it
  starts in the first period; **deferred**: in how many the plan needs it but cannot start it within the horizon;
- **holds back**: in how many plans it is a prerequisite of another subdomain's step (the plan's own dependency
  edges: a finish-to-start, co-requisite or interim dependency, each of which brings the prerequisite into the plan
  and makes the dependant wait for it, start with it or start on a stopgap), with the steps it holds back;
- **helps**: in how many plans it only raises the priority of another step (a soft dependency).

Ranked by the plans it holds back, then the plans it is in, then the first periods. The top of that ranking is
where one investment made for the region, once, unblocks the most plans. The benchmarks are written for one
country but also give comparative information across countries (seed 000, line 102); what a regional investment
can be is said only where a source describes the work (`REGIONAL_FORMS`), and pooling it across countries is always
marked as the project's reading. No cost is given: the sources give none.

Counts are of countries: where a country is assessed more than once, its latest assessment (by date, then file
name) is the one counted, so that no count exceeds the number of countries.

Countries are grouped by profile: the same weakest intermediate outcome (`weakest_outcome`), the same stage of the
response (or no crisis) and the same shocks (`profile_groups`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..core.i18n import N_, SOURCE_LANGUAGE, translator
from ..kb.knowledge_base import KnowledgeBase
from ..kb.knowledge_schema import Citation

#: The dependency types that hold a step back: each brings its prerequisite into the plan (rules/dependencies.yaml).
HOLDING_TYPES = ("finish_to_start", "co_requisite", "interim")
#: How many milestones are named as regional investments, at most.
TOP_INVESTMENTS = 3

COMPARISON_SOURCE = Citation(seed="000", at="Section 1: comparative information across countries", lines=[102, 102])

COUNTING_RULE = N_("Counts are of countries: where a country is assessed more than once, its latest assessment (by "
                   "date, then file name) is counted.")
RANKING_RULE = N_("A milestone is a subdomain reaching a phase. Ranked by the number of plans it holds back (another "
                  "subdomain's step waits for it, starts with it or starts on a stopgap until it is reached), then "
                  "the plans it is in, then the plans that start it in the first period.")
PROFILE_RULE = N_("Countries are in one group when they share their weakest intermediate outcome (the lowest median "
                  "phase; a tie goes to the lower mean phase of its subdomains, then to the lower outcome number), the "
                  "stage of the response (or no crisis) and the same shocks. Groups are listed largest first.")
PROFILE_SOURCE = Citation(
    seed="000", at="Section 1: phases, stages and shocks; comparative information across countries",
    lines=[102, 111], inferred=True,
    reason="The benchmarks compare countries and say shocks set subdomains back; grouping countries by their weakest "
           "outcome, stage and shocks is the project's reading.")


@dataclass(frozen=True)
class RegionalForm:
    """What one investment made for several countries can be, for a subdomain's milestones, with its sources."""

    subdomain: str
    phases: tuple[int, ...]
    text: str
    sources: tuple[Citation, ...]


_POOLED = "The sources describe this work for one country; doing it once for several countries is the project's reading."

#: Only where a source describes the work; each is marked inferred for the pooling across countries.
REGIONAL_FORMS: tuple[RegionalForm, ...] = (
    RegionalForm("5.1", (2, 3, 4),
                 N_("a regional programme that accredits pre- and in-service training for the social service "
                    "workforce and sets common licensing standards, which each country adopts"),
                 (Citation(seed="000", at="Table 1, 5.1 (licensing and accreditation systems)", lines=[168, 168],
                           inferred=True, reason=_POOLED),
                  Citation(seed="002", at="Human and financial resources: invest in a qualified, well-supported "
                           "social service workforce", lines=[38, 42], inferred=True, reason=_POOLED))),
    RegionalForm("7.1", (2, 3, 4),
                 N_("one case management information system (such as CPIMS+ or Primero) set up for the countries, "
                    "which each country runs with its own data"),
                 (Citation(seed="002", at="Data and evidence: information management systems such as CPIMS+/Primero",
                           lines=[48, 48], inferred=True, reason=_POOLED),
                  Citation(seed="003", at="Dimension 7, information management: an inter-agency database such as "
                           "CPIMS+", lines=[635, 640], inferred=True, reason=_POOLED))),
    RegionalForm("3.3", (4,),
                 N_("one case management information system (such as CPIMS+ or Primero) set up for the countries, "
                    "through which each country integrates its case management"),
                 (Citation(seed="000", at="Table 1, 3.3 System Maturity (national case information management "
                           "systems)", lines=[162, 162], inferred=True, reason=_POOLED),
                  Citation(seed="002", at="Data and evidence: information management systems such as CPIMS+/Primero",
                           lines=[48, 48], inferred=True, reason=_POOLED))),
)


def regional_form(subdomain: str, phase: int) -> RegionalForm | None:
    return next((f for f in REGIONAL_FORMS if f.subdomain == subdomain and phase in f.phases), None)


# --- which plans count -------------------------------------------------------------------------------------------

def counted_rows(rows: Sequence[dict]) -> list[dict]:
    """One row per country: its latest assessment (by `as_of`, then file), in the order of `rows`."""
    latest: dict[str, dict] = {}
    for r in rows:
        best = latest.get(r["country"])
        if best is None or (r["as_of"], r["file"]) > (best["as_of"], best["file"]):
            latest[r["country"]] = r
    keep = {id(r) for r in latest.values()}
    return [r for r in rows if id(r) in keep]


# --- milestones --------------------------------------------------------------------------------------------------

def holding_types(kb: KnowledgeBase) -> dict[tuple[str, int, str], set[str]]:
    """(dependant subdomain, its phase, prerequisite subdomain) -> the types of the knowledge base's edges."""
    out: dict[tuple[str, int, str], set[str]] = {}
    for e in kb.edges:
        out.setdefault((e.subdomain, e.to_phase, e.needs), set()).add(e.type)
    return out


def _holds(types: dict, milestone: tuple[str, int], dependant: tuple[str, int]) -> bool:
    return bool(types.get((dependant[0], dependant[1], milestone[0]), set()) & set(HOLDING_TYPES))


def milestone_table(rows: Sequence[dict], kb: KnowledgeBase) -> list[dict]:
    """Every milestone that some counted plan schedules, defers or is held back by, with its counts, ranked."""
    types = holding_types(kb)
    table: dict[tuple[str, int], dict] = {}

    def entry(m: tuple[str, int]) -> dict:
        if m not in table:
            table[m] = {"subdomain": m[0], "title": _title(kb, m[0]), "phase": m[1],
                        "phase_name": _phase_name(kb, m[1]), "plans": 0, "first_period": 0, "deferred": 0,
                        "holds_back": 0, "helps": 0, "countries_held": [], "held": {}}
        return table[m]

    for r in rows:
        for s in r.get("milestones", []):
            m = (s["subdomain"], s["phase"])
            e = entry(m)
            e["plans"] += s["planned"]
            e["first_period"] += s["first_period"]
            e["deferred"] += not s["planned"]
            held = sorted({tuple(d) for d in s["dependants"] if _holds(types, m, tuple(d))})
            if held:
                e["holds_back"] += 1
                e["countries_held"].append(r["country"])
                for d in held:
                    e["held"][d] = e["held"].get(d, 0) + 1
            elif s["dependants"]:
                e["helps"] += 1
    out = []
    for e in table.values():
        e["held"] = [{"subdomain": d[0], "title": _title(kb, d[0]), "phase": d[1],
                      "phase_name": _phase_name(kb, d[1]), "plans": n}
                     for d, n in sorted(e["held"].items(), key=lambda x: (-x[1], x[0]))]
        out.append(e)
    return _ranked(out)


def _key(e: dict) -> tuple:
    return (-e["holds_back"], -e["plans"], -e["first_period"])


def _ranked(entries: list[dict]) -> list[dict]:
    entries.sort(key=lambda e: (_key(e), e["subdomain"], e["phase"]))
    previous, rank = None, 0
    for i, e in enumerate(entries, 1):
        if _key(e) != previous:
            previous, rank = _key(e), i
        e["rank"] = rank
    return entries


def _title(kb: KnowledgeBase, sid: str) -> str:
    return kb.subdomains[sid].short if sid in kb.subdomains else sid


def _phase_name(kb: KnowledgeBase, n: int) -> str:
    return kb.phases[n].name if n in kb.phases else str(n)


# --- regional investments ----------------------------------------------------------------------------------------

def milestone_words(e: dict, language: str = SOURCE_LANGUAGE) -> str:
    """"5.1 Social service workforce reaching System Integration"."""
    return translator(language).gettext("%(subdomain)s %(title)s reaching %(phase)s") % {
        "subdomain": e["subdomain"], "title": e["title"], "phase": e["phase_name"]}


def _names(names: Sequence[str], language: str, limit: int = 6) -> str:
    if len(names) <= limit:
        return ", ".join(names)
    return translator(language).gettext("%(names)s and %(n)s more") % {
        "names": ", ".join(names[:limit]), "n": len(names) - limit}


def investment_reason(e: dict, countries: int, language: str = SOURCE_LANGUAGE) -> str:
    """Why this milestone is where a regional investment unblocks much, in words (in `language`)."""
    t = translator(language)
    _, ngettext = t.gettext, t.ngettext
    held = "; ".join(ngettext("in %(n)s plan, %(step)s depends on it", "in %(n)s plans, %(step)s depends on it",
                        h["plans"]) % {"n": h["plans"], "step": milestone_words(h, language)} for h in e["held"][:3])
    if len(e["held"]) > 3:
        held += "; " + ngettext("%(n)s other step too", "%(n)s other steps too", len(e["held"]) - 3) % {
            "n": len(e["held"]) - 3}
    first = ngettext("%(n)s starts it", "%(n)s start it", e["first_period"]) % {"n": e["first_period"]} \
        if e["first_period"] else _("none starts it")
    text = ngettext("%(milestone)s holds back the plans of %(held)s of %(n)s country (%(names)s): %(steps)s. It is in "
              "%(plans)s; %(first)s in the first period",
              "%(milestone)s holds back the plans of %(held)s of %(n)s countries (%(names)s): %(steps)s. It is in "
              "%(plans)s; %(first)s in the first period", countries) % {
        "milestone": milestone_words(e, language), "held": e["holds_back"], "n": countries,
        "names": _names(e["countries_held"], language), "steps": held, "first": first,
        "plans": ngettext("%(n)s plan", "%(n)s plans", e["plans"]) % {"n": e["plans"]}}
    if e["deferred"]:
        text += "; " + ngettext("%(n)s plan cannot start it within the horizon",
                          "%(n)s plans cannot start it within the horizon", e["deferred"]) % {"n": e["deferred"]}
    return text + "."


def regional_investments(milestones: Sequence[dict], countries: int) -> list[dict]:
    """The milestones that hold back the most plans (at most `TOP_INVESTMENTS`, only those holding back one at
    least), each with its reason in words and, where a source describes the work, what one investment for the
    region can be, with its citations."""
    out = []
    for e in milestones:
        if not e["holds_back"] or len(out) == TOP_INVESTMENTS:
            break
        form = regional_form(e["subdomain"], e["phase"])
        out.append({
            "subdomain": e["subdomain"], "phase": e["phase"], "rank": e["rank"], "milestone": milestone_words(e),
            "holds_back": e["holds_back"], "plans": e["plans"], "first_period": e["first_period"],
            "reason": investment_reason(e, countries),
            "regional_form": None if form is None else {
                "text": form.text, "inferred": any(c.inferred for c in form.sources),
                "sources": [c.label() for c in form.sources]},
        })
    return out


# --- profiles ----------------------------------------------------------------------------------------------------

def weakest_outcome(r: dict, kb: KnowledgeBase) -> str | None:
    """The outcome with the lowest median phase; a tie goes to the lower mean phase of its rated subdomains, then
    to the lower outcome number. None when nothing is rated."""
    def mean(o: str) -> float:
        phases = [r["phases"][s] for s in kb.subdomains_of(o) if r["phases"].get(s) is not None]
        return sum(phases) / len(phases)

    rated = [(m, mean(o), o) for o, m in r["outcome_medians"].items() if m is not None]
    return min(rated, key=lambda x: (x[0], x[1], _outcome_order(x[2])))[2] if rated else None


def _outcome_order(o: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in o.split("."))


def country_profile(r: dict, kb: KnowledgeBase) -> dict:
    """The weakest outcome, the stage and the shocks of one assessment."""
    return {"weakest": weakest_outcome(r, kb), "stage": kb.stage_of(r["context"]),
            "shocks": sorted(kb.shocks_in(r["context"]))}


def profile_groups(rows: Sequence[dict], kb: KnowledgeBase) -> list[dict]:
    """Countries grouped by profile (`PROFILE_RULE`), largest group first, then by the profile's words."""
    groups: dict[tuple, dict] = {}
    for r in rows:
        p = country_profile(r, kb)
        key = (p["weakest"] or "", p["stage"] or "", tuple(p["shocks"]))
        groups.setdefault(key, {**p, "countries": []})["countries"].append(r["country"])
    out = []
    for g in groups.values():
        g["description"] = profile_words(g, kb)
        out.append(g)
    out.sort(key=lambda g: (-len(g["countries"]), g["description"]))
    return out


def profile_words(g: dict, kb: KnowledgeBase, language: str = SOURCE_LANGUAGE) -> str:
    """"Weakest outcome: 7. Data collection and monitoring systems; stage: Protracted crisis; shocks: Armed
    conflict"."""
    _ = translator(language).gettext
    o = g["weakest"]
    weakest = _("none rated") if o is None else (f"{o}. {kb.outcomes[o].title}" if o in kb.outcomes else o)
    stage = kb.contexts[g["stage"]].title if g["stage"] in kb.contexts else _("no crisis")
    shocks = ", ".join(kb.contexts[s].title if s in kb.contexts else s for s in g["shocks"]) or _("none")
    return _("Weakest outcome: %(weakest)s; stage: %(stage)s; shocks: %(shocks)s") % {
        "weakest": weakest, "stage": stage, "shocks": shocks}


# --- all of it ---------------------------------------------------------------------------------------------------

def regional_analysis(rows: Sequence[dict], kb: KnowledgeBase) -> dict:
    """The regional sections of the portfolio, from its rows (each with its plan's `milestones`)."""
    counted = counted_rows(rows)
    milestones = milestone_table(counted, kb)
    return {
        "countries": len(counted),
        "counted_files": [r["file"] for r in counted],
        "counting_rule": COUNTING_RULE,
        "ranking_rule": RANKING_RULE,
        "comparison_source": COMPARISON_SOURCE.label(),
        "milestones": milestones,
        "investments": regional_investments(milestones, len(counted)),
        "profile_rule": PROFILE_RULE,
        "profile_source": PROFILE_SOURCE.label(),
        "profiles": profile_groups(counted, kb),
    }
