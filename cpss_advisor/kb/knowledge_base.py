"""Loading the knowledge base: every YAML file of a directory, checked for shape, merged by kind, then checked
for meaning (`cpss_advisor.kb.integrity`).

`load_knowledge()` reads the installed knowledge (``cpss_advisor.knowledge``); `load_knowledge(path)` reads an
adapted copy. Either way the result carries a SHA-256 of the files' content for provenance.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..core import parse_cache
from ..core.document import Document, load_document
from ..core.errors import InputError, KnowledgeError, Problem, did_you_mean
from .knowledge_schema import (
    FILE_KINDS,
    CaseManagementFile,
    CMDimension,
    CMStandard,
    Context,
    ContextConstraint,
    DependencyEdge,
    Question,
    ShockPreset,
    Intervention,
    Outcome,
    PhaseCriteria,
    PhaseInfo,
    PlanningFile,
    ResponseAction,
    Source,
    SubdomainEntry,
    VocabularyFile,
)
from ..core.validation import validate_document

#: Knowledge files are larger than assessments but still small.
MAX_KNOWLEDGE_FILE_BYTES = 4 * 1024 * 1024


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
    #: values derived from the knowledge base, computed once (see `derived`)
    _memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    #: the plain data of each file read (display name -> data), for the parse cache
    source_data: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    #: whether the files were read from the parse cache rather than parsed
    from_cache: bool = False

    def derived(self, name: str, compute):
        """A value computed from this knowledge base once and kept with it (graph, names, facts)."""
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


def default_directory() -> Path:
    """The installed knowledge base."""
    root = importlib.resources.files("cpss_advisor.knowledge")
    return Path(str(root))


def knowledge_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.suffix in {".yaml", ".yml"} and p.is_file())


def content_sha256(paths: Iterable[Path], base: Path) -> str:
    """SHA-256 over the names and bytes of `paths`, in name order: the same files give the same hash anywhere."""
    h = hashlib.sha256()
    for p in sorted(paths, key=lambda q: q.relative_to(base).as_posix()):
        data = p.read_bytes()
        name = p.relative_to(base).as_posix().encode()
        h.update(len(name).to_bytes(4, "big") + name + len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


@functools.lru_cache(maxsize=8)
def _load_cached(directory: str, use_cache: bool = True) -> KnowledgeBase:
    return _load(Path(directory), use_cache)


def load_knowledge(directory: str | Path | None = None, *, check: bool = True, _use_cache: bool = True) -> KnowledgeBase:
    """Load and check a knowledge base; raise `KnowledgeError` with every problem found.

    Results are cached per directory for the life of the process (the files are read once).
    """
    path = Path(directory) if directory is not None else default_directory()
    if not path.is_dir():
        raise KnowledgeError(Problem(str(path), None, None, "not-found", "knowledge directory not found",
                                     "--knowledge takes a directory of knowledge YAML files"))
    kb = _load_cached(str(path.resolve()), _use_cache)
    if check and not kb.from_cache:  # a cached knowledge base passed these checks when it was written
        from .integrity import run_checks

        problems = run_checks(kb)
        if problems:
            raise KnowledgeError(problems)
        from ..engine.facts import knowledge_facts

        parse_cache.write("knowledge", kb.sha256, {"files": kb.source_data, "knowledge_facts": list(knowledge_facts(kb))})
    return kb


def _load(directory: Path, use_cache: bool = True) -> KnowledgeBase:
    files = knowledge_files(directory)
    problems: list[Problem] = []
    kb = KnowledgeBase(directory=str(directory), sha256=content_sha256(files, directory))
    if not files:
        raise KnowledgeError(Problem(str(directory), None, None, "empty", "no knowledge files (*.yaml) here"))
    entry = parse_cache.read("knowledge", kb.sha256) if use_cache else None
    cached = entry.get("files") if isinstance(entry, dict) else None
    if not isinstance(cached, dict) or set(cached) != {_display(p, directory) for p in files}:
        cached = None
    kb.from_cache = cached is not None
    if cached is not None and isinstance(entry.get("knowledge_facts"), list):
        kb._memo["knowledge_facts"] = tuple(entry["knowledge_facts"])
    for path in files:
        display = _display(path, directory)
        if cached is not None:
            doc = Document(display, cached[display])
        else:
            try:
                doc = load_document(path, max_bytes=MAX_KNOWLEDGE_FILE_BYTES)
            except InputError as exc:
                problems.extend(exc.problems)
                continue
            doc.path = display
        kb.source_data[display] = doc.data
        kind = doc.data.get("kind")
        model = FILE_KINDS.get(kind) if isinstance(kind, str) else None
        if model is None:
            hint = did_you_mean(kind, FILE_KINDS) or ("known kinds: " + ", ".join(sorted(FILE_KINDS)))
            what = "has no 'kind'" if kind is None else f"has an unknown kind '{kind}'"
            problems.append(doc.problem(("kind",), "unknown-kind", f"the file {what}", hint))
            continue
        parsed, errs = validate_document(doc, model)
        if errs:
            problems.extend(errs)
            continue
        kb.files.setdefault(kind, []).append(display)
        _merge(kb, kind, parsed, doc, problems)
    if problems:
        if cached is not None:  # the cache disagrees with the files: parse them, for located problems
            return _load(directory, use_cache=False)
        raise KnowledgeError(problems)
    return kb


def _display(path: Path, directory: Path) -> str:
    # Installed files are named by their place in the package; an adapted copy by its own path.
    if directory.resolve() == default_directory().resolve():
        return f"knowledge/{path.name}"
    return str(path)


def _put(kb: KnowledgeBase, store: dict, entity: str, key: Any, value: Any, doc: Document, loc: tuple,
         problems: list[Problem]) -> None:
    if key in store:
        first_doc, first_loc = kb.origins[(entity, key)]
        line, _ = first_doc.locate(first_loc)
        problems.append(doc.problem(loc, "duplicate-id", f"duplicate {entity} '{key}'",
                                    f"first defined in {first_doc.path}" + (f":{line}" if line else "")))
        return
    store[key] = value
    kb.origins[(entity, key)] = (doc, loc)


def _merge(kb: KnowledgeBase, kind: str, parsed: Any, doc: Document, problems: list[Problem]) -> None:
    if kind == "sources":
        for i, s in enumerate(parsed.sources):
            _put(kb, kb.sources, "source", s.id, s, doc, ("sources", i), problems)
    elif kind == "framework":
        for i, ph in enumerate(parsed.phases):
            _put(kb, kb.phases, "phase", ph.number, ph, doc, ("phases", i), problems)
        for i, oc in enumerate(parsed.outcomes):
            _put(kb, kb.outcomes, "outcome", oc.id, oc, doc, ("outcomes", i), problems)
            for j, sd in enumerate(oc.subdomains):
                _put(kb, kb.subdomains, "subdomain", sd.id, _subdomain(oc, sd), doc,
                     ("outcomes", i, "subdomains", j), problems)
    elif kind == "vocabulary":
        if kb.vocabulary is not None:
            problems.append(doc.problem(("kind",), "duplicate-file", "a second vocabulary file",
                                        "keep one vocabulary file"))
            return
        kb.vocabulary = parsed
        for name, entity in (("action_types", "action_type"), ("actors", "actor"), ("duration_bands", "duration")):
            seen: dict = {}
            for i, item in enumerate(getattr(parsed, name)):
                _put(kb, seen, entity, item.id, item, doc, (name, i), problems)
    elif kind == "phase_criteria":
        for i, c in enumerate(parsed.criteria):
            _put(kb, kb.criteria, "criteria", (c.subdomain, c.phase), c, doc, ("criteria", i), problems)
    elif kind == "interventions":
        for i, iv in enumerate(parsed.interventions):
            _put(kb, kb.interventions, "intervention", iv.id, iv, doc, ("interventions", i), problems)
    elif kind == "dependencies":
        for i, e in enumerate(parsed.edges):
            store = {x.id: x for x in kb.edges}
            before = len(problems)
            _put(kb, store, "edge", e.id, e, doc, ("edges", i), problems)
            if len(problems) == before:
                kb.edges.append(e)
    elif kind == "contexts":
        for i, c in enumerate(parsed.contexts):
            _put(kb, kb.contexts, "context", c.id, c, doc, ("contexts", i), problems)
        store = {c.id: c for c in kb.constraints}
        for i, c in enumerate(parsed.constraints):
            before = len(problems)
            _put(kb, store, "constraint", c.id, c, doc, ("constraints", i), problems)
            if len(problems) == before:
                kb.constraints.append(c)
    elif kind == "questionnaire":
        seen: dict = {}
        for i, sq in enumerate(parsed.subdomains):
            _put(kb, kb.questions, "questionnaire", sq.subdomain, list(sq.questions), doc, ("subdomains", i), problems)
            for j, q in enumerate(sq.questions):
                _put(kb, seen, "question", q.id, q, doc, ("subdomains", i, "questions", j), problems)
    elif kind == "response_actions":
        for i, ra in enumerate(parsed.actions):
            _put(kb, kb.response_actions, "response_action", ra.id, ra, doc, ("actions", i), problems)
    elif kind == "planning":
        if kb.planning is not None:
            problems.append(doc.problem(("kind",), "duplicate-file", "a second planning file",
                                        "keep one planning file"))
            return
        kb.planning = parsed
        settings: dict = {}
        for i, st in enumerate(parsed.settings):
            _put(kb, settings, "setting", st.id, st, doc, ("settings", i), problems)
        cores: dict = {}
        for i, cf in enumerate(parsed.core_functions):
            _put(kb, cores, "core_function", cf.subdomain, cf, doc, ("core_functions", i), problems)
    elif kind == "shock_presets":
        for i, sp in enumerate(parsed.presets):
            _put(kb, kb.shock_presets, "shock_preset", sp.id, sp, doc, ("presets", i), problems)
    elif kind == "case_management_instrument":
        if kb.case_management is not None:
            problems.append(doc.problem(("kind",), "duplicate-file", "a second case management instrument file"))
            return
        kb.case_management = parsed
        dims: dict = {}
        actions: dict = {}
        for i, d in enumerate(parsed.dimensions):
            _put(kb, dims, "cm_dimension", d.id, d, doc, ("dimensions", i), problems)
            for ti, t in enumerate(d.transitions):
                for ai, a in enumerate(t.actions):
                    _put(kb, actions, "cm_action", a.id, a, doc,
                         ("dimensions", i, "transitions", ti, "actions", ai), problems)
            for si, sd in enumerate(d.sub_dimensions):
                _put(kb, dims, "cm_dimension", sd.id, sd, doc, ("dimensions", i, "sub_dimensions", si), problems)
                for ti, t in enumerate(sd.transitions):
                    for ai, a in enumerate(t.actions):
                        _put(kb, actions, "cm_action", a.id, a, doc,
                             ("dimensions", i, "sub_dimensions", si, "transitions", ti, "actions", ai), problems)
        standards: dict = {}
        for i, s in enumerate(parsed.standards):
            _put(kb, standards, "standard", s.id, s, doc, ("standards", i), problems)
        levels: dict = {}
        for i, lv in enumerate(parsed.levels):
            _put(kb, levels, "cm_level", lv.level, lv, doc, ("levels", i), problems)


def _subdomain(outcome: Outcome, entry: SubdomainEntry) -> Subdomain:
    return Subdomain(id=entry.id, outcome=outcome.id, title=entry.title, short=entry.short)
