"""The names the workbooks the advisor reads back are written with, in every language: sheet names, column headers
and drop-down values of the intake workbook and of the workplan.

A workbook is written in one language (`cpss --lang fr template`); it is read in any. The names are kept in English
in the code, marked for translation, and a reader accepts each one's translation in every language the package has
a catalogue for (`names`, `canonical`), together with the aliases people type (the header tables below: a header
is matched once lower-cased, with its parenthesised part and its spaces aside, `norm_header`)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any, Sequence

from ..core.i18n import N_, languages, translator

#: Sheets of the intake workbook that are read (Instructions is only for people).
SHEET_ASSESSMENT, SHEET_RATINGS, SHEET_CONTEXT, SHEET_FIGURES = (N_("Assessment"), N_("Ratings"), N_("Context"),
                                                                 N_("Figures"))
#: Optional: the case management benchmarks checklist (the assessment's `case_management:` section).
SHEET_CHECKLIST = N_("Case management")
SHEET_INSTRUCTIONS = N_("Instructions")
#: How sure a rating is: the values of the assessment (`confidence:`), as the template's drop-down offers them.
CONFIDENCE_CHOICES = (N_("low"), N_("medium"), N_("high"))
YES, NO = N_("Yes"), N_("No")


@lru_cache(maxsize=None)
def names(english: str) -> tuple[str, ...]:
    """`english` and its translation in every language the package has, English first (each once)."""
    out = [english]
    for lang in languages():
        word = translator(lang).gettext(english)
        if word not in out:
            out.append(word)
    return tuple(out)


def fold(text: str) -> str:
    """Text compared without regard to case and runs of spaces."""
    return " ".join(text.split()).casefold()


def canonical(value: str, choices: Sequence[str]) -> str | None:
    """The English name of `choices` whose name in some language is `value` (case and spaces aside), else None."""
    folded = fold(value)
    for english in choices:
        if any(fold(n) == folded for n in names(english)):
            return english
    return None


def _plain_letters(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def confidence(value: str) -> str:
    """A confidence in English ("high") when `value` names one in some language, accents optional ("élevée",
    "elevee", "Moyenne"); else `value` lower-cased, for the assessment's own check to refuse."""
    english = canonical(value, CONFIDENCE_CHOICES)
    if english is None:
        plain = _plain_letters(fold(value))
        english = next((e for e in CONFIDENCE_CHOICES
                        if plain in {_plain_letters(fold(n)) for n in names(e)} | _CONFIDENCE_ALIASES[e]), None)
    return english or value.lower()


#: Other forms of the confidence values people type (French: the masculine forms, accents optional).
_CONFIDENCE_ALIASES = {"low": {"faible"}, "medium": {"moyen", "moyenne"}, "high": {"eleve", "elevee", "haute"}}


def norm_header(value: Any) -> str:
    """A header or label as it is matched: lower case, without its parenthesised part, spaces and end marks."""
    text = str(value or "").lower().replace("\u00a0", " ")
    text = re.sub(r"\([^)]*\)", " ", text)
    return " ".join(text.split()).strip(" ?*:")


# Header names (normalised) each column is known by, in English then in French (a French template's headers):
# the one table of header aliases. A language added later adds its names to each set.
RATING_COLUMNS = {
    "subdomain": {"subdomain", "subdomain id", "id"} | {"sous-domaine", "sous domaine", "identifiant"},
    "phase": {"phase", "current phase", "rating"} | {"phase actuelle", "notation", "note"},
    "confidence": {"confidence"} | {"confiance", "degré de confiance", "degre de confiance"},
    "evidence": {"evidence"} | {"preuves", "éléments de preuve", "elements de preuve", "justification"},
    "target": {"target", "target phase"} | {"cible", "phase cible", "phase visée", "phase visee"},
}
CONTEXT_COLUMNS = {"id": {"context id", "context", "id"} | {"identifiant du contexte", "contexte", "identifiant"},
                    "applies": {"applies", "yes/no", "present"} | {"s'applique", "oui/non", "présent", "present"}}
FIGURE_COLUMNS = {"metric": {"figure", "metric", "figure id"} | {"indicateur", "chiffre", "identifiant du chiffre"},
                   "value": {"your figure", "value", "figure value"} | {"votre chiffre", "valeur"}}
CHECKLIST_COLUMNS = {"id": {"action id", "id"} | {"identifiant de l'action", "identifiant"},
                      "done": {"done", "yes/no"} | {"fait", "réalisé", "realise", "oui/non"}}
ASSESSMENT_LABELS = {"country": "country", "as of": "as_of", "as-of date": "as_of", "as of date": "as_of",
                      "notes": "notes", "schema version": "schema_version",
                      "case management notes": "cm_notes", "participant": "participant",
                      "pays": "country", "date": "as_of", "à la date du": "as_of", "date de l'évaluation": "as_of",
                      "version du schéma": "schema_version", "version du schema": "schema_version",
                      "notes sur la gestion des cas": "cm_notes", "participante": "participant"}

YES_WORDS = {"yes", "y", "true", "x", "1", "oui", "si", "sí", "ja"}
NO_WORDS = {"no", "n", "false", "0", "non", "nein", "-"}

#: The headers and labels the template writes (English, marked for translation), by the key the reader gives them:
#: their translations are accepted beside the aliases above.
WRITTEN_HEADERS = {
    "ratings": {"subdomain": N_("Subdomain"), "phase": N_("Phase"), "confidence": N_("Confidence"),
                "evidence": N_("Evidence"), "target": N_("Target phase")},
    "context": {"id": N_("Context id"), "applies": N_("Applies (Yes/No)")},
    "figures": {"metric": N_("Figure"), "value": N_("Your figure")},
    "checklist": {"id": N_("Action id"), "done": N_("Done (Yes/No)")},
}
WRITTEN_LABELS = {"country": N_("Country"), "as_of": N_("As of (YYYY-MM-DD)"), "notes": N_("Notes"),
                  "cm_notes": N_("Case management notes"), "schema_version": N_("Schema version")}
_TABLES = {"ratings": RATING_COLUMNS, "context": CONTEXT_COLUMNS, "figures": FIGURE_COLUMNS,
           "checklist": CHECKLIST_COLUMNS}


@lru_cache(maxsize=None)
def columns(sheet: str) -> dict[str, frozenset[str]]:
    """The header names (normalised) each column of `sheet` ("ratings", "context", ...) is known by: the aliases
    and the template's header in every language."""
    written = WRITTEN_HEADERS[sheet]
    return {key: frozenset(aliases | {norm_header(n) for n in names(written[key])} if key in written else aliases)
            for key, aliases in _TABLES[sheet].items()}


@lru_cache(maxsize=None)
def assessment_labels() -> dict[str, str]:
    """The Assessment sheet's labels (normalised) -> the field each names, in every language."""
    out = dict(ASSESSMENT_LABELS)
    for fieldname, english in WRITTEN_LABELS.items():
        out.update({norm_header(n): fieldname for n in names(english)})
    return out


def sheet_names(english: str) -> tuple[str, ...]:
    """The titles a sheet of the intake workbook may have: its name in every language."""
    return names(english)

