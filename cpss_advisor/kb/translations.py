"""Translations of the knowledge base, kept beside it and keyed by id: ``<knowledge>/i18n/<language>/*.yaml``.

A translation file is one mapping::

    kind: translations
    schema_version: 1
    language: fr
    entries:
      phase.2:                      # the key of a text entry (`cpss_advisor.kb.localisation`)
        en: 3f0c1e9a2b7d            # fingerprint of the English texts translated (see `fingerprint`)
        source: "project translation"
        name: "Renforcement du système"
        description: "..."

Each entry translates some fields of one knowledge entry; `en` is the first 12 hex digits of the SHA-256 of the
English texts of those fields, so that an English text changed after its translation makes the translation
*stale*. `source` says where a term comes from (a citation, or ``project translation``).

`check_translations` compares a language's entries with the English texts: missing and stale translations are
warnings (a language may be partial; errors with ``complete=True``), translations of unknown entries or fields and
broken ``{placeholders}`` are errors.
"""

from __future__ import annotations

import hashlib
import json
import re
import string
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Union

from ..core.document import Document
from ..core.errors import Problem, did_you_mean
from ..core.sources import read_documents, remember, source_set, yaml_files

#: An English or translated text: one string, or a list of strings (a phase's criteria).
Text = Union[str, list]
#: key -> field -> English text: what can be translated (`cpss_advisor.kb.localisation.english_texts`).
Texts = dict[str, dict[str, Text]]

I18N_DIRECTORY = "i18n"
FINGERPRINT_CHARS = 12
RESERVED = ("en", "source")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
MAX_TRANSLATION_FILE_BYTES = 4 * 1024 * 1024

#: Problem codes; missing and stale are warnings unless a complete translation is asked for.
MISSING, STALE = "translation-missing", "translation-stale"
UNKNOWN_ID, UNKNOWN_FIELD = "translation-unknown-id", "translation-unknown-field"
PLACEHOLDERS, INVALID = "translation-placeholders", "translation-invalid"
WARNING_CODES = frozenset({MISSING, STALE})

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def fingerprint(texts: dict[str, Text]) -> str:
    """The fingerprint of English texts (field -> text): the first 12 hex digits of the SHA-256 of their JSON."""
    data = json.dumps(texts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:FINGERPRINT_CHARS]


def placeholders(text: str) -> Counter:
    """The ``{...}`` placeholders of a text, counted."""
    return Counter(_PLACEHOLDER.findall(text))


def well_formed(text: str) -> bool:
    """Whether the braces of a text parse as a template (no lone ``{`` or ``}``)."""
    try:
        list(string.Formatter().parse(text))
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Entry:
    """The translation of one text entry: field -> translated text, and where it was written."""

    key: str
    texts: dict[str, Text]
    fingerprint: str | None
    source: str | None
    doc: Document = field(repr=False, compare=False)
    loc: tuple = ()

    def problem(self, code: str, message: str, hint: str | None = None, fld: str | None = None) -> Problem:
        doc: Document = self.doc
        return doc.problem(self.loc + ((fld,) if fld else ()), code, message, hint,
                                at="key" if fld is None else "value")


@dataclass
class Translations:
    """One language's translations of a knowledge base, and the problems of shape found reading them."""

    language: str
    entries: dict[str, Entry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def languages(knowledge_dir: str | Path) -> list[str]:
    """The languages translated beside a knowledge directory (``i18n/<language>/``), sorted."""
    root = Path(knowledge_dir) / I18N_DIRECTORY
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and LANGUAGE_PATTERN.match(p.name))


def read_translations(knowledge_dir: str | Path, language: str) -> Translations:
    """The translations of `language` beside a knowledge directory (none when the directory does not exist)."""
    tr = Translations(language)
    folder = Path(knowledge_dir) / I18N_DIRECTORY / language
    if not folder.is_dir():
        return tr
    # parsed once per content: the files' data come from the parse cache after the first run (core.sources)
    src = source_set(f"translations-{language}", folder, yaml_files(folder), str, MAX_TRANSLATION_FILE_BYTES)
    docs, problems, cached = read_documents(src)
    for doc in docs:
        _read_file(doc, tr)
    if cached and (problems or tr.problems):  # cached data this code does not accept: read the files again
        tr = Translations(language)
        docs, problems, cached = read_documents(src, use_cache=False)
        for doc in docs:
            _read_file(doc, tr)
    tr.problems[:0] = problems
    tr.files.extend(doc.path for doc in docs)
    if not cached and not tr.problems:
        remember(src, docs, _positions, at="key")  # problems point at an entry's or a field's key
    return tr


def _positions(doc: Document) -> Iterable[tuple]:
    """The entries and fields whose place is kept with a cached file (problems name their lines)."""
    for key, value in doc.data["entries"].items():
        yield ("entries", key)
        yield from (("entries", key, fld) for fld in value)


def _read_file(doc: Document, tr: Translations) -> None:
    data = doc.data
    bad = _header_problem(data, tr.language)
    if bad:
        tr.problems.append(doc.problem((bad[0],) if bad[0] else (), "translation-invalid", bad[1], bad[2]))
        return
    for key, value in data["entries"].items():
        loc = ("entries", key)
        if not isinstance(value, dict) or not value:
            tr.problems.append(doc.problem(loc, "translation-invalid", f"entry '{key}' is not a mapping of fields to texts",
                                           "write field: text pairs, and en: the English fingerprint"))
            continue
        if str(key) in tr.entries:
            first = tr.entries[str(key)]
            tr.problems.append(doc.problem(loc, "translation-invalid", f"entry '{key}' is translated twice",
                                           f"first translated in {first.doc.path}", at="key"))
            continue
        texts, ok = {}, True
        for fld, text in value.items():
            if fld in RESERVED:
                if not isinstance(text, str):
                    tr.problems.append(doc.problem(loc + (fld,), "translation-invalid", f"'{fld}' of '{key}' is not text"))
                    ok = False
            elif isinstance(text, str) or (isinstance(text, list) and text and all(isinstance(t, str) for t in text)):
                texts[str(fld)] = text
            else:
                tr.problems.append(doc.problem(loc + (fld,), "translation-invalid", f"'{key}'.{fld} is not a text or a list of texts",
                                               "write the translated text as a string"))
                ok = False
        if ok:
            tr.entries[str(key)] = Entry(str(key), texts, value.get("en"), value.get("source"), doc, loc)


def _header_problem(data: Any, language: str) -> tuple[str, str, str] | None:
    if not isinstance(data, dict):
        return ("", "a translation file is a mapping", "start it with kind: translations")
    if data.get("kind") != "translations":
        return ("kind", "a translation file has kind: translations", "set kind: translations")
    if data.get("schema_version") != 1:
        return ("schema_version", "unsupported schema_version", "set schema_version: 1")
    if data.get("language") != language:
        return ("language", f"the file says language {data.get('language')!r} but lies in the folder of '{language}'",
                f"set language: {language}, or move the file to the folder of its language")
    if data.get("entries") is None:
        data["entries"] = {}
    if not isinstance(data.get("entries"), dict):
        return ("entries", "'entries' is missing or not a mapping", "entries: {key: {field: text, en: fingerprint}}")
    unknown = sorted(set(data) - {"kind", "schema_version", "language", "entries", "translates"})
    if unknown:
        return (unknown[0], f"unknown top-level field '{unknown[0]}'",
                "allowed: kind, schema_version, language, translates, entries")
    return None


# --- the check ---------------------------------------------------------------------------------------------------

@dataclass
class Report:
    """What `check_translations` found for one language."""

    language: str
    total: int = 0
    translated: int = 0
    #: key prefix (the kind of entry: phase, intervention, rule, ...) -> [translated, total]
    by_kind: dict[str, list[int]] = field(default_factory=dict)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    #: keys (with field) that fall back to English: missing or stale
    untranslated: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """"fr: 120 of 2,000 texts translated"."""
        return f"{self.language}: {self.translated:,} of {self.total:,} texts translated"


def kind_of(key: str) -> str:
    return key.split(".", 1)[0]


def check_translations(english: Texts, tr: Translations, *, complete: bool = False, unknown: bool = True) -> Report:
    """Compare a language's translations with the English texts; see the module docstring. `unknown=False` leaves
    out the entries that translate none of `english` (for a caller that holds only part of the texts, such as the
    knowledge base without the rules: their suggestions cost a fuzzy match each)."""
    rep = Report(tr.language, errors=list(tr.problems))
    where = f"{I18N_DIRECTORY}/{tr.language}"
    for key in sorted(english):
        fields = english[key]
        entry = tr.entries.get(key)
        done = _check_entry(key, fields, entry, rep) if entry else set()
        counts = rep.by_kind.setdefault(kind_of(key), [0, 0])
        counts[0] += len(done)
        counts[1] += len(fields)
        missing = sorted(set(fields) - set(entry.texts if entry else ()))
        if missing:
            rep.untranslated.extend(f"{key}.{f}" for f in missing)
            rep.warnings.append(Problem(where, None, None, "translation-missing",
                                        f"'{key}' has no translation of {', '.join(missing)}",
                                        f"add it to a file of {I18N_DIRECTORY}/{tr.language}/"))
    for key in sorted(set(tr.entries) - set(english)) if unknown else ():
        extra: Entry = tr.entries[key]
        rep.errors.append(extra.problem("translation-unknown-id",
                                        f"'{key}' translates no entry of the knowledge base or rules",
                                        _suggest(key, english)))
    rep.total = sum(len(f) for f in english.values())
    rep.translated = sum(c[0] for c in rep.by_kind.values())
    if complete:
        rep.errors.extend(rep.warnings)
        rep.warnings = []
    return rep


def _suggest(key: str, english: Iterable[str]) -> str:
    return did_you_mean(key, english) or "keys are <kind>.<id>, such as phase.2, intervention.<id>, rule.<id>"


def _check_entry(key: str, fields: dict[str, Text], entry: Entry, rep: Report) -> set[str]:
    """The fields of `entry` that translate the English texts faithfully (known, current, placeholders kept)."""
    good: set[str] = set()
    for fld in sorted(set(entry.texts) - set(fields)):
        rep.errors.append(entry.problem("translation-unknown-field", f"'{key}' has no English field '{fld}' to translate",
                                        "translatable fields here: " + ", ".join(sorted(fields)), fld))
    known = {f: fields[f] for f in sorted(entry.texts) if f in fields}
    for fld, text in known.items():
        if _placeholders_kept(key, fld, text, entry.texts[fld], entry, rep):
            good.add(fld)
        else:
            rep.untranslated.append(f"{key}.{fld}")
    expected = fingerprint(known)
    if entry.fingerprint != expected:
        what = "has no fingerprint of its English text" if entry.fingerprint is None else \
            "translates an older English text (stale)"
        rep.warnings.append(entry.problem("translation-stale", f"'{key}' {what}",
                                          f"check the translation against the English, then set en: {expected}"))
        rep.untranslated.extend(f"{key}.{f}" for f in sorted(good))
        return set()
    return good


def _placeholders_kept(key: str, fld: str, english: Text, french: Text, entry: Entry, rep: Report) -> bool:
    pairs = list(zip(english, french)) if isinstance(english, list) and isinstance(french, list) else None
    if isinstance(english, list) != isinstance(french, list) or (pairs is not None and len(english) != len(french)):
        size = f"a list of {len(english)} texts" if isinstance(english, list) else "one text"
        rep.errors.append(entry.problem("translation-invalid", f"'{key}'.{fld} must be {size}, as in English", None, fld))
        return False
    for en, fr in pairs if pairs is not None else [(english, french)]:
        if not well_formed(fr) or placeholders(en) != placeholders(fr):
            lost = sorted((placeholders(en) - placeholders(fr)).elements())
            extra = sorted((placeholders(fr) - placeholders(en)).elements())
            detail = "; ".join(x for x in (f"missing {', '.join(lost)}" if lost else "",
                                           f"not in English {', '.join(extra)}" if extra else "",
                                           "a lone brace" if not well_formed(fr) else "") if x)
            rep.errors.append(entry.problem("translation-placeholders", f"'{key}'.{fld} does not keep the English placeholders: "
                                            f"{detail}", "keep every {placeholder} exactly as in English", fld))
            return False
    return True
