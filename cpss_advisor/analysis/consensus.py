"""Consensus: several participants rate one country independently; where do they agree, and does it matter?

The benchmarks are meant to help government and its partners "build consensus around the system strengthening
approach and priority interventions" (seed 000, line 104). In a workshop, two ministries and a partner (or groups
of people) each rate the 19 subdomains; `consensus` reads their assessments and shows, subdomain by subdomain:

- each participant's phase (or none) and evidence, and whether they **agree** (every participant who rated the
  subdomain gave the same phase; one who left it unrated neither agrees nor disagrees);
- for a disagreement, **whether it changes the plan**. The group's assessment is planned once (the *base*), each
  subdomain held at the agreed phase where the group has decided it, else at the phase everyone gave, else at the
  median of the phases given, rounded down (an assumption, stated with the result: `inferred`, a middle value that
  never credits the system with more than half the participants see). Then, for each disputed subdomain, each
  phase a participant gave that differs from the base is planned alone (the others held as in the base) and
  compared with the base plan (`cpss_advisor.analysis.plan_diff`). A disagreement *changes the plan* when one of
  its phases adds a step, removes one (or defers it), or moves one to another start month; a difference only in
  the scores, the ranks or the reasons of the same steps does not (`inferred`: what a workshop acts on is which
  steps start when). The work is bounded: one base plan and at most three more per subdomain (19 x 3).

Participants are named by `names`, else by the assessment's `participant:` field, else by the file's name. All
must rate the same country, against the knowledge base in use. Context, targets, figures and the case management
checklist are the first participant's (the facilitator's file): where the others differ, the result says so.
Agreeing (`consensus_agree`) turns the ratings and the group's decisions into one assessment that keeps every
individual rating.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import statistics
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, Mapping, Sequence

from ..core.control_characters import first_control
from ..core.errors import InputError, Problem
from ..core.i18n import SOURCE_LANGUAGE, translator
from ..intake.assessment import MAX_PARTICIPANTS, Assessment, Rating
from ..intake.load import load_assessment
from ..kb.knowledge_base import KnowledgeBase
from ..planning.pipeline import Advisor, PlanOptions, run_batch
from .scenario import Scenario, apply
from .whatif import DiffAgainst

SCHEMA_VERSION = 1
#: Where a consensus's own problems are reported when no file is to blame (names given through the API).
PARTICIPANTS = "<participants>"
#: Changes of the plan diff that change which steps start when (the others re-score, re-rank or re-explain).
PLAN_CHANGES = {"added": "adds", "brought forward from deferred": "adds", "removed": "removes",
                "deferred": "defers", "moved": "moves"}
_CONFIDENCE_ORDER = ("low", "medium", "high")


@dataclass(frozen=True)
class Participant:
    name: str
    file: str
    assessment: Assessment


@dataclass(frozen=True)
class Alternative:
    """One phase participants gave a disputed subdomain, planned against the base."""

    phase: int
    participants: tuple[str, ...]
    #: step ids of the plan diff: added (or brought forward), removed (or deferred), moved to another start month
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    moved: tuple[tuple[str, int, int], ...] = ()
    #: the other differences (scores, ranks, reasons, advice, warnings): how many
    minor: int = 0
    words: str = ""

    @property
    def changes_plan(self) -> bool:
        return bool(self.added or self.removed or self.moved)

    def as_dict(self) -> dict:
        return {"phase": self.phase, "participants": list(self.participants), "changes_plan": self.changes_plan,
                "added": list(self.added), "removed": list(self.removed),
                "moved": [{"step": s, "from_month": a, "to_month": b} for s, a, b in self.moved],
                "minor_differences": self.minor, "words": self.words}


@dataclass(frozen=True)
class SubdomainConsensus:
    subdomain: str
    title: str
    ratings: dict[str, int | None]
    evidence: dict[str, str]
    confidence: dict[str, str]
    agree: bool
    #: the phase the base plan holds it at; None when nobody rated it
    held: int | None
    #: why it is held there: "agreed" (a decision), "unanimous", "median" (rounded down), or None
    held_because: str | None
    alternatives: tuple[Alternative, ...] = ()
    changes: str = ""

    @property
    def changes_plan(self) -> bool:
        return any(a.changes_plan for a in self.alternatives)

    @property
    def given(self) -> list[int]:
        return sorted({p for p in self.ratings.values() if p is not None})

    def as_dict(self) -> dict:
        return {"subdomain": self.subdomain, "title": self.title, "ratings": dict(self.ratings),
                "evidence": dict(self.evidence), "confidence": dict(self.confidence), "agree": self.agree,
                "changes_plan": self.changes_plan, "held": self.held, "held_because": self.held_because,
                "alternatives": [a.as_dict() for a in self.alternatives], "changes": self.changes}


@dataclass(frozen=True)
class Consensus:
    country: str
    as_of: str
    participants: list[str]
    files: list[dict]
    subdomains: list[SubdomainConsensus]
    assumption: str
    #: where the participants' files differ beyond the ratings, in words
    other_differences: list[str]
    options: dict
    provenance: dict
    decided: dict[str, dict] = field(default_factory=dict)
    members: tuple[Participant, ...] = ()
    kb: KnowledgeBase | None = None

    @property
    def disagreements(self) -> list[SubdomainConsensus]:
        return [s for s in self.subdomains if not s.agree]

    def subdomain(self, sid: str) -> SubdomainConsensus:
        return next(s for s in self.subdomains if s.subdomain == sid)

    def as_dict(self) -> dict:
        return {"kind": "consensus", "schema_version": SCHEMA_VERSION, "country": self.country, "as_of": self.as_of,
                "participants": list(self.participants), "files": self.files,
                "subdomains": [s.as_dict() for s in self.subdomains],
                "disagreements": [s.subdomain for s in self.disagreements],
                "change_the_plan": [s.subdomain for s in self.disagreements if s.changes_plan],
                "assumption": self.assumption, "other_differences": list(self.other_differences),
                "decided": self.decided, "options": self.options, "provenance": self.provenance}


# --- reading the participants --------------------------------------------------------------------------------------

def read_participants(sources: Sequence[Any], kb: KnowledgeBase, names: Sequence[str] | None = None) -> list[Participant]:
    """The participants: each source (a path or an `Assessment`) read against `kb` and named; `InputError` naming
    the files when they cannot be compared (other countries, another knowledge base, two with one name)."""
    sources = list(sources)
    if not sources:
        raise InputError(_refusal("bad-participant", "no assessment given: a consensus compares participants' "
                                  "assessments of one country", "give each participant's assessment file"))
    if len(sources) > MAX_PARTICIPANTS:
        raise InputError(_refusal("too-many-participants", f"{len(sources)} assessments given; a consensus compares "
                                  f"at most {MAX_PARTICIPANTS} participants", "group the participants' ratings"))
    if names is not None and len(names) != len(sources):
        raise InputError(_refusal("bad-participant", f"{len(names)} names given for {len(sources)} assessments",
                                  "give one name per assessment, in the same order, or none"))
    assessments, problems = [], []
    for s in sources:  # every file is read, so that one run lists the problems of all
        try:
            assessments.append(s if isinstance(s, Assessment) else load_assessment(s, kb))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    files = [a.source if isinstance(s, Assessment) else str(s) for s, a in zip(sources, assessments)]
    out = [Participant(_name(a, f, names[i] if names is not None else None), f, a)
           for i, (a, f) in enumerate(zip(assessments, files))]
    _check_names(out)
    _check_comparable(out, kb)
    return out


def _refusal(code: str, message: str, hint: str | None = None, file: str = PARTICIPANTS) -> Problem:
    return Problem(file, None, None, code, message, hint)


def _name(a: Assessment, file: str, given: str | None) -> str:
    name = given if given is not None else a.participant or PurePath(file).stem or file
    if first_control(str(name), multiline=False) is not None or not 1 <= len(" ".join(str(name).split())) <= 200:
        raise InputError(_refusal("bad-participant", f"the participant name of {file} is not one line of 1-200 "
                                  "characters", "give a short name such as 'Ministry of Justice'", file))
    return " ".join(str(name).split())


def _check_names(people: list[Participant]) -> None:
    seen: dict[str, Participant] = {}
    problems = []
    for p in people:
        first = seen.setdefault(p.name.casefold(), p)
        if first is not p:
            problems.append(_refusal("duplicate-participant", f"{p.file} and {first.file} are both named "
                                     f"'{p.name}'", "give each participant's file a participant: of its own, or "
                                     "name them in order", p.file))
    if problems:
        raise InputError(problems)


def _check_comparable(people: list[Participant], kb: KnowledgeBase) -> None:
    host = people[0]
    problems = []
    for p in people[1:]:
        if _folded(p.assessment.country) != _folded(host.assessment.country):
            problems.append(_refusal("mismatched-country", f"{p.file} rates {p.assessment.country} but {host.file} "
                                     f"rates {host.assessment.country}", "a consensus compares ratings of one "
                                     "country: give the participants' files of the same country", p.file))
    for p in people:
        a = p.assessment
        unknown = sorted({*a.ratings, *a.targets, *a.kept} - set(kb.subdomains)) + sorted(set(a.context) - set(kb.contexts))
        if unknown:
            problems.append(_refusal("mismatched-knowledge", f"{p.file} was read against another knowledge base: it "
                                     f"names {', '.join(unknown)}, which this one does not have",
                                     "read every participant's file with the same knowledge base", p.file))
    if problems:
        raise InputError(problems)


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


# --- agreement ---------------------------------------------------------------------------------------------------

def held_phase(given: Sequence[int]) -> int:
    """The phase a disputed subdomain is held at: the median of the phases given, rounded down."""
    return math.floor(statistics.median(given))


def lowest_confidence(values: Sequence[str | None]) -> str | None:
    """The confidence of a phase everyone gave: the lowest any participant stated (`inferred`: a rating is no surer
    than its least sure rater, so a low-confidence rating that decides a step is still flagged)."""
    stated = [v for v in values if v is not None]
    return min(stated, key=_CONFIDENCE_ORDER.index) if stated else None


def prior_phase(people: Sequence[Participant], sid: str, phase: int) -> int | None:
    """The phase a subdomain had before a shock set it back, as the highest any participant records above `phase`
    (`inferred`: a participant who records a loss knows of it; the way back then restores rather than builds)."""
    stated = [r.prior_phase for p in people if (r := p.assessment.ratings.get(sid)) is not None
              and r.prior_phase is not None and r.prior_phase > phase]
    return max(stated) if stated else None


def _subdomain(sid: str, people: list[Participant], kb: KnowledgeBase, decided: Mapping[str, dict]) -> SubdomainConsensus:
    ratings = {p.name: p.assessment.phase(sid) for p in people}
    evidence = {p.name: p.assessment.ratings[sid].evidence for p in people
                if sid in p.assessment.ratings and p.assessment.ratings[sid].evidence}
    confidence = {p.name: p.assessment.ratings[sid].confidence for p in people
                  if sid in p.assessment.ratings and p.assessment.ratings[sid].confidence}
    given = [x for x in ratings.values() if x is not None]
    agree = len(set(given)) <= 1
    if sid in decided:
        held, because = decided[sid]["phase"], "agreed"
    elif not given:
        held, because = None, None
    elif agree:
        held, because = given[0], "unanimous"
    else:
        held, because = held_phase(given), "median"
    return SubdomainConsensus(sid, kb.subdomains[sid].title, ratings, evidence, confidence, agree, held, because)


def base_assessment(people: list[Participant], rows: list[SubdomainConsensus]) -> Assessment:
    """The group's assessment as planned for comparison: the first participant's, each subdomain at its held phase
    (with the lowest confidence any participant stated when they agree)."""
    host = people[0].assessment
    ratings = {}
    for row in rows:
        if row.held is None:
            continue
        conf = lowest_confidence(list(row.confidence.values())) if row.held_because == "unanimous" else None
        ratings[row.subdomain] = Rating(phase=row.held, confidence=conf,
                                        prior_phase=prior_phase(people, row.subdomain, row.held))
    digest = hashlib.sha256(json.dumps([[p.assessment.sha256 for p in people],
                                        {s: r.phase for s, r in ratings.items()}]).encode()).hexdigest()
    return dataclasses.replace(host, ratings=ratings, unrated=tuple(r.subdomain for r in rows if r.held is None),
                               sha256=digest, participant=None)


def consensus(advisor: Advisor, people: list[Participant], options: PlanOptions = PlanOptions(), *,
              decided: Mapping[str, dict] | None = None, jobs: int = 1, dirs: dict | None = None) -> Consensus:
    """Agreement per subdomain and which disagreements change the plan (see the module docstring). `decided`: the
    group's decisions so far ({subdomain: {"phase": ...}}), which hold their subdomains at the agreed phase."""
    kb, decided = advisor.kb, dict(decided or {})
    rows = [_subdomain(sid, people, kb, decided) for sid in sorted(kb.subdomains)]
    base = base_assessment(people, rows)
    lean = options.lean()
    jobs_list = [(row, phase) for row in rows if not row.agree for phase in row.given if phase != row.held]
    variants = [apply(base, Scenario(f"{row.subdomain}={phase}", ((row.subdomain, phase),)), kb)
                for row, phase in jobs_list]
    base_plan = advisor.plan(base, lean)
    diffs = run_batch(advisor, [(v, lean) for v in variants], jobs=jobs, label="consensus",
                      reduce=DiffAgainst(base_plan), **(dirs or {}))
    found: dict[str, list[Alternative]] = {}
    for (row, phase), res in zip(jobs_list, diffs):
        who = tuple(n for n, x in row.ratings.items() if x == phase)
        found.setdefault(row.subdomain, []).append(_alternative(kb, row, phase, who, res["difference"]))
    rows = [dataclasses.replace(r, alternatives=tuple(found.get(r.subdomain, ())),
                                changes=_changes(kb, r, found.get(r.subdomain, []))) for r in rows]
    host = people[0]
    return Consensus(
        country=host.assessment.country, as_of=host.assessment.as_of.isoformat(),
        participants=[p.name for p in people],
        files=[{"participant": p.name, "file": p.file, "sha256": p.assessment.sha256} for p in people],
        subdomains=rows, assumption=_assumption(rows, people), other_differences=_other_differences(people, kb),
        options=options.as_dict(), provenance=base_plan.provenance,
        decided={s: dict(d) for s, d in sorted(decided.items())}, members=tuple(people), kb=kb)


# --- words -------------------------------------------------------------------------------------------------------

def _phase(kb: KnowledgeBase, n: int | None) -> str:
    p = kb.phases.get(n) if n is not None else None
    return p.name if p is not None else f"phase {n}"


def step_words(kb: KnowledgeBase, step_id: str, language: str = SOURCE_LANGUAGE) -> str:
    """A step id ("3.3:1-2") as the move it names ("3.3 Case management and referral reaching System
    Enhancement"); an action's id as its title."""
    head, _, tail = step_id.partition(":")
    if head in kb.subdomains and "-" in tail:
        to = tail.rsplit("-", 1)[-1]
        phase = _phase(kb, int(to)) if to.isdigit() else tail
        return translator(language).gettext("%(subdomain)s %(title)s reaching %(phase)s") % {
            "subdomain": head, "title": kb.subdomains[head].short, "phase": phase}
    action = kb.response_actions.get(tail or head)
    return action.title if action is not None else step_id


def _listing(items: Sequence[str], language: str = SOURCE_LANGUAGE) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    conjunction = translator(language).gettext("and")
    return ("; " if any("," in x for x in items) else ", ").join(items[:-1]) + f" {conjunction} " + items[-1]


def alternative_words(kb: KnowledgeBase, held: int | None, alt: Mapping[str, Any],
                      language: str = SOURCE_LANGUAGE) -> str:
    """What rating a disputed subdomain at `alt`'s phase (its `phase`, `participants`, `added`, `removed`, `moved`
    as (step, from month, to month), `minor_differences`) rather than at `held` changes in the plan, in words."""
    t = translator(language)
    _ = t.gettext
    parts = []
    if alt["added"]:
        parts.append(_("adds %(steps)s") % {"steps": _listing([step_words(kb, s, language) for s in alt["added"]],
                                                            language)})
    if alt["removed"]:
        parts.append(_("drops %(steps)s") % {"steps": _listing([step_words(kb, s, language) for s in alt["removed"]],
                                                             language)})
    if alt["moved"]:
        parts.append(_("moves %(steps)s") % {"steps": _listing([
            _("%(step)s from month %(from)s to month %(to)s") % {"step": step_words(kb, s, language), "from": a,
                                                                  "to": b}
            for s, a, b in alt["moved"]], language)})
    who = alt["participants"]
    rated = t.ngettext("If it is rated %(phase)s (as %(who)s rates it) rather than %(held)s",
                       "If it is rated %(phase)s (as %(who)s rate it) rather than %(held)s", len(who)) % {
        "phase": _phase(kb, alt["phase"]), "who": _listing(who, language), "held": _phase(kb, held)}
    if parts:
        return _("%(rated)s, the plan %(changes)s.") % {"rated": rated, "changes": _listing(parts, language)}
    if alt["minor_differences"]:
        return _("%(rated)s, the same steps start in the same months; only scores, ranks or reasons differ.") % {
            "rated": rated}
    return _("%(rated)s, the plan is the same.") % {"rated": rated}


def _alternative(kb: KnowledgeBase, row: SubdomainConsensus, phase: int, who: tuple[str, ...], diff: dict) -> Alternative:
    added, removed, moved, minor = [], [], [], 0
    for c in diff["changes"]:
        verb = PLAN_CHANGES.get(c["change"])
        if verb in ("adds",):
            added.append(c["step"])
        elif verb in ("removes", "defers"):
            removed.append(c["step"])
        elif verb == "moves":
            moved.append((c["step"], c["base"]["start_month"], c["scenario"]["start_month"]))
        else:
            minor += 1
    minor += sum(len(diff[k]) for k in ("advice_added", "advice_removed", "warnings_added", "warnings_removed"))
    words = alternative_words(kb, row.held, {"phase": phase, "participants": who, "added": added, "removed": removed,
                                             "moved": moved, "minor_differences": minor})
    return Alternative(phase, who, tuple(added), tuple(removed), tuple(moved), minor, words)


def _changes(kb: KnowledgeBase, row: SubdomainConsensus, alts: Sequence[Alternative],
             language: str = SOURCE_LANGUAGE) -> str:
    t = translator(language)
    _ = t.gettext
    if row.held is None:
        return _("Nobody rated it.")
    if row.agree:
        unrated = [n for n, x in row.ratings.items() if x is None]
        said = _("Everyone who rated it gives %(phase)s") % {"phase": _phase(kb, row.held)}
        return said + ((" " + t.ngettext("(%(who)s did not rate it).", "(%(who)s did not rate it).", len(unrated))
                        % {"who": _listing(unrated, language)}) if unrated else ".")
    if not alts:  # every phase given is the held one cannot be: a disagreement gives two phases at least
        return ""
    head = (_("This disagreement changes the plan.") if any(a.changes_plan for a in alts)
            else _("This disagreement does not change which steps start when."))
    return " ".join([head] + [a.words for a in alts])


def consensus_words(c: "Consensus", kb: KnowledgeBase) -> dict:
    """The consensus's sentences in the knowledge base's language (its data keeps them in English): the stated
    assumption, and for each subdomain what its disagreement changes."""
    language = kb.language
    if language == SOURCE_LANGUAGE:
        return {"assumption": c.assumption, "changes": {r.subdomain: r.changes for r in c.subdomains}}
    changes = {}
    for r in c.subdomains:
        alts = [dataclasses.replace(a, words=alternative_words(kb, r.held, {
            "phase": a.phase, "participants": a.participants, "added": a.added, "removed": a.removed,
            "moved": a.moved, "minor_differences": a.minor}, language)) for a in r.alternatives]
        changes[r.subdomain] = _changes(kb, r, alts, language)
    return {"assumption": assumption_words(c.participants[0], language) if c.participants else c.assumption,
            "changes": changes}


def assumption_words(host: str, language: str = SOURCE_LANGUAGE) -> str:
    """How each disputed rating is compared, with the participant whose file gives the context (`host`)."""
    return translator(language).gettext(
        "Each disputed rating is compared with a plan of the group's assessment in which every other subdomain is "
        "held at the phase agreed, where the group has decided it, else at the phase everyone gave, else at the "
        "median of the phases given, rounded down; context, targets and figures are those of %(host)s's file.") % {
        "host": host}


def _assumption(rows: list[SubdomainConsensus], people: list[Participant]) -> str:
    return assumption_words(people[0].name)


def _other_differences(people: list[Participant], kb: KnowledgeBase) -> list[str]:
    host, out = people[0], []
    fields = (("context", "context"), ("targets", "targets"), ("kept", "targets"), ("figures", "case management "
              "figures"), ("case_management", "case management checklist"), ("as_of", "date of the assessment"))
    for p in people[1:]:
        differ = []
        for attr, label in fields:
            if getattr(p.assessment, attr) != getattr(host.assessment, attr) and label not in differ:
                differ.append(label)
        if differ:
            out.append(f"{p.name}'s file gives other {_listing(differ)} than {host.name}'s; {host.name}'s are used.")
    return out


def options_from(options: Any) -> PlanOptions:
    """Planning options from a `PlanOptions`, a mapping of its fields, or None."""
    if options is None:
        return PlanOptions()
    if isinstance(options, PlanOptions):
        return options
    return PlanOptions(**{k: options.get(k) for k in ("horizon_years", "capacity", "per_lead")})

