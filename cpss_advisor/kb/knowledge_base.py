"""The knowledge base: everything the advisor knows, indexed by id, with the indexes derived from it.

A `KnowledgeBase` is built and checked by `cpss_advisor.kb.loader.load_knowledge`; this module is the model and
its lookups. The indexes every layer needs (the case management checklist walked once, contexts by category, phase
and step labels) are built here, once, when the knowledge base is loaded, so that no reader walks the raw files
again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..core.document import Document
from ..core.errors import Problem, did_you_mean
from ..core.i18n import translator
from .checklist import EMPTY, Checklist, DimensionLevel, build_checklist, instrument_levels
from .knowledge_schema import (
    CONTEXT_CATEGORIES,
    CaseManagementFile,
    CMDimension,
    CMStandard,
    Context,
    ContextConstraint,
    DependencyEdge,
    Intervention,
    Outcome,
    PhaseCriteria,
    PhaseInfo,
    PlanningFile,
    Question,
    ResponseAction,
    ShockPreset,
    Source,
    VocabularyFile,
)


@dataclass(frozen=True)
class Subdomain:
    id: str
    outcome: str
    title: str
    short: str

    @property
    def label(self) -> str:
        return f"{self.id} {self.short}"


@dataclass(repr=False)
class KnowledgeBase:
    """Everything the advisor knows, indexed by id. Built by `load_knowledge`."""

    directory: str
    sha256: str
    sources: dict[str, Source] = field(default_factory=dict)
    phases: dict[int, PhaseInfo] = field(default_factory=dict)
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    subdomains: dict[str, Subdomain] = field(default_factory=dict)
    criteria: dict[tuple[str, int], PhaseCriteria] = field(default_factory=dict)
    interventions: dict[str, Intervention] = field(default_factory=dict)
    edges: list[DependencyEdge] = field(default_factory=list)
    contexts: dict[str, Context] = field(default_factory=dict)
    constraints: list[ContextConstraint] = field(default_factory=list)
    vocabulary: VocabularyFile | None = None
    case_management: CaseManagementFile | None = None
    shock_presets: dict[str, ShockPreset] = field(default_factory=dict)
    #: subdomain -> its evidence questions, in the order they are asked
    questions: dict[str, list[Question]] = field(default_factory=dict)
    #: actions that are not phase climbs (respond, protect, restore, surge, enable), in catalogue order
    response_actions: dict[str, ResponseAction] = field(default_factory=dict)
    #: planning periods by setting, capacity defaults, the reforms that wait at acute onset, core functions
    planning: PlanningFile | None = None
    #: (entity, id) -> (document, path inside it): where each entry was written, for located problems
    origins: dict[tuple[str, Any], tuple[Document, tuple]] = field(default_factory=dict, repr=False)
    #: files read, by kind
    files: dict[str, list[str]] = field(default_factory=dict)
    #: the case management checklist, walked once (see `cpss_advisor.kb.checklist`)
    checklist: Checklist = EMPTY
    #: contexts by category, in catalogue category order, each list by id
    contexts_by_category: dict[str, list[Context]] = field(default_factory=dict, repr=False)
    #: the language of the texts ("en": as written; another: `load_knowledge(..., lang=...)`)
    language: str = "en"
    #: in another language: the texts that fell back to English, as "<key>.<field>" (`cpss_advisor.kb.localisation`)
    untranslated: tuple[str, ...] = ()
    #: values other layers derive from the knowledge base alone, computed on first use (see `derived`)
    _memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def index(self) -> None:
        """Build the derived indexes (the loader calls it once the files are merged)."""
        self.checklist = build_checklist(self.case_management)
        self.contexts_by_category = {cat: sorted((c for c in self.contexts.values() if c.category == cat),
                                                 key=lambda c: c.id) for cat in CONTEXT_CATEGORIES}
        self._memo.clear()

    def derived(self, name: str, compute):
        """A value computed from this knowledge base once and kept with it (the dependency graph, the rules'
        names, the engine's knowledge facts): the layers above own what they derive."""
        if name not in self._memo:
            self._memo[name] = compute(self)
        return self._memo[name]

    def __repr__(self) -> str:
        return f"KnowledgeBase({self.directory!r}, sha256={self.sha256[:12]}...)"

    def _repr_pretty_(self, printer, cycle) -> None:
        """The short form in IPython and notebooks too (their pretty printers would list every field)."""
        printer.text(repr(self))

    # --- lookups ---------------------------------------------------------------------------------------------

    def phase_name(self, number: int) -> str:
        return self.phases[number].name

    def phase_label(self, number: int) -> str:
        """"3 System Integration"."""
        return f"{number} {self.phases[number].name}"

    def phase_short(self, number: int) -> str:
        """"Integration": the phase's name without "System", as tables and charts show it."""
        return self.phases[number].name.replace("System ", "") if number in self.phases else str(number)

    def step_label(self, sid: str, from_phase: int, to_phase: int, *, verb: str = "", short: bool = True,
                   arrow: str = "->", esc=str) -> str:
        """A phase step as outputs name it: "3.3 Case management: 2 -> 3 Integration" (`short=False`: "System
        Integration"); `verb` (e.g. "restore ") goes before the phases, `esc` escapes the knowledge base's texts
        for the output format."""
        name = self.phase_short(to_phase) if short else self.phases[to_phase].name
        words = {"subdomain": sid, "title": esc(self.subdomains[sid].short), "verb": verb, "start": from_phase,
                 "arrow": arrow, "end": to_phase, "phase": esc(name)}
        if self.language == "en":
            return "{subdomain} {title}: {verb}{start} {arrow} {end} {phase}".format(**words)
        _ = translator(self.language).gettext  # the language's punctuation (" : " in French)
        return _("{subdomain} {title}: {verb}{start} {arrow} {end} {phase}").format(**words)

    def stage_of(self, context) -> str | None:
        """The stage of the response among context ids (at most one, by the context constraints), or None."""
        return next((c for c in sorted(context) if c in self.contexts and self.contexts[c].category == "stage"), None)

    def shocks_in(self, context) -> set[str]:
        return {c for c in context if c in self.contexts and self.contexts[c].category == "shock"}

    def instrument_levels(self, done) -> list[DimensionLevel]:
        """The level of every checklist dimension and unit for a done list (`cpss_advisor.kb.checklist`)."""
        return instrument_levels(self.case_management, self.checklist, done)

    def subdomains_of(self, outcome: str) -> list[str]:
        """The subdomain ids of an intermediate outcome, in order."""
        return sorted(s for s, sd in self.subdomains.items() if sd.outcome == outcome)

    def general_interventions(self, sid: str, from_phase: int) -> list[Intervention]:
        """The interventions for the step of `sid` that starts at `from_phase` whatever the context, in id order."""
        return list(self.derived("general_interventions", _general_index).get((sid, from_phase), ()))

    def needs(self, sid: str) -> list[DependencyEdge]:
        return sorted((e for e in self.edges if e.subdomain == sid), key=lambda e: (e.to_phase, e.needs))

    def needed_by(self, sid: str) -> list[DependencyEdge]:
        return sorted((e for e in self.edges if e.needs == sid), key=lambda e: (e.min_phase, e.subdomain))

    def standards(self) -> dict[str, CMStandard]:
        if self.case_management is None:
            return {}
        return {s.metric: s for s in self.case_management.standards}

    def cm_dimension(self, did: str) -> CMDimension | None:
        if self.case_management is None:
            return None
        return next((d for d in self.case_management.dimensions if d.id == did), None)

    def problem(self, entity: str, key: Any, code: str, message: str, hint: str | None = None,
                field_path: tuple = ()) -> Problem:
        """A problem located at the entry (entity, key), or at one of its fields."""
        origin = self.origins.get((entity, key))
        if origin is None:
            return Problem(self.directory, None, None, code, message, hint)
        doc, loc = origin
        return doc.problem(loc + tuple(field_path), code, message, hint)

    def suggest_subdomain(self, value: object) -> str | None:
        return did_you_mean(value, self.subdomains)


def _general_index(kb: KnowledgeBase) -> dict[tuple[str, int], tuple[Intervention, ...]]:
    out: dict[tuple[str, int], list[Intervention]] = {}
    for iv in sorted(kb.interventions.values(), key=lambda i: i.id):
        if iv.general:
            for sid in iv.subdomains:
                for step in iv.steps:
                    out.setdefault((sid, step), []).append(iv)
    return {k: tuple(v) for k, v in out.items()}


