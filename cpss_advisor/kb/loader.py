"""Loading the knowledge base: every YAML file of a directory, checked for shape, merged by kind, indexed, then
checked for meaning (`cpss_advisor.kb.integrity`), through the one load -> check -> cache path of
`cpss_advisor.core.sources`.

`load_knowledge()` reads the installed knowledge (``cpss_advisor.knowledge``); `load_knowledge(path)` reads an
adapted copy. Either way the result carries a SHA-256 of the files' content for provenance.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path
from typing import Any, Callable

from ..core.document import Document
from ..core.errors import KnowledgeError, Problem, did_you_mean
from ..core.sources import load_checked, source_set, yaml_files
from ..core.validation import validate_document
from .integrity import run_checks
from .knowledge_base import KnowledgeBase, Subdomain
from .knowledge_schema import FILE_KINDS, Outcome, SubdomainEntry
from .localisation import localise
from .translations import LANGUAGE_PATTERN, read_translations

#: Knowledge files are larger than assessments but still small.
MAX_KNOWLEDGE_FILE_BYTES = 4 * 1024 * 1024


def default_directory() -> Path:
    """The installed knowledge base."""
    return Path(str(importlib.resources.files("cpss_advisor.knowledge")))


def load_knowledge(directory: str | Path | None = None, *, lang: str | None = None) -> KnowledgeBase:
    """Load and check a knowledge base; raise `KnowledgeError` (exit 3) with every problem found.

    `lang` (e.g. "fr") gives the knowledge base with the texts of ``<directory>/i18n/<lang>/`` where a current
    translation exists and English elsewhere: the same ids and structure (`cpss_advisor.kb.localisation`); its
    `untranslated` lists what fell back. The same content gives the same object for the life of the process
    (`cpss_advisor.core.sources`)."""
    kb = _load_english(directory)
    if lang is None or lang == "en":
        return kb
    if not LANGUAGE_PATTERN.match(lang):
        raise KnowledgeError(Problem(kb.directory, None, None, "translation-invalid",
                                     f"{lang!r} is not a language code", "use a code such as fr, es, ar or pt-BR"))
    return kb.derived(f"localised:{lang}", lambda k: localise(k, read_translations(k.directory, lang)))


def _load_english(directory: str | Path | None) -> KnowledgeBase:
    path = Path(directory) if directory is not None else default_directory()
    if not path.is_dir():
        raise KnowledgeError(Problem(str(path), None, None, "not-found", "knowledge directory not found",
                                     "--knowledge takes a directory of knowledge YAML files"))
    files = yaml_files(path)
    if not files:
        raise KnowledgeError(Problem(str(path), None, None, "empty", "no knowledge files (*.yaml) here"))
    installed = path.resolve() == default_directory().resolve()
    src = source_set("knowledge", path, files, lambda p: f"knowledge/{p.name}" if installed else str(p),
                     MAX_KNOWLEDGE_FILE_BYTES)
    return load_checked(src, lambda docs: _build(str(path), src.sha256, docs))


def _build(directory: str, sha256: str, docs: list[Document]) -> KnowledgeBase:
    kb = KnowledgeBase(directory=directory, sha256=sha256)
    problems: list[Problem] = []
    doc: Document
    for doc in docs:
        kind = doc.data.get("kind") if isinstance(doc.data, dict) else None
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
        kb.files.setdefault(kind, []).append(doc.path)
        _MERGE[kind](kb, parsed, doc, problems)
    if problems:
        raise KnowledgeError(problems)
    kb.index()
    problems = run_checks(kb)
    if problems:
        raise KnowledgeError(problems)
    return kb


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


# --- merging each kind of file ------------------------------------------------------------------------------

Merge = Callable[[KnowledgeBase, Any, Document, list[Problem]], None]


def _sources(kb: KnowledgeBase, parsed: Any, doc: Document, problems: list[Problem]) -> None:
    for i, s in enumerate(parsed.sources):
        _put(kb, kb.sources, "source", s.id, s, doc, ("sources", i), problems)


def _framework(kb: KnowledgeBase, parsed: Any, doc: Document, problems: list[Problem]) -> None:
    for i, ph in enumerate(parsed.phases):
        _put(kb, kb.phases, "phase", ph.number, ph, doc, ("phases", i), problems)
    for i, oc in enumerate(parsed.outcomes):
        _put(kb, kb.outcomes, "outcome", oc.id, oc, doc, ("outcomes", i), problems)
        for j, sd in enumerate(oc.subdomains):
            _put(kb, kb.subdomains, "subdomain", sd.id, _subdomain(oc, sd), doc,
                 ("outcomes", i, "subdomains", j), problems)


def _only_one(kb: KnowledgeBase, attr: str, parsed: Any, doc: Document, problems: list[Problem], what: str) -> bool:
    """Keep the single file of a kind there can be one of; a second is a problem."""
    if getattr(kb, attr) is not None:
        problems.append(doc.problem(("kind",), "duplicate-file", f"a second {what} file", f"keep one {what} file"))
        return False
    setattr(kb, attr, parsed)
    return True


def _vocabulary(kb: KnowledgeBase, parsed: Any, doc: Document, problems: list[Problem]) -> None:
    if not _only_one(kb, "vocabulary", parsed, doc, problems, "vocabulary"):
        return
    for name, entity in (("action_types", "action_type"), ("actors", "actor"), ("duration_bands", "duration")):
        seen: dict = {}
        for i, item in enumerate(getattr(parsed, name)):
            _put(kb, seen, entity, item.id, item, doc, (name, i), problems)


def _phase_criteria(kb: KnowledgeBase, parsed: Any, doc: Document, problems: list[Problem]) -> None:
    for i, c in enumerate(parsed.criteria):
        _put(kb, kb.criteria, "criteria", (c.subdomain, c.phase), c, doc, ("criteria", i), problems)


def _interventions(kb: KnowledgeBase, parsed: Any, doc: Document, problems: list[Problem]) -> None:
    for i, iv in enumerate(parsed.interventions):
        _put(kb, kb.interventions, "intervention", iv.id, iv, doc, ("interventions", i), problems)


def _append_unique(kb: KnowledgeBase, items: list, entity: str, entries: Any, field_name: str, doc: Document,
                   problems: list[Problem]) -> None:
    """Add entries to a list store (edges, constraints), refusing a second entry with an id."""
    store = {x.id: x for x in items}
    for i, x in enumerate(entries):
        before = len(problems)
        _put(kb, store, entity, x.id, x, doc, (field_name, i), problems)
        if len(problems) == before:
            items.append(x)


def _dependencies(kb: KnowledgeBase, parsed: Any, doc: Document, problems: list[Problem]) -> None:
    _append_unique(kb, kb.edges, "edge", parsed.edges, "edges", doc, problems)


def _contexts(kb: KnowledgeBase, parsed: Any, doc: Document, problems: list[Problem]) -> None:
    for i, c in enumerate(parsed.contexts):
        _put(kb, kb.contexts, "context", c.id, c, doc, ("contexts", i), problems)
    _append_unique(kb, kb.constraints, "constraint", parsed.constraints, "constraints", doc, problems)


def _questionnaire(kb: KnowledgeBase, parsed: Any, doc: Document, problems: list[Problem]) -> None:
    seen: dict = {}
    for i, sq in enumerate(parsed.subdomains):
        _put(kb, kb.questions, "questionnaire", sq.subdomain, list(sq.questions), doc, ("subdomains", i), problems)
        for j, q in enumerate(sq.questions):
            _put(kb, seen, "question", q.id, q, doc, ("subdomains", i, "questions", j), problems)


def _response_actions(kb: KnowledgeBase, parsed: Any, doc: Document, problems: list[Problem]) -> None:
    for i, ra in enumerate(parsed.actions):
        _put(kb, kb.response_actions, "response_action", ra.id, ra, doc, ("actions", i), problems)


def _planning(kb: KnowledgeBase, parsed: Any, doc: Document, problems: list[Problem]) -> None:
    if not _only_one(kb, "planning", parsed, doc, problems, "planning"):
        return
    settings: dict = {}
    for i, st in enumerate(parsed.settings):
        _put(kb, settings, "setting", st.id, st, doc, ("settings", i), problems)
    cores: dict = {}
    for i, cf in enumerate(parsed.core_functions):
        _put(kb, cores, "core_function", cf.subdomain, cf, doc, ("core_functions", i), problems)


def _shock_presets(kb: KnowledgeBase, parsed: Any, doc: Document, problems: list[Problem]) -> None:
    for i, sp in enumerate(parsed.presets):
        _put(kb, kb.shock_presets, "shock_preset", sp.id, sp, doc, ("presets", i), problems)


def _case_management(kb: KnowledgeBase, parsed: Any, doc: Document, problems: list[Problem]) -> None:
    if kb.case_management is not None:
        problems.append(doc.problem(("kind",), "duplicate-file", "a second case management instrument file"))
        return
    kb.case_management = parsed
    dims: dict = {}
    actions: dict = {}

    def transitions(unit: Any, loc: tuple) -> None:
        for ti, t in enumerate(unit.transitions):
            for ai, a in enumerate(t.actions):
                _put(kb, actions, "cm_action", a.id, a, doc, loc + ("transitions", ti, "actions", ai), problems)

    for i, d in enumerate(parsed.dimensions):
        _put(kb, dims, "cm_dimension", d.id, d, doc, ("dimensions", i), problems)
        transitions(d, ("dimensions", i))
        for si, sd in enumerate(d.sub_dimensions):
            _put(kb, dims, "cm_dimension", sd.id, sd, doc, ("dimensions", i, "sub_dimensions", si), problems)
            transitions(sd, ("dimensions", i, "sub_dimensions", si))
    for name, entity, key in (("standards", "standard", "id"), ("levels", "cm_level", "level")):
        seen: dict = {}
        for i, x in enumerate(getattr(parsed, name)):
            _put(kb, seen, entity, getattr(x, key), x, doc, (name, i), problems)


_MERGE: dict[str, Merge] = {
    "sources": _sources, "framework": _framework, "vocabulary": _vocabulary, "phase_criteria": _phase_criteria,
    "interventions": _interventions, "dependencies": _dependencies, "contexts": _contexts,
    "questionnaire": _questionnaire, "response_actions": _response_actions, "planning": _planning,
    "shock_presets": _shock_presets, "case_management_instrument": _case_management,
}

def _subdomain(outcome: Outcome, entry: SubdomainEntry) -> Subdomain:
    return Subdomain(id=entry.id, outcome=outcome.id, title=entry.title, short=entry.short)
