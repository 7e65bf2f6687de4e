"""The closed vocabulary of facts that rules read and derive.

Input facts describe one evaluation: the assessment (ratings, targets, context), and what the knowledge base and
the dependency graph say about it (steps, edges, bottlenecks, exposures, offers, standards). Derived facts are made
only by rules. Every fact is a flat mapping with a `type` and the fields listed here; rule files are checked
against this vocabulary before they are compiled (docs/rules.md describes each fact for rule authors).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

#: Field kinds: how a field's values are checked.
#:   subdomain  a subdomain id of the knowledge base ("3.3")
#:   context    a context id of the knowledge base
#:   phase      1-4;   step  1-3 (the phase a step starts from);   int, number, bool, text
#:   level      1-4, a level of the case management benchmarks (1 Critical to address ... 4 Good practice)
#:   one of a set: a tuple of allowed strings


@dataclass(frozen=True)
class FactType:
    name: str
    fields: Mapping[str, Any]          # field -> kind
    derived: bool
    description: str
    defaults: Mapping[str, Any] = None  # type: ignore[assignment]

    def default(self, field: str) -> Any:
        return (self.defaults or {}).get(field, _MISSING)

    def has_default(self, field: str) -> bool:
        """Whether a fact of this type may leave the field out (it then takes its default)."""
        return field in (self.defaults or {})


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


_MISSING = _Missing()

DURATIONS = ("short", "medium", "long")
CATEGORIES = ("shock", "stage", "capacity", "office", "opportunity")
CONFIDENCES = ("low", "medium", "high", "unstated")
ORIGINS = ("dependency", "lagging", "context", "restore")
STAGES = ("acute_onset", "protracted_crisis", "recovery", "stable")
EDGE_TYPES = ("finish_to_start", "co_requisite", "interim", "soft")
ACTION_KINDS = ("respond", "protect", "restore", "surge", "enable")
TRACKS = ("response", "system")
STANDARD_LEVELS = ("minimum", "good_practice")
#: Plan-wide ways of working that rules switch on and the scheduler applies (docs/rules.md says what each does).
POLICIES = ("reforms_wait_first_period", "hand_over_long_work", "partner_first", "lead_ministry_stretched")

FACT_TYPES: dict[str, FactType] = {t.name: t for t in [
    # --- input facts --------------------------------------------------------------------------------------------
    FactType("rating", {"subdomain": "subdomain", "outcome": "text", "phase": "phase",
                        "confidence": CONFIDENCES, "below_median": "number", "prior_phase": "int"}, False,
             "A rated subdomain: its phase, the rater's confidence, how many phases it sits below the median "
             "of all rated subdomains (negative when above), and the phase it had before a shock set it back "
             "(0 when none is recorded).",
             {"confidence": "unstated", "below_median": 0.0, "prior_phase": 0}),
    FactType("unrated", {"subdomain": "subdomain"}, False, "A subdomain the assessment does not rate."),
    FactType("plan", {"targets": ("explicit", "default"), "horizon_years": "int", "stage": STAGES}, False,
             "How the plan is set: whether the assessment gives any target of its own (the others keep their "
             "defaults), the horizon, and the setting (the stage context, or stable without one).",
             {"stage": "stable"}),
    FactType("untargeted", {"subdomain": "subdomain"}, False,
             "A rated subdomain whose target is `keep`: the assessment leaves it where it is."),
    FactType("target", {"subdomain": "subdomain", "phase": "phase", "explicit": "bool"}, False,
             "The phase a subdomain should reach over the horizon: the assessment's own, or a default.",
             {"explicit": True}),
    FactType("context", {"context": "context", "category": CATEGORIES}, False, "A context flag of the assessment."),
    FactType("exposure", {"context": "context", "subdomain": "subdomain"}, False,
             "A present context bears on a subdomain (the catalogue's 'affects')."),
    FactType("step", {"subdomain": "subdomain", "outcome": "text", "from_phase": "step", "to_phase": "phase",
                      "duration": DURATIONS, "legal": "bool"}, False,
             "One of the 57 steps of the benchmarks: the duration band of its longest general intervention (how "
             "long the step takes to complete), and whether any of them is legislation.",
             {"duration": "medium", "legal": False}),
    FactType("edge", {"edge": "text", "subdomain": "subdomain", "to_phase": "phase", "needs": "subdomain",
                      "min_phase": "phase", "kind": EDGE_TYPES, "interim": "text"}, False,
             "A dependency: subdomain reaching to_phase depends on needs at min_phase or above, in the way its kind "
             "says (finish_to_start, co_requisite, interim with the interim measure's id, soft).",
             {"interim": ""}),
    FactType("core_function", {"subdomain": "subdomain", "weight": "number", "label": "text",
                               "when": ("always", "shock")}, False,
             "A function that matters more than its graph position shows (knowledge/planning.yaml), always or "
             "while a shock is present.", {"when": "always"}),
    FactType("response_option", {"action": "text", "subdomain": "subdomain", "kind": ACTION_KINDS,
                                 "track": TRACKS, "context": "context"}, False,
             "A response action of the catalogue (knowledge/response.yaml) whose triggers the assessment meets; "
             "`context` is the present trigger that brings it (its stage, or else its context)."),
    FactType("figure", {"metric": "text", "value": "number"}, False,
             "A case management figure given in the assessment."),
    FactType("standard", {"metric": "text", "limit": "number", "comparison": ("max", "min"),
                          "subdomain": "subdomain", "level": STANDARD_LEVELS}, False,
             "A numeric case management standard for a given figure, the one subdomain a miss weighs on, and "
             "whether it is a minimum standard or good practice.", {"level": "minimum"}),
    FactType("offer", {"intervention": "text", "context": "context", "subdomain": "subdomain",
                       "from_phase": "step"}, False,
             "A context-specific intervention that serves a present context, for a step of a subdomain."),
    FactType("cm_level", {"dimension": "text", "title": "text", "subdomain": "subdomain", "level": "level",
                          "level_name": "text", "primary": "bool"}, False,
             "A dimension of the case management benchmarks at its level, from the assessment's done list (only "
             "when it has a case_management section), once per subdomain the dimension informs; `primary` marks "
             "the first of them, the one a finding weighs on.", {"primary": True}),
    FactType("cm_next", {"dimension": "text", "subdomain": "subdomain", "action": "text"}, False,
             "A checklist action that would lift a case management dimension one level and is not done, for the "
             "subdomain the dimension bears on most (the first it informs)."),
    # --- derived facts ------------------------------------------------------------------------------------------
    FactType("goal", {"subdomain": "subdomain", "phase": "phase", "origin": ORIGINS}, True,
             "The plan should bring a subdomain up to a phase for a reason other than its target: a step that "
             "depends on it, a lagging area, the life-saving core at acute onset."),
    FactType("candidate", {"subdomain": "subdomain", "outcome": "text", "from_phase": "step", "to_phase": "phase",
                           "duration": DURATIONS, "legal": "bool"}, True,
             "A step that belongs in the plan (it carries its step's outcome, duration band and legal flag).",
             {"outcome": "", "duration": "medium", "legal": False}),
    FactType("block", {"subdomain": "subdomain", "to_phase": "phase", "needs": "subdomain", "min_phase": "phase",
                       "edge": "text", "kind": ("finish_to_start", "co_requisite", "interim"), "step": "text"}, True,
             "A dependency not yet met shapes a step (`step`, its id): it waits for the prerequisite's milestone "
             "(finish_to_start), starts with it (co_requisite), or starts with an interim measure (interim)."),
    FactType("priority", {"subdomain": "subdomain", "from_phase": "step", "weight": "number", "label": "text",
                          "dependant": "text"}, True,
             "One named contribution to a step's priority score (the rule that made it is recorded). With a "
             "`dependant` (a step id), it is paid only when that step is in the plan.", {"dependant": ""}),
    FactType("response", {"action": "text", "subdomain": "subdomain", "kind": ACTION_KINDS, "track": TRACKS}, True,
             "A response action belongs in the plan, beside the phase steps."),
    FactType("restore", {"subdomain": "subdomain", "from_phase": "step"}, True,
             "A step brings back a phase the subdomain had before a shock: it restores rather than builds."),
    FactType("policy", {"policy": POLICIES, "reason": "text"}, True,
             "A way of working for the whole plan, applied by the scheduler: reforms wait for the first period to "
             "pass, long work is handed to a partner, an experienced partner comes first, or the lead ministry "
             "carries less at once."),
    FactType("check", {"subdomain": "subdomain", "from_phase": "step", "rated": "subdomain"}, True,
             "A rating that decides a step (the `rated` subdomain's) is held with low confidence: verify it "
             "before committing to the step."),
    FactType("intervention", {"subdomain": "subdomain", "from_phase": "step", "intervention": "text"}, True,
             "An intervention added to a step by a rule (beyond the step's general interventions)."),
    FactType("qualifier", {"subdomain": "subdomain", "from_phase": "step", "qualifier": "text"}, True,
             "A quality a step must carry (e.g. gender-responsive and inclusive)."),
    FactType("risk", {"subdomain": "subdomain", "context": "context"}, True,
             "A present shock puts a subdomain's phase at risk of sliding back."),
    FactType("finding", {"metric": "text", "subdomain": "subdomain", "value": "number", "limit": "number",
                         "level": STANDARD_LEVELS}, True,
             "A case management figure misses its standard (a minimum standard or a good-practice benchmark).",
             {"level": "minimum"}),
    FactType("checklist_action", {"subdomain": "subdomain", "from_phase": "step", "action": "text",
                                  "dimension": "text"}, True,
             "A case management checklist action added to a step (the plan lists it with the step's interventions)."),
    FactType("warning", {"code": "text", "subdomain": "text", "text": "text"}, True,
             "Something the user must know about the plan or the input.", {"subdomain": ""}),
    FactType("advice", {"code": "text", "text": "text"}, True,
             "Advice on how to run the whole plan (e.g. the office's preconditions)."),
]}

#: Fields the engine owns: durable-rules takes `id` as a fact's identity and `sid` as its session, so no fact
#: type may have fields of these names.
ENGINE_FIELDS = ("type", "id", "sid")
assert not any(set(ENGINE_FIELDS) & set(t.fields) for t in FACT_TYPES.values())
#: A priority contribution records the rule that made it, so a score can be explained term by term.
PRIORITY_RULE_FIELD = "rule"


def kind_allows(kind: Any, value: Any, subdomains: Any = (), contexts: Any = ()) -> str | None:
    """None when `value` fits the field kind, else what is allowed."""
    if isinstance(kind, tuple):
        return None if value in kind else "one of " + ", ".join(kind)
    if kind == "subdomain":
        return None if isinstance(value, str) and value in subdomains else "a subdomain id such as \"3.3\""
    if kind == "context":
        return None if isinstance(value, str) and value in contexts else "a context id (see 'cpss kb contexts')"
    if kind == "phase":
        return None if _is_int(value) and 1 <= value <= 4 else "a phase 1-4"
    if kind == "step":
        return None if _is_int(value) and 1 <= value <= 3 else "a step's starting phase, 1-3"
    if kind == "level":
        return None if _is_int(value) and 1 <= value <= 4 else "a case management level 1-4"
    if kind == "int":
        return None if _is_int(value) else "a whole number"
    if kind == "number":
        return None if _is_number(value) else "a number"
    if kind == "bool":
        return None if isinstance(value, bool) else "true or false"
    if kind == "text":
        return None if isinstance(value, str) else "text"
    raise ValueError(f"unknown field kind {kind!r}")


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def comparable(kind: Any) -> bool:
    """Fields whose values can be ordered (lt, le, gt, ge)."""
    return kind in ("phase", "step", "level", "int", "number")


def fact_key(fact: Mapping[str, Any]) -> str:
    """A stable identity for a fact: its type and field values in field order. Equal facts, equal keys."""
    t = fact["type"]
    parts = [t]
    for f in _KEY_FIELDS[t]:
        v = fact.get(f)
        tv = type(v)
        if tv is bool:
            parts.append("true" if v else "false")
        elif tv is float and v.is_integer():
            parts.append(str(int(v)))
        else:
            parts.append(str(v))
    return "|".join(parts)


#: the fields that make a fact's identity, by type (a priority also names its rule)
_KEY_FIELDS = {name: tuple(t.fields) + ((PRIORITY_RULE_FIELD,) if name == "priority" else ())
               for name, t in FACT_TYPES.items()}


def public(fact: Mapping[str, Any]) -> dict:
    """A fact without the engine's bookkeeping fields, fields in vocabulary order."""
    ft = FACT_TYPES[fact["type"]]
    out = {"type": fact["type"]}
    for f in ft.fields:
        out[f] = fact.get(f)
    if fact["type"] == "priority" and PRIORITY_RULE_FIELD in fact:
        out[PRIORITY_RULE_FIELD] = fact[PRIORITY_RULE_FIELD]
    return out


def fact_order(fact: Mapping[str, Any]) -> tuple:
    """A total, deterministic order for sorting facts."""
    names = list(FACT_TYPES)
    return (names.index(fact["type"]), fact_key(fact))


def markdown_table(derived: bool) -> str:
    """The input (or derived) fact types as a Markdown table, as docs/rules.md shows them."""
    def kind(k: Any) -> str:
        return " \\| ".join(k) if isinstance(k, tuple) else str(k)

    rows = ["| fact | fields | what it says |", "| --- | --- | --- |"]
    for t in FACT_TYPES.values():
        if t.derived == derived:
            fields = ", ".join(f"`{f}` ({kind(k)})" for f, k in t.fields.items())
            rows.append(f"| `{t.name}` | {fields} | {t.description} |")
    return "\n".join(rows) + "\n"
