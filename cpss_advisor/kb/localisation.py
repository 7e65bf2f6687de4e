"""The texts of the knowledge base people read, keyed by id, and the knowledge base in another language.

Every text entry has a key ``<kind>.<id>`` and the fields people read: ``phase.2`` (name, description),
``outcome.3`` (title), ``subdomain.3.3`` (title, short), ``criteria.3.3.2`` (summary, criteria), ``intervention.<id>``,
``context.<id>``, ``shock.<id>``, ``response_action.<id>`` (title, description), ``constraint.<id>`` (reason),
``action_type.<id>`` (title, description), ``actor.<id>``, ``duration.<id>`` (title), ``question.<id>`` (text, help),
``cm_level.<n>`` (name), ``cm_dimension.<id>`` (title, mapping_note), ``cm_action.<id>`` (text), ``cm_standard.<id>``
(text, unit), ``setting.<id>`` (title: the planning setting of knowledge/planning.yaml), ``core_function.<subdomain>``
(label), ``edge.<id>`` (rationale: a dependency, ``edge.3.3@2<-3.2@2``). Rule texts (``rule.<id>``) come from the rule set (`cpss_advisor.engine.rule_texts`).

`localise(kb, translations)` gives the same knowledge base (same ids, same structure) with the translated texts
where a current translation exists and the English ones elsewhere; its `untranslated` lists what fell back.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

from pydantic import BaseModel

from . import knowledge_schema as ks
from .knowledge_base import KnowledgeBase
from .translations import Text, Texts, Translations, check_translations, read_translations

#: model -> (key of an instance, the fields people read)
TEXT_FIELDS: dict[type, tuple[Callable[[Any], str], tuple[str, ...]]] = {
    ks.PhaseInfo: (lambda m: f"phase.{m.number}", ("name", "description")),
    ks.Outcome: (lambda m: f"outcome.{m.id}", ("title",)),
    ks.SubdomainEntry: (lambda m: f"subdomain.{m.id}", ("title", "short")),
    ks.PhaseCriteria: (lambda m: f"criteria.{m.subdomain}.{m.phase}", ("summary", "criteria")),
    ks.ActionType: (lambda m: f"action_type.{m.id}", ("title", "description")),
    ks.Actor: (lambda m: f"actor.{m.id}", ("title",)),
    ks.DurationBand: (lambda m: f"duration.{m.id}", ("title",)),
    ks.Intervention: (lambda m: f"intervention.{m.id}", ("title", "description")),
    ks.Context: (lambda m: f"context.{m.id}", ("title", "description")),
    ks.ContextConstraint: (lambda m: f"constraint.{m.id}", ("reason",)),
    ks.ShockPreset: (lambda m: f"shock.{m.id}", ("title", "description")),
    ks.Question: (lambda m: f"question.{m.id}", ("text", "help")),
    ks.CMLevel: (lambda m: f"cm_level.{m.level}", ("name",)),
    ks.CMDimension: (lambda m: f"cm_dimension.{m.id}", ("title", "mapping_note")),
    ks.CMSubDimension: (lambda m: f"cm_dimension.{m.id}", ("title",)),
    ks.CMAction: (lambda m: f"cm_action.{m.id}", ("text",)),
    ks.CMStandard: (lambda m: f"cm_standard.{m.id}", ("text", "unit")),
    ks.ResponseAction: (lambda m: f"response_action.{m.id}", ("title", "description")),
    ks.PlanningSetting: (lambda m: f"setting.{m.id}", ("title",)),
    ks.CoreFunction: (lambda m: f"core_function.{m.subdomain}", ("label",)),
    ks.DependencyEdge: (lambda m: f"edge.{m.id}", ("rationale",)),
}

#: the stores of a knowledge base that hold text entries
STORES = ("phases", "outcomes", "criteria", "interventions", "contexts", "constraints", "vocabulary",
          "case_management", "shock_presets", "questions", "response_actions", "planning", "edges")

Visit = Callable[[str, dict[str, Text]], dict[str, Text]]


def _texts(model: BaseModel) -> tuple[str, dict[str, Text]] | None:
    spec = TEXT_FIELDS.get(type(model))
    if spec is None:
        return None
    key, fields = spec
    out: dict[str, Text] = {}
    for f in fields:
        value = getattr(model, f)
        if value is not None:
            out[f] = list(value) if isinstance(value, (list, tuple)) else value
    return key(model), out


def _walk(value: Any, visit: Visit) -> Any:
    """`value` with every text entry inside it replaced by what `visit(key, english)` returns for it."""
    if isinstance(value, BaseModel):
        update: dict[str, Any] = {}
        for name in type(value).model_fields:
            child = getattr(value, name)
            new = _walk(child, visit)
            if new is not child:
                update[name] = new
        found = _texts(value)
        if found:
            update.update(visit(*found))
        return value.model_copy(update=update) if update else value
    if isinstance(value, list):
        new_list = [_walk(v, visit) for v in value]
        return new_list if any(a is not b for a, b in zip(new_list, value)) else value
    if isinstance(value, dict):
        new_dict = {k: _walk(v, visit) for k, v in value.items()}
        return new_dict if any(new_dict[k] is not value[k] for k in value) else value
    return value


def english_texts(kb: KnowledgeBase) -> Texts:
    """Every text of the knowledge base people read: key -> field -> English text, sorted by key."""
    found: Texts = {}

    def collect(key: str, texts: dict[str, Text]) -> dict[str, Text]:
        found.setdefault(key, {}).update(texts)
        return {}

    for store in STORES:
        _walk(getattr(kb, store), collect)
    return dict(sorted(found.items()))


def localise(kb: KnowledgeBase, tr: Translations, extra: Texts | None = None) -> KnowledgeBase:
    """The knowledge base in the language of `tr`: current translations replace the English texts, every id and
    structure stays. `extra` adds English texts checked but not held by the knowledge base (the rules')."""
    english = english_texts(kb)
    report = check_translations({**english, **(extra or {})}, tr, unknown=False)
    fallback = set(report.untranslated)

    def swap(key: str, texts: dict[str, Text]) -> dict[str, Text]:
        entry = tr.entries.get(key)
        if entry is None:
            return {}
        return {f: entry.texts[f] for f in texts if f in entry.texts and f"{key}.{f}" not in fallback}

    stores = {store: _walk(getattr(kb, store), swap) for store in STORES}
    names = {sid: swap(f"subdomain.{sid}", {"title": sd.title, "short": sd.short}) for sid, sd in kb.subdomains.items()}
    subdomains = {sid: dataclasses.replace(sd, **names[sid]) for sid, sd in kb.subdomains.items()}
    out = dataclasses.replace(kb, **stores, subdomains=subdomains, language=tr.language,
                              untranslated=tuple(k for k in report.untranslated if k.split(".", 1)[0] != "rule"),
                              _memo={})
    out.index()
    out._memo[TRANSLATIONS] = tr  # kept for the layers above (the rules' texts): read once
    return out


#: the name under which a localised knowledge base keeps the translations it was made with (`KnowledgeBase.derived`)
TRANSLATIONS = "translations"


def translations_of(kb: KnowledgeBase) -> Translations:
    """The translations a knowledge base in another language was made with (read again only if it lost them); an
    English knowledge base has none."""
    return kb.derived(TRANSLATIONS, lambda k: read_translations(k.directory, k.language) if k.language != "en"
                      else Translations("en"))

