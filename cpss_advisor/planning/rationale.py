"""Why a step is in the plan: the firings that derived the facts shaping it, the dependency edges behind it and the
phase criteria it moves between (what every step of a plan carries as its rationale).

Which derived facts shape a step is stated per fact type in `RELEVANCE`, one entry for every type a rule can
derive (a test checks that no type is left out, so a new one cannot silently vanish from a step's "why").
"""

from __future__ import annotations

from collections import defaultdict
from typing import Callable
from ..core.i18n import N_, translator
from ..engine.evaluation import AssessmentEvaluation
from ..engine.fact_schema import fact_key
from ..engine.rulebook import Names, Rulebook
from ..kb.knowledge_base import KnowledgeBase
from .planner import Draft, Schedule, step_id


def _same_step(f: dict, d: Draft, policies: list[str]) -> bool:
    return d.action is None and f.get("subdomain") == d.subdomain and f.get("from_phase") == d.from_phase


def _same_subdomain(f: dict, d: Draft, policies: list[str]) -> bool:
    return d.action is None and f.get("subdomain") == d.subdomain


def _block(f: dict, d: Draft, policies: list[str]) -> bool:
    """A block on the step, or one the step resolves as a prerequisite."""
    return d.action is None and ((f["subdomain"] == d.subdomain and f["to_phase"] == d.to_phase) or
                                 (f["needs"] == d.subdomain and f["min_phase"] >= d.to_phase))


#: For each fact type a rule can derive: whether a fact of that type shaped a step or an action (it then appears
#: under the step's "why" with the firings that derived it), or None for facts that shape the plan as a whole (its
#: warnings and advice, shown there). An action is shaped only by the response fact that brought it in.
RELEVANCE: dict[str, Callable[[dict, Draft, list[str]], bool] | None] = {
    "goal": lambda f, d, p: _same_subdomain(f, d, p) and f["phase"] >= d.to_phase,
    "candidate": _same_step,
    "block": _block,
    "priority": _same_step,
    "response": lambda f, d, p: d.action is not None and f["action"] == d.action,
    "restore": _same_step,
    "policy": lambda f, d, p: d.action is None and f["policy"] in p,
    "check": _same_step,
    "intervention": _same_step,
    "qualifier": _same_step,
    "risk": _same_subdomain,
    "finding": _same_subdomain,
    "checklist_action": _same_step,
    "warning": None,
    "advice": None,
}


class TraceIndex:
    """The trace of one evaluation, indexed once for explaining every step of its plan: which firings derived
    each fact, each firing's rendered reason, and the derived facts by (subdomain, step)."""

    def __init__(self, ev: AssessmentEvaluation, book: Rulebook, names: Names, *, render: bool = True):
        self.ev = ev
        self.book = book
        self.names = names
        self.render = render  # False: reasons carry rule, facts and source, not the rendered text
        self.by_key: dict[str, list[int]] = defaultdict(list)
        for i, firing in enumerate(ev.result.trace):
            for key in firing.derived:
                self.by_key[key].append(i)
        self.derived = [(f, fact_key(f)) for f in ev.result.derived]
        # derived facts by the subdomains they can bear on (their subdomain, and the one a block needs)
        self._by_subdomain: dict[str | None, list[tuple[dict, str]]] = defaultdict(list)
        for f, key in self.derived:
            self._by_subdomain[f.get("subdomain")].append((f, key))
            if f["type"] == "block" and f["needs"] != f["subdomain"]:
                self._by_subdomain[f["needs"]].append((f, key))
        self._entries: dict[int, dict] = {}

    def rule_of(self, key: str) -> str | None:
        """The rule of the first firing that derived the fact with this key."""
        firings = self.by_key.get(key)
        return self.ev.result.trace[firings[0]].rule if firings else None

    def entry(self, i: int) -> dict:
        if i not in self._entries:
            firing = self.ev.result.trace[i]
            rule = self.book.rules[firing.rule]
            entry = {"rule": firing.rule, "facts": firing.facts, "source": rule.source.label()}
            if self.render:
                entry["text"] = " ".join(rule.rationale.render(firing.facts, self.names).split())
            else:  # lean plans are compared, not read: they carry the firing's identity instead of its text
                entry["text"] = None
                entry["key"] = firing.rule + "|" + ";".join(f"{a}={fact_key(f)}" for a, f in sorted(firing.facts.items()))
            self._entries[i] = entry
        return self._entries[i]

    def relevant_keys(self, d: Draft, policies: list[str]) -> set[str]:
        """Keys of the derived facts that shaped a step or action (see `RELEVANCE`)."""
        keys = set()
        for f, key in self._by_subdomain.get(d.subdomain, []) + self._by_subdomain.get(None, []):
            bears = RELEVANCE[f["type"]]
            if bears is not None and bears(f, d, policies):
                keys.add(key)
        return keys

    def rationale(self, d: Draft, policies: list[str] = ()) -> list[dict]:
        """Every firing that derived a fact shaping the step, in firing order, each with its reason."""
        firings = sorted({i for key in self.relevant_keys(d, list(policies)) for i in self.by_key.get(key, ())})
        return [self.entry(i) for i in firings]


#: the kinds of dependency in words (as `DependencyEdge.describe` writes them in English)
EDGE_TYPES = {"finish_to_start": N_("finish-to-start"), "co_requisite": N_("co-requisite"), "interim": N_("interim"),
              "soft": N_("soft")}


def describe_edge(e, language: str = "en") -> str:
    """"3.3 needs 3.2 at phase 2 or above to reach phase 2 (co-requisite)", in `language`."""
    _ = translator(language).gettext
    kind = _(EDGE_TYPES[e.type]) if e.type in EDGE_TYPES else e.type.replace("_", "-")
    return _("{subdomain} needs {needs} at phase {min_phase} or above to reach phase {to_phase} ({kind})").format(
        subdomain=e.subdomain, needs=e.needs, min_phase=e.min_phase, to_phase=e.to_phase, kind=kind)


def step_edges(kb: KnowledgeBase, plan: Schedule, d: Draft) -> list[dict]:
    """The dependency edges behind a step: what it needs to reach its phase, and what needs it."""
    if d.kind not in ("climb", "restore"):
        return []
    out = []
    for e in kb.edges:
        involved = (e.subdomain == d.subdomain and e.to_phase == d.to_phase) or \
                   (e.needs == d.subdomain and e.min_phase == d.to_phase and
                    step_id(e.subdomain, e.to_phase - 1) in plan.drafts)
        if involved:
            out.append({"id": e.id, "type": e.type, "strength": e.strength, "text": describe_edge(e, kb.language),
                        "rationale": " ".join(e.rationale.split()), "source": e.source.label()})
    return sorted(out, key=lambda x: x["id"])


def step_criteria(kb: KnowledgeBase, d: Draft) -> dict:
    if d.kind not in ("climb", "restore"):
        return {}

    def one(phase: int) -> dict:
        c = kb.criteria.get((d.subdomain, phase))
        return {"phase": phase, "name": kb.phases[phase].name, "summary": c.summary if c else None,
                "criteria": list(c.criteria) if c else [], "source": c.source.label() if c else None}
    return {"current": one(d.from_phase), "next": one(d.to_phase)}
