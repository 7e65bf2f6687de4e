"""A case management assessment: the done list of the case management benchmarks checklist (seed 003), from a
standalone file (``kind: case_management_assessment``) or from a CPSS assessment's `case_management:` section.
Levels and next actions are computed by `cpss_advisor.kb.checklist`; `cpss_advisor.analysis.cm_view` shows them."""

from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, field_validator

from ..core.document import Document, load_document
from ..core.errors import InputError, Problem
from ..core.validation import validate_document
from ..kb.knowledge_base import KnowledgeBase
from .load import is_workbook, load_assessment
from .assessment import (
    CM_ASSESSMENT_KIND,
    CaseManagementSection,
    FigureValue,
    assessment_from_document,
    check_cm_done,
    check_figure_names,
    parse_date,
    unique_done,
)


# --- reading a case management assessment -------------------------------------------------------------------------

class CaseManagementAssessmentFile(CaseManagementSection):
    """A standalone case management assessment (schema_version 1): the `case_management:` section of a CPSS
    assessment as a file of its own, with the country, the date, and optionally the case management figures."""

    kind: Literal["case_management_assessment"]
    schema_version: Literal[1]
    country: Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
    as_of: _dt.date
    figures: dict[str, FigureValue] = Field(default_factory=dict)

    @field_validator("as_of", mode="before")
    @classmethod
    def _date(cls, v: Any) -> Any:
        return parse_date(v)

    @field_validator("figures", mode="before")
    @classmethod
    def _empty_mapping(cls, v: Any) -> Any:
        return {} if v is None else v


@dataclass(frozen=True)
class CaseManagementAssessment:
    """A validated done list with what it is about, from either kind of file."""

    source: str
    input_kind: str                 # "assessment" (a CPSS assessment's section) or "case_management_assessment"
    country: str
    as_of: _dt.date
    done: tuple[str, ...]
    notes: str | None
    figures: dict[str, float]
    warnings: tuple[Problem, ...] = ()
    sha256: str = ""


def load_case_management(path: str | Path, kb: KnowledgeBase) -> CaseManagementAssessment:
    """Read a standalone case management assessment, or a CPSS assessment with a `case_management:` section;
    raise `InputError` with every problem (located, with hints). A CPSS assessment may be an intake workbook; it
    comes in through the one door for assessments (`cpss_advisor.intake.load`)."""
    if is_workbook(path):
        return _from_assessment(load_assessment(path, kb), str(path))
    return case_management_from_document(load_document(path), kb)


def case_management_from_document(doc: Document, kb: KnowledgeBase) -> CaseManagementAssessment:
    digest = doc.sha256 or hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    if "kind" in doc.data:  # CPSS assessments have no kind: a kind says this is (meant to be) a standalone file
        parsed, problems = validate_document(doc, CaseManagementAssessmentFile)
        if problems:
            raise InputError(problems)
        errors, warnings = check_cm_done(doc, ("done",), parsed.done, kb)
        errors += check_figure_names(doc, parsed.figures, kb)
        if errors:
            raise InputError(errors)
        return CaseManagementAssessment(doc.path, CM_ASSESSMENT_KIND, parsed.country, parsed.as_of,
                                        unique_done(parsed.done), parsed.notes, dict(sorted(parsed.figures.items())),
                                        tuple(warnings), digest)
    return _from_assessment(assessment_from_document(doc, kb), doc.path)


def _from_assessment(a, name: str) -> CaseManagementAssessment:
    if a.case_management is None:
        raise InputError(Problem(name, None, None, "no-case-management",
                                 "the assessment has no 'case_management:' section",
                                 "add one listing the checklist actions that are done, e.g. "
                                 "case_management: {done: [cm-1-1-external-context-assessment]}"))
    return CaseManagementAssessment(name, "assessment", a.country, a.as_of, a.case_management.done,
                                    a.case_management.notes, dict(a.figures), a.warnings, a.sha256)
