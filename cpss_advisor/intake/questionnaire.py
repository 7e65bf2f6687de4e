"""The benchmarking questionnaire: from answers to evidence questions, a phase per subdomain with a confidence.

The rule, stated so that a rater can check it by hand:

1. Each answer scores: yes 1, partly 1/2, no 0; unknown is left out.
2. A phase (2, 3 or 4) is **met** when its answered questions average **more than** 1/2: the evidence for it
   outweighs the evidence against it. Why strictly more: a phase's criteria hold together (the benchmarks describe
   each phase as a whole), so answers that only balance out do not show it. "Partly" to every question (an
   average of exactly 1/2: each part only partly there) and "yes" to one question with "no" to the other (one
   part there, one missing) both leave the phase not met; "yes" and "partly" meet it. With "at least 1/2", a
   questionnaire answered "partly" throughout, or yes and no in turn, would rate every subdomain at Maturity.
   The rule is monotonic: turning any answer into "yes" never lowers a phase.
3. A subdomain climbs from phase 1 while the next phase is met; the first phase that is not met (or has no
   answered question: it cannot be claimed) stops the climb. The phase reached is the rating.
4. The answers that **decided** it: those of the phases met, and those of the phase that stopped the climb.
   Answers that **contradict** it: yes or partly for a phase above the one that stopped the climb (evidence of
   a higher phase while a lower one is missing: for instance a law in place without its implementing
   structures, the implementation gap the benchmarks measure). A phase whose questions got both a yes and a no
   is **in conflict** (the answers disagree about the same phase); conflicts are named in the evidence.
5. **Confidence**: high when every question of the phases up to the one that stopped the climb is answered,
   nothing contradicts the rating and no decisive phase sits on the threshold (an average of exactly 1/2);
   low when fewer than half of those questions are answered, or answers contradict the rating at two or more
   phases above it; medium otherwise. A conflict in a decisive phase (up to the one that stopped the climb)
   then lowers the confidence one step (high to medium, medium to low); such a phase does not also count as on
   the threshold.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..kb.knowledge_base import KnowledgeBase
from ..kb.knowledge_schema import Question

ANSWERS = ("yes", "partly", "no", "unknown")
SCORE = {"yes": 1.0, "partly": 0.5, "no": 0.0}
MET = 0.5

#: what a person may type for each answer
ANSWER_WORDS = {"y": "yes", "yes": "yes", "p": "partly", "partly": "partly", "n": "no", "no": "no",
                "u": "unknown", "unknown": "unknown", "?": "unknown"}
#: The answers in French, as an answer sheet or a person may give them (the sheet itself writes the English words).
ANSWER_WORDS.update({"o": "yes", "oui": "yes", "en partie": "partly", "partiellement": "partly", "non": "no",
                     "i": "unknown", "inconnu": "unknown", "ne sait pas": "unknown"})


def normalise_answer(value: object) -> str | None:
    """'yes', 'partly', 'no' or 'unknown' from what a person or a file gives, or None if it is none of them."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, str):
        return ANSWER_WORDS.get(" ".join(value.split()).lower())
    return None


@dataclass(frozen=True)
class PhaseEvidence:
    phase: int
    questions: int
    answered: int
    average: float | None

    @property
    def met(self) -> bool | None:
        return None if self.average is None else self.average > MET


@dataclass
class Rating:
    """A subdomain's rating as the questionnaire finds it, with the answers behind it."""

    subdomain: str
    phase: int
    confidence: str
    phases: list[PhaseEvidence]
    decided_by: list[tuple[str, str]] = field(default_factory=list)      # (question id, answer)
    contradicting: list[tuple[str, str]] = field(default_factory=list)
    stopped_at: int | None = None  # the phase that stopped the climb (None at Maturity)
    stopped_because: str = ""
    #: phase -> (question id, answer) of its yes and no answers, for each phase answered both yes and no
    conflicts: dict[int, list[tuple[str, str]]] = field(default_factory=dict)

    def evidence_text(self, questions: dict[str, Question]) -> str:
        """A short evidence note for the assessment file."""
        parts = []
        met = [str(p.phase) for p in self.phases if p.met and p.phase <= self.phase]
        if met:
            parts.append(f"questionnaire: phase(s) {', '.join(met)} met")
        else:
            parts.append("questionnaire: phase 2 not met")
        if self.stopped_at is not None:
            parts.append(f"phase {self.stopped_at} {self.stopped_because}")
        if self.contradicting:
            parts.append("answers point higher: " + "; ".join(
                f"{questions[q].text.rstrip('?')} ({a})" for q, a in self.contradicting[:3]))
        for phase, qa in sorted(self.conflicts.items()):
            parts.append(f"answers to phase {phase} disagree: " + "; ".join(
                f"{questions[q].text.rstrip('?')} ({a})" for q, a in qa[:4]))
        return ". ".join(parts) + "."

    def as_dict(self) -> dict:
        return {"subdomain": self.subdomain, "phase": self.phase, "confidence": self.confidence,
                "phases": [{"phase": p.phase, "questions": p.questions, "answered": p.answered,
                            "average": p.average, "met": p.met} for p in self.phases],
                "decided_by": [{"question": q, "answer": a} for q, a in self.decided_by],
                "contradicting": [{"question": q, "answer": a} for q, a in self.contradicting],
                "conflicts": [{"phase": p, "answers": [{"question": q, "answer": a} for q, a in qa]}
                              for p, qa in sorted(self.conflicts.items())],
                "stopped_at": self.stopped_at, "stopped_because": self.stopped_because}


def rate_subdomain(questions: list[Question], answers: dict[str, str], subdomain: str) -> Rating:
    by_phase: dict[int, list[Question]] = {p: [q for q in questions if q.phase == p] for p in (2, 3, 4)}
    evidence = []
    for p in (2, 3, 4):
        scored = [SCORE[answers[q.id]] for q in by_phase[p] if answers.get(q.id) in SCORE]
        evidence.append(PhaseEvidence(p, len(by_phase[p]), len(scored), sum(scored) / len(scored) if scored else None))
    phase, stopped, because = 1, None, ""
    for ev in evidence:
        if ev.met:
            phase = ev.phase
            continue
        stopped = ev.phase
        because = "has no answered question" if ev.average is None else \
            f"not met (average {ev.average:.2f}, not above {MET})"
        break

    def answered(p: int) -> list[tuple[str, str]]:
        return [(q.id, answers[q.id]) for q in by_phase[p] if answers.get(q.id) in SCORE]

    decided = [qa for p in range(2, phase + 1) for qa in answered(p)]
    if stopped is not None:
        decided += answered(stopped)
    contradicting = []
    if stopped is not None:
        contradicting = [(qid, a) for p in range(stopped + 1, 5) for qid, a in answered(p) if a in {"yes", "partly"}]
    decisive = [ev for ev in evidence if ev.phase <= (stopped or 4)]
    total = sum(ev.questions for ev in decisive)
    share = sum(ev.answered for ev in decisive) / total if total else 0.0
    phases_contradicting = {q.phase for q in questions if q.id in {c[0] for c in contradicting}}
    conflicts = {}
    for p in (2, 3, 4):
        given = answered(p)
        if {"yes", "no"} <= {a for _, a in given}:
            conflicts[p] = [(q, a) for q, a in given if a in {"yes", "no"}]
    # A phase in conflict is on the threshold because of it: counted once, as the conflict.
    on_threshold = any(ev.average == MET and ev.phase not in conflicts for ev in decisive)
    if share < 0.5 or len(phases_contradicting) >= 2:
        confidence = "low"
    elif share == 1.0 and not contradicting and not on_threshold:
        confidence = "high"
    else:
        confidence = "medium"
    if any(p <= (stopped or 4) for p in conflicts):
        confidence = {"high": "medium", "medium": "low", "low": "low"}[confidence]
    return Rating(subdomain, phase, confidence, evidence, decided, contradicting, stopped, because, conflicts)


def rate_all(kb: KnowledgeBase, answers: dict[str, str]) -> dict[str, Rating]:
    """Ratings for every subdomain with at least one answer other than unknown; the others stay unrated."""
    out = {}
    for sid in sorted(kb.questions):
        qs = kb.questions[sid]
        if any(answers.get(q.id) in SCORE for q in qs):
            out[sid] = rate_subdomain(qs, answers, sid)
    return out


def question_index(kb: KnowledgeBase) -> dict[str, Question]:
    return {q.id: q for qs in kb.questions.values() for q in qs}


def unanswered_subdomains(kb: KnowledgeBase, answers: dict[str, str]) -> list[str]:
    """Subdomains with at least one question not answered yet (unknown counts as an answer)."""
    return [sid for sid in sorted(kb.questions) if any(q.id not in answers for q in kb.questions[sid])]
