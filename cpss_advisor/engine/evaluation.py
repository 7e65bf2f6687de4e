"""Evaluating an assessment: targets, input facts, the rule engine, and the provenance of the result."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.version import __version__
from ..intake.assessment import Assessment
from .facts import input_facts
from ..kb.knowledge_base import KnowledgeBase
from .rule_engine import Evaluation, engine_for
from .rulebook import Names, Rulebook
from .targets import Target, plan_targets


@dataclass(frozen=True)
class Provenance:
    """What a plan was made from. The hashes are those of the files as read (the assessment, the knowledge base's
    and the rules' English files): they fix the plan's structure, which is the same in every language. The
    translations only change texts: `language` says which language the texts are in (the decision record keeps it;
    the plan's JSON has the same keys in every language)."""

    tool_version: str
    input_sha256: str
    knowledge_sha256: str
    rules_sha256: str
    language: str = "en"

    def as_dict(self) -> dict:
        return {"tool_version": self.tool_version, "input_sha256": self.input_sha256,
                "knowledge_sha256": self.knowledge_sha256, "rules_sha256": self.rules_sha256}


@dataclass
class AssessmentEvaluation:
    assessment: Assessment
    targets: dict[str, Target]
    facts: list[dict]
    result: Evaluation
    provenance: Provenance


def evaluate_assessment(a: Assessment, kb: KnowledgeBase, book: Rulebook, *, horizon_years: int = 1) -> AssessmentEvaluation:
    targets = plan_targets(a, horizon_years)
    facts = input_facts(a, kb, targets, horizon_years)
    result = engine_for(book, Names.of(kb)).evaluate(facts)
    return AssessmentEvaluation(a, targets, facts, result,
                                Provenance(__version__, a.sha256, kb.sha256, book.sha256, book.language))
