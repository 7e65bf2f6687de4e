"""The texts of a rule set people read, keyed like the knowledge base's (`cpss_advisor.kb.localisation`), and the
rule set with those texts in another language.

``rule.<id>`` holds the rule's `title`, its `rationale` template and every text it derives for people, named
``<fact>.<field>`` (``advice.text``, ``policy.reason``; ``<fact>.<field>.<n>`` when a rule derives the same fact
more than once). Their translations live beside the knowledge base (``i18n/<language>/rules.yaml``) and must keep
every ``{placeholder}`` of the English template.

`localise_rulebook` swaps the texts and nothing else: the same rules, patterns, derivations (fact types and every
other field), layers, cases and `sha256` (the hash of the rule files as read), so a plan made with it has the
same structure as the English one. A translation that is missing, stale or breaks a placeholder keeps the English.
"""

from __future__ import annotations

import dataclasses
from typing import Iterator

from ..kb.translations import Translations, check_translations
from .rulebook import Derivation, Rule, Rulebook, Template, placeholders

#: the derived fields people read (others, such as codes, policy names and step ids, are data)
TEXT_FIELDS = ("label", "text", "reason", "qualifier")


def _derived_texts(rule: Rule) -> Iterator[tuple[str, int, int, str]]:
    """(key, derivation index, field index, English text) for each text a rule derives for people."""
    seen: set[str] = {"title", "rationale"}
    for i, d in enumerate(rule.derivations):
        for j, (name, value) in enumerate(d.fields):
            if name in TEXT_FIELDS and isinstance(value, (str, Template)):
                key = f"{d.fact}.{name}"
                n = 2
                while key in seen:
                    key, n = f"{d.fact}.{name}.{n}", n + 1
                seen.add(key)
                yield key, i, j, value.text if isinstance(value, Template) else value


def rule_texts(rulebook: Rulebook) -> dict[str, dict[str, str]]:
    """rule.<id> -> field -> English text, sorted by key."""
    out: dict[str, dict[str, str]] = {}
    for rid, rule in sorted(rulebook.rules.items()):
        texts = {"title": rule.title, "rationale": rule.rationale.text}
        texts.update((key, text) for key, _i, _j, text in _derived_texts(rule))
        out[f"rule.{rid}"] = texts
    return out


def _template(text: str) -> Template:
    """A translated template: its placeholders are the English one's (`check_translations` made sure)."""
    return Template(text, tuple((alias, fld) for alias, fld, _flt in placeholders(text)))


def localise_rulebook(book: Rulebook, tr: Translations) -> Rulebook:
    """`book` with the current translations of `tr` in place of its English texts (see the module docstring)."""
    if book.language != "en":
        raise ValueError(f"the rule set is already in {book.language!r}: localise the English one")
    english = rule_texts(book)
    untranslated = set(check_translations(english, tr, unknown=False).untranslated)

    def text(key: str, fld: str) -> str | None:
        entry = tr.entries.get(key)
        if entry is None or f"{key}.{fld}" in untranslated or not isinstance(entry.texts.get(fld), str):
            return None
        return entry.texts[fld]

    rules = {}
    for rid, rule in book.rules.items():
        key = f"rule.{rid}"
        derivations = [list(d.fields) for d in rule.derivations]
        for fld, i, j, _english in _derived_texts(rule):
            french = text(key, fld)
            if french is not None:
                name, value = derivations[i][j]
                derivations[i][j] = (name, _template(french) if isinstance(value, Template) else french)
        rationale = text(key, "rationale")
        rules[rid] = dataclasses.replace(
            rule, title=text(key, "title") or rule.title,
            rationale=_template(rationale) if rationale is not None else rule.rationale,
            derivations=tuple(Derivation(d.fact, tuple(fields)) for d, fields in zip(rule.derivations, derivations)))
    return dataclasses.replace(book, rules=rules, language=tr.language)

