"""Assessment files: a country's phase ratings, context and targets.

Reading happens in two stages. The shape (fields, types, phase values) is checked by the pydantic model below;
the meaning (subdomain and context ids exist, context flags do not contradict each other, figures are known,
case management checklist actions exist) is checked against the knowledge base by `check_meaning`. Both report
every problem with file, line and column, together with the problems found while reading the file.

An assessment must rate at least one subdomain (or hold a case management checklist): a blank template is refused
with where to rate. Warnings flag
the template's placeholder country name and an `as_of` more than a year after the reference day (today, or the
day `SOURCE_DATE_EPOCH` names, or the day a decision record was made when it is verified).
"""

from __future__ import annotations

import calendar
import datetime as _dt
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

from ..core.control_characters import ONE_LINE_HINT, describe, first_control
from ..core.document import Document
from ..core.errors import InputError, Problem, did_you_mean, shown
from ..core.i18n import N_
from ..core.translatable import M_
from ..kb.knowledge_base import KnowledgeBase
from ..core.validation import salvage, validate_document
from .sheet_words import names

SCHEMA_VERSION = 1

PHASE_NAMES = {1: "building", 2: "enhancement", 3: "integration", 4: "maturity"}
_PHASE_WORDS = {name: n for n, name in PHASE_NAMES.items()}
_PHASE_WORDS.update({f"system {name}": n for n, name in PHASE_NAMES.items()})
_PHASE_WORDS.update({f"system_{name}": n for n, name in PHASE_NAMES.items()})
#: The phases' names in French (`knowledge/i18n/fr/framework.yaml`, phase.1-4), read as the English ones are:
#: "renforcement", "Renforcement du système"; accents are optional.
FRENCH_PHASE_NAMES = {1: "mise en place", 2: "renforcement", 3: "integration", 4: "maturite"}
_PHASE_WORDS.update({name: n for n, name in FRENCH_PHASE_NAMES.items()})
_PHASE_WORDS.update({f"{name} du systeme": n for n, name in FRENCH_PHASE_NAMES.items()})
PHASE_ALLOWED = M_("1-4, or building, enhancement, integration, maturity")

Confidence = Literal["low", "medium", "high"]


def parse_phase(value: Any) -> int:
    """A phase from a number 1-4 or a phase name; raises a readable error otherwise."""
    if isinstance(value, bool) or value is None:
        raise PydanticCustomError("cpss_phase", N_("{shown} is not a phase; allowed: {allowed}"),
                                  {"shown": _shown(value), "allowed": PHASE_ALLOWED})
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        if 1 <= value <= 4:
            return value
        raise PydanticCustomError("cpss_phase_range", N_("phase {value} is out of range 1-4"),
                                  {"value": shown(value), "hint": _PHASE_HINT})
    if isinstance(value, str):
        text = " ".join(value.strip().lower().split())
        text = _PHASE_WORDS_FOLDED.get(_fold(text), text)
        if text.isdigit():
            if len(text) > 3:  # never converted: a number of thousands of digits cannot be
                raise PydanticCustomError("cpss_phase_range", N_("phase {value} is out of range 1-4"),
                                          {"value": shown(text), "hint": _PHASE_HINT})
            return parse_phase(int(text))
        if text in _PHASE_WORDS:
            return _PHASE_WORDS[text]
        hint = did_you_mean(text, PHASE_NAMES.values()) if len(text) < 40 else None
        raise PydanticCustomError("cpss_phase", N_("{value} is not a phase; allowed: {allowed}"),
                                  {"value": shown(value), "allowed": PHASE_ALLOWED, **({"hint": hint} if hint else {})})
    raise PydanticCustomError("cpss_phase", N_("{shown} is not a phase; allowed: {allowed}"),
                              {"shown": _shown(value), "allowed": PHASE_ALLOWED})


def _fold(text: str) -> str:
    """Text without its accents ("maturité" -> "maturite"), for matching phase names."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


#: folded phase word -> the word the table knows ("système" and "systeme" alike)
_PHASE_WORDS_FOLDED = {_fold(w): w for w in _PHASE_WORDS}

_PHASE_HINT = M_("phases are 1 building, 2 enhancement, 3 integration, 4 maturity")


def _shown(value: Any) -> str:
    return shown(value)


#: Case management figures are counts and months; nothing sensible comes near this.
MAX_FIGURE = 1_000_000


def parse_figure(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PydanticCustomError("cpss_figure", N_("expected a number, got {shown}"), {"shown": _shown(value)})
    if value != value or value in (float("inf"), float("-inf")) or value < 0:
        raise PydanticCustomError("cpss_figure", N_("expected a non-negative number, got {shown}"), {"shown": shown(value)})
    if value > MAX_FIGURE:
        raise PydanticCustomError("cpss_figure", N_("{shown} is out of range; figures are counts and months up to {max}"),
                                  {"shown": shown(value), "max": f"{MAX_FIGURE:,}"})
    return float(value)


PhaseValue = Annotated[int, BeforeValidator(parse_phase)]

#: A target that leaves a subdomain where it is: no default target, no step planned for it.
KEEP = "keep"


def parse_target(value: Any) -> Any:
    """A target is a phase, or `keep` (leave the subdomain out of the plan's targets)."""
    if isinstance(value, str) and value.strip().lower() == KEEP:
        return KEEP
    try:
        return parse_phase(value)
    except PydanticCustomError as exc:
        raise PydanticCustomError("cpss_target", N_("{message}; or 'keep' to leave the subdomain where it is"),
                                  {"message": exc.message(), **({"hint": exc.context["hint"]}
                                                                if exc.context and "hint" in exc.context else {})})


TargetValue = Annotated[int | Literal["keep"], BeforeValidator(parse_target)]
FigureValue = Annotated[float, BeforeValidator(parse_figure)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Rating(_Model):
    phase: PhaseValue
    confidence: Confidence | None = None
    evidence: Annotated[str, StringConstraints(max_length=5000)] | None = None
    #: the phase the subdomain had before a shock set it back (what-if shocks record it): its steps back up to
    #: that phase restore a function that existed rather than build a new one
    prior_phase: PhaseValue | None = None


def _rating_before(v: Any) -> Any:
    """A rating is a bare phase (2, "enhancement") or a mapping with phase, confidence and evidence."""
    if isinstance(v, dict):
        return v
    return {"phase": v}


#: A checklist action id as written in a done list (its meaning, that it exists, is checked by `check_cm_done`).
ActionId = Annotated[str, StringConstraints(min_length=1, max_length=120, strip_whitespace=True)]
#: Bound on a done list: the checklist has about 135 actions; a list far longer is not a done list.
MAX_DONE = 1000


class CaseManagementSection(_Model):
    """`case_management:` in an assessment: the checklist actions (ids of knowledge/case_management.yaml) that are
    done, and optional notes. `cpss cm` turns it into a level per dimension; `cpss recommend` into checklist
    actions and priorities on the steps of the subdomains each dimension informs."""

    done: Annotated[list[ActionId], Field(max_length=MAX_DONE)] = Field(default_factory=list)
    notes: Annotated[str, StringConstraints(max_length=20000)] | None = None

    @field_validator("done", mode="before")
    @classmethod
    def _done(cls, v: Any) -> Any:
        if v is None:  # every entry commented out: nothing is done yet
            return []
        if isinstance(v, str):
            raise PydanticCustomError("cpss_done", N_("done must be a list of checklist action ids"),
                                      {"hint": f"write: done: [{v}]"})
        return v


#: A participant's name: one line (checked with the country's rule), as a group names itself.
Name = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
Evidence = Annotated[str, StringConstraints(max_length=5000)]
#: Bound on the participants of one consensus: a workshop's ministries, partners and groups.
MAX_PARTICIPANTS = 50


class ParticipantRating(_Model):
    """One participant's rating of a subdomain, as the consensus section keeps it."""

    phase: PhaseValue
    confidence: Confidence | None = None
    evidence: Evidence | None = None


class ConsensusEntry(_Model):
    """How a group settled one subdomain: each participant's rating, the phase agreed, who agreed and why."""

    ratings: dict[Name, ParticipantRating] = Field(default_factory=dict)
    phase: PhaseValue
    agreed_by: Annotated[list[Name], Field(min_length=1, max_length=MAX_PARTICIPANTS)]
    evidence: Evidence | None = None

    @field_validator("ratings", mode="before")
    @classmethod
    def _ratings(cls, v: Any) -> Any:
        return {k: _rating_before(x) for k, x in v.items()} if isinstance(v, dict) else v


class ConsensusSection(_Model):
    """`consensus:` in an assessment agreed by several participants (`cpss consensus --decisions`): who took part,
    and for each subdomain their individual ratings and the agreed one (which is the subdomain's rating)."""

    participants: Annotated[list[Name], Field(min_length=1, max_length=MAX_PARTICIPANTS)]
    subdomains: dict[str, ConsensusEntry] = Field(default_factory=dict)


_ISO_SHAPED = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.]+(?:Z|[+-]\d\d:?\d\d)?)?")


def parse_date(v: Any) -> Any:
    """A date from YYYY-MM-DD text (a date or a date with a time at midnight, as spreadsheets give it, passes as
    the date). An impossible date (2026-13-45) says what is wrong with it."""
    if isinstance(v, _dt.datetime):
        return v.date()
    if isinstance(v, str):
        text = v.strip()
        try:
            return _dt.date.fromisoformat(text)
        except ValueError:
            pass
        m = _ISO_SHAPED.fullmatch(text)
        if m:
            try:
                return _dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
            except ValueError:
                raise PydanticCustomError("cpss_date", N_("{value} is not a date: {reason}; write it as YYYY-MM-DD"),
                                          {"value": shown(v), "reason": _impossible(*map(int, m.groups()))}) from None
        raise PydanticCustomError("cpss_date", N_("{value} is not a date; write it as YYYY-MM-DD"),
                                  {"value": shown(v)}) from None
    return v


def _impossible(year: int, month: int, day: int) -> str:
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if year < 1:
        return "there is no year 0"
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return f"{calendar.month_name[month]} {year} has {last} days, not {day}"
    return "the time of day is not valid"


class AssessmentFile(_Model):
    """The shape of an assessment file (schema_version 1)."""

    schema_version: Literal[1]
    country: Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
    as_of: _dt.date
    ratings: dict[str, Rating] = Field(default_factory=dict)
    context: list[str] = Field(default_factory=list)
    targets: dict[str, TargetValue] = Field(default_factory=dict)
    figures: dict[str, FigureValue] = Field(default_factory=dict)
    notes: Annotated[str, StringConstraints(max_length=20000)] | None = None
    case_management: CaseManagementSection | None = None
    #: who rated, when several participants rate independently (`cpss consensus` names them by it)
    participant: Name | None = None
    consensus: ConsensusSection | None = None

    @field_validator("as_of", mode="before")
    @classmethod
    def _date(cls, v: Any) -> Any:
        return parse_date(v)

    @field_validator("country", "participant")
    @classmethod
    def _one_line(cls, v: str | None, info: Any) -> str | None:
        ch = None if v is None else first_control(v, multiline=False)
        if ch is not None:
            raise PydanticCustomError("cpss_one_line", N_("the {what} must be one line of text; it contains {ch}"),
                                      {"what": "country name" if info.field_name == "country" else "participant's name",
                                       "ch": describe(ch), "hint": ONE_LINE_HINT})
        return v

    @field_validator("ratings", "targets", "figures", mode="before")
    @classmethod
    def _empty_mapping(cls, v: Any) -> Any:
        # A section whose entries are all commented out reads as empty.
        return {} if v is None else v

    @field_validator("context", mode="before")
    @classmethod
    def _empty_list(cls, v: Any) -> Any:
        return [] if v is None else v

    @field_validator("ratings", mode="before")
    @classmethod
    def _ratings(cls, v: Any) -> Any:
        if isinstance(v, dict):
            return {k: _rating_before(x) for k, x in v.items()}
        return v

    @field_validator("context", mode="before")
    @classmethod
    def _context(cls, v: Any) -> Any:
        if isinstance(v, str):
            raise PydanticCustomError("cpss_context", N_("context must be a list of context ids, e.g. [armed_conflict, protracted_crisis]"),
                                      {"hint": f"write: context: [{v}]"})
        return v


@dataclass(frozen=True)
class CaseManagementRecord:
    """The case management checklist as assessed: the ids of the actions done (each once, in the order given)
    and the assessor's notes."""

    done: tuple[str, ...] = ()
    notes: str | None = None


@dataclass(frozen=True)
class Assessment:
    """A validated assessment, with the notes validation produced."""

    source: str
    country: str
    as_of: _dt.date
    ratings: dict[str, Rating]
    context: tuple[str, ...]
    #: explicit targets, subdomain -> phase (subdomains without one get a default target, unless kept)
    targets: dict[str, int]
    figures: dict[str, float]
    notes: str | None
    unrated: tuple[str, ...]
    warnings: tuple[Problem, ...] = field(default_factory=tuple)
    sha256: str = ""  # of the file's text, for provenance
    #: the `case_management:` section, or None when the assessment has none (then the checklist adds nothing)
    case_management: CaseManagementRecord | None = None
    #: subdomains whose target is `keep`: left where they are, with no default target
    kept: tuple[str, ...] = ()
    #: where the file writes `country` and `as_of`: (line, column, cell), any of them None when unknown; for
    #: messages about the assessment as a whole (two assessments of different countries compared)
    anchors: dict[str, tuple] = field(default_factory=dict, compare=False, repr=False)
    #: who rated (the `participant:` field), when several participants rate independently
    participant: str | None = None
    #: the `consensus:` section of an agreed assessment: the individual ratings behind the agreed ones
    consensus: ConsensusSection | None = None

    def phase(self, sid: str) -> int | None:
        r = self.ratings.get(sid)
        return r.phase if r else None


#: The country name `cpss template` writes, to be replaced.
PLACEHOLDER_COUNTRY = "Country name"


def reference_day(environ: Any = None) -> _dt.date:
    """The day an `as_of` is compared with: the day (UTC) `SOURCE_DATE_EPOCH` names when it is set, else today
    (UTC): the day a decision record made now says it was made."""
    raw = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH")
    if raw and raw.strip():
        try:
            return _dt.datetime.fromtimestamp(int(raw.strip()), _dt.timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            pass  # a record made in this run says what is wrong with it
    return _dt.datetime.now(_dt.timezone.utc).date()


def assessment_from_document(doc: Document, kb: KnowledgeBase, *, today: _dt.date | None = None) -> Assessment:
    if isinstance(doc.data, dict) and doc.data.get("kind") == CM_ASSESSMENT_KIND:
        raise InputError(doc.problem(("kind",), "case-management-file",
                                     "this is a case management assessment, not a CPSS assessment",
                                     "run 'cpss cm' on it, or copy its done list into a CPSS assessment's "
                                     "'case_management:' section"))
    parsed, problems = validate_document(doc, AssessmentFile)
    if parsed is None:
        # Shape problems: the meaning of what is left is checked too, so that one run reports every problem.
        rest = salvage(doc.data, AssessmentFile, {"schema_version": 1, "country": "?", "as_of": _dt.date(2000, 1, 1)})
        if rest is not None:
            problems = [*problems, *check_meaning(doc, rest, kb, today=today)[0]]
        raise InputError(problems)
    errors, warnings = check_meaning(doc, parsed, kb, today=today)
    errors = [*problems, *errors]
    if not parsed.ratings and parsed.case_management is None:  # a checklist alone is something to read ('cpss cm')
        errors.append(_nothing_rated(doc, kb))
        errors.extend(w for w in warnings if w.code == "placeholder-country")
    if errors:
        raise InputError(errors)
    unrated = tuple(sorted(s for s in kb.subdomains if s not in parsed.ratings))
    return Assessment(
        source=doc.path,
        country=parsed.country,
        as_of=parsed.as_of,
        ratings=dict(sorted(parsed.ratings.items())),
        context=tuple(sorted(set(parsed.context))),
        targets={s: t for s, t in sorted(parsed.targets.items()) if t != KEEP},
        figures=dict(sorted(parsed.figures.items())),
        notes=parsed.notes,
        unrated=unrated,
        warnings=tuple(warnings),
        sha256=doc.sha256 or hashlib.sha256(doc.text.encode("utf-8")).hexdigest(),
        case_management=(None if parsed.case_management is None else
                         CaseManagementRecord(unique_done(parsed.case_management.done), parsed.case_management.notes)),
        kept=tuple(sorted(s for s, t in parsed.targets.items() if t == KEEP)),
        anchors={key: _anchor(doc, key) for key in ("country", "as_of")},
        participant=parsed.participant,
        consensus=parsed.consensus,
    )


def _anchor(doc: Document, key: str) -> tuple:
    """(line, column, cell) of a top-level field of an assessment file (a workbook names the cell)."""
    line, column = doc.locate((key,))
    cell_of = getattr(doc, "cell_of", None)
    return (line, column, cell_of((key,)) if cell_of is not None else None)


def _a_year_after(day: _dt.date) -> _dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, month=3, day=1)


def _nothing_rated(doc: Document, kb: KnowledgeBase) -> Problem:
    example = sorted(kb.subdomains)[0] if kb.subdomains else "1.1"
    if getattr(doc, "cells", None) is not None:  # a workbook
        hint = M_("choose the phase of each subdomain you rate in the Phase column of the Ratings sheet; 'cpss kb "
                  "show %(example)s' prints the criteria of each phase", example=example)
    else:
        hint = M_("give each subdomain you rate its phase under 'ratings:' (uncomment its line in the template, e.g. "
                  "\"%(example)s\": 2); 'cpss kb show %(example)s' prints the criteria of each phase", example=example)
    at = ("ratings",) if isinstance(doc.data, dict) and "ratings" in doc.data else ()
    return doc.problem(at, "nothing-rated", M_("nothing is rated: an assessment rates at least one subdomain"), hint,
                       at="key")


def unique_done(done: list[str]) -> tuple[str, ...]:
    """A done list with each id once, in the order first given."""
    return tuple(dict.fromkeys(done))


def check_meaning(doc: Document, a: AssessmentFile, kb: KnowledgeBase, *,
                  today: _dt.date | None = None) -> tuple[list[Problem], list[Problem]]:
    """Problems that need the knowledge base: unknown ids, contradictory contexts, unknown figures; and warnings
    about a placeholder country and an `as_of` far in the future."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    placeholder = next((n for n in names(PLACEHOLDER_COUNTRY) if n.lower() == a.country.strip().lower()), None)
    if placeholder is not None:  # the template's placeholder, in any language
        said = M_("the country is still the template's placeholder '%(placeholder)s'", placeholder=placeholder)
        warnings.append(doc.problem(("country",), "placeholder-country", said, M_("write the country's name")))
    if a.as_of > _a_year_after(today or reference_day()):
        warnings.append(doc.problem(("as_of",), "future-date",
                                    M_("as_of %(date)s is more than a year in the future", date=a.as_of.isoformat()),
                                    M_("as_of is the date the ratings describe: check the year")))
    for section in ("ratings", "targets"):
        for sid in getattr(a, section):
            if sid not in kb.subdomains:
                errors.append(doc.problem((section, sid), "unknown-subdomain", M_("unknown subdomain '%(id)s'", id=sid),
                                          kb.suggest_subdomain(sid) or _subdomain_list(kb), at="key"))
    seen: dict[str, int] = {}
    for i, cid in enumerate(a.context):
        if cid in seen:
            warnings.append(doc.problem(("context", i), "repeated-context",
                                        M_("context '%(id)s' is listed twice", id=cid)))
            continue
        seen[cid] = i
        if cid not in kb.contexts:
            errors.append(doc.problem(("context", i), "unknown-context", M_("unknown context '%(id)s'", id=cid),
                                      did_you_mean(cid, kb.contexts) or M_("run 'cpss kb contexts' for the catalogue")))
    for v in context_violations({c for c in seen if c in kb.contexts}, kb):
        target = warnings if v.warning_only else errors
        target.append(doc.problem(("context", seen[v.at]), v.code, v.message, v.reason))
    errors.extend(check_figure_names(doc, a.figures, kb))
    if a.case_management is not None:
        e, w = check_cm_done(doc, ("case_management", "done"), a.case_management.done, kb)
        errors.extend(e)
        warnings.extend(w)
    for sid, r in a.ratings.items():
        if r.prior_phase is not None and r.prior_phase <= r.phase:
            errors.append(doc.problem(("ratings", sid, "prior_phase"), "prior-phase-not-above",
                                      f"prior_phase {r.prior_phase} of {sid} is not above its phase ({r.phase})",
                                      "prior_phase is the phase the subdomain had before a shock set it back; "
                                      "leave it out when nothing was lost"))
    if a.consensus is not None:
        errors.extend(check_consensus(doc, a, kb))
    for sid, target in a.targets.items():
        current = a.ratings.get(sid)
        if sid not in kb.subdomains or target == KEEP:
            continue
        if current is None:
            warnings.append(doc.problem(("targets", sid), "target-unrated",
                                        f"target for {sid} but {sid} is not rated",
                                        "rate it, or the plan cannot tell how far it has to go"))
        elif target <= current.phase:
            warnings.append(doc.problem(("targets", sid), "target-reached",
                                        f"target phase {target} for {sid} is not above its rating ({current.phase}); "
                                        "no step will be planned for it"))
    return errors, warnings


def check_consensus(doc: Document, a: AssessmentFile, kb: KnowledgeBase) -> list[Problem]:
    """The consensus section against the rest: known subdomains, participants named in its list (once), and each
    agreed phase equal to the subdomain's rating."""
    c, errors = a.consensus, []
    names: set[str] = set()
    for i, name in enumerate(c.participants):
        if name in names:
            errors.append(doc.problem(("consensus", "participants", i), "duplicate-participant",
                                      f"participant '{name}' is listed twice", "name each participant once"))
        names.add(name)

    def unknown(loc: tuple, name: str, at: str = "value") -> Problem:
        return doc.problem(loc, "unknown-participant", f"'{name}' is not among the participants of the consensus",
                           did_you_mean(name, names) or "participants: " + ", ".join(sorted(names)), at=at)

    for sid, entry in c.subdomains.items():
        loc = ("consensus", "subdomains", sid)
        if sid not in kb.subdomains:
            errors.append(doc.problem(loc, "unknown-subdomain", M_("unknown subdomain '%(id)s'", id=sid),
                                      kb.suggest_subdomain(sid) or _subdomain_list(kb), at="key"))
            continue
        errors.extend(unknown(loc + ("ratings", n), n, "key") for n in entry.ratings if n not in names)
        errors.extend(unknown(loc + ("agreed_by", i), n) for i, n in enumerate(entry.agreed_by) if n not in names)
        rating = a.ratings.get(sid)
        if rating is None or rating.phase != entry.phase:
            rated = f"its rating is {rating.phase}" if rating is not None else "it is not rated"
            errors.append(doc.problem(loc + ("phase",), "consensus-mismatch",
                                      f"the agreed phase of {sid} is {entry.phase} but {rated}",
                                      f"the agreed phase is the subdomain's rating: make ratings.\"{sid}\" and "
                                      f"this phase the same"))
    return errors


def check_figure_names(doc: Document, figures: dict[str, float], kb: KnowledgeBase) -> list[Problem]:
    """A figure (under `figures:`) that no case management standard measures is an error, located at its key."""
    standards = kb.standards()
    return [doc.problem(("figures", name), "unknown-figure", f"unknown figure '{name}'",
                        did_you_mean(name, standards) or ("known figures: " + ", ".join(sorted(standards))), at="key")
            for name in figures if name not in standards]


#: The `kind` of a standalone case management assessment file (`cpss cm` reads it; see cpss_advisor.intake.cm_instrument).
CM_ASSESSMENT_KIND = "case_management_assessment"


def check_cm_done(doc: Document, loc: tuple, done: list[str], kb: KnowledgeBase) -> tuple[list[Problem], list[Problem]]:
    """Problems with a done list at `loc` of `doc`: an id the checklist does not have is an error (located at the
    list item, with the closest ids as a hint); an id listed twice is a warning."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    actions = cm_action_ids(kb)
    seen: set[str] = set()
    for i, aid in enumerate(done):
        if aid in seen:
            warnings.append(doc.problem(loc + (i,), "repeated-action", f"checklist action '{aid}' is listed twice"))
            continue
        seen.add(aid)
        if aid not in actions:
            errors.append(doc.problem(loc + (i,), "unknown-action", f"unknown checklist action '{aid}'",
                                      did_you_mean(aid, actions) or
                                      "action ids are listed in knowledge/case_management.yaml; 'cpss cm' shows the "
                                      "next ones of each dimension"))
    return errors, warnings


def cm_action_ids(kb: KnowledgeBase) -> set[str]:
    """Every action id of the case management checklist."""
    return set(kb.checklist.actions)


@dataclass(frozen=True)
class ContextViolation:
    code: str
    message: str
    reason: str
    at: str             # the context id the problem is reported at
    warning_only: bool


def context_violations(present: set[str], kb: KnowledgeBase) -> list[ContextViolation]:
    """How a set of context flags breaks the catalogue's constraints (contradictions, missing companions)."""
    out = []
    for con in kb.constraints:
        members = [m for m in con.members if m in present]
        if con.rule == "at_most_one" and len(members) > 1:
            out.append(ContextViolation("contradictory-context",
                                        f"contradictory context: {' and '.join(repr(m) for m in members)} cannot be "
                                        "given together", con.reason, members[1], False))
        elif con.rule in {"requires_any", "recommends_any"} and members and not (present & set(con.any_of)):
            verb = "requires" if con.rule == "requires_any" else "should come with"
            out.append(ContextViolation("incomplete-context",
                                        f"context '{members[0]}' {verb} one of: {', '.join(con.any_of)}",
                                        con.reason, members[0], con.rule == "recommends_any"))
    return out


def _subdomain_list(kb: KnowledgeBase) -> str:
    return M_("subdomains are %(ids)s", ids=", ".join(sorted(kb.subdomains)))
