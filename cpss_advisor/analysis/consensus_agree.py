"""Agreeing: the group's decisions on disputed subdomains turned into one assessment that keeps every rating.

Decisions are a mapping (in Python) or a YAML or JSON file (`cpss consensus --decisions FILE`) of the form
``{subdomain: {phase, agreed_by: [participants], evidence}}`` (``confidence`` optional). Every subdomain the
participants disagree on needs one; a subdomain they agree on needs none (its phase is the one they gave, agreed
by all who rated it). Each decision is checked with its place in the file: a known subdomain, a phase, participants
of the consensus, evidence given.

The agreed assessment is the first participant's (its context, targets, figures and checklist) with the agreed
ratings, no `participant:`, and a `consensus:` section holding, for every rated subdomain, each participant's
rating and evidence, the agreed phase, who agreed and the evidence of the decision. It is read back through the
ordinary checks (so the agreed phase is the rating), and planned like any assessment; a decision record of its
plan embeds it, individual ratings included.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Mapping

from pydantic import BaseModel, ConfigDict, Field, RootModel, StringConstraints

from ..core.document import Document, load_document
from ..core.errors import InputError, Problem, did_you_mean
from ..core.validation import validate_document
from ..intake.assessment import MAX_PARTICIPANTS, Confidence, Evidence, Name, PhaseValue
from ..intake.assessment_data import assessment_data, rating_data
from ..intake.load import load_assessment
from ..kb.knowledge_base import KnowledgeBase
from .consensus import Consensus, lowest_confidence, prior_phase

#: How an agreed assessment is named in messages, before it is written to a file.
AGREED = "<agreed assessment>"
#: A decisions file holds at most one decision per subdomain: a few kilobytes.
MAX_DECISIONS_BYTES = 1024 * 1024


class Decision(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    phase: PhaseValue
    agreed_by: Annotated[list[Name], Field(min_length=1, max_length=MAX_PARTICIPANTS)]
    evidence: Annotated[Evidence, StringConstraints(min_length=1, strip_whitespace=True)]
    confidence: Confidence | None = None


class Decisions(RootModel[dict[str, Decision]]):
    model_config = ConfigDict(strict=True, frozen=True)


def decisions_document(source: Any) -> Document:
    """A decisions file (path) read with the project's YAML reader, or a mapping given in Python."""
    if isinstance(source, (str, Path)):
        return load_document(source, max_bytes=MAX_DECISIONS_BYTES)
    if isinstance(source, Document):
        return source
    if not isinstance(source, Mapping):
        raise TypeError(f"decisions: a path or a mapping, not {type(source).__name__}")
    return Document("<decisions>", {str(k): v for k, v in source.items()})


def parse_decisions(doc: Document, participants: list[str], kb: KnowledgeBase) -> dict[str, Decision]:
    """The decisions of `doc`, each checked with its place: `InputError` with every problem."""
    parsed, problems = validate_document(doc, Decisions)
    decided: dict[str, Decision] = {}
    names = set(participants)
    for sid in (doc.data if isinstance(doc.data, dict) else ()):
        if sid not in kb.subdomains:
            problems.append(doc.problem((sid,), "unknown-subdomain", f"unknown subdomain '{sid}'",
                                        kb.suggest_subdomain(sid), at="key"))
    for sid, d in (parsed.root.items() if parsed is not None else ()):
        if sid not in kb.subdomains:
            continue
        for i, who in enumerate(d.agreed_by):
            if who not in names:
                problems.append(doc.problem((sid, "agreed_by", i), "unknown-participant",
                                            f"'{who}' is not among the participants of the consensus",
                                            did_you_mean(who, names) or "participants: " + ", ".join(participants)))
        decided[sid] = d
    if problems:
        raise InputError(problems)
    return decided


def check_decisions(doc: Document, c: Consensus, kb: KnowledgeBase) -> dict[str, Decision]:
    """The decisions of `doc`, checked against the consensus: also one problem per disagreement left undecided."""
    decided = parse_decisions(doc, c.participants, kb)
    problems = []
    for row in c.disagreements:
        if row.subdomain not in decided:
            given = ", ".join(f"{n} {p}" for n, p in row.ratings.items() if p is not None)
            problems.append(Problem(doc.path, None, None, "undecided",
                                    f"{row.subdomain} {row.title}: the participants disagree ({given}) and no "
                                    "decision settles it",
                                    f"add a decision for \"{row.subdomain}\": phase, agreed_by and evidence"))
    if problems:
        raise InputError(problems)
    return decided


def _joined_evidence(row) -> str | None:
    texts = list(row.evidence.items())
    if not texts:
        return None
    if len({t for _, t in texts}) == 1:
        return texts[0][1]
    joined = "; ".join(f"{n}: {t}" for n, t in texts)
    return joined if len(joined) <= 5000 else joined[:4999] + "\u2026"


def agreed_data(c: Consensus, decided: Mapping[str, Decision]) -> dict:
    """The agreed assessment's data (see the module docstring)."""
    host = c.members[0].assessment
    data = assessment_data(host)
    data.pop("participant", None)
    ratings, entries = {}, {}
    for row in c.subdomains:
        d = decided.get(row.subdomain)
        if d is None and row.held is None:
            continue
        individual = {}
        for p in c.members:
            r = p.assessment.ratings.get(row.subdomain)
            if r is not None:
                individual[p.name] = {k: v for k, v in rating_data(r).items() if k in ("phase", "confidence", "evidence")}
        if d is not None:
            rating = {"phase": d.phase, "confidence": d.confidence, "evidence": d.evidence}
            entry = {"phase": d.phase, "agreed_by": list(d.agreed_by), "evidence": d.evidence}
        else:
            rating = {"phase": row.held, "confidence": lowest_confidence(list(row.confidence.values())),
                      "evidence": _joined_evidence(row)}
            entry = {"phase": row.held, "agreed_by": [n for n, x in row.ratings.items() if x is not None]}
        rating["prior_phase"] = prior_phase(c.members, row.subdomain, rating["phase"])
        ratings[row.subdomain] = {k: v for k, v in rating.items() if v is not None}
        entries[row.subdomain] = {"ratings": individual, **entry}
    data["ratings"] = ratings
    data["notes"] = (f"Ratings agreed by {', '.join(c.participants)}: each subdomain's individual ratings, the agreed "
                     "phase, who agreed and the evidence are under consensus.")
    data["consensus"] = {"participants": list(c.participants), "subdomains": entries}
    return data


def agree(c: Consensus, decisions: Any, kb: KnowledgeBase):
    """The agreed assessment (an `Assessment`, checked as a file of this content would be)."""
    decided = check_decisions(decisions_document(decisions), c, kb)
    return load_assessment(agreed_data(c, decided), kb, name=AGREED)
