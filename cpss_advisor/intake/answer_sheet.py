"""Answer sheets: the answers to the benchmarking questionnaire, kept in a YAML file between sessions, and the
assessment file made from them.

An answer sheet is the working file of `cpss assess`: it is written (atomically) after every subdomain, so an
interrupted session loses at most the subdomain in progress, and the next session continues where it stopped.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .assessment import context_violations, parse_date
from ..core.document import load_document
from ..core.errors import InputError, Problem, did_you_mean, shown
from ..kb.knowledge_base import KnowledgeBase
from ..core.output import write_atomic
from .load import load_assessment
from .questionnaire import ANSWERS, Rating, normalise_answer, question_index
from ..core.validation import validate_document

KIND = "assessment_answers"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)


class AnswerSheetFile(_Model):
    kind: Literal["assessment_answers"]
    schema_version: Literal[1]
    country: str | None = None
    as_of: _dt.date | None = None
    context: list[str] = Field(default_factory=list)
    answers: dict[str, Any] = Field(default_factory=dict)
    notes: dict[str, str] = Field(default_factory=dict)

    @field_validator("as_of", mode="before")
    @classmethod
    def _date(cls, v: Any) -> Any:
        return parse_date(v)


@dataclass
class AnswerSheet:
    country: str | None = None
    as_of: _dt.date | None = None
    context: list[str] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)


def load_sheet(path: str | Path, kb: KnowledgeBase) -> AnswerSheet:
    doc = load_document(path)
    if doc.data.get("kind") != KIND:
        raise InputError(doc.problem(("kind",), "wrong-kind", f"an answer sheet starts with 'kind: {KIND}'",
                                     "'cpss assess NEW_FILE --interactive' starts a new one"))
    parsed, problems = validate_document(doc, AnswerSheetFile)
    if problems:
        raise InputError(problems)
    questions = question_index(kb)
    answers: dict[str, str] = {}
    for qid, raw in parsed.answers.items():
        if qid not in questions:
            problems.append(doc.problem(("answers", qid), "unknown-question", f"unknown question '{qid}'",
                                        did_you_mean(qid, questions), at="key"))
            continue
        a = normalise_answer(raw)
        if a is None:
            problems.append(doc.problem(("answers", qid), "bad-answer",
                                        f"{shown(raw)} is not an answer; allowed: {', '.join(ANSWERS)}"))
            continue
        answers[qid] = a
    for i, cid in enumerate(parsed.context):
        if cid not in kb.contexts:
            problems.append(doc.problem(("context", i), "unknown-context", f"unknown context '{cid}'",
                                        did_you_mean(cid, kb.contexts)))
    for v in context_violations({c for c in parsed.context if c in kb.contexts}, kb):
        if not v.warning_only:
            problems.append(doc.problem(("context",), v.code, v.message, v.reason))
    for sid in parsed.notes:
        if sid not in kb.subdomains:
            problems.append(doc.problem(("notes", sid), "unknown-subdomain", f"unknown subdomain '{sid}'",
                                        kb.suggest_subdomain(sid), at="key"))
    if problems:
        raise InputError(problems)
    return AnswerSheet(parsed.country, parsed.as_of, list(parsed.context), answers, dict(parsed.notes))


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def sheet_text(sheet: AnswerSheet, kb: KnowledgeBase) -> str:
    lines = ["# Answers to the CPSS benchmarking questionnaire (cpss assess). Answers: yes, partly, no, unknown.",
             f"kind: {KIND}", "schema_version: 1"]
    if sheet.country:
        lines.append(f"country: {_q(sheet.country)}")
    if sheet.as_of:
        lines.append(f"as_of: {sheet.as_of.isoformat()}")
    lines.append("context: [" + ", ".join(sheet.context) + "]")
    lines.append("answers:")
    any_answer = False
    for sid in sorted(kb.questions):
        qs = [q for q in kb.questions[sid] if q.id in sheet.answers]
        if not qs:
            continue
        any_answer = True
        lines.append(f"  # {sid} {kb.subdomains[sid].title}")
        for q in qs:
            lines.append(f"  {q.id}: {sheet.answers[q.id]}    # phase {q.phase}")
    if not any_answer:
        lines[-1] = "answers: {}"
    if sheet.notes:
        lines.append("notes:")
        for sid, note in sorted(sheet.notes.items()):
            lines.append(f'  "{sid}": {_q(note)}')
    return "\n".join(lines) + "\n"


def save_sheet(path: str | Path, sheet: AnswerSheet, kb: KnowledgeBase) -> None:
    write_atomic(path, sheet_text(sheet, kb))


def assessment_text(sheet: AnswerSheet, ratings: dict[str, Rating], kb: KnowledgeBase, source: str) -> str:
    """An assessment file (schema_version 1) from the questionnaire's ratings, evidence filled from the answers."""
    questions = question_index(kb)
    lines = [f"# Made by cpss assess from the answers in {source}.",
             "# Each rating comes from the questionnaire; 'cpss assess --explain' shows the answers behind it.",
             "schema_version: 1",
             f"country: {_q(sheet.country or 'Country name')}",
             f"as_of: {(sheet.as_of or _dt.date.today()).isoformat()}",
             "ratings:"]
    if not ratings:
        lines[-1] = "ratings: {}"
    for sid, r in sorted(ratings.items()):
        evidence = r.evidence_text(questions)
        if sheet.notes.get(sid):
            evidence += " " + sheet.notes[sid]
        lines.append(f'  "{sid}": {{phase: {r.phase}, confidence: {r.confidence}, evidence: {_q(evidence)}}}')
    lines.append("context: [" + ", ".join(sheet.context) + "]")
    return "\n".join(lines) + "\n"


def checked_assessment_text(sheet: AnswerSheet, ratings: dict[str, Rating], kb: KnowledgeBase, answers: Path,
                            output: Path) -> str:
    """The assessment file made from the answers, checked as `output` would be read: `InputError` with its problems
    (at their lines in the text that would be written) when it would not be valid, so that nothing is written."""
    text = assessment_text(sheet, ratings, kb, answers.name)
    try:
        load_assessment(text.encode("utf-8"), kb, name=str(output))
    except InputError as exc:
        raise InputError([Problem(str(output), None, None, "invalid-assessment",
                                  f"not written: the assessment made from the answers in {answers} would not be "
                                  "valid (its problems follow, at their lines in the text it would hold)",
                                  f"correct {answers} (country, date, context, notes) and run again"),
                          *exc.problems]) from None
    return text


def ratings_view(sheet: AnswerSheet, ratings: dict[str, Rating], kb: KnowledgeBase, *, explained: bool) -> dict:
    """The questionnaire's ratings as data (`cpss assess`): each rated subdomain with the answers behind its phase,
    the subdomains left unrated; `explained` asks the text view for those answers too."""
    return {"country": sheet.country, "ratings": [r.as_dict() for r in ratings.values()],
            "unrated": [s for s in sorted(kb.subdomains) if s not in ratings], "explained": explained}


def problem(path: str | Path, message: str, hint: str | None = None) -> InputError:
    return InputError(Problem(str(path), None, None, "answers", message, hint))
